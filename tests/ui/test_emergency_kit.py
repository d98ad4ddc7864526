"""The emergency kit keeps the recovery key on one line, every group intact."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from app.ui.emergency_kit import kit_document, pdf_bytes

KEY = "RP2Y-HY24-QDSP-KJVS-WSEZ-GZOU-5PWF-JNJL"  # the shape core's recovery keys take


def _key_block_lines(doc: QTextDocument) -> list[str]:
    block = doc.begin()
    while block.isValid():
        if KEY in block.text():
            layout = block.layout()
            return [block.text()[layout.lineAt(i).textStart():
                                 layout.lineAt(i).textStart()
                                 + layout.lineAt(i).textLength()].strip()
                    for i in range(layout.lineCount())]
        block = block.next()
    raise AssertionError("no block holds the whole key")


def test_recovery_key_is_one_line_at_page_width(qtbot: QtBot) -> None:
    doc = kit_document(vault_name="Practice vault", vault_path=Path("/home/a/MedVault/x"),
                       owner="drsmith", recovery_key=KEY, created="2026-11-28 17:07")
    # Lay out at the A4 text width (20 mm margins), in the device pixels the document
    # measures its fonts in (the screen's logical dpi, as print_ scales from).
    from PySide6.QtGui import QGuiApplication

    dpi = QGuiApplication.primaryScreen().logicalDotsPerInch()
    text_width_points = (210 - 40) / 25.4 * dpi
    doc.setTextWidth(text_width_points)
    doc.documentLayout()  # force layout
    assert _key_block_lines(doc) == [KEY]
    # Wrapping is off, not merely avoided: even a much narrower page keeps one line.
    doc.setTextWidth(200)
    assert _key_block_lines(doc) == [KEY]
    # And at the A4 width the key fits: it does not run past the margin.
    doc.setTextWidth(text_width_points)
    block = doc.find(KEY).block()
    assert block.layout().lineAt(0).naturalTextWidth() < text_width_points


def test_kit_pdf_has_the_key_on_one_line(qtbot: QtBot) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    doc = kit_document(vault_name="v", vault_path=Path("/v"), owner="o", recovery_key=KEY,
                       created="2026-01-01 00:00")
    data = QByteArray(pdf_bytes(doc))
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    pdf = QPdfDocument()
    pdf.load(buffer)
    assert pdf.pageCount() == 1
    text = pdf.getAllText(0).text()
    lines = [line.strip() for line in text.splitlines()]
    assert KEY in lines
