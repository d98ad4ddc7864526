"""The registry of clinical entry kinds: each kind is defined once and every place that
lists kinds (guard, restriction, erasure, consent, access report, chart, demo, FHIR) gets
it from there. These tests add one entry of every kind through the ordinary functions, so
a kind missing from any of those places fails here, not in a patient's record."""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any

import pytest

from app.core.records import access_report, consent, erasure, kinds
from app.core.records.chart import open_chart
from app.core.records.clinical import Procedure
from app.core.records.codes import CodeSystem, Concept
from app.core.records.contacts import ContactInput, add_contact
from app.core.records.demo import fill_demo
from app.core.records.entries import Entry, EntryData, add_entry, get_entry, list_entries
from app.core.records.guard import CLINICAL_TABLES, entry_owner
from app.core.records.kinds import KINDS, Field, Kind
from app.core.records.restricted import set_entry_restricted
from app.core.roles import Role
from app.core.session import Session
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in

ENTRY_KINDS = [k for k in KINDS if k.data is not None]


def _value(spec: Kind, field: Field) -> Any:
    """A valid value for any field of any kind, from its definition alone."""
    if field.widget == "concept":
        return Concept.of(f"{spec.name} {field.name}", CodeSystem.SNOMED, "12345")
    if field.choices:
        return field.choices[0]
    return {"date": "2021-03-04", "moment": "2021-03-04T10:00:00+00:00", "int": 2,
            "number": 1.5}.get(field.widget, f"{spec.name} {field.name}")


def sample(spec: Kind) -> EntryData:
    data = spec.data
    assert data is not None
    values = {f.name: _value(spec, f) for f in spec.fields}
    if spec.name == "observation":
        # A real UCUM unit: an import trusts only those (app/core/records/ucum.py).
        values.update(group_id=None, interpretation=None, unit="mg/dL")
    return data(**values)


def test_every_dataclass_field_is_defined_in_the_registry() -> None:
    for spec in ENTRY_KINDS:
        assert spec.data is not None
        names = {f.name for f in dataclasses.fields(spec.data)} - {"extra"}
        assert names == {f.name for f in spec.fields}, spec.name
        assert spec.data.SPEC is spec and spec.table == spec.data.TABLE
        assert spec.name == spec.data.KIND
    assert [k.name for k in KINDS if k.data is None] == ["note", "document"]


def test_a_kind_is_named_once_everywhere() -> None:
    for attribute in ("name", "table", "section"):
        values = [getattr(k, attribute) for k in KINDS]
        assert len(values) == len(set(values)), attribute
    assert len({k.key for k in KINDS}) == len(KINDS)


def test_every_kind_is_in_guard_erasure_consent_and_access_report() -> None:
    erased = [label for label, _sql in erasure._CLINICAL_DELETES]
    for spec in KINDS:
        assert CLINICAL_TABLES[spec.name] == spec.table
        assert spec.table in erased, spec.name
        assert spec.section in consent.SECTIONS
        for verb in ("create", "read", "list", "restrict"):
            words = access_report.describe(f"{spec.name}.{verb}")
            assert words != f"{spec.name} {verb}", (spec.name, verb)  # not the fallback
    # Dependent rows go before their parents, encounters last.
    assert erased.index("document_data") < erased.index("documents")
    assert erased.index("amendments") < erased.index("notes")
    assert erased[-1] == "encounters"


def test_fhir_places_exist_in_the_r4_resources() -> None:
    for spec in ENTRY_KINDS:
        module = importlib.import_module(f"fhir.resources.R4B.{spec.fhir_resource.lower()}")
        model = getattr(module, spec.fhir_resource)
        elements = {info.alias or name for name, info in model.model_fields.items()}
        for field in spec.fields:
            top = field.fhir.split(".")[0]
            assert top in elements, (spec.name, field.name, field.fhir)
            assert field.fhir_type, (spec.name, field.name)


def test_value_sets_are_what_core_enforces(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        for spec in ENTRY_KINDS:
            for field in spec.fields:
                if not field.choices:
                    continue
                assert spec.data is not None
                assert spec.data.CHOICES[field.name] == frozenset(field.choices)
                wrong = dataclasses.replace(sample(spec), **{field.name: "not-a-fhir-code"})
                with pytest.raises(Exception, match="is one of"):
                    add_entry(doc, patient, wrong)


def _every_kind(doc: Session, patient: str) -> dict[str, Entry[Any]]:
    return {spec.name: add_entry(doc, patient, sample(spec)) for spec in ENTRY_KINDS}


def test_every_kind_is_stored_listed_charted_restricted_and_reported(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        added = _every_kind(doc, patient)
        for spec in ENTRY_KINDS:
            entry = added[spec.name]
            assert spec.data is not None
            assert get_entry(doc, spec.data, entry.id).data == entry.data
            assert [e.id for e in list_entries(doc, spec.data, patient).entries] == [entry.id]
            assert entry_owner(doc, entry.id) == (spec.name, patient, False)
        chart = open_chart(doc, patient)
        for spec in kinds.listed():
            assert [e.id for e in chart.entries(spec.name)] == [added[spec.name].id]
            assert chart.to_json()[spec.section][0]["id"] == added[spec.name].id
        with pytest.raises(KeyError):
            chart.entries("observation")  # summarised, not listed
        for spec in ENTRY_KINDS:
            set_entry_restricted(doc, added[spec.name].id, True)
    with signed_in(practice, Role.CLINICIAN) as doc:
        assert open_chart(doc, patient).hidden_restricted == len(ENTRY_KINDS)
    with signed_in(practice, Role.OWNER) as owner:
        report = access_report.access_report(owner, patient)
        described = {e.action: e.description for e in report.events}
        assert described["procedure.create"] == "added an entry (procedure)"
        assert described["procedure.restrict"] == "changed restriction of an entry (procedure)"
        assert described["observation.create"] == "recorded measurements or results"


def test_consent_covers_every_section(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner)
        contact = add_contact(owner, ContactInput(name="Dr Next")).id
        consent.add_consent(owner, patient, contact, [k.section for k in KINDS], "referral")
        for spec in KINDS:
            assert consent.consent_allows(owner, patient, contact, spec.section, "referral")
        assert "procedures" in consent.SECTIONS


@pytest.mark.usefixtures("erasure_allowed")
def test_erasure_removes_every_kind(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner)
        _every_kind(owner, patient)
        result = erasure.erase_patient(owner, patient, "patient asked; retention ended")
        for spec in ENTRY_KINDS:
            assert result.rows[spec.table] == 1, spec.name
            count = owner.conn.execute(
                f"SELECT count(*) FROM clinical.{spec.table}").fetchone()[0]
            assert count == 0, spec.name


def test_demo_counts_every_kind(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        summary = fill_demo(owner, 5, seed=3)
    assert set(summary.counts) == {k.section for k in KINDS}
    assert summary.to_json()["procedures"] == summary.procedures == 0
    assert summary.encounters == summary.counts["encounters"] > 0


def test_procedure_is_a_fhir_procedure(practice: PracticeVault) -> None:
    from fhir.resources.R4B.procedure import Procedure as FhirProcedure

    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        entry = add_entry(doc, patient, Procedure(
            code=Concept.of("Appendectomy", "snomed", "80146002"), performed="2019-06",
            body_site=Concept.of("Appendix", "snomed", "66754008"), note="laparoscopic"))
        cpt = add_entry(doc, patient, Procedure(
            code=Concept.of("Office visit", "cpt", "99213"), status="in-progress"))
    d = entry.data
    assert d.status == "completed" and d.performed == "2019-06"
    assert cpt.data.code.coding is not None
    assert cpt.data.code.coding.system == CodeSystem.CPT.value
    with pytest.raises(Exception, match="is one of"):
        Procedure(code=Concept.of("x"), status="done").checked()
    assert d.body_site is not None
    FhirProcedure.model_validate({
        "resourceType": "Procedure", "status": d.status,
        "subject": {"reference": f"Patient/{patient}"},
        "code": {"text": d.code.text, "coding": [c.to_json() for c in d.code.codings]},
        "performedDateTime": d.performed,
        "bodySite": [{"text": d.body_site.text,
                      "coding": [c.to_json() for c in d.body_site.codings]}],
        "note": [{"text": d.note}]})
