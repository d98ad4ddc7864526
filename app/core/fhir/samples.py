"""FHIR R4 input that looks like what real systems send, generated in code.

Written for MedVault's tests and benchmarks from the published FHIR R4, US Core and IPS
structures; no file is copied from anywhere. Every generator is deterministic for a seed.

- `synthea_bundle`: a transaction Bundle in the manner of Synthea: urn:uuid references,
  years of encounters, blood pressure as LOINC 55284-4 with components, labs grouped by
  DiagnosticReport, MedicationRequest, claims the importer does not take.
- `portal_bundle`: a US Core patient-portal searchset: absolute fullUrls, relative
  references, pulse oximetry with both LOINC codes, BP as 85354-9, a contained Medication,
  a PDF DocumentReference, an OperationOutcome.
- `ips_document`: an International Patient Summary document Bundle with its Composition.
- `bulk_ndjson`: Bulk Data output, one NDJSON file per type.
- `broken_bundle`: references to nothing, odd units, bad dates, R5 and DSTU2 shapes.
"""

from __future__ import annotations

import base64
import json
import random
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

LOINC, SNOMED, UCUM = "http://loinc.org", "http://snomed.info/sct", "http://unitsofmeasure.org"
RXNORM, CVX = "http://www.nlm.nih.gov/research/umls/rxnorm", "http://hl7.org/fhir/sid/cvx"
ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
TERM = "http://terminology.hl7.org/CodeSystem/"
SYNTHEA_ID = "https://github.com/synthetichealth/synthea"
TINY_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages"
            b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

FAMILIES = ("Okafor", "Lindqvist", "Hernández", "Nguyen", "Müller", "O'Brien", "Kowalski",
            "Tanaka", "Haddad", "Silva", "Dubois", "Rossi")
GIVENS = ("Ada", "Björn", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gustavo", "Hana", "Ivo",
          "Jonas", "Keiko", "Lena")


def _cc(system: str, code: str, display: str, text: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"coding": [{"system": system, "code": code, "display": display}]}
    out["text"] = text or display
    return out


def _qty(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _vital_category() -> list[dict[str, Any]]:
    return [{"coding": [{"system": TERM + "observation-category", "code": "vital-signs",
                         "display": "vital-signs"}]}]


def _lab_category() -> list[dict[str, Any]]:
    return [{"coding": [{"system": TERM + "observation-category", "code": "laboratory",
                         "display": "laboratory"}]}]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _when(day: date, rng: random.Random) -> str:
    moment = datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.choice((0, 15, 30)),
                      tzinfo=timezone(timedelta(hours=-5)))
    return moment.isoformat()


def synthea_patient(rng: random.Random, pid: str) -> dict[str, Any]:
    family, given = rng.choice(FAMILIES), rng.choice(GIVENS)
    born = date(1940, 1, 1) + timedelta(days=rng.randint(0, 60 * 365))
    return {
        "resourceType": "Patient", "id": pid,
        "meta": {"profile": ["http://hl7.org/fhir/us/core/StructureDefinition/"
                             "us-core-patient"]},
        "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
                       "valueAddress": {"city": "Springfield", "country": "US"}}],
        "identifier": [
            {"system": SYNTHEA_ID, "value": pid},
            {"type": _cc(TERM.replace("CodeSystem/", "CodeSystem/v2-0203"), "MR",
                         "Medical Record Number"),
             "system": "http://hospital.smarthealthit.org", "value": pid},
            {"type": _cc(TERM + "v2-0203", "SS", "Social Security Number"),
             "system": "http://hl7.org/fhir/sid/us-ssn",
             "value": f"999-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"}],
        "name": [{"use": "official", "family": family, "given": [given], "prefix": ["Mx."]}],
        "telecom": [{"system": "phone", "value": f"555-{rng.randint(100, 999)}-"
                     f"{rng.randint(1000, 9999)}", "use": "home"}],
        "gender": rng.choice(("male", "female")), "birthDate": born.isoformat(),
        "address": [{"line": [f"{rng.randint(1, 999)} Elm Street"], "city": "Springfield",
                     "state": "MA", "postalCode": "01101", "country": "US"}],
        "maritalStatus": _cc(TERM + "v3-MaritalStatus", "M", "Married"),
        "communication": [{"language": _cc("urn:ietf:bcp:47", "en-US", "English")}]}


def synthea_bundle(seed: int = 1, *, years: int = 5, visits_per_year: int = 6,
                   target_resources: int | None = None) -> dict[str, Any]:
    """A Synthea-style transaction Bundle: one patient, `years` of history. With
    `target_resources`, visits are added until the Bundle holds about that many."""
    rng = random.Random(seed)
    pid = _uuid(rng)
    entries: list[dict[str, Any]] = []

    def add(resource: dict[str, Any]) -> str:
        rid = resource.setdefault("id", _uuid(rng))
        entries.append({"fullUrl": f"urn:uuid:{rid}", "resource": resource,
                        "request": {"method": "POST", "url": resource["resourceType"]}})
        return f"urn:uuid:{rid}"

    patient_ref = add(synthea_patient(rng, pid))
    subject = {"reference": patient_ref}
    start = date(2024, 12, 31) - timedelta(days=365 * years)
    add({"resourceType": "Condition",
         "clinicalStatus": _cc(TERM + "condition-clinical", "active", "Active"),
         "verificationStatus": _cc(TERM + "condition-ver-status", "confirmed", "Confirmed"),
         "category": [_cc(TERM + "condition-category", "encounter-diagnosis",
                          "Encounter Diagnosis")],
         "code": {"coding": [{"system": SNOMED, "code": "59621000", "display":
                              "Essential hypertension (disorder)"},
                             {"system": ICD10, "code": "I10", "display": "Hypertension"}],
                  "text": "Essential hypertension"},
         "subject": subject, "onsetDateTime": _when(start, rng),
         "recordedDate": _when(start, rng)})
    add({"resourceType": "AllergyIntolerance",
         "clinicalStatus": _cc(TERM + "allergyintolerance-clinical", "active", "Active"),
         "verificationStatus": _cc(TERM + "allergyintolerance-verification", "confirmed",
                                   "Confirmed"),
         "type": "allergy", "category": ["food"], "criticality": "low",
         "code": _cc(SNOMED, "91935009", "Allergy to peanuts"), "patient": subject,
         "recordedDate": _when(start, rng),
         "reaction": [{"manifestation": [_cc(SNOMED, "247472004", "Wheal (finding)")],
                       "severity": "mild"}]})
    visits = years * visits_per_year
    day = start
    number = 0
    while True:
        number += 1
        if target_resources is None and number > visits:
            break
        if target_resources is not None and len(entries) >= target_resources:
            break
        day = day + timedelta(days=rng.randint(20, 80))
        when = _when(day, rng)
        encounter = add({
            "resourceType": "Encounter", "status": "finished",
            "class": {"system": TERM + "v3-ActCode", "code": "AMB"},
            "type": [_cc(SNOMED, "185349003", "Encounter for check up (procedure)")],
            "subject": subject,
            "participant": [{"individual": {"reference": "Practitioner?identifier="
                                            "http://hl7.org/fhir/sid/us-npi|9999912345",
                                            "display": "Dr. Imani Example"}}],
            "period": {"start": when, "end": when.replace(":00-05", ":20-05")},
            "serviceProvider": {"display": "Springfield Family Practice"}})
        context = {"reference": encounter}
        systolic, diastolic = rng.randint(105, 160), rng.randint(65, 100)
        add({"resourceType": "Observation", "status": "final",
             "category": _vital_category(),
             "code": {"coding": [{"system": LOINC, "code": "55284-4",
                                  "display": "Blood Pressure"}], "text": "Blood Pressure"},
             "subject": subject, "encounter": context, "effectiveDateTime": when,
             "issued": when,
             "component": [
                 {"code": _cc(LOINC, "8462-4", "Diastolic Blood Pressure"),
                  "valueQuantity": _qty(diastolic, "mm[Hg]")},
                 {"code": _cc(LOINC, "8480-6", "Systolic Blood Pressure"),
                  "valueQuantity": _qty(systolic, "mm[Hg]")}]})
        for code, name, value, unit in (
                ("8867-4", "Heart rate", rng.randint(55, 95), "/min"),
                ("29463-7", "Body Weight", round(rng.uniform(55, 110), 1), "kg"),
                ("39156-5", "Body Mass Index", round(rng.uniform(19, 33), 1), "kg/m2"),
                ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                 rng.randint(0, 4), "{score}")):
            add({"resourceType": "Observation", "status": "final",
                 "category": _vital_category(), "code": _cc(LOINC, code, name),
                 "subject": subject, "encounter": context, "effectiveDateTime": when,
                 "issued": when, "valueQuantity": _qty(value, unit)})
        if number % 2 == 0:
            results = []
            for code, name, low, high, unit in (
                    ("2345-7", "Glucose", 70, 99, "mg/dL"),
                    ("2160-0", "Creatinine", 0.6, 1.3, "mg/dL"),
                    ("2951-2", "Sodium", 135, 145, "mmol/L"),
                    ("2823-3", "Potassium", 3.5, 5.1, "mmol/L"),
                    ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", 4.0, 5.6, "%")):
                value = round(rng.uniform(low * 0.85, high * 1.2), 1)
                results.append({"reference": add({
                    "resourceType": "Observation", "status": "final",
                    "category": _lab_category(), "code": _cc(LOINC, code, name),
                    "subject": subject, "encounter": context, "effectiveDateTime": when,
                    "issued": when, "valueQuantity": _qty(value, unit),
                    "referenceRange": [{"low": _qty(low, unit), "high": _qty(high, unit)}]})})
            add({"resourceType": "DiagnosticReport", "status": "final",
                 "category": [_cc(TERM.replace("CodeSystem/", "CodeSystem/v2-0074"), "LAB",
                                  "Laboratory")],
                 "code": _cc(LOINC, "51990-0", "Basic Metabolic Panel"), "subject": subject,
                 "encounter": context, "effectiveDateTime": when, "issued": when,
                 "result": results})
        if number % 5 == 1:
            add({"resourceType": "MedicationRequest", "status": "active",
                 "intent": "order",
                 "medicationCodeableConcept": _cc(RXNORM, "314076",
                                                  "lisinopril 10 MG Oral Tablet"),
                 "subject": subject, "encounter": context, "authoredOn": when,
                 "requester": {"display": "Dr. Imani Example"},
                 "dosageInstruction": [{"sequence": 1, "text": "10 mg once daily",
                                        "timing": {"repeat": {"frequency": 1, "period": 1,
                                                              "periodUnit": "d"}},
                                        "asNeededBoolean": False}]})
        if number % 6 == 3:
            add({"resourceType": "Immunization", "status": "completed",
                 "vaccineCode": _cc(CVX, "140", "Influenza, seasonal, injectable, "
                                    "preservative free"),
                 "patient": subject, "encounter": context, "occurrenceDateTime": when,
                 "primarySource": True})
        if number % 3 == 2:
            add({"resourceType": "Procedure", "status": "completed",
                 "code": _cc(SNOMED, "430193006", "Medication Reconciliation (procedure)"),
                 "subject": subject, "encounter": context,
                 "performedPeriod": {"start": when, "end": when}})
        if number % 4 == 0:
            add({"resourceType": "Claim", "status": "active",
                 "type": _cc(TERM + "claim-type", "professional", "Professional"),
                 "use": "claim", "patient": subject, "created": when,
                 "provider": {"display": "Springfield Family Practice"},
                 "priority": _cc(TERM + "processpriority", "normal", "Normal"),
                 "insurance": [{"sequence": 1, "focal": True,
                                "coverage": {"display": "Medicare"}}],
                 "total": {"value": 129.16, "currency": "USD"}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def portal_bundle(seed: int = 2) -> dict[str, Any]:
    """A US Core patient-portal download: a searchset with absolute fullUrls."""
    rng = random.Random(seed)
    base = "https://portal.example.org/fhir/"
    entries: list[dict[str, Any]] = []

    def add(resource: dict[str, Any], mode: str = "match") -> dict[str, Any]:
        entries.append({"fullUrl": base + f"{resource['resourceType']}/{resource['id']}",
                        "resource": resource, "search": {"mode": mode}})
        return resource

    add({"resourceType": "Patient", "id": "pt-1001",
         "identifier": [{"use": "usual", "type": _cc(TERM + "v2-0203", "MR",
                                                        "Medical Record Number"),
                         "system": "urn:oid:1.2.36.146.595.217.0.1", "value": "12345"}],
         "name": [{"use": "official", "family": "Shaw", "given": ["Amy", "V."]},
                  {"use": "maiden", "family": "Baxter", "given": ["Amy"]}],
         "telecom": [{"system": "phone", "value": "555-555-5555", "use": "home"},
                     {"system": "email", "value": "amy.shaw@example.com"}],
         "gender": "female", "birthDate": "1987-02-20",
         "address": [{"line": ["49 Meadow St"], "city": "Mounds", "state": "OK",
                      "postalCode": "74047", "country": "US"}],
         "extension": [{"url": "http://hl7.org/fhir/us/core/StructureDefinition/"
                               "us-core-race",
                        "extension": [{"url": "text", "valueString": "Mixed"}]}]})
    subject = {"reference": "Patient/pt-1001", "display": "Amy V. Shaw"}
    add({"resourceType": "Observation", "id": "oxygen-1",
         "meta": {"profile": ["http://hl7.org/fhir/us/core/StructureDefinition/"
                              "us-core-pulse-oximetry"]},
         "status": "final", "category": _vital_category(),
         "code": {"coding": [{"system": LOINC, "code": "2708-6",
                              "display": "Oxygen saturation in Arterial blood"},
                             {"system": LOINC, "code": "59408-5",
                              "display": "Oxygen saturation in Arterial blood by Pulse "
                                         "oximetry"}], "text": "SpO2"},
         "subject": subject, "effectiveDateTime": "2023-07-05T10:41:00-05:00",
         "valueQuantity": {"value": 97, "unit": "%", "system": UCUM, "code": "%"},
         "interpretation": [_cc(TERM + "v3-ObservationInterpretation", "N", "Normal")]})
    add({"resourceType": "Observation", "id": "bp-1", "status": "final",
         "category": _vital_category(),
         "code": {"coding": [{"system": LOINC, "code": "85354-9",
                              "display": "Blood pressure panel with all children optional"}],
                  "text": "Blood pressure systolic & diastolic"},
         "subject": subject, "effectiveDateTime": "2023-07-05T10:40:00-05:00",
         "component": [{"code": _cc(LOINC, "8480-6", "Systolic blood pressure"),
                        "valueQuantity": {"value": 109, "unit": "mmHg", "system": UCUM,
                                          "code": "mm[Hg]"}},
                       {"code": _cc(LOINC, "8462-4", "Diastolic blood pressure"),
                        "valueQuantity": {"value": 44, "unit": "mmHg", "system": UCUM,
                                          "code": "mm[Hg]"},
                        "interpretation": [_cc(TERM + "v3-ObservationInterpretation", "L",
                                               "low")]}]})
    add({"resourceType": "Observation", "id": "hba1c-1", "status": "final",
         "category": _lab_category(),
         "code": _cc(LOINC, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"),
         "subject": subject, "effectiveDateTime": "2023-06-20",
         "valueQuantity": _qty(6.1, "%"),
         "referenceRange": [{"low": _qty(4.0, "%"), "high": _qty(5.6, "%"),
                             "text": "4.0-5.6 %"}],
         "interpretation": [_cc(TERM + "v3-ObservationInterpretation", "H", "High")],
         "note": [{"text": "Fasting sample"}]})
    add({"resourceType": "Observation", "id": "smoking-1", "status": "final",
         "category": [{"coding": [{"system": TERM + "observation-category",
                                   "code": "social-history"}]}],
         "code": _cc(LOINC, "72166-2", "Tobacco smoking status"), "subject": subject,
         "effectiveDateTime": "2023-06-20",
         "valueCodeableConcept": _cc(SNOMED, "8517006", "Former smoker")})
    add({"resourceType": "Condition", "id": "cond-1",
         "clinicalStatus": _cc(TERM + "condition-clinical", "active", "Active"),
         "verificationStatus": _cc(TERM + "condition-ver-status", "confirmed", "Confirmed"),
         "category": [_cc("http://hl7.org/fhir/us/core/CodeSystem/condition-category",
                          "health-concern", "Health Concern")],
         "code": {"coding": [{"system": SNOMED, "code": "44054006",
                              "display": "Diabetes mellitus type 2"},
                             {"system": ICD10, "code": "E11.9"}],
                  "text": "Type 2 diabetes"},
         "subject": subject, "onsetDateTime": "2019-03", "recordedDate": "2019-04-02"})
    add({"resourceType": "MedicationStatement", "id": "medstat-1", "status": "active",
         "contained": [{"resourceType": "Medication", "id": "med",
                        "code": _cc(RXNORM, "860975", "metformin hydrochloride 500 MG "
                                    "24HR Extended Release Oral Tablet")}],
         "medicationReference": {"reference": "#med"}, "subject": subject,
         "effectivePeriod": {"start": "2019-04-02"},
         "dosage": [{"text": "500 mg twice daily with meals",
                     "doseAndRate": [{"doseQuantity": {"value": 500, "unit": "mg",
                                                       "system": UCUM, "code": "mg"}}],
                     "route": _cc(SNOMED, "26643006", "Oral route")}]})
    add({"resourceType": "AllergyIntolerance", "id": "allergy-1",
         "clinicalStatus": _cc(TERM + "allergyintolerance-clinical", "active", "Active"),
         "verificationStatus": _cc(TERM + "allergyintolerance-verification", "confirmed",
                                   "Confirmed"),
         "category": ["medication"], "criticality": "high",
         "code": _cc(RXNORM, "7980", "Penicillin G"), "patient": subject,
         "reaction": [{"manifestation": [_cc(SNOMED, "271807003", "Skin rash")],
                       "severity": "moderate"}]})
    add({"resourceType": "Immunization", "id": "imm-1", "status": "completed",
         "vaccineCode": _cc(CVX, "208", "SARS-COV-2 (COVID-19) vaccine, mRNA"),
         "patient": subject, "occurrenceDateTime": "2021-04-12", "lotNumber": "EW0182",
         "primarySource": True, "protocolApplied": [{"doseNumberPositiveInt": 2}]})
    add({"resourceType": "DocumentReference", "id": "doc-1", "status": "current",
         "type": _cc(LOINC, "34133-9", "Summary of episode note"),
         "category": [{"coding": [{"system": "http://hl7.org/fhir/us/core/CodeSystem/"
                                             "us-core-documentreference-category",
                                   "code": "clinical-note"}]}],
         "subject": subject, "date": "2023-07-05T12:00:00Z", "description": "Visit summary",
         "content": [{"attachment": {"contentType": "application/pdf",
                                     "data": base64.b64encode(TINY_PDF).decode(),
                                     "title": "Visit summary 2023-07-05"}}]})
    add({"resourceType": "DocumentReference", "id": "note-1", "status": "current",
         "type": _cc(LOINC, "11506-3", "Progress note"), "subject": subject,
         "date": "2023-07-05T12:05:00Z",
         "content": [{"attachment": {"contentType": "text/plain",
                                     "data": base64.b64encode(
                                         b"Follow-up in 3 months. Recheck HbA1c."
                                     ).decode()}}]})
    add({"resourceType": "DocumentReference", "id": "doc-link", "status": "current",
         "type": _cc(LOINC, "18842-5", "Discharge summary"), "subject": subject,
         "content": [{"attachment": {"contentType": "application/pdf",
                                     "url": "https://portal.example.org/docs/77.pdf"}}]})
    add({"resourceType": "OperationOutcome", "id": "outcome",
         "issue": [{"severity": "information", "code": "informational",
                    "diagnostics": "Some results are withheld pending review."}]},
        mode="outcome")
    del rng
    return {"resourceType": "Bundle", "id": "portal-search", "type": "searchset",
            "total": len(entries) - 1, "link": [{"relation": "self",
                                                 "url": base + "Patient/pt-1001/$everything"}],
            "entry": entries}


def ips_document(seed: int = 3) -> dict[str, Any]:
    """An International Patient Summary: a document Bundle whose first entry is the
    Composition, with urn:uuid references throughout."""
    rng = random.Random(seed)
    ids = {k: _uuid(rng) for k in ("comp", "pat", "allergy", "med", "medication", "cond",
                                   "imm", "org")}
    ref = {k: {"reference": f"urn:uuid:{v}"} for k, v in ids.items()}
    resources: list[dict[str, Any]] = [
        {"resourceType": "Composition", "id": ids["comp"], "status": "final",
         "type": _cc(LOINC, "60591-5", "Patient summary Document"), "subject": ref["pat"],
         "date": "2024-02-01T10:00:00+01:00", "author": [ref["org"]],
         "title": "Patient Summary as of February 1, 2024",
         "section": [
             {"title": "Allergies and Intolerances",
              "code": _cc(LOINC, "48765-2", "Allergies and adverse reactions Document"),
              "entry": [ref["allergy"]]},
             {"title": "Medication", "code": _cc(LOINC, "10160-0", "History of Medication "
                                                 "use Narrative"), "entry": [ref["med"]]},
             {"title": "Problems", "code": _cc(LOINC, "11450-4", "Problem list - Reported"),
              "entry": [ref["cond"]]},
             {"title": "Immunizations", "code": _cc(LOINC, "11369-6", "History of "
                                                    "Immunization Narrative"),
              "entry": [ref["imm"]]}]},
        {"resourceType": "Patient", "id": ids["pat"],
         "identifier": [{"system": "urn:oid:2.16.840.1.113883.2.4.6.3", "value": "574687583"}],
         "active": True, "name": [{"family": "DeNoiseau", "given": ["Martha"]}],
         "telecom": [{"system": "phone", "value": "+31788700800", "use": "home"}],
         "gender": "female", "birthDate": "1963-06-24",
         "address": [{"line": ["Laan Van Europa 1600"], "city": "Dordrecht",
                      "postalCode": "3317 DB", "country": "NL"}],
         "contact": [{"relationship": [_cc(TERM + "v2-0131", "N", "Next-of-Kin")],
                      "name": {"family": "Martin", "given": ["Bert"]},
                      "telecom": [{"system": "phone", "value": "+33-555-20036"}]}]},
        {"resourceType": "AllergyIntolerance", "id": ids["allergy"],
         "clinicalStatus": _cc(TERM + "allergyintolerance-clinical", "active", "Active"),
         "verificationStatus": _cc(TERM + "allergyintolerance-verification", "confirmed",
                                   "Confirmed"),
         "type": "allergy", "category": ["medication"], "criticality": "high",
         "code": _cc(SNOMED, "373270004", "Substance with penicillin structure and "
                     "antibacterial mechanism of action"),
         "patient": ref["pat"], "onsetDateTime": "2010"},
        {"resourceType": "Medication", "id": ids["medication"],
         "code": {"coding": [{"system": SNOMED, "code": "108774000",
                              "display": "Product containing anastrozole"},
                             {"system": "http://www.whocc.no/atc", "code": "L02BG03",
                              "display": "anastrozole"}]}},
        {"resourceType": "MedicationStatement", "id": ids["med"], "status": "active",
         "medicationReference": ref["medication"], "subject": ref["pat"],
         "effectivePeriod": {"start": "2015-03"},
         "dosage": [{"timing": {"repeat": {"count": 1, "periodUnit": "d"}},
                     "route": _cc("http://standardterms.edqm.eu", "20053000", "Oral use")}]},
        {"resourceType": "Condition", "id": ids["cond"],
         "clinicalStatus": _cc(TERM + "condition-clinical", "remission", "Remission"),
         "verificationStatus": _cc(TERM + "condition-ver-status", "confirmed", "Confirmed"),
         "category": [_cc(LOINC, "75326-9", "Problem")],
         "severity": _cc(LOINC, "LA6750-9", "Severe"),
         "code": _cc(SNOMED, "254837009", "Malignant neoplasm of breast"),
         "subject": ref["pat"], "onsetDateTime": "2015"},
        {"resourceType": "Immunization", "id": ids["imm"], "status": "completed",
         "vaccineCode": _cc(SNOMED, "836398006", "Pneumococcal vaccine"),
         "patient": ref["pat"], "occurrenceDateTime": "2022-10-01",
         "primarySource": False},
        {"resourceType": "Organization", "id": ids["org"], "name": "Anorg Aniza Tion BV"}]
    return {"resourceType": "Bundle", "id": _uuid(rng),
            "identifier": {"system": "urn:oid:2.16.724.4.8.10.200.10",
                           "value": "28b95815-76ce-457b-b7ae-a972e527db40"},
            "type": "document", "timestamp": "2024-02-01T10:00:00+01:00",
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]}


def bulk_ndjson(folder: Path, seed: int = 4, patients: int = 3) -> Path:
    """Bulk Data output in `folder`: Patient.ndjson, Observation.ndjson, Condition.ndjson,
    with relative references, and a manifest like a server's."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    lines: dict[str, list[dict[str, Any]]] = {"Patient": [], "Observation": [],
                                               "Condition": []}
    for number in range(patients):
        pid = f"bulk-{seed}-{number}"
        patient = synthea_patient(rng, pid)
        lines["Patient"].append(patient)
        subject = {"reference": f"Patient/{pid}"}
        for visit in range(4):
            when = f"202{visit}-0{number % 9 + 1}-15T09:00:00Z"
            lines["Observation"].append({
                "resourceType": "Observation", "id": f"{pid}-hr-{visit}", "status": "final",
                "category": _vital_category(), "code": _cc(LOINC, "8867-4", "Heart rate"),
                "subject": subject, "effectiveDateTime": when,
                "valueQuantity": _qty(rng.randint(55, 95), "/min")})
        lines["Condition"].append({
            "resourceType": "Condition", "id": f"{pid}-c", "subject": subject,
            "clinicalStatus": _cc(TERM + "condition-clinical", "active", "Active"),
            "code": _cc(SNOMED, "195967001", "Asthma")})
    for rtype, resources in lines.items():
        with open(folder / f"{rtype}.ndjson", "w", encoding="utf-8") as handle:
            for resource in resources:
                handle.write(json.dumps(resource) + "\n")
    (folder / "manifest.json").write_text(json.dumps({
        "transactionTime": "2024-01-01T00:00:00Z", "request": "https://x/$export",
        "requiresAccessToken": True,
        "output": [{"type": t, "url": f"https://x/{t}.ndjson"} for t in lines],
        "error": []}))
    return folder


def broken_bundle() -> dict[str, Any]:
    """Input a careful importer must refuse piece by piece, with reasons."""
    subject = {"reference": "urn:uuid:11111111-1111-4111-8111-111111111111"}
    ok_patient = {"resourceType": "Patient", "id": "11111111-1111-4111-8111-111111111111",
                  "name": [{"family": "Brokenref", "given": ["Bea"]}],
                  "birthDate": "1990-01-01", "gender": "female"}
    entries = [
        {"fullUrl": f"urn:uuid:{ok_patient['id']}", "resource": ok_patient},
        {"resource": {"resourceType": "Observation", "id": "orphan", "status": "final",
                      "code": _cc(LOINC, "8867-4", "Heart rate"),
                      "subject": {"reference": "urn:uuid:99999999-9999-4999-8999-999999999999"},
                      "effectiveDateTime": "2024-01-01T10:00:00Z",
                      "valueQuantity": _qty(70, "/min")}},
        {"resource": {"resourceType": "Observation", "id": "odd-unit", "status": "final",
                      "code": _cc(LOINC, "29463-7", "Body weight"), "subject": subject,
                      "effectiveDateTime": "2024-01-01T10:00:00Z",
                      "valueQuantity": {"value": 11, "unit": "stone and a bit"}}},
        {"resource": {"resourceType": "Observation", "id": "handwritten-unit",
                      "status": "final", "code": _cc(LOINC, "8310-5", "Body temperature"),
                      "subject": subject, "effectiveDateTime": "2024-01-01T10:00:00Z",
                      "valueQuantity": {"value": 37.2, "unit": "°C"}}},
        {"resource": {"resourceType": "Observation", "id": "bad-date", "status": "final",
                      "code": _cc(LOINC, "8867-4", "Heart rate"), "subject": subject,
                      "effectiveDateTime": "12/03/2020", "valueQuantity": _qty(70, "/min")}},
        {"resource": {"id": "no-type", "status": "final"}},
        {"resource": {"resourceType": "Condition", "id": "stu3", "subject": subject,
                      "clinicalStatus": "active", "code": {"text": "Asthma"}}},
        {"resource": {"resourceType": "SubscriptionTopic", "id": "r5", "status": "active",
                      "url": "http://x"}},
        {"resource": {"resourceType": "Condition", "id": "no-code", "subject": subject}},
        {"resource": {"resourceType": "Observation", "id": "no-value", "status": "final",
                      "code": _cc(LOINC, "8867-4", "Heart rate"), "subject": subject,
                      "effectiveDateTime": "2024-01-01T10:00:00Z"}},
        {"resource": {"resourceType": "Encounter", "id": "no-subject",
                      "status": "finished", "class": {"code": "AMB"}}},
        {"request": {"method": "DELETE", "url": "Observation/1"}},
    ]
    return {"resourceType": "Bundle", "type": "batch", "entry": entries}


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return path
