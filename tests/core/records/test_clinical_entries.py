"""Structured entries, observations as charted numbers, documents checked by content, and
the chart that reads them together."""

from __future__ import annotations

import math

import pytest

from app.core.errors import UsageError
from app.core.records import documents as documents_module
from app.core.records.chart import open_chart
from app.core.records.clinical import Allergy, Condition, Encounter, Immunization, Medication
from app.core.records.codes import CodeSystem, Coding, Concept
from app.core.records.documents import (
    add_document,
    list_documents,
    read_document_data,
    sniff_content_type,
)
from app.core.records.entries import add_entry, get_entry, list_entries, update_entry
from app.core.records.notes import NoteContent, add_note
from app.core.records.observations import (
    Observation,
    list_observations,
    observation_series,
    record_vitals,
)
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import HYPERTENSION, new_patient, signed_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def test_every_kind_round_trips_with_codes(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        encounter = add_entry(doc, patient, Encounter(
            code=Concept.of("Office visit", "snomed", "185349003"),
            period_start="2024-03-01T09:00:00+01:00", reason_text="check-up"))
        assert encounter.data.period_start == "2024-03-01T08:00:00.000+00:00"
        condition = Condition(code=Concept("Type 2 diabetes", Coding("snomed", "44054006"),
                                           (Coding("icd10", "E11.9", "T2DM"),)),
                              onset="2019-05", note="diet controlled at first")
        medication = Medication(code=Concept.of("Metformin", "rxnorm", "6809"),
                                dosage_text="500 mg twice daily", dose_value=500,
                                dose_unit="mg")
        allergy = Allergy(code=Concept.of("Peanut", "snomed", "256349002"),
                          reaction=Concept.of("Anaphylaxis", "snomed", "39579001"),
                          severity="severe", criticality="high", category="food")
        vaccine = Immunization(code=Concept.of("Influenza", "cvx", "141"),
                               occurrence="2023-10-01", lot_number="AB12")
        for data in (condition, medication, allergy, vaccine):
            added = add_entry(doc, patient, data, encounter_id=encounter.id)
            again = get_entry(doc, type(data), added.id)
            assert again.data == data and again.encounter_id == encounter.id
        stored = list_entries(doc, Condition, patient).entries[0].data
        assert stored.code.code_in(CodeSystem.ICD10) == "E11.9"
        assert stored.code.coding == Coding(CodeSystem.SNOMED.value, "44054006")


def test_values_are_checked(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        with pytest.raises(UsageError, match="Clinical status"):
            add_entry(doc, patient, Condition(code=HYPERTENSION, clinical_status="better"))
        with pytest.raises(UsageError, match="code system"):
            Concept.of("x", "not a system", "1")
        with pytest.raises(UsageError, match="number"):
            add_entry(doc, patient, Observation(code=HYPERTENSION, effective="2024-01-01",
                                                value=math.nan))
        with pytest.raises(UsageError, match="needs a value"):
            add_entry(doc, patient, Observation(code=HYPERTENSION, effective="2024-01-01"))
        with pytest.raises(UsageError, match="encounter"):
            add_entry(doc, patient, Condition(code=HYPERTENSION), encounter_id="nope")
        entry = add_entry(doc, patient, Condition(code=HYPERTENSION))
        updated = update_entry(doc, entry.id, Condition(code=HYPERTENSION,
                                                         clinical_status="resolved",
                                                         abatement="2024"))
        assert get_entry(doc, Condition, entry.id).data == updated.data


def test_observations_chart_as_numbers(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        for day, systolic in (("2024-03-01", 150), ("2024-01-01", 142), ("2024-02-01", 118)):
            record_vitals(doc, patient, f"{day}T09:00:00+00:00", systolic=systolic,
                          diastolic=85, weight=80.5)
        with pytest.raises(UsageError, match="both systolic and diastolic"):
            record_vitals(doc, patient, "2024-04-01", systolic=120)
        series = observation_series(doc, patient, "8480-6")
        assert [p.value for p in series.points] == [142, 118, 150]  # oldest first
        assert [p.interpretation for p in series.points] == ["H", "N", "H"]
        assert series.unit == "mm[Hg]" and (series.ref_low, series.ref_high) == (90, 120)
        since = observation_series(doc, patient, "8480-6", since="2024-01-15")
        assert [p.value for p in since.points] == [118, 150]
        page = list_observations(doc, patient, code="29463-7", limit=2)
        assert [e.data.effective[:10] for e in page.entries] == ["2024-03-01", "2024-02-01"]
        groups = {e.data.group_id for e in list_observations(doc, patient).entries
                  if e.data.code.code_in("loinc") in ("8480-6", "8462-4")}
        assert len(groups) == 3, "systolic and diastolic of one reading share a group"
        chart = open_chart(doc, patient)
        latest = {e.data.code.code_in("loinc"): e.data.value for e in chart.latest_observations}
        assert latest == {"8480-6": 150, "8462-4": 85, "29463-7": 80.5}
        assert chart.observation_count == 9


@pytest.mark.parametrize(("data", "kind"), [(PDF, "application/pdf"), (PNG, "image/png"),
                                            (JPEG, "image/jpeg"), (b"GIF89a...", None),
                                            (b"<html>%PDF-", None), (b"", None)])
def test_content_type_comes_from_the_bytes(data: bytes, kind: str | None) -> None:
    assert sniff_content_type(data) == kind


def test_documents_are_checked_stored_and_read_back(practice: PracticeVault,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        stored = add_document(doc, patient, PNG, title="Rash photo", content_type="image/png")
        assert stored.content_type == "image/png" and stored.size == len(PNG)
        assert read_document_data(doc, stored.id) == PNG
        with pytest.raises(UsageError, match="content is image/png"):
            add_document(doc, patient, PNG, title="scan.pdf", content_type="application/pdf")
        with pytest.raises(UsageError, match="PDF, PNG and JPEG"):
            add_document(doc, patient, b"MZ\x90\x00 an executable", title="invoice.pdf")
        monkeypatch.setattr(documents_module, "MAX_DOCUMENT_BYTES", 64)
        with pytest.raises(UsageError, match="limited"):
            add_document(doc, patient, PDF + b"x" * 100, title="Too big")
        assert [d.title for d in list_documents(doc, patient).documents] == ["Rash photo"]


def test_the_chart_reads_everything_in_one_audited_view(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        add_entry(doc, patient, Condition(code=HYPERTENSION))
        add_entry(doc, patient, Allergy(code=Concept.of("Latex")))
        add_note(doc, patient, NoteContent(body="Seen today"))
        add_document(doc, patient, PDF, title="Referral")
        before = doc.audit.count()
        chart = open_chart(doc, patient)
        assert doc.audit.count() == before + 1
        assert [e.data.code.text for e in chart.conditions] == ["Essential hypertension"]
        assert [e.data.code.text for e in chart.allergies] == ["Latex"]
        assert len(chart.notes) == 1 and len(chart.documents) == 1
        assert chart.to_json()["patient"]["id"] == patient
