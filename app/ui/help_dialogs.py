"""Help → User guide and Help → Report a problem.

The guide is HTML shipped in resources/help (one file per language), shown in the program
so it works on a workstation without a browser or network; "Open in browser" is offered
for printing. Both are dialogs of the window that opened them, so a lock closes them like
every other dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.problem_report import VaultFacts, policy_state, problem_report
from app.ui.about_dialog import toolkit_versions
from app.ui.icons import resources_dir


def guide_path(locale: QLocale | None = None) -> Path:
    """The guide in the user's language, or the English one."""
    language = (locale or QLocale()).name().split("_")[0]
    folder = resources_dir() / "help"
    wanted = folder / f"guide.{language}.html"
    return wanted if wanted.is_file() else folder / "guide.en.html"


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("MedVault user guide"))
        self.path = guide_path()
        self.browser = QTextBrowser(self)
        # Links inside the guide move within it; nothing is fetched from anywhere else.
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)
        self.browser.setSource(QUrl.fromLocalFile(str(self.path)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.browser_button = QPushButton(self.tr("Open in &browser"), self)
        self.browser_button.setToolTip(self.tr("To print the guide or keep it open"))
        buttons.addButton(self.browser_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.browser_button.clicked.connect(self.open_in_browser)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(720, 620)

    def open_in_browser(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))


class ProblemReportDialog(QDialog):
    """Shows the report before anything is copied, so the user sees exactly what leaves."""

    def __init__(self, parent: QWidget | None, vault: VaultFacts | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Report a problem"))
        self.vault = vault
        self.policy = policy_state()
        intro = QLabel(self.tr(
            "Describe what you were doing and what went wrong. Do not name patients or "
            "other people: the report goes to IT or support, outside the vault."), self)
        intro.setWordWrap(True)
        self.description = QPlainTextEdit(self)
        self.description.setPlaceholderText(self.tr("What happened?"))
        self.description.setMaximumHeight(110)
        self.description.textChanged.connect(self._refresh)
        shown = QLabel(self.tr(
            "This is copied. It names no person, vault, folder or file:"), self)
        shown.setWordWrap(True)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("&Copy report"), self)
        self.copy_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        for widget in (intro, self.description, shown, self.report, self.status, buttons):
            layout.addWidget(widget)
        self.resize(620, 520)
        self._refresh()

    def text(self) -> str:
        return problem_report(toolkit_versions(), self.vault, self.policy,
                              self.description.toPlainText())

    def _refresh(self) -> None:
        self.report.setPlainText(self.text())

    def copy(self) -> None:
        # Not the secure clipboard: this holds nothing secret and is meant to be pasted
        # into a message later, so it must not vanish after thirty seconds.
        QGuiApplication.clipboard().setText(self.text())
        self.status.setText(self.tr("Copied. Paste it into your message to IT or support."))
