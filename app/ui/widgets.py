"""Small building blocks shared by the screens: banners, headings, password inputs and
the live password-strength meter."""

from __future__ import annotations

from collections.abc import Sequence

# `Qt` (the namespace) is imported where it is used, not here: PySide6 builds its ~90
# enums the first time it is touched (~15 ms), and the first windows, which hold banners
# and password fields, show without it (start-up target, bench/startup_figures.py).
from PySide6.QtCore import QT_TR_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def _tr(text: str) -> str:
    # The unnamed context: lupdate files a bare `_tr("...")` call there (see
    # tools/update_translations.py).
    return QCoreApplication.translate("", text)


class Banner(QLabel):
    """A message strip styled by the style sheet: kind is "info", "warning" or "alert"."""

    def __init__(self, parent: QWidget | None = None, kind: str = "info") -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        # Not polished yet: the style sheet reads the property when it is.
        self.setProperty("banner", kind)
        self._text_set_up = False
        self.hide()

    def _set_up_text(self) -> None:
        # Done before the first message rather than in the constructor (see the `Qt`
        # import above); until then the banner is hidden and empty.
        from PySide6.QtCore import Qt

        self.setTextFormat(Qt.TextFormat.PlainText)  # messages quote paths and names
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text_set_up = True

    def set_kind(self, kind: str) -> None:
        if kind == self.kind():
            return
        self.setProperty("banner", kind)
        # A dynamic property does not restyle by itself. Only a change needs it: fetching
        # the style costs ~7 ms the first time, which a first window need not pay.
        self.style().unpolish(self)
        self.style().polish(self)

    def kind(self) -> str:
        return str(self.property("banner"))

    def show_message(self, text: str, kind: str = "info") -> None:
        if not self._text_set_up:
            self._set_up_text()
        self.set_kind(kind)
        self.setText(text)
        self.setAccessibleName(text)
        self.show()

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


def configure_table(view: QTableView) -> None:
    """The look every record table shares: whole rows, compact, no row numbers."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    # Tab leaves the table (the arrow keys move the selection), as in every form.
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)


def set_danger_enabled(button: QWidget, enabled: bool) -> None:
    """Enable or disable an irreversible-action button. The red look is dropped while
    disabled, so a button that cannot be pressed does not look like one that can."""
    button.setEnabled(enabled)
    button.setProperty("role", "danger" if enabled else None)
    button.style().unpolish(button)
    button.style().polish(button)


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "heading")
    label.setWordWrap(True)
    return label


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


class PasswordEdit(QLineEdit):
    """A password input. Paste is allowed (NIST 800-63B): people with password managers
    must be able to use them."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Password mode also sets the input-method hints on-screen keyboards need: hidden
        # text, sensitive data (no learning) and no prediction or auto-capitals.
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAccessibleName(accessible_name)
        # Show/hide inside the field (issue 15): checking a long passphrase beats typing
        # it twice. It reverts to hidden whenever the field is wiped.
        from app.ui.icons import icon

        self.show_action = QAction(icon("show"), _tr("Show password"), self)
        self.show_action.setCheckable(True)
        self.show_action.toggled.connect(self._set_shown)
        self.addAction(self.show_action, QLineEdit.ActionPosition.TrailingPosition)

    def _set_shown(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_action.setText(_tr("Hide password") if shown else _tr("Show password"))

    def wipe(self) -> None:
        """Python strings cannot be overwritten; this drops the widget's copy as early as
        possible."""
        self.clear()
        self.show_action.setChecked(False)


class StrengthMeter(QWidget):
    """Live feedback on a new password: a 0–4 bar (zxcvbn) and the problems in plain
    words. The length and blocklist rules decide (core `check_password`); the bar only
    advises."""

    verdict_changed = Signal(bool)

    LABELS = (
        QT_TR_NOOP("Very weak"),
        QT_TR_NOOP("Weak"),
        QT_TR_NOOP("Fair"),
        QT_TR_NOOP("Strong"),
        QT_TR_NOOP("Very strong"),
    )

    def __init__(self, parent: QWidget | None = None, *, min_length: int = 12) -> None:
        super().__init__(parent)
        self.min_length = min_length
        self.context: Sequence[str] = ()
        self._acceptable = False
        self._bar = QProgressBar(self)
        self._bar.setRange(0, 4)
        self._bar.setTextVisible(True)
        self._bar.setAccessibleName(_tr("Password strength"))
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setAccessibleName(_tr("Password advice"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._bar)
        layout.addWidget(self._text)
        self.assess("")

    def acceptable(self) -> bool:
        return self._acceptable

    def advice(self) -> str:
        return self._text.text()

    @Slot(str)
    def assess(self, password: str) -> None:
        from app.core.passwords import check_password

        if not password:
            self._bar.setValue(0)
            self._bar.setFormat(_tr("No password yet"))
            self._text.setText(_tr("Use at least {n} characters. A few unrelated words "
                                   "make a strong password that is easy to remember.")
                               .format(n=self.min_length))
            self._set_acceptable(False)
            return
        verdict = check_password(password, min_length=self.min_length, context=self.context)
        self._bar.setValue(verdict.strength)
        self._bar.setFormat(_tr(str(self.LABELS[max(0, min(4, verdict.strength))])))
        from app.ui.core_messages import worded

        lines = [worded(m) for m in verdict.messages]
        if not lines and verdict.hint:
            lines.append(verdict.hint)
        if not lines:
            lines.append(_tr("This password can be used."))
        self._text.setText("\n".join(lines))
        self._set_acceptable(verdict.acceptable)

    def _set_acceptable(self, value: bool) -> None:
        if value != self._acceptable:
            self._acceptable = value
            self.verdict_changed.emit(value)
