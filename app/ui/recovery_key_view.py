"""The recovery key on screen, with Print and Save as PDF: shown once by the create wizard
and again, as a new key, by My account → New recovery key… (which voids the old one).

Saving suggests a mounted USB stick when there is one and says that the PDF is not
encrypted; the key goes only to the printer or the file chosen (emergency_kit.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.context import UiContext
from app.ui.icons import icon


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


class RecoveryKeyView(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None, *,
                 document: Callable[[], QTextDocument], file_name: Callable[[], str]) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._document = document
        self._file_name = file_name
        self.key = QLabel(self)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(self.font().pointSizeF() * 1.5)
        font.setBold(True)
        self.key.setFont(font)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.key.setProperty("banner", "info")
        self.print_button = QPushButton(icon("print"), self.tr("&Print…"), self)
        self.pdf_button = QPushButton(icon("export"), self.tr("Save emergency &kit as PDF…"),
                                      self)
        self.print_button.clicked.connect(self.print_kit)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.where = QLabel(self.tr(
            "Printing is safest. A PDF is not encrypted: anyone who opens it can read the "
            "key, so save it to a USB stick or other removable media and keep that locked "
            "away, not on this computer."), self)
        self.where.setWordWrap(True)
        self.saved = QLabel(self)
        self.saved.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key)
        layout.addLayout(buttons)
        layout.addWidget(self.where)
        layout.addWidget(self.saved)

    def set_key(self, key: str) -> None:
        self.key.setText(key)
        if not key:
            self.saved.setText("")

    @Slot()
    def print_kit(self) -> None:
        if not self.key.text():
            return
        printer = self.ctx.prompts.printer_for(self)
        if printer is None:
            return
        from app.ui.emergency_kit import print_kit

        print_kit(self._document(), printer)
        self.saved.setText(self.tr("Sent to the printer."))

    @Slot()
    def save_pdf(self) -> None:
        if not self.key.text():
            return
        from app.ui.emergency_kit import save_kit_pdf, suggested_kit_folder

        path = self.ctx.prompts.choose_save_file(
            self, self.tr("Save the emergency kit"),
            suggested_kit_folder() / f"{self._file_name()}.pdf", self.tr("PDF (*.pdf)"))
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            save_kit_pdf(self._document(), path)
        except OSError as exc:
            from app.ui.workers import describe_error

            self.ctx.prompts.warn(self, self.tr("Emergency kit"), describe_error(exc))
            return
        home = Path.home()
        on_this_computer = path == home or home in path.parents
        self.saved.setText(self.tr(
            "Saved to {path}. The PDF is not encrypted: print it, then delete the file, or "
            "keep it on a USB stick stored safely.").format(path=path) if on_this_computer
            else self.tr("Saved to {path}. The PDF is not encrypted: keep this drive "
                         "somewhere safe.").format(path=path))
