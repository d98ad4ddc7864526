"""The note editor: SOAP or free text, autosaved as an encrypted draft, signed when done."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import MedVaultError
from app.core.records.notes import SOAP, Note, NoteContent
from app.core.roles import Operation
from app.ui.chart.common import SecurePlainTextEdit, tr
from app.ui.chart.note_draft import NoteDraft
from app.ui.core_messages import error_text
from app.ui.dates import moment_text
from app.ui.icons import icon
from app.ui.secure_clipboard import SecureClipboard
from app.ui.widgets import Banner

if TYPE_CHECKING:
    from app.core.session import Session
    from app.ui.prompts import Prompts


def confirm_sign(prompts: Prompts, parent: QWidget) -> bool:
    """Ask once before signing: a signed note is final, later changes are amendments."""
    return prompts.confirm(parent, tr("Sign note"), tr(
        "Sign this note? A signed note cannot be edited; later changes are amendments."),
        yes_text=tr("Sign"))


class NoteEditor(QWidget):
    """Edits one draft. Every change reaches the vault within the autosave interval; the
    editor itself keeps nothing once closed or cleared."""

    signed = Signal(object)  # Note
    closed = Signal()
    saved = Signal(object)  # Note (a draft)
    discarded = Signal(str)  # note id

    SOAP_LABELS = (("subjective", QT_TR_NOOP("&Subjective")),
                   ("objective", QT_TR_NOOP("&Objective")),
                   ("assessment", QT_TR_NOOP("&Assessment")),
                   ("plan", QT_TR_NOOP("&Plan")))

    def __init__(self, clipboard: SecureClipboard, prompts: Prompts,
                 parent: QWidget | None = None, *, autosave_ms: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditor")
        self._prompts = prompts
        self.draft = NoteDraft(self) if autosave_ms is None else \
            NoteDraft(self, autosave_ms=autosave_ms)
        self.draft.saved.connect(self._on_saved)
        self.draft.save_failed.connect(self._on_save_failed)
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.banner = Banner(self)
        self.title = QLineEdit(self)
        self.title.setAccessibleName(tr("Note title"))
        self.title.setPlaceholderText(tr("e.g. Follow-up, blood pressure"))
        self.format = QComboBox(self)
        self.format.setAccessibleName(tr("Note format"))
        self.format.addItem(tr("SOAP"), "soap")
        self.format.addItem(tr("Free text"), "text")
        self.soap: dict[str, SecurePlainTextEdit] = {}
        soap_page = QWidget(self)
        soap_form = QFormLayout(soap_page)
        soap_form.setContentsMargins(0, 0, 0, 0)
        soap_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, label in self.SOAP_LABELS:
            edit = SecurePlainTextEdit(clipboard, soap_page)
            edit.setAccessibleName(tr(label).replace("&", ""))
            edit.setObjectName(f"soap-{name}")
            self.soap[name] = edit
            caption = QLabel(tr(label), soap_page)
            caption.setBuddy(edit)
            soap_form.addRow(caption, edit)
        self.body = SecurePlainTextEdit(clipboard, self)
        self.body.setAccessibleName(tr("Note text"))
        self.body.setObjectName("noteBody")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(soap_page)
        self.pages.addWidget(self.body)
        self.status = QLabel(self)
        self.status.setObjectName("draftStatus")
        self.status.setAccessibleName(tr("Draft status"))
        self.sign_button = QPushButton(icon("sign"), tr("S&ign"), self)
        self.sign_button.setProperty("role", "primary")
        self.sign_button.setToolTip(tr("Sign (Ctrl+Enter): the note becomes final; "
                                       "corrections are amendments that keep the original."))
        self.close_button = QPushButton(tr("Save and &close"), self)
        self.close_button.setToolTip(tr("Keep the draft in the vault and close the editor. "
                                        "Ctrl+S saves the draft now."))
        self.discard_button = QPushButton(tr("&Discard draft"), self)
        self.discard_button.setProperty("role", "danger")
        self.sign_button.clicked.connect(self.sign)
        self.close_button.clicked.connect(self.save_and_close)
        self.discard_button.clicked.connect(self.discard)
        # Only while the focus is inside the editor: elsewhere Ctrl+S and Ctrl+Enter mean
        # nothing to a note. Return and the keypad's Enter are different keys.
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.shortcuts: list[QShortcut] = []
        for keys, slot in (("Ctrl+S", self.save_shortcut), ("Ctrl+Return", self.sign),
                           ("Ctrl+Enter", self.sign)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)  # PySide6 ignores a context given to the constructor
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

        top = QFormLayout()
        title_label = QLabel(tr("&Title:"), self)
        title_label.setBuddy(self.title)
        top.addRow(title_label, self.title)
        format_label = QLabel(tr("&Format:"), self)
        format_label.setBuddy(self.format)
        top.addRow(format_label, self.format)
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.title.textChanged.connect(self._changed)
        for edit in (*self.soap.values(), self.body):
            edit.textChanged.connect(self._changed)
        self._loading = False
        self._original: Note | None = None
        order = [self.title, self.format, *self.soap.values(), self.body,
                 self.discard_button, self.close_button, self.sign_button]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    # -- opening -----------------------------------------------------------------------------
    def begin(self, session: Session, patient_id: str, *, draft: Note | None = None,
              amends: Note | None = None) -> None:
        """A new note, a draft to continue, or an amendment of a signed note (pass its
        latest version: the amendment starts as a copy of it)."""
        self._loading = True
        try:
            self.draft.begin(session, patient_id, draft=draft,
                             amends=(amends.amends or amends.id) if amends else None)
            self._original = amends
            content = draft.content if draft is not None else (
                amends.content if amends is not None else NoteContent())
            self._show_content(content)
            if draft is not None and draft.amends:
                self.heading.setText(tr("Amendment (draft)"))
            elif amends is not None:
                self.heading.setText(tr("Amending “{title}” of {when}: the original stays "
                                        "as signed.").format(
                    title=amends.content.title or tr("untitled note"),
                    when=moment_text(amends.signed_at)))
            elif draft is not None:
                self.heading.setText(tr("Draft note"))
            else:
                self.heading.setText(tr("New note"))
            self.banner.clear_message()
            self.sign_button.setVisible(session.allowed(Operation.NOTE_SIGN))
            self._update_status()
        finally:
            self._loading = False
        if amends is not None:
            # An amendment starts as a copy; it is only worth a draft once changed.
            self.draft.dirty = False
        first = self.soap["subjective"] if self.format.currentData() == "soap" else self.body
        (self.title if not self.title.text() else first).setFocus()

    def _show_content(self, content: NoteContent) -> None:
        self.title.setText(content.title)
        soap = content.kind == "soap" or content.empty
        self.format.setCurrentIndex(0 if soap else 1)
        self.pages.setCurrentIndex(0 if soap else 1)
        for name in SOAP:
            self.soap[name].setPlainText(getattr(content, name))
        self.body.setPlainText(content.body)
        for edit in (*self.soap.values(), self.body):
            edit.document().clearUndoRedoStacks()

    # -- content ---------------------------------------------------------------------------
    def content(self) -> NoteContent:
        if self.format.currentData() == "soap":
            return NoteContent(title=self.title.text(), **{
                name: self.soap[name].toPlainText() for name in SOAP})
        return NoteContent(title=self.title.text(), body=self.body.toPlainText())

    @Slot(int)
    def _on_format_changed(self, _index: int) -> None:
        if self._loading:
            return
        to_soap = self.format.currentData() == "soap"
        if to_soap and not any(e.toPlainText().strip() for e in self.soap.values()):
            self.soap["subjective"].setPlainText(self.body.toPlainText())
            self.body.clear()
        elif not to_soap and not self.body.toPlainText().strip():
            self.body.setPlainText("\n\n".join(
                f"{tr(label).replace('&', '')}: {self.soap[name].toPlainText()}"
                for name, label in self.SOAP_LABELS if self.soap[name].toPlainText().strip()))
            for edit in self.soap.values():
                edit.clear()
        self.pages.setCurrentIndex(0 if to_soap else 1)
        self._changed()

    @Slot()
    def _changed(self) -> None:
        if self._loading or not self.draft.active:
            return
        self.draft.set_content(self.content())
        self._update_status()

    def _update_status(self) -> None:
        if self.draft.dirty:
            self.status.setText(tr("Unsaved changes (saving automatically)…"))
        elif self.draft.note_id is not None and self.draft.last_saved_at:
            self.status.setText(tr("Draft saved in the vault at {when}.").format(
                when=moment_text(self.draft.last_saved_at)[11:]))
        else:
            self.status.setText(tr("Nothing saved yet."))
        self.discard_button.setVisible(self.draft.note_id is not None)

    @Slot(object)
    def _on_saved(self, note: Note) -> None:
        self.banner.clear_message()
        self._update_status()
        self.saved.emit(note)

    @Slot(str)
    def _on_save_failed(self, message: str) -> None:
        self.banner.show_message(tr("The draft could not be saved: {why}").format(
            why=message), "warning")

    # -- actions -----------------------------------------------------------------------------
    def save_now(self) -> Note | None:
        """Autosave immediately (the lock calls this through the page)."""
        return self.draft.save()

    @Slot()
    def save_shortcut(self) -> None:
        """Ctrl+S: write the draft now instead of at the next autosave."""
        from app.core.session import SessionClosed

        if not self.draft.active:
            return
        try:
            self.save_now()
        except SessionClosed:
            return
        except MedVaultError as exc:
            self._on_save_failed(error_text(exc))
            return
        self._update_status()

    @Slot()
    def sign(self) -> Note | None:
        """Sign after one confirmation (the button and Ctrl+Enter)."""
        from app.core.session import SessionClosed

        if not self.draft.active:
            return None
        # An empty note is refused by core without a question; anything else is final
        # once signed, so ask first.
        if not self.content().empty and not confirm_sign(self._prompts, self):
            return None
        try:
            note = self.draft.sign()
        except SessionClosed:
            return None
        except MedVaultError as exc:
            self.banner.show_message(error_text(exc), "warning")
            self._update_status()
            return None
        self.wipe()
        self.signed.emit(note)
        return note

    @Slot()
    def save_and_close(self) -> None:
        from app.core.session import SessionClosed

        try:
            self.draft.save()
        except SessionClosed:
            pass
        except MedVaultError as exc:
            self.banner.show_message(error_text(exc), "warning")
            return
        self.draft.forget()
        self.wipe()
        self.closed.emit()

    @Slot()
    def discard(self) -> None:
        from app.core.session import SessionClosed

        try:
            note_id = self.draft.discard()
        except SessionClosed:
            note_id = None
        except MedVaultError as exc:
            self.banner.show_message(error_text(exc), "warning")
            return
        self.wipe()
        if note_id is not None:
            self.discarded.emit(note_id)
        self.closed.emit()

    def wipe(self) -> None:
        """Forget the text, the undo history and the draft."""
        self._loading = True
        try:
            self.title.clear()
            for edit in (*self.soap.values(), self.body):
                edit.wipe()
        finally:
            self._loading = False
        self.draft.forget()
        self._original = None
        self.heading.setText("")
        self.status.setText("")
        self.banner.clear_message()

    def set_focus_first(self) -> None:
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)
