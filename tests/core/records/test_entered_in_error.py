"""Entered in error (issue 12 item 2): any entry of any kind can be marked; it stays in
the history with who marked it and why, and leaves every active list, the allergy banner,
the prescribing checks and FHIR exports as active."""

from __future__ import annotations

import json
import uuid

import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.records.absence import allergy_status
from app.core.records.chart import open_chart
from app.core.records.clinical import Allergy, Medication
from app.core.records.codes import Concept
from app.core.records.documents import add_document, list_documents
from app.core.records.entries import add_entry, get_entry, list_entries
from app.core.records.in_error import mark_entered_in_error
from app.core.records.kinds import KINDS
from app.core.records.notes import NoteContent, add_note, list_notes
from app.core.records.observations import record_vitals
from app.core.records.prescribing import check_medication
from app.core.records.restricted import open_restricted
from app.core.roles import Role
from app.core.session import Session
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in
from tests.core.records.test_kinds import ENTRY_KINDS, sample

WHY = "recorded on the wrong patient"


def every_kind(doc: Session, patient: str) -> dict[str, str]:
    """One entry of every kind in the registry (notes and documents too): kind -> id."""
    ids = {spec.name: add_entry(doc, patient, sample(spec)).id for spec in ENTRY_KINDS}
    ids["note"] = add_note(doc, patient, NoteContent(body="seen today")).id
    ids["document"] = add_document(doc, patient, b"%PDF-1.4 letter", title="Letter",
                                   content_type="application/pdf").id
    assert set(ids) == {k.name for k in KINDS}, "a kind was left out of this test"
    return ids


def test_every_kind_can_be_marked_and_stays_in_the_history(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        ids = every_kind(doc, patient)
        for kind, entry_id in ids.items():
            mark = mark_entered_in_error(doc, entry_id, f"  {WHY}  ")
            assert (mark.kind, mark.reason, mark.marked_by) == (kind, WHY, doc.user.user_id)
            logged = list(doc.audit.entries(action_prefix=f"{kind}.error"))[-1]
            assert logged.target == entry_id and WHY not in (logged.detail or "")
        chart = open_chart(doc, patient)
        for spec in ENTRY_KINDS:
            assert list_entries(doc, spec.data, patient).entries == [], spec.name  # type: ignore[arg-type]
            # Never deleted: the entry itself still reads, as it was.
            assert get_entry(doc, spec.data, ids[spec.name]).id == ids[spec.name]  # type: ignore[arg-type]
        assert all(chart.lists[name] == [] for name in chart.lists)
        assert list_notes(doc, patient).notes == [] and chart.notes == []
        assert list_documents(doc, patient).documents == [] and chart.documents == []
        assert chart.latest_observations == []
        assert {m.entry_id: m.kind for m in chart.in_error} == {v: k for k, v in ids.items()}
        marks = chart.to_json()["entered_in_error"]
        assert {m["reason"] for m in marks} == {WHY}
        assert next(m for m in chart.in_error if m.kind == "note").summary == "seen today"
        with pytest.raises(UsageError, match="already marked"):
            mark_entered_in_error(doc, ids["allergy"], WHY)
        with pytest.raises(UsageError, match="Say why"):
            mark_entered_in_error(doc, add_entry(doc, patient, sample(ENTRY_KINDS[0])).id,
                                  " no ")


def test_a_mistaken_allergy_leaves_the_banner_and_the_prescribing_check(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        wrong = add_entry(doc, patient, Allergy(code=Concept.of("Penicillin", "rxnorm",
                                                                "7980")))
        amoxicillin = Medication(code=Concept.of("Amoxicillin 500 mg", "rxnorm", "723"))
        chart = open_chart(doc, patient)
        assert allergy_status(chart.allergies).state == "recorded"
        assert check_medication(chart.allergies, chart.medications, amoxicillin)
        mark_entered_in_error(doc, wrong.id, "allergy belongs to her sister")
        chart = open_chart(doc, patient)
        assert chart.allergies == []
        assert allergy_status(chart.allergies).state != "recorded"
        assert check_medication(chart.allergies, chart.medications, amoxicillin) == []
        record_vitals(doc, patient, "2024-01-01T09:00:00+00:00", heart_rate=71)
        [pulse] = open_chart(doc, patient).latest_observations
        record_vitals(doc, patient, "2024-02-01T09:00:00+00:00", heart_rate=190)
        [typo] = open_chart(doc, patient).latest_observations
        assert typo.data.value == 190
        mark_entered_in_error(doc, typo.id, "typed 190 for 90")
        [latest] = open_chart(doc, patient).latest_observations
        assert latest.id == pulse.id, "the latest result is the last one not in error"


def test_drafts_restricted_entries_and_roles(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner)
        draft = add_note(owner, patient, NoteContent(body="half written"), sign=False).id
        with pytest.raises(UsageError, match="discard it"):
            mark_entered_in_error(owner, draft, WHY)
        secret = add_entry(owner, patient, sample(ENTRY_KINDS[2]), restricted=True).id
        open_restricted(owner, patient, "correcting my own entry", entry_id=secret)
        mark_entered_in_error(owner, secret, WHY)
    with signed_in(practice, Role.CLINICIAN) as doc:
        assert open_chart(doc, patient).in_error == [], "a restricted entry's mark stays hidden"
        other = add_entry(doc, patient, sample(ENTRY_KINDS[3]), restricted=True).id
    with signed_in(practice, Role.CLINICIAN) as doc:
        with pytest.raises(PermissionDenied, match="restricted"):
            mark_entered_in_error(doc, other, WHY)
        open_restricted(doc, patient, "patient in clinic today", entry_id=other)
        mark_entered_in_error(doc, other, WHY)
    with signed_in(practice, Role.RECEPTION) as desk:
        with pytest.raises(PermissionDenied):
            mark_entered_in_error(desk, other, WHY)
        refusal = list(desk.audit.entries(action_prefix="permission.denied"))[-1]
        assert json.loads(refusal.detail)["operation"] == "entry.error"


def test_fhir_exports_them_as_entered_in_error_never_as_active(
        practice: PracticeVault) -> None:
    from app.core.fhir import build_patient_bundle
    from tests.core.fhir.conftest import validate_r4

    ver = "http://terminology.hl7.org/CodeSystem/"
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        ids = every_kind(doc, patient)
        keep = add_entry(doc, patient, Allergy(code=Concept.of("Latex"))).id
        for entry_id in ids.values():
            mark_entered_in_error(doc, entry_id, WHY)
        bundle = build_patient_bundle(doc, patient, sections=["all"])
    resources = {e["resource"]["id"]: e["resource"] for e in bundle["entry"]}
    for kind, entry_id in ids.items():
        resource = resources[entry_id]
        validate_r4(resource)
        if kind in ("condition", "allergy"):
            system = ver + ("condition-ver-status" if kind == "condition"
                            else "allergyintolerance-verification")
            assert resource["verificationStatus"] == {"coding": [
                {"system": system, "code": "entered-in-error"}]}, kind
            assert "clinicalStatus" not in resource, kind
        else:
            assert resource["status"] == "entered-in-error", kind
    assert resources[keep]["verificationStatus"]["coding"][0]["code"] == "confirmed"
    assert resources[keep]["clinicalStatus"]["coding"][0]["code"] == "active"


def test_every_kind_knows_where_its_resource_says_entered_in_error() -> None:
    # A new kind in the registry is covered by marking, lists and exports without a
    # change elsewhere, but must say where FHIR puts its entered-in-error status.
    for spec in KINDS:
        field = next((f for f in spec.fields if f.fhir == spec.error_element), None)
        if spec.fields:
            assert field is not None, spec.name
            assert "entered-in-error" in field.choices, spec.name
        else:
            assert spec.fhir_resource == "DocumentReference" and spec.error_element == "status"


def test_an_import_of_entered_in_error_resources_marks_them(practice: PracticeVault) -> None:
    import json as json_module

    from app.core.fhir import apply_import, build_patient_bundle, plan_import

    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        ids = every_kind(doc, patient)
        for entry_id in ids.values():
            mark_entered_in_error(doc, entry_id, WHY)
        text = json_module.dumps(build_patient_bundle(doc, patient, sections=["all"]))
        # As another vault would send them: the same resources under ids new here.
        for entry_id in ids.values():
            text = text.replace(entry_id, uuid.uuid4().hex)
        other = new_patient(doc, "Elsewhere", "Person")
        report = apply_import(doc, plan_import(doc, [], patient_id=other,
                                               texts=[("bundle.json", text)]))
        assert report.entries >= len(ids)
        chart = open_chart(doc, other)
    # Back in, every kind whose resource carries a status comes back marked, not active
    # (an imported note is a DocumentReference read as a note: it has no status of its own).
    assert all(chart.lists[name] == [] for name in chart.lists)
    assert chart.documents == [] and chart.latest_observations == []
    assert {m.kind for m in chart.in_error} == {k.name for k in KINDS} - {"note"}
    assert {m.reason for m in chart.in_error} == {"Imported as entered in error (FHIR status)."}
