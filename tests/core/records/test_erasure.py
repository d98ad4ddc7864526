"""Erasure as the machine policy says: refused with the retention rule, or real, proven by
reading every page of both files, decrypted, free pages included."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import UsageError
from app.core.records.appointments import book_appointment
from app.core.records.clinical import Allergy, Condition
from app.core.records.codes import Concept
from app.core.records.consent import add_consent
from app.core.records.contacts import ContactInput, add_contact
from app.core.records.documents import add_document
from app.core.records.entries import add_entry
from app.core.records.erasure import ErasureRefused, erase_patient
from app.core.records.notes import NoteContent, add_note, amend_note, start_note
from app.core.records.observations import Observation
from app.core.records.patients import get_patient
from app.core.records.search import find_patients, search_text
from app.core.roles import Role
from app.core.session import Session
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import decrypted, files_under, found_in, new_patient, signed_in

CANARIES = ["Qzxfamilyname", "Qzxgivenname", "qzxnotetext", "qzxamendment", "qzxdrafttext",
            "qzxdocumentblob", "qzxdocumenttext", "qzxobservationnote", "qzxconditionnote",
            "qzxappointmentreason", "qzxconsentnote", "QZX-MRN-77"]
KEPT = "qzxkeptpatientnote"


def _write_everything(session: Session) -> str:
    patient = new_patient(session, "Qzxfamilyname", "Qzxgivenname", mrn="QZX-MRN-77")
    kept = new_patient(session, "Kept", "Person")
    add_note(session, kept, NoteContent(body=KEPT))
    for i in range(40):  # enough rows to span several pages and index segments
        note = add_note(session, patient, NoteContent(subjective=f"qzxnotetext {i}",
                                                      plan="rest"))
    amend_note(session, note.id, NoteContent(body="qzxamendment"))
    start_note(session, patient, NoteContent(body="qzxdrafttext"))
    add_document(session, patient, b"%PDF-1.4 qzxdocumentblob", title="Letter",
                 text="qzxdocumenttext")
    add_entry(session, patient, Observation(code=Concept.of("Weight", "loinc", "29463-7"),
                                            effective="2024-01-01", value=70,
                                            note="qzxobservationnote"))
    add_entry(session, patient, Condition(code=Concept("Asthma"), note="qzxconditionnote"))
    add_entry(session, patient, Allergy(code=Concept("Latex")))
    book_appointment(session, patient, "2030-01-01T09:00:00+00:00",
                     "2030-01-01T09:20:00+00:00", reason="qzxappointmentreason")
    contact = add_contact(session, ContactInput(name="Dr Keep")).id
    add_consent(session, patient, contact, ["all"], "treatment", note="qzxconsentnote")
    return patient


def _decrypted_vault(session: Session, folder: Path) -> bytes:
    return (decrypted(folder / "registry.db", session.key("registry"))
            + decrypted(folder / "clinical.db", session.key("clinical")))


def _raw(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in files_under(folder))


def test_default_policy_refuses_and_explains_retention(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = _write_everything(owner)
        with pytest.raises(ErasureRefused, match=r"retention.*Art\. 17\(3\)"):
            erase_patient(owner, patient, "patient asked to be forgotten")
        assert get_patient(owner, patient).family == "Qzxfamilyname"
        assert found_in(_decrypted_vault(owner, practice.path), CANARIES) == CANARIES
        refused = list(owner.audit.entries(action_prefix="patient.erase.refused"))
        assert refused[-1].patient_id == patient
    assert found_in(_raw(practice.path), CANARIES) == []  # ciphertext either way


@pytest.mark.usefixtures("erasure_allowed")
def test_erasure_removes_every_trace_from_both_files(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = _write_everything(owner)
        before = _decrypted_vault(owner, practice.path)
        assert found_in(before, CANARIES) == CANARIES, "the proof must see the data first"
        with pytest.raises(UsageError, match="reason"):
            erase_patient(owner, patient, "")
        result = erase_patient(owner, patient, "retention period has ended")
        assert result.rows["notes"] + result.rows["amendments"] == 42
        after = _decrypted_vault(owner, practice.path)
        assert found_in(after, CANARIES) == []
        assert KEPT.encode() in after, "other patients are untouched"
        with pytest.raises(UsageError, match="no patient"):
            get_patient(owner, patient)
        assert find_patients(owner, "qzxfamilyname") == []
        assert search_text(owner, "qzxnotetext") == []
        assert [h.kind for h in search_text(owner, KEPT)] == ["note"]
        erased = list(owner.audit.entries(action_prefix="patient.erase"))[-1]
        assert erased.patient_id == patient and erased.reason == "retention period has ended"
        log = "\n".join(str(v) for row in owner.conn.execute("SELECT * FROM audit")
                        for v in row)
        assert found_in(log.encode(), CANARIES) == []
    leftovers = [p.name for p in practice.path.iterdir() if p.name.endswith("-journal")]
    assert leftovers == []
    assert found_in(_raw(practice.path), CANARIES) == []
