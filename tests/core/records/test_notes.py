"""Notes: private drafts, signing, amendments that keep history, and a database that
refuses to change a signed note."""

from __future__ import annotations

import pytest

from app.core.database import DatabaseError
from app.core.errors import PermissionDenied, UsageError
from app.core.records.notes import (
    NoteContent,
    add_note,
    amend_note,
    discard_draft,
    get_note,
    list_notes,
    my_drafts,
    note_history,
    save_draft,
    sign_note,
    start_note,
)
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in

SOAP = NoteContent(title="Chest pain", subjective="Pain since morning",
                   objective="BP 150/90", assessment="Angina?", plan="ECG today")


def test_draft_autosave_then_sign(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        draft = start_note(doc, patient)
        assert draft.status == "draft" and draft.kind == "text"
        with pytest.raises(UsageError, match="empty"):
            sign_note(doc, draft.id)
        save_draft(doc, draft.id, NoteContent(body="half a thought"))
        saved = save_draft(doc, draft.id, SOAP)
        assert saved.kind == "soap" and saved.content == SOAP
        assert [d.id for d in my_drafts(doc)] == [draft.id]
        signed = sign_note(doc, draft.id)
        assert signed.status == "signed" and signed.signed_by == doc.user.user_id
        assert signed.signed_at and my_drafts(doc) == []
        assert "Subjective: Pain since morning" in signed.text
        with pytest.raises(UsageError, match="amendment"):
            save_draft(doc, draft.id, NoteContent(body="rewrite history"))


def test_drafts_are_private_to_their_author(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        draft = start_note(doc, patient, NoteContent(body="thinking aloud"))
    with signed_in(practice, Role.OWNER) as owner:
        assert list_notes(owner, patient).notes == []
        with pytest.raises(PermissionDenied, match="draft"):
            get_note(owner, draft.id)
        with pytest.raises(PermissionDenied):
            sign_note(owner, draft.id)
    with signed_in(practice, Role.CLINICIAN) as doc:
        discard_draft(doc, draft.id)
        assert list_notes(doc, patient).notes == []


def test_amendments_keep_the_original(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        original = add_note(doc, patient, SOAP)
        first = amend_note(doc, original.id, NoteContent(body="ECG normal; not angina"))
        second = amend_note(doc, first.id, NoteContent(body="Troponin negative"))
        assert first.amends == original.id and second.amends == original.id
        history = note_history(doc, second.id)
        assert [n.id for n in history] == [original.id, first.id, second.id]
        assert history[0].content == SOAP
        listed = {n.id: n for n in list_notes(doc, patient).notes}
        assert listed[original.id].amendment_count == 2
        with pytest.raises(UsageError, match="only signed notes"):
            amend_note(doc, start_note(doc, patient).id, NoteContent(body="x"))


def test_the_database_refuses_to_change_a_signed_note(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        note = add_note(doc, new_patient(doc), SOAP)
        for sql in ("UPDATE clinical.notes SET plan = 'edited' WHERE id = ?",
                    "UPDATE clinical.notes SET status = 'draft' WHERE id = ?",
                    "DELETE FROM clinical.notes WHERE id = ?"):
            with pytest.raises(DatabaseError, match="signed note"):
                doc.conn.execute(sql, (note.id,))
        doc.conn.execute("UPDATE clinical.notes SET restricted = 1 WHERE id = ?", (note.id,))


def test_only_the_author_signs_and_empty_notes_are_refused(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        with pytest.raises(UsageError, match="empty"):
            add_note(doc, patient, NoteContent())
        with pytest.raises(UsageError, match="million"):
            add_note(doc, patient, NoteContent(body="x" * 1_000_001))
