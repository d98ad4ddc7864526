"""Canary strings written through every kind of record never reach disk in plaintext:
not in the vault folder, not in a private TMPDIR, not in HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.records.access_report import access_report
from app.core.records.appointments import book_appointment
from app.core.records.chart import open_chart
from app.core.records.clinical import Allergy, Condition, Encounter, Immunization, Medication
from app.core.records.codes import Concept
from app.core.records.consent import add_consent
from app.core.records.contacts import ContactInput, add_contact
from app.core.records.demo import fill_demo
from app.core.records.documents import add_document, read_document_data
from app.core.records.emergency import mark_reviewed
from app.core.records.entries import add_entry
from app.core.records.erasure import ErasureRefused, erase_patient
from app.core.records.notes import NoteContent, add_note, amend_note, save_draft, start_note
from app.core.records.observations import Observation, observation_series
from app.core.records.patients import (
    Address,
    EmergencyContact,
    Identifier,
    PatientInput,
    add_patient,
)
from app.core.records.restricted import open_restricted
from app.core.records.search import find_patients, search_text
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import files_under, found_in, signed_in

C = {k: f"Kqx{k}Canary" for k in (
    "family", "given", "gender", "phone", "email", "street", "kin", "identifier", "note",
    "soap", "draft", "amendment", "title", "document", "doctext", "observation", "condition",
    "medication", "allergy", "reaction", "vaccine", "encounter", "contact", "consent",
    "appointment", "review")}


def test_no_canary_reaches_disk(practice: PracticeVault, private_tmp: Path,
                                isolated_env: Path) -> None:
    with signed_in(practice, Role.OWNER) as s:
        patient = add_patient(s, PatientInput(
            family=C["family"], given=C["given"], birth_date="1960-01-01",
            gender=C["gender"], phone=C["phone"], email=f"{C['email']}@example.org",
            address=Address(lines=(C["street"],), city="Town"),
            emergency_contact=EmergencyContact(C["kin"], "sister"),
            identifiers=(Identifier("urn:oid:1.2.3", C["identifier"]),), restricted=True)).id
        open_restricted(s, patient, "canary test needs it")
        encounter = add_entry(s, patient, Encounter(reason_text=C["encounter"],
                                                    period_start="2024-01-01T09:00Z")).id
        note = add_note(s, patient, NoteContent(body=C["note"], plan=C["soap"]),
                        encounter_id=encounter)
        amend_note(s, note.id, NoteContent(body=C["amendment"]))
        save_draft(s, start_note(s, patient).id, NoteContent(title=C["title"], body=C["draft"]))
        document = add_document(s, patient, b"%PDF-1.4\n" + C["document"].encode() * 50,
                                title="Scan", text=C["doctext"])
        read_document_data(s, document.id)
        add_entry(s, patient, Observation(code=Concept.of("Pulse", "loinc", "8867-4"),
                                          effective="2024-01-01", value=60,
                                          note=C["observation"]))
        add_entry(s, patient, Condition(code=Concept(C["condition"])))
        add_entry(s, patient, Medication(code=Concept(C["medication"])))
        add_entry(s, patient, Allergy(code=Concept(C["allergy"]),
                                      reaction=Concept(C["reaction"])))
        add_entry(s, patient, Immunization(code=Concept(C["vaccine"])))
        contact = add_contact(s, ContactInput(name=C["contact"])).id
        add_consent(s, patient, contact, ["all"], "treatment", note=C["consent"])
        book_appointment(s, patient, "2030-01-01T09:00Z", "2030-01-01T09:30Z",
                         reason=C["appointment"])
        grant = open_restricted(s, patient, "second look at the canary")
        find_patients(s, C["family"][:6])
        search_text(s, C["note"])
        open_chart(s, patient)
        observation_series(s, patient, "8867-4")
        access_report(s, patient)
        fill_demo(s, 3)
        with pytest.raises(ErasureRefused):  # the default policy keeps records
            erase_patient(s, patient, "canary erase request")
    with signed_in(practice, Role.CLINICIAN) as colleague:  # nobody reviews their own
        mark_reviewed(colleague, grant.id, C["review"])
    files = files_under(practice.path, private_tmp, isolated_env)
    assert any(f.name == "clinical.db" for f in files)
    leaks = {str(f): found_in(f.read_bytes(), list(C.values())) for f in files}
    assert {f: c for f, c in leaks.items() if c} == {}
