"""The records are shaped for FHIR R4: every field of every kind has a place in the FHIR
resource, the status codes are FHIR's own, and resources built from stored entries
validate (fhir.resources, R4B models, whose structure matches R4 for these resources).

This is a shape check for the exporter to come, not the exporter itself.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from fhir.resources.R4B.allergyintolerance import AllergyIntolerance
from fhir.resources.R4B.condition import Condition as FhirCondition
from fhir.resources.R4B.encounter import Encounter as FhirEncounter
from fhir.resources.R4B.immunization import Immunization as FhirImmunization
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation as FhirObservation
from fhir.resources.R4B.patient import Patient as FhirPatient

from app.core.records.clinical import (
    Allergy,
    Condition,
    Encounter,
    Immunization,
    Medication,
    Procedure,
)
from app.core.records.codes import Concept
from app.core.records.entries import Entry, EntryData, add_entry
from app.core.records.kinds import KINDS
from app.core.records.observations import Observation, list_observations, record_vitals
from app.core.records.patients import Address, EmergencyContact, Identifier, PatientInput
from app.core.records.patients import add_patient as add_patient_record
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import signed_in

# Where each field goes in its FHIR resource is in the registry (`kinds.Field.fhir`);
# test_kinds.py checks every field has a place that exists in the R4 resource.
PLACES: dict[type[EntryData], dict[str, str]] = {
    k.data: {f.name: f.fhir for f in k.fields} for k in KINDS if k.data is not None}
# Required value sets from the FHIR R4 specification.
FHIR_CODES = {
    (Condition, "clinical_status"): {"active", "recurrence", "relapse", "inactive",
                                     "remission", "resolved"},
    (Condition, "verification_status"): {"unconfirmed", "provisional", "differential",
                                         "confirmed", "refuted", "entered-in-error"},
    (Medication, "status"): {"active", "completed", "entered-in-error", "intended", "stopped",
                             "on-hold", "unknown", "not-taken"},
    (Allergy, "criticality"): {"low", "high", "unable-to-assess"},
    (Allergy, "clinical_status"): {"active", "inactive", "resolved"},
    (Allergy, "type"): {"allergy", "intolerance"},
    (Allergy, "category"): {"food", "medication", "environment", "biologic"},
    (Immunization, "status"): {"completed", "entered-in-error", "not-done"},
    (Procedure, "status"): {"preparation", "in-progress", "not-done", "on-hold", "stopped",
                            "completed", "entered-in-error", "unknown"},
    (Encounter, "status"): {"planned", "arrived", "triaged", "in-progress", "onleave",
                            "finished", "cancelled", "entered-in-error", "unknown"},
    (Observation, "status"): {"registered", "preliminary", "final", "amended", "corrected",
                              "cancelled", "entered-in-error", "unknown"},
}


def test_every_field_has_a_place_and_codes_are_fhirs() -> None:
    for kind, places in PLACES.items():
        assert {f.name for f in dataclasses.fields(kind)} - {"extra"} == set(places), kind.__name__  # type: ignore[arg-type]
    for (kind, name), codes in FHIR_CODES.items():
        assert kind.CHOICES[name] <= codes, (kind.__name__, name)
    # Every coded field of every kind is checked against the specification's list here.
    coded = {(k.data, f.name) for k in KINDS if k.data is not None for f in k.fields
             if f.choices and f.name not in {"severity", "class_code", "category",
                                             "interpretation"}}
    # R4's allergy verification codes lack "presumed" (R5 added it); an R4 exporter must
    # map it to "unconfirmed". Known, and left to the exporter.
    coded.discard((Allergy, "verification_status"))
    assert coded - set(FHIR_CODES) == set()


def _concept(concept: Concept | None) -> dict[str, Any]:
    assert concept is not None
    return {"text": concept.text, "coding": [c.to_json() for c in concept.codings]}


def _status(system: str, code: str | None) -> dict[str, Any]:
    return {"coding": [{"system": f"http://terminology.hl7.org/CodeSystem/{system}",
                        "code": code}]}


def _observation(entry: Entry[Observation]) -> dict[str, Any]:
    d = entry.data
    return {"resourceType": "Observation", "id": entry.id, "status": d.status,
            "category": [_status("observation-category", d.category)],
            "code": _concept(d.code), "subject": {"reference": f"Patient/{entry.patient_id}"},
            "effectiveDateTime": d.effective,
            "valueQuantity": {"value": d.value, "unit": d.unit,
                              "system": "http://unitsofmeasure.org", "code": d.unit},
            "referenceRange": [{"low": {"value": d.ref_low, "unit": d.unit},
                                "high": {"value": d.ref_high, "unit": d.unit}}],
            "interpretation": [_status("v3-ObservationInterpretation", d.interpretation)]}


def test_stored_records_build_valid_fhir_resources(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = add_patient_record(doc, PatientInput(
            family="Nguyễn", given="Thị Lan", birth_date="1990-02-03", sex="female",
            gender="woman", mrn="M-77", identifiers=(Identifier("urn:oid:2.16.840.1", "X9"),),
            phone="+84 90 000", address=Address(("12 Phố Huế",), "Hà Nội", None, "100000",
                                                "VN"),
            emergency_contact=EmergencyContact("Trần Minh", "spouse", "+84 91 000")))
        FhirPatient.model_validate({
            "resourceType": "Patient", "id": patient.id, "birthDate": patient.birth_date,
            "gender": patient.sex,
            "name": [{"family": patient.family, "given": patient.given.split()}],
            "identifier": [{"type": {"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
                "value": patient.mrn}] + [{"system": i.system, "value": i.value}
                                          for i in patient.identifiers],
            "telecom": [{"system": "phone", "value": patient.phone}],
            "address": [{"line": list(patient.address.lines), "city": patient.address.city,
                         "postalCode": patient.address.postal_code,
                         "country": patient.address.country}] if patient.address else [],
            "contact": [{"name": {"text": patient.emergency_contact.name},
                         "telecom": [{"system": "phone",
                                      "value": patient.emergency_contact.phone}]}]
            if patient.emergency_contact else []})
        subject = {"reference": f"Patient/{patient.id}"}
        condition = add_entry(doc, patient.id, Condition(
            code=Concept.of("Asthma", "snomed", "195967001"), onset="2015-04",
            note="exercise induced")).data
        FhirCondition.model_validate({
            "resourceType": "Condition", "subject": subject, "code": _concept(condition.code),
            "clinicalStatus": _status("condition-clinical", condition.clinical_status),
            "verificationStatus": _status("condition-ver-status",
                                          condition.verification_status),
            "category": [_status("condition-category", condition.category)],
            "onsetDateTime": condition.onset, "note": [{"text": condition.note}]})
        allergy = add_entry(doc, patient.id, Allergy(
            code=Concept.of("Peanut", "snomed", "256349002"), category="food",
            criticality="high", reaction=Concept.of("Anaphylaxis", "snomed", "39579001"),
            severity="severe")).data
        AllergyIntolerance.model_validate({
            "resourceType": "AllergyIntolerance", "patient": subject,
            "code": _concept(allergy.code), "category": [allergy.category],
            "criticality": allergy.criticality, "type": allergy.type,
            "clinicalStatus": _status("allergyintolerance-clinical", allergy.clinical_status),
            "reaction": [{"manifestation": [_concept(allergy.reaction)],
                          "severity": allergy.severity}]})
        medication = add_entry(doc, patient.id, Medication(
            code=Concept.of("Salbutamol", "rxnorm", "435"), dosage_text="2 puffs as needed",
            dose_value=100, dose_unit="ug", effective_start="2015-04-10")).data
        MedicationStatement.model_validate({
            "resourceType": "MedicationStatement", "status": medication.status,
            "subject": subject, "medicationCodeableConcept": _concept(medication.code),
            "effectivePeriod": {"start": medication.effective_start},
            "dosage": [{"text": medication.dosage_text, "doseAndRate": [{"doseQuantity": {
                "value": medication.dose_value, "unit": medication.dose_unit}}]}]})
        vaccine = add_entry(doc, patient.id, Immunization(
            code=Concept.of("Influenza", "cvx", "141"), occurrence="2023-10-02",
            lot_number="L1", dose_number=1)).data
        FhirImmunization.model_validate({
            "resourceType": "Immunization", "status": vaccine.status, "patient": subject,
            "vaccineCode": _concept(vaccine.code), "occurrenceDateTime": vaccine.occurrence,
            "lotNumber": vaccine.lot_number,
            "protocolApplied": [{"doseNumberPositiveInt": vaccine.dose_number}]})
        encounter = add_entry(doc, patient.id, Encounter(
            code=Concept.of("Consultation", "snomed", "11429006"),
            period_start="2024-05-01T09:00:00+02:00", period_end="2024-05-01T09:20:00+02:00"))
        FhirEncounter.model_validate({
            "resourceType": "Encounter", "status": encounter.data.status, "subject": subject,
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                      "code": encounter.data.class_code},
            "type": [_concept(encounter.data.code)],
            "period": {"start": encounter.data.period_start,
                       "end": encounter.data.period_end}})
        record_vitals(doc, patient.id, "2024-05-01T09:05:00+02:00", systolic=128, diastolic=82,
                      heart_rate=64, encounter_id=encounter.id)
        observations = list_observations(doc, patient.id).entries
        for entry in observations:
            FhirObservation.model_validate(_observation(entry))
        pressure = [e for e in observations if e.data.group_id]
        assert len(pressure) == 2 and len({e.data.group_id for e in pressure}) == 1
        FhirObservation.model_validate({
            "resourceType": "Observation", "status": "final", "subject": subject,
            "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
            "effectiveDateTime": pressure[0].data.effective,
            "component": [{"code": _concept(e.data.code),
                           "valueQuantity": {"value": e.data.value, "unit": e.data.unit}}
                          for e in pressure]})
