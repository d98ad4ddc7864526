"""Small pieces the chart's sections share: error reporting, form dialogs, date display,
and text views whose copy goes through the secure clipboard."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TR_NOOP, QCoreApplication, QLocale, QMimeData, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import MedVaultError
from app.ui.core_messages import error_text
from app.ui.widgets import Banner

if TYPE_CHECKING:
    from app.core.records.absence import ListStatus
    from app.core.session import Session
    from app.ui.context import UiContext
    from app.ui.secure_clipboard import SecureClipboard


def tr(text: object) -> str:
    """Translate in the unnamed context, where lupdate files a bare ``tr("...")`` call.

    Takes strings marked with ``QT_TR_NOOP`` too (lupdate files those there as well). Pass
    a string literal, so that tools/update_translations.py can find it.
    """
    return QCoreApplication.translate("", str(text))


def user_names(session: Session | None) -> dict[str, str]:
    """User ids to names (vault.json is readable by anyone who may sign in)."""
    return {u.user_id: u.name for u in session.vault.file.users} if session else {}


def status_text(status: ListStatus, names: Mapping[str, str]) -> str:
    """Core's statement about a list in the user's language, with its date and author."""
    return tr(status.words).format(date=status.date or "",
                                   who=names.get(status.who or "", status.who or ""))


def empty_filler(parent: QWidget, layout: QVBoxLayout) -> QWidget:
    """A stretching blank at the end of a section whose table hides when it has nothing
    to list. Without it the layout shares the freed height out between its rows, so the
    heading floats down and the "none recorded" text sits mid-page. Show it exactly while
    the table is hidden."""
    filler = QWidget(parent)
    filler.setObjectName("emptyFiller")
    layout.addWidget(filler, 1)
    return filler


@contextlib.contextmanager
def reporting(ctx: UiContext, parent: QWidget, title: str) -> Iterator[None]:
    """Show a core error as a message; stay silent if the vault locked meanwhile."""
    from app.core.session import SessionClosed

    try:
        yield
    except SessionClosed:
        pass
    except MedVaultError as exc:
        ctx.prompts.warn(parent, title, error_text(exc))


# -- dates ---------------------------------------------------------------------------------
def age_text(birth_date: str | None, today: datetime | None = None) -> str:
    if not birth_date or len(birth_date) != 10:
        return ""
    try:
        born = datetime.fromisoformat(birth_date).date()
    except ValueError:
        return ""
    now = (today or datetime.now()).date()
    years = now.year - born.year - ((now.month, now.day) < (born.month, born.day))
    if years >= 2:
        return tr("{n} y").format(n=years)
    months = (now.year - born.year) * 12 + now.month - born.month - (now.day < born.day)
    return tr("{n} mo").format(n=max(0, months))


def esc(value: object) -> str:
    """Every piece of record text is escaped before it goes into rich text."""
    return html.escape("" if value is None else str(value))


def number_text(value: float | None) -> str:
    """A measured value as the user writes numbers: up to two decimals, with the locale's
    decimal comma where it has one (36,9 in German) and no grouping, so the text reads
    back through every number field of the chart (they take a point or a comma; a
    locale with another mark, such as Arabic's, gets the point)."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return text.replace(".", ",") if QLocale().decimalPoint() == "," else text


# -- dialogs -------------------------------------------------------------------------------
class FormDialog(QDialog):
    """A dialog with a form, a message banner and an action button.

    Opened with ``open()`` so a lock can reject it. The owner sets ``submit``: it calls
    core and raises MedVaultError on refusal, which is shown in the banner while the
    dialog stays open with what was typed.
    """

    def __init__(self, parent: QWidget | None, title: str, action_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.banner = Banner(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.addButton(
            action_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("role", "primary")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.banner)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.buttons)
        self.submit: Callable[[], object] | None = None
        self.setMinimumWidth(460)

    def accept(self) -> None:
        from app.core.session import SessionClosed

        try:
            if self.submit is not None:
                self.submit()
        except SessionClosed:
            super().reject()
            return
        except MedVaultError as exc:
            self.banner.show_message(error_text(exc), "warning")
            return
        super().accept()


# -- text views whose copy is concealed and cleared ---------------------------------------
def _copy_menu(widget: QWidget, clipboard: SecureClipboard, selected: str, all_text: str,
               pos: object) -> None:
    menu = QMenu(widget)
    copy = menu.addAction(tr("&Copy"))
    copy.setShortcut(QKeySequence.StandardKey.Copy)
    copy.setEnabled(bool(selected))
    copy.triggered.connect(lambda: clipboard.copy(selected))
    copy_all = menu.addAction(tr("Copy &all"))
    copy_all.setEnabled(bool(all_text))
    copy_all.triggered.connect(lambda: clipboard.copy(all_text))
    menu.exec(pos)  # type: ignore[call-overload]


def _plain(selection: str) -> str:
    # QTextCursor.selectedText() separates paragraphs with U+2029.
    return selection.replace("\u2029", "\n").replace("\u2028", "\n")


class SecureTextBrowser(QTextBrowser):
    """A read-only rich-text view of record text. Copy goes through SecureClipboard
    (concealed from clipboard managers, cleared after the vault's clipboard time); the X11
    selection and drags get nothing, because Qt fills both from createMimeDataFromSelection."""

    def __init__(self, clipboard: SecureClipboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # Text wraps to the width; the style sheet's padding would otherwise make Qt
        # offer a horizontal scroll bar for a few pixels.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def createMimeDataFromSelection(self) -> QMimeData:
        return QMimeData()

    def selected_text(self) -> str:
        return _plain(self.textCursor().selectedText())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            if self.selected_text():
                self._clipboard.copy(self.selected_text())
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        _copy_menu(self, self._clipboard, self.selected_text(), self.toPlainText(),
                   event.globalPos())

    def clear_all(self) -> None:
        self.clear()
        self.document().clearUndoRedoStacks()


class SecurePlainTextEdit(QPlainTextEdit):
    """An editor for note text; copy and cut go through SecureClipboard as above."""

    def __init__(self, clipboard: SecureClipboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self.setTabChangesFocus(True)  # keyboard users move between SOAP fields with Tab

    def createMimeDataFromSelection(self) -> QMimeData:
        return QMimeData()

    def selected_text(self) -> str:
        return _plain(self.textCursor().selectedText())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) or event.matches(
                QKeySequence.StandardKey.Cut):
            text = self.selected_text()
            if text:
                self._clipboard.copy(text)
                if event.matches(QKeySequence.StandardKey.Cut) and not self.isReadOnly():
                    self.textCursor().removeSelectedText()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        # Replace the standard copy and cut (plain clipboard) with the secure ones.
        for action in menu.actions():
            if action.objectName() in ("edit-copy", "edit-cut"):
                action.setVisible(False)
        first = menu.actions()[0] if menu.actions() else None
        copy = menu.addAction(tr("&Copy"))
        copy.setEnabled(bool(self.selected_text()))
        copy.triggered.connect(lambda: self._clipboard.copy(self.selected_text()))
        if first is not None:
            menu.insertAction(first, copy)
        menu.exec(event.globalPos())

    def wipe(self) -> None:
        self.clear()
        self.document().clearUndoRedoStacks()


def set_table_defaults(view: QWidget) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    assert isinstance(view, QTableView)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    # Tab leaves the table (the arrow keys move the selection), as in every form.
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def core_order(view: QWidget) -> None:
    """Show rows in the order core returned them, with no sort indicator."""
    from PySide6.QtWidgets import QTableView

    assert isinstance(view, QTableView)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    model = view.model()
    if model is not None:
        model.sort(-1)


_UNITS = {"mm[Hg]": "mmHg", "Cel": "°C", "[degF]": "°F", "kg/m2": "kg/m²",
          "m[IU]/L": "mIU/L", "10*3/uL": "×10³/µL", "10*9/L": "×10⁹/L", "ug/L": "µg/L",
          "umol/L": "µmol/L", "/min": "/min"}


def unit_text(unit: str | None) -> str:
    """A UCUM unit as people write it (mm[Hg] → mmHg); stored values keep UCUM."""
    return _UNITS.get(unit or "", unit or "")


#: The names of app.core.records.catalog's VITALS and LABS, marked for translation (the
#: core does not use Qt). tests/ui/test_translations.py checks that the lists agree.
MEASURE_NAMES = (
    QT_TR_NOOP("Blood pressure panel"),
    QT_TR_NOOP("Systolic blood pressure"),
    QT_TR_NOOP("Diastolic blood pressure"),
    QT_TR_NOOP("Heart rate"),
    QT_TR_NOOP("Respiratory rate"),
    QT_TR_NOOP("Body temperature"),
    QT_TR_NOOP("Oxygen saturation (pulse oximetry)"),
    QT_TR_NOOP("Body weight"),
    QT_TR_NOOP("Body height"),
    QT_TR_NOOP("Body mass index"),
    QT_TR_NOOP("Hemoglobin A1c"),
    QT_TR_NOOP("Glucose"),
    QT_TR_NOOP("Cholesterol, total"),
    QT_TR_NOOP("HDL cholesterol"),
    QT_TR_NOOP("LDL cholesterol (calculated)"),
    QT_TR_NOOP("Creatinine"),
    QT_TR_NOOP("Hemoglobin"),
    QT_TR_NOOP("Thyrotropin (TSH)"),
    QT_TR_NOOP("Potassium"),
    QT_TR_NOOP("Sodium"),
)


def measure_text(name: str) -> str:
    """A measurement's name as people read it, in their language.

    Core stores the catalog's English name ("Body height") as the entry's text; a name
    from the catalog is worded through tr(), any other (an imported observation's own
    text) is shown as it was recorded.
    """
    return tr(name) if name in MEASURE_NAMES else name
