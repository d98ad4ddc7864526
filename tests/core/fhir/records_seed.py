"""A patient with something in every kind MedVault exports, typed in through the records
API (not through the importer), so export tests start from what staff enter."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.records.clinical import (
    Allergy,
    Condition,
    Encounter,
    Immunization,
    Medication,
    Procedure,
)
from app.core.records.codes import Coding, Concept
from app.core.records.consent import add_consent
from app.core.records.contacts import ContactInput, add_contact
from app.core.records.documents import add_document
from app.core.records.entries import add_entry
from app.core.records.notes import NoteContent, add_note
from app.core.records.observations import Observation, record_vitals
from app.core.records.patients import (
    Address,
    EmergencyContact,
    Identifier,
    PatientInput,
    add_patient,
)
from app.core.session import Session

PDF = b"%PDF-1.4\n% seeded letter\n%%EOF\n"
CANARY = "CANARY-fhir-7f3a"  # clinical text that must never reach an audit entry


@dataclass
class Seeded:
    patient: str
    encounter: str
    condition: str
    restricted_condition: str
    note: str
    document: str


def seed_patient(session: Session, family: str = "Nguyễn", *, mrn: str | None = "M-77"
                 ) -> Seeded:
    patient = add_patient(session, PatientInput(
        family=family, given="Thị Lan", birth_date="1990-02-03", sex="female", gender="woman",
        mrn=mrn, identifiers=(Identifier("urn:oid:2.16.840.1", "X9"),), phone="+84 90 000",
        email="lan@example.org",
        address=Address(("12 Phố Huế",), "Hà Nội", None, "100000", "VN"),
        emergency_contact=EmergencyContact("Trần Minh", "spouse", "+84 91 000"))).id
    encounter = add_entry(session, patient, Encounter(
        code=Concept.of("Consultation", "snomed", "11429006"), location="Room 2",
        period_start="2024-05-01T09:00:00+02:00", period_end="2024-05-01T09:20:00+02:00",
        reason_text="cough")).id
    condition = add_entry(session, patient, Condition(
        code=Concept("Asthma", Coding("http://snomed.info/sct", "195967001", "Asthma"),
                     (Coding("http://hl7.org/fhir/sid/icd-10", "J45.9"),)),
        onset="2015-04", severity="moderate", note=f"exercise induced {CANARY}"),
        encounter_id=encounter).id
    restricted = add_entry(session, patient, Condition(
        code=Concept.of("Depressive episode", "snomed", "35489007")), restricted=True).id
    add_entry(session, patient, Allergy(
        code=Concept.of("Peanut", "snomed", "256349002"), category="food", criticality="high",
        reaction=Concept.of("Anaphylaxis", "snomed", "39579001"), severity="severe",
        onset="2001"))
    add_entry(session, patient, Medication(
        code=Concept.of("Salbutamol", "rxnorm", "435"), dosage_text="2 puffs as needed",
        dose_value=100, dose_unit="ug", route="inhaled", effective_start="2015-04-10",
        reason_text="asthma"))
    add_entry(session, patient, Immunization(
        code=Concept.of("Influenza", "cvx", "141"), occurrence="2023-10-02", lot_number="L1",
        dose_number=1, site="left arm", performer="Nurse Ray"))
    add_entry(session, patient, Immunization(code=Concept.of("Tetanus", "cvx", "115")))
    add_entry(session, patient, Procedure(
        code=Concept.of("Spirometry", "snomed", "127783003"), performed="2024-04-30",
        body_site=Concept.of("Lung", "snomed", "39607008"), note="pre and post"),
        encounter_id=encounter)
    record_vitals(session, patient, "2024-05-01T09:05:00+02:00", systolic=128, diastolic=82,
                  heart_rate=64, spo2=97, temperature=37.1, weight=61.5,
                  encounter_id=encounter)
    add_entry(session, patient, Observation(
        code=Concept.of("Hemoglobin A1c", "loinc", "4548-4"), effective="2024-04-20",
        value=6.1, unit="%", ref_low=4.0, ref_high=5.6, category="laboratory",
        note="fasting"))
    add_entry(session, patient, Observation(
        code=Concept.of("Urine culture", "loinc", "630-4"), effective="2024-04-21",
        value_text="No growth", category="laboratory"))
    note = add_note(session, patient, NoteContent(
        title="Review", subjective="Wheeze at night", assessment="Asthma, partly controlled",
        plan=f"Step up inhaler {CANARY}"), encounter_id=encounter).id
    document = add_document(session, patient, PDF, title="Spirometry letter",
                            description="From the lung lab", doc_date="2024-04-30").id
    contact = add_contact(session, ContactInput(name="Dr Referral")).id
    add_consent(session, patient, contact, ["conditions", "medications"], "referral",
                valid_until="2030-01-01")
    return Seeded(patient, encounter, condition, restricted, note, document)
