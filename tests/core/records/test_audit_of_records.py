"""Every read and every search is audited with who and which patient; entries name ids,
never clinical text."""

from __future__ import annotations

import json

import pytest

from app.core.records.access_report import access_report
from app.core.records.appointments import book_appointment, list_appointments
from app.core.records.chart import open_chart
from app.core.records.clinical import Allergy, Condition
from app.core.records.codes import Concept
from app.core.records.consent import add_consent, consent_allows, list_consents
from app.core.records.contacts import ContactInput, add_contact, get_contact, list_contacts
from app.core.records.documents import (
    add_document,
    get_document,
    list_documents,
    read_document_data,
)
from app.core.records.emergency import review_queue
from app.core.records.entries import add_entry, get_entry, list_entries
from app.core.records.notes import (
    NoteContent,
    add_note,
    get_note,
    list_notes,
    my_drafts,
    note_history,
)
from app.core.records.observations import (
    Observation,
    add_entries,
    list_observations,
    observation_series,
)
from app.core.records.patients import get_patient, list_patients
from app.core.records.search import find_patients, search_text
from app.core.roles import Role
from app.core.session import Session
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import Action, new_patient, signed_in

SECRET = "Qvx7 marker of clinical text"


def _fill(session: Session) -> dict[str, str]:
    patient = new_patient(session, "Auditfam", "Auditgiven")
    contact = add_contact(session, ContactInput(name="Dr Audit")).id
    add_consent(session, patient, contact, ["notes"], "treatment", note=SECRET)
    book_appointment(session, patient, "2030-01-01T10:00:00+00:00", "2030-01-01T10:10:00+00:00",
                     reason=SECRET)
    return {
        "patient": patient, "contact": contact,
        "note": add_note(session, patient, NoteContent(body=SECRET)).id,
        "document": add_document(session, patient, b"%PDF-1.4 " + SECRET.encode(),
                                 title=SECRET, text=SECRET).id,
        "condition": add_entry(session, patient, Condition(code=Concept(SECRET),
                                                           note=SECRET)).id,
        "allergy": add_entry(session, patient, Allergy(code=Concept(SECRET))).id,
        "observation": add_entries(session, patient, [Observation(
            code=Concept.of(SECRET, "loinc", "1-8"), effective="2024-01-01", value=1.0,
            note=SECRET)])[0].id,
    }


def _reads(ids: dict[str, str]) -> dict[str, Action]:
    p = ids["patient"]
    return {
        "patient.read": lambda s: get_patient(s, p),
        "chart.open": lambda s: open_chart(s, p),
        "note.read": lambda s: get_note(s, ids["note"]),
        "note.list": lambda s: list_notes(s, p),
        "note.history": lambda s: note_history(s, ids["note"]),
        "document.read": lambda s: get_document(s, ids["document"]),
        "document.open": lambda s: read_document_data(s, ids["document"]),
        "document.list": lambda s: list_documents(s, p),
        "condition.read": lambda s: get_entry(s, Condition, ids["condition"]),
        "allergy.list": lambda s: list_entries(s, Allergy, p),
        "observation.list": lambda s: list_observations(s, p),
        "observation.series": lambda s: observation_series(s, p, "1-8"),
        "consent.list": lambda s: list_consents(s, p),
        "consent.check": lambda s: consent_allows(s, p, ids["contact"], "notes", "treatment"),
        "appointment.list": lambda s: list_appointments(s, patient_id=p),
        "access.report": lambda s: access_report(s, p),
    }


def _unscoped() -> dict[str, Action]:
    return {
        "patient.search": lambda s: find_patients(s, "auditfam"),
        "patient.list": list_patients,
        "clinical.search": lambda s: search_text(s, "marker"),
        "contact.list": list_contacts,
        "note.drafts": my_drafts,
        "emergency.queue": review_queue,
    }


@pytest.fixture
def ids(practice: PracticeVault) -> dict[str, str]:
    with signed_in(practice, Role.OWNER) as owner:
        return _fill(owner)


@pytest.mark.parametrize("action", sorted(_reads({"patient": "", "note": "", "document": "",
                                                    "condition": "", "contact": ""})))
def test_each_read_of_a_patient_is_audited(practice: PracticeVault, ids: dict[str, str],
                                           action: str) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        before = owner.audit.count()
        _reads(ids)[action](owner)
        entries = list(owner.audit.entries(limit=10, offset=before))
        assert [e.action for e in entries] == [action]
        assert entries[0].patient_id == ids["patient"]
        assert entries[0].actor == "owner" and entries[0].role == "owner"


@pytest.mark.parametrize("action", sorted(_unscoped()))
def test_each_search_and_listing_is_audited(practice: PracticeVault, ids: dict[str, str],
                                            action: str) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        before = owner.audit.count()
        _unscoped()[action](owner)
        assert [e.action for e in owner.audit.entries(limit=100, offset=before)] == [action]
    contact = ids["contact"]
    with signed_in(practice, Role.OWNER) as owner:
        before = owner.audit.count()
        get_contact(owner, contact)
        assert [e.action for e in owner.audit.entries(limit=100, offset=before)] == ["contact.read"]


def test_the_log_holds_no_clinical_text(practice: PracticeVault, ids: dict[str, str]) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        for action in _reads(ids).values():
            action(owner)
        for action in _unscoped().values():
            action(owner)
        rows = owner.conn.execute("SELECT * FROM audit").fetchall()
        text = "\n".join(str(v) for row in rows for v in row)
        for secret in (SECRET, "Auditfam", "Auditgiven"):
            assert secret not in text


def test_patient_update_names_the_changed_fields_never_their_values(
        practice: PracticeVault) -> None:
    from dataclasses import replace

    from app.core.records.patients import get_patient, update_patient

    with signed_in(practice, Role.RECEPTION) as desk:
        patient = new_patient(desk, "Qzxupdated", "Alex", phone="+1 555 0100")
        before = get_patient(desk, patient)
        update_patient(desk, patient, replace(before, phone="+1 555 0199",
                                              email="qzx@example.org"))
        update_patient(desk, patient, get_patient(desk, patient))  # nothing changed
        entries = [e for e in desk.audit.entries(action_prefix="patient.update")]
    details = [json.loads(e.detail) for e in entries]
    assert details[0]["fields"] == ["phone", "email"]
    assert details[1]["fields"] == []
    assert all("0199" not in e.detail and "qzx@" not in e.detail for e in entries)
