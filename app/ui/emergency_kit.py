"""The emergency kit: a one-page document with the recovery key, printed or saved as PDF.

It tells the owner to use "Forgot your password?" first and `medvault recover` second,
to print it or keep the PDF on removable media, and that the PDF is not encrypted. Saving
suggests a mounted USB stick when there is one.

The key goes only where the person sends it: the printer, or the PDF file they chose
(written through a memory buffer and an atomic rename, so no other copy reaches disk).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.core.atomic import atomic_write_bytes


def _tr(text: str) -> str:
    # The unnamed context: lupdate files a bare `_tr("...")` call there (see
    # tools/update_translations.py).
    return QCoreApplication.translate("", text)


def kit_document(*, vault_name: str, vault_path: Path, owner: str, recovery_key: str,
                 created: str, replaces_earlier: bool = False) -> QTextDocument:
    e = html.escape
    # Translated first: lupdate cannot see a _tr() inside an f-string.
    title = _tr("MedVault emergency kit")
    keep = _tr("Print this page and keep it somewhere safe and private, away from the "
               "computer: a locked drawer, a safe, or with someone you trust. A saved PDF "
               "belongs on a USB stick or other removable media kept the same way: the PDF "
               "is not encrypted, so anyone who opens it can read the key.")
    replaced = _tr("This key replaces an earlier recovery key, which no longer works. "
                   "Destroy the old emergency kit.") if replaces_earlier else ""
    vault, folder, owner_label, created_label = (_tr("Vault"), _tr("Folder"), _tr("Owner"),
                                                 _tr("Created"))
    key_heading, when_heading = _tr("Recovery key"), _tr("When to use it")
    when = _tr("If the owner's password is lost, this key sets a new one. Open the vault in "
               "MedVault, choose “Forgot your password?” on the unlock screen, type this "
               "key and choose a new password. Without the window (for IT support): run "
               "“medvault recover” with the vault folder. The authenticator app has to be "
               "set up again afterwards.")
    anyone = _tr("Anyone who has this key and a copy of the vault folder can open the vault. "
                 "Do not photograph it, e-mail it or store it on this computer.")
    # The key stays on one line: a key split mid-group is easy to copy wrongly. "pre"
    # stops wrapping; 16 pt monospace puts its 39 characters well within A4 or Letter
    # text width (about 140 of 170 mm).
    body = f"""
    <h1>{e(title)}</h1>
    <p>{e(keep)}</p>
    {f"<p><b>{e(replaced)}</b></p>" if replaced else ""}
    <table cellpadding="4">
      <tr><td><b>{e(vault)}</b></td><td>{e(vault_name)}</td></tr>
      <tr><td><b>{e(folder)}</b></td><td>{e(str(vault_path))}</td></tr>
      <tr><td><b>{e(owner_label)}</b></td><td>{e(owner)}</td></tr>
      <tr><td><b>{e(created_label)}</b></td><td>{e(created)}</td></tr>
    </table>
    <h2>{e(key_heading)}</h2>
    <p style="font-family: monospace; font-size: 16pt; white-space: pre">{e(recovery_key)}</p>
    <h2>{e(when_heading)}</h2>
    <p>{e(when)}</p>
    <p>{e(anyone)}</p>
    """
    doc = QTextDocument()
    doc.setHtml(body)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    return doc


def pdf_bytes(doc: QTextDocument) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(_tr("MedVault emergency kit"))
    writer.setCreator("MedVault")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(20, 20, 20, 20)))
    writer.setResolution(300)
    doc.print_(writer)
    del writer  # the PDF trailer is complete once printing ended; drop the engine
    data: QByteArray = buffer.data()
    buffer.close()
    return bytes(data.data())


def suggested_kit_folder() -> Path:
    """Where to offer to save the kit: a mounted removable drive (a USB stick) if there is
    one, else the home folder (the dialog then says to move it to removable media)."""
    import getpass
    import os
    import sys

    user = getpass.getuser()
    if sys.platform == "darwin":
        roots = [Path("/Volumes")]
    elif os.name == "nt":
        roots = []  # drive letters say nothing of removability without the Win32 API
    else:
        roots = [Path("/media") / user, Path("/run/media") / user]
    for root in roots:
        try:
            drives = sorted(p for p in root.iterdir() if p.is_dir() and os.access(p, os.W_OK)
                            and p.name != "Macintosh HD")
        except OSError:
            continue
        if drives:
            return drives[0]
    return Path.home()


def save_kit_pdf(doc: QTextDocument, path: Path) -> None:
    atomic_write_bytes(path, pdf_bytes(doc))


def print_kit(doc: QTextDocument, printer: object) -> None:
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    doc.print_(printer)
