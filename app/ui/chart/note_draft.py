"""The note being written: autosave to an encrypted draft in the vault, sign, discard.

A draft lives in the clinical compartment (core `notes.start_note`/`save_draft`), never in
a file of ours, so a crash or a lock loses at most the last few seconds of typing. The
draft row is created on the first save that has something in it, so opening and closing
the editor leaves no empty drafts behind. An amendment is a draft that names the signed
note it corrects (core `amend_note(sign=False)`), autosaved and signed the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.core.errors import MedVaultError
from app.ui.core_messages import error_text

if TYPE_CHECKING:
    from app.core.records.notes import Note, NoteContent
    from app.core.session import Session

AUTOSAVE_MS = 4000


class NoteDraft(QObject):
    #: A save reached the vault (the draft as stored).
    saved = Signal(object)
    #: A save failed; the text stays in the editor and the next change retries.
    save_failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, autosave_ms: int = AUTOSAVE_MS
                 ) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(autosave_ms)
        self._timer.timeout.connect(self._autosave)
        self._session: Session | None = None
        self.patient_id: str | None = None
        self.note_id: str | None = None
        self.amends: str | None = None
        self._content: NoteContent | None = None
        self.dirty = False
        self.last_saved_at: str | None = None

    def set_autosave_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)

    @property
    def active(self) -> bool:
        return self.patient_id is not None

    # -- lifecycle -------------------------------------------------------------------------
    def begin(self, session: Session, patient_id: str, *, draft: Note | None = None,
              amends: str | None = None) -> None:
        """Start a new note (or amendment of ``amends``), or continue ``draft``."""
        self._timer.stop()
        self._session = session
        self.patient_id = patient_id
        self.note_id = draft.id if draft is not None else None
        self.amends = draft.amends if draft is not None else amends
        self._content = draft.content if draft is not None else None
        self.dirty = False
        self.last_saved_at = draft.updated_at if draft is not None else None

    def forget(self) -> None:
        """Drop everything (after a save on lock, or when the editor closes)."""
        self._timer.stop()
        self._session = None
        self.patient_id = None
        self.note_id = None
        self.amends = None
        self._content = None
        self.dirty = False
        self.last_saved_at = None

    def set_content(self, content: NoteContent) -> None:
        """The editor changed: save within the autosave interval."""
        self._content = content
        self.dirty = True
        if not self._timer.isActive():
            self._timer.start()

    # -- saving ----------------------------------------------------------------------------
    @Slot()
    def _autosave(self) -> None:
        try:
            self.save()
        except MedVaultError as exc:
            self.save_failed.emit(error_text(exc))

    def save(self) -> Note | None:
        """Write the current text to the draft now. None if there was nothing to write."""
        from app.core.records.notes import amend_note, save_draft, start_note

        self._timer.stop()
        session = self._session
        if session is None or not session.is_open or self.patient_id is None:
            return None
        content = self._content
        if content is None or not self.dirty:
            return None
        if self.note_id is None:
            if content.empty:
                self.dirty = False
                return None
            if self.amends is not None:
                note = amend_note(session, self.amends, content, sign=False)
            else:
                note = start_note(session, self.patient_id, content)
            self.note_id = note.id
        else:
            note = save_draft(session, self.note_id, content)
        self.dirty = False
        self.last_saved_at = note.updated_at
        self.saved.emit(note)
        return note

    def sign(self) -> Note:
        """Save what is typed and sign it; the note is final afterwards."""
        from app.core.records.notes import sign_note
        from app.core.session import SessionClosed

        session = self._session
        if session is None or not session.is_open:
            raise SessionClosed()
        if self.note_id is None:
            self.dirty = True  # create the draft even if the text was never changed
        self.save()
        if self.note_id is None:
            from app.core.errors import UsageError

            raise UsageError(self.tr("An empty note cannot be signed."))
        signed = sign_note(session, self.note_id)
        self.forget()
        return signed

    def discard(self) -> str | None:
        """Delete the draft from the vault (if one was saved); returns its id."""
        from app.core.records.notes import discard_draft

        self._timer.stop()
        session, note_id = self._session, self.note_id
        if session is not None and session.is_open and note_id is not None:
            discard_draft(session, note_id)
        self.forget()
        return note_id
