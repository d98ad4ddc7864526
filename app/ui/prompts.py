"""The standard questions the UI asks (pick a file or folder, confirm, inform), in one
replaceable object.

Views never call QFileDialog or QMessageBox directly: they ask the `Prompts` they were
given. Tests hand in a scripted one, so no test ever blocks on a modal dialog, and a lock
can still close whatever real dialog is open (they are ordinary QDialogs).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget


class Prompts(QObject):
    def choose_directory(self, parent: QWidget | None, title: str,
                         start: Path | None = None) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(parent, title, str(start or Path.home()))
        return Path(chosen) if chosen else None

    def choose_open_file(self, parent: QWidget | None, title: str, start: Path,
                         filters: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start), filters)
        return Path(chosen) if chosen else None

    def choose_open_files(self, parent: QWidget | None, title: str, start: Path,
                          filters: str) -> list[Path]:
        chosen, _ = QFileDialog.getOpenFileNames(parent, title, str(start), filters)
        return [Path(c) for c in chosen]

    def choose_save_file(self, parent: QWidget | None, title: str, suggested: Path,
                         filters: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
        return Path(chosen) if chosen else None

    def confirm(self, parent: QWidget | None, title: str, text: str, *, yes_text: str,
                danger: bool = False) -> bool:
        box, yes = confirm_box(parent, title, text, yes_text=yes_text, danger=danger)
        box.exec()
        return box.clickedButton() is yes

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def printer_for(self, parent: QWidget | None) -> object | None:
        """A configured QPrinter, or None if the person cancelled the print dialog."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return None
        return printer


def confirm_box(parent: QWidget | None, title: str, text: str, *, yes_text: str,
                danger: bool = False) -> tuple[QMessageBox, QPushButton]:
    """The question `Prompts.confirm` asks, built but not yet shown (tests look at it)."""
    box = QMessageBox(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question,
                      title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    if danger:
        yes.setProperty("role", "danger")
        # A property set after the button was polished needs a re-polish to take the
        # style sheet's danger colours.
        yes.style().unpolish(yes)
        yes.style().polish(yes)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, yes
