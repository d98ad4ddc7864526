"""FHIR export: Bulk Data NDJSON with its manifest, one patient's Bundle, what goes in and
what stays out, and the audit entry each export leaves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.fhir import (
    build_patient_bundle,
    export_scope,
    iter_resources,
    write_bulk,
    write_bundle,
)
from app.core.records.guard import RecordNotFound
from app.core.records.restricted import open_restricted
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.fhir.conftest import read_ndjson, validate_all, validate_r4
from tests.core.fhir.records_seed import CANARY, seed_patient
from tests.core.records.conftest import signed_in

TYPES = {"Patient", "Encounter", "Condition", "MedicationStatement", "AllergyIntolerance",
         "Immunization", "Procedure", "Observation", "DocumentReference", "Consent"}


def _export(practice: PracticeVault, tmp_path: Path, name: str = "out", **options: object
            ) -> tuple[Path, dict[str, list[dict[str, object]]]]:
    out = tmp_path / name
    with signed_in(practice, Role.OWNER) as owner:  # the whole practice: the owner's call
        write_bulk(owner, out, **options)  # type: ignore[arg-type]
    files = {p.stem: read_ndjson(p) for p in out.glob("*.ndjson")}
    return out, files


def test_bulk_export_writes_every_type_valid_r4_and_a_bulk_manifest(
        practice: PracticeVault, tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        seed_patient(doc)
    out, files = _export(practice, tmp_path)
    assert set(files) == TYPES
    manifest = json.loads((out / "manifest.json").read_text())
    # The shape of the Bulk Data $export completion response.
    assert {"transactionTime", "request", "requiresAccessToken", "output", "error"} <= set(
        manifest)
    assert manifest["requiresAccessToken"] is False and manifest["error"] == []
    assert {o["type"]: o["count"] for o in manifest["output"]} == {
        t: len(r) for t, r in files.items()}
    assert all(o["url"] == f"{o['type']}.ndjson" for o in manifest["output"])
    for resource_type, resources in files.items():
        assert all(r["resourceType"] == resource_type for r in resources)
        assert validate_all(resources) == len(resources)
    # Nothing half-written is left beside the export.
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    # Plain health records: only the owner may read the folder and each file in it.
    assert {f.stat().st_mode & 0o777 for f in out.iterdir()} == {0o600}
    assert out.stat().st_mode & 0o777 == 0o700


def test_vital_signs_profile_blood_pressure_components_and_pulse_oximetry(
        practice: PracticeVault, tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        seed_patient(doc)
    _, files = _export(practice, tmp_path)
    by_code = {o["code"]["coding"][0]["code"]: o for o in files["Observation"]}  # type: ignore[index]
    bp = by_code["85354-9"]
    assert bp["meta"]["profile"] == ["http://hl7.org/fhir/StructureDefinition/vitalsigns",  # type: ignore[index]
                                     "http://hl7.org/fhir/StructureDefinition/bp"]
    components = {c["code"]["coding"][0]["code"]: c["valueQuantity"]  # type: ignore[index]
                  for c in bp["component"]}  # type: ignore[union-attr]
    assert components == {
        "8480-6": {"value": 128.0, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org",
                   "code": "mm[Hg]"},
        "8462-4": {"value": 82.0, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org",
                   "code": "mm[Hg]"}}
    assert "8480-6" not in by_code and "8462-4" not in by_code  # no loose halves
    spo2 = by_code["59408-5"]
    assert {c["code"] for c in spo2["code"]["coding"]} >= {"59408-5", "2708-6"}  # type: ignore[index]
    for observation in files["Observation"]:
        category = observation["category"][0]["coding"][0]["code"]  # type: ignore[index]
        if category == "vital-signs":
            assert "http://hl7.org/fhir/StructureDefinition/vitalsigns" in observation[
                "meta"]["profile"]  # type: ignore[index]
            quantity = observation.get("valueQuantity")
            if quantity:
                assert quantity["system"] == "http://unitsofmeasure.org"  # type: ignore[index]
    lab = by_code["4548-4"]
    assert lab["referenceRange"] == [{"low": {"value": 4.0, "unit": "%", "system":  # type: ignore[comparison-overlap]
                                              "http://unitsofmeasure.org", "code": "%"},
                                      "high": {"value": 5.6, "unit": "%", "system":
                                               "http://unitsofmeasure.org", "code": "%"}}]
    assert lab["interpretation"][0]["coding"][0]["code"] == "H"  # type: ignore[index]
    assert by_code["630-4"]["valueString"] == "No growth"


def test_codings_keep_every_system_and_ids_are_stable(practice: PracticeVault,
                                                      tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        seeded = seed_patient(doc)
    _, first = _export(practice, tmp_path, "one")
    _, second = _export(practice, tmp_path, "two")
    assert {t: sorted(r["id"] for r in rs) for t, rs in first.items()} == {  # type: ignore[type-var]
        t: sorted(r["id"] for r in rs) for t, rs in second.items()}  # type: ignore[type-var]
    asthma = next(c for c in first["Condition"] if c["id"] == seeded.condition)
    assert [c["system"] for c in asthma["code"]["coding"]] == [  # type: ignore[index]
        "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10"]
    assert asthma["encounter"] == {"reference": f"Encounter/{seeded.encounter}"}


def test_restricted_entries_are_left_out_unless_named_with_a_grant(
        practice: PracticeVault, tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        seeded = seed_patient(doc)
    _, files = _export(practice, tmp_path, "plain")
    assert seeded.restricted_condition not in {c["id"] for c in files["Condition"]}
    with signed_in(practice, Role.CLINICIAN) as doc:
        with pytest.raises(PermissionDenied):  # named, but no break-glass grant
            write_bulk(doc, tmp_path / "denied", patient_ids=[seeded.patient],
                       include_restricted=[seeded.restricted_condition])
        assert not (tmp_path / "denied").exists()
        open_restricted(doc, seeded.patient, "referral letter needs the full problem list",
                        entry_id=seeded.restricted_condition)
        write_bulk(doc, tmp_path / "named", patient_ids=[seeded.patient],
                   include_restricted=[seeded.restricted_condition])
        entry = next(doc.audit.entries(action_prefix="fhir.export", newest_first=True,
                                       limit=1))
    named = read_ndjson(tmp_path / "named" / "Condition.ndjson")
    assert seeded.restricted_condition in {c["id"] for c in named}
    assert entry.flagged
    assert json.loads(entry.detail)["restricted_included"] == [seeded.restricted_condition]


def test_export_scope_is_the_public_scope_for_callers_writing_their_own_files(
        practice: PracticeVault) -> None:
    """Sharing's full export streams `iter_resources` under `export_scope`: the same
    restriction rules as `write_bulk`, and a count of what was left out for its audit."""
    with signed_in(practice, Role.CLINICIAN) as doc:
        seeded = seed_patient(doc)
        scope = export_scope(doc, [seeded.patient])
        ids = {r["id"] for _, _, r in iter_resources(doc, patient_ids=[seeded.patient],
                                                     scope=scope)}
        assert seeded.restricted_condition not in ids and seeded.patient in ids
        assert scope.left_out == 1
        with pytest.raises(PermissionDenied):  # named without a break-glass grant: refused
            export_scope(doc, [seeded.patient], include_restricted=[seeded.restricted_condition])
        refusal = next(doc.audit.entries(action_prefix="restricted.denied",
                                         newest_first=True, limit=1))
        assert (refusal.target, refusal.flagged) == (seeded.restricted_condition, True)
        open_restricted(doc, seeded.patient, "referral letter needs the full problem list",
                        entry_id=seeded.restricted_condition)
        named = export_scope(doc, [seeded.patient],
                             include_restricted=[seeded.restricted_condition])
        assert seeded.restricted_condition in {r["id"] for _, _, r in iter_resources(
            doc, patient_ids=[seeded.patient], scope=named)}
        with pytest.raises(RecordNotFound):
            export_scope(doc, ["0" * 32])


def test_every_export_writes_one_audit_entry_with_ids_and_counts_not_content(
        practice: PracticeVault, tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        seeded = seed_patient(doc)
        before = doc.audit.head()
        assert before is not None
        write_bulk(doc, tmp_path / "one", patient_ids=[seeded.patient])
        bundle = build_patient_bundle(doc, seeded.patient)
        entries = [e for e in doc.audit.entries() if e.seq > before.seq]
    actions = [e.action for e in entries]
    assert actions == ["fhir.export", "fhir.bundle"]
    detail = json.loads(entries[0].detail)
    assert detail["patients"] == [seeded.patient]
    assert detail["counts"]["Observation"] == 7 and detail["counts"]["Patient"] == 1
    assert entries[0].patient_id == seeded.patient
    assert json.loads(entries[1].detail)["counts"]["Condition"] == 1
    for entry in entries:
        assert CANARY not in entry.detail and "Asthma" not in entry.detail
    assert len(bundle["entry"]) == sum(json.loads(entries[1].detail)["counts"].values())


def test_patient_bundle_is_a_valid_collection_with_resolvable_full_urls(
        practice: PracticeVault, tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        seeded = seed_patient(doc)
        seed_patient(doc, "Other", mrn=None)
        write_bundle(doc, seeded.patient, tmp_path / "bundle.json")
    bundle = json.loads((tmp_path / "bundle.json").read_text())
    validate_r4(bundle)
    assert bundle["type"] == "collection"
    types = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert types == TYPES
    subjects = {e["resource"].get("subject", e["resource"].get("patient", {})).get("reference")
                for e in bundle["entry"] if e["resource"]["resourceType"] != "Patient"}
    assert subjects == {f"Patient/{seeded.patient}"}
    assert all(e["fullUrl"].startswith("urn:uuid:") for e in bundle["entry"])


def test_since_and_sections_narrow_the_export(practice: PracticeVault, tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        seed_patient(doc)
    _, files = _export(practice, tmp_path, "conds", sections=["conditions"])
    assert set(files) == {"Condition"}
    _, files = _export(practice, tmp_path, "later", since="2999-01-01")
    assert files == {}
    with signed_in(practice, Role.OWNER) as owner, pytest.raises(UsageError):
        write_bulk(owner, tmp_path / "bad", sections=["gossip"])


def test_a_failed_or_cancelled_export_leaves_no_folder(practice: PracticeVault,
                                                       tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        pid = seed_patient(doc).patient

        def cancel(done: int, total: int, text: str) -> None:
            raise KeyboardInterrupt

        exports = tmp_path / "exports"
        exports.mkdir()
        with pytest.raises(KeyboardInterrupt):
            write_bulk(doc, exports / "out", patient_ids=[pid], progress=cancel)
        assert list(exports.iterdir()) == []
        (exports / "full").mkdir()
        (exports / "full" / "old.txt").write_text("keep")
        with pytest.raises(UsageError, match="not an empty folder"):
            write_bulk(doc, exports / "full", patient_ids=[pid])
        assert [p.name for p in exports.iterdir()] == ["full"]
        assert (exports / "full" / "old.txt").read_text() == "keep"


def test_reception_exports_demographics_only_and_auditor_nothing(
        practice: PracticeVault, tmp_path: Path) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        pid = seed_patient(doc).patient
        with pytest.raises(PermissionDenied):  # every patient at once is the owner's call
            write_bulk(doc, tmp_path / "everyone")
        denial = next(doc.audit.entries(action_prefix="permission.denied",
                                        newest_first=True, limit=1))
        assert json.loads(denial.detail)["operation"] == "export.all"
    with signed_in(practice, Role.RECEPTION) as desk:
        write_bulk(desk, tmp_path / "desk", patient_ids=[pid])
        with pytest.raises(PermissionDenied):
            write_bulk(desk, tmp_path / "desk-clinical", patient_ids=[pid],
                       sections=["conditions"])
        denial = next(desk.audit.entries(action_prefix="permission.denied",
                                         newest_first=True, limit=1))
        assert json.loads(denial.detail)["operation"] == "export.patient"
    assert {p.stem for p in (tmp_path / "desk").glob("*.ndjson")} == {"Patient", "Consent"}
    with signed_in(practice, Role.AUDITOR) as auditor:
        with pytest.raises(PermissionDenied):
            write_bulk(auditor, tmp_path / "auditor", patient_ids=[pid])
        denial = next(auditor.audit.entries(action_prefix="permission.denied",
                                            newest_first=True, limit=1))
        assert json.loads(denial.detail)["operation"] == "fhir.export"
    assert not (tmp_path / "auditor").exists()


def test_every_kind_in_the_registry_has_a_fhir_map() -> None:
    """A new kind without a FHIR map fails here: the registry is the one list of kinds."""
    from app.core.fhir.maps import MAPS
    from app.core.records.kinds import KINDS

    by_spec = {m.spec.name: m for m in MAPS.maps if m.spec is not None}
    assert set(by_spec) == {k.name for k in KINDS}
    for kind in KINDS:
        resource_map = by_spec[kind.name]
        assert (resource_map.resource_type, resource_map.section, resource_map.table) == (
            kind.fhir_resource, kind.section, kind.table)
        assert MAPS.reader(kind.fhir_resource) is not None


def test_kept_elements_never_add_a_second_form_of_a_choice_element(
        practice: PracticeVault, tmp_path: Path) -> None:
    """An effectivePeriod kept from an import does not reappear beside effectiveDateTime."""
    from app.core.fhir import apply_import, plan_import

    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:0b5c3c55-2a39-4c1b-9d36-1f6f6c1b7a01", "resource": {
            "resourceType": "Patient", "name": [{"family": "Period", "given": ["Pat"]}]}},
        {"resource": {"resourceType": "Observation", "status": "final",
                      "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]},
                      "subject": {"reference": "urn:uuid:0b5c3c55-2a39-4c1b-9d36-1f6f6c1b7a01"},
                      "effectivePeriod": {"start": "2024-01-01T10:00:00Z",
                                          "end": "2024-01-01T11:00:00Z"},
                      "valueQuantity": {"value": 61, "unit": "/min"}}},
        {"resource": {"resourceType": "Procedure", "status": "completed",
                      "code": {"text": "Dressing"},
                      "subject": {"reference": "urn:uuid:0b5c3c55-2a39-4c1b-9d36-1f6f6c1b7a01"},
                      "performedPeriod": {"start": "2024-01-02", "end": "2024-01-03"}}}]}
    path = tmp_path / "period.json"
    path.write_text(json.dumps(bundle))
    with signed_in(practice, Role.CLINICIAN) as doc:
        apply_import(doc, plan_import(doc, [path]))
    _, files = _export(practice, tmp_path)
    observation, procedure = files["Observation"][0], files["Procedure"][0]
    validate_r4(observation)
    validate_r4(procedure)
    assert "effectivePeriod" not in observation
    assert observation["effectiveDateTime"].startswith("2024-01-01T10:00")  # type: ignore[union-attr]
    assert "performedPeriod" not in procedure and procedure["performedDateTime"] == "2024-01-02"
