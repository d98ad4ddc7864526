"""FHIR import against realistic input: Synthea-style, a US Core portal download, an IPS
document, Bulk NDJSON, and broken input. Every resource read is accounted for."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from app.core.errors import UsageError
from app.core.fhir import apply_import, plan_import, provenance_for, samples
from app.core.fhir.common import content_hash
from app.core.fhir.importer import IDENTIFIER_DISAGREES, ImportReport
from app.core.records.patients import Identifier, PatientInput, add_patient
from app.core.roles import Role
from app.core.session import Session
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import signed_in

TABLES = ("encounters", "conditions", "medications", "allergies", "immunizations",
          "observations", "notes", "documents", "fhir_provenance")


def _rows(session: Session) -> dict[str, int]:
    counts = {t: session.conn.execute(f"SELECT count(*) FROM clinical.{t}").fetchone()[0]
              for t in TABLES}
    counts["patients"] = session.conn.execute("SELECT count(*) FROM patients").fetchone()[0]
    return counts


def _accounted(report: ImportReport) -> None:
    """Nothing dropped silently: every resource read is in exactly one group."""
    imported = sum(report.imported.values())
    assert imported + len(report.duplicates) + len(report.not_imported) == report.read


def test_synthea_bundle_imports_years_of_history(practice: PracticeVault,
                                                 sample_files: dict[str, Path]) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        plan = plan_import(doc, [sample_files["synthea"]])
        preview = plan.report()
        _accounted(preview)
        assert preview.patients[0].how == "new"
        report = apply_import(doc, plan)
        rows = _rows(doc)
        pid = report.patients[0].target
        assert pid is not None
        # Blood pressure came as LOINC 55284-4 with components: one grouped pair each.
        pairs = doc.conn.execute(
            "SELECT group_id, group_concat(code) FROM clinical.observations WHERE "
            "group_id IS NOT NULL GROUP BY group_id").fetchall()
        encounters = rows["encounters"]
    assert report.imported["Encounter"] == encounters == 30
    assert len(pairs) == 30 and all(sorted(p[1].split(",")) == ["8462-4", "8480-6"]
                                    for p in pairs)
    assert report.imported["DiagnosticReport"] == 15
    assert report.imported["Procedure"] == 10
    assert rows["observations"] == 30 * 2 + 30 * 4 + 15 * 5 > 200
    assert {n.resource_type for n in report.not_imported} == {"Claim"}
    assert all(n.reason == "unsupported type" for n in report.not_imported)
    _accounted(report)


def test_equivalent_blood_pressure_codings_import_as_one_reading(
        practice: PracticeVault, tmp_path: Path) -> None:
    patient = samples.synthea_patient(__import__("random").Random(5), "p1")
    def panel(code: str, rid: str, systolic: int) -> dict[str, object]:
        return {"resourceType": "Observation", "id": rid, "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
                "subject": {"reference": "Patient/p1"},
                "effectiveDateTime": f"2024-01-0{systolic % 9 + 1}T10:00:00Z",
                "component": [
                    {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                     "valueQuantity": {"value": systolic, "unit": "mmHg"}},
                    {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
                     "valueQuantity": {"value": 80, "system": "http://unitsofmeasure.org",
                                       "code": "mm[Hg]"}}]}
    lines = [patient, panel("85354-9", "a", 120), panel("55284-4", "b", 131)]
    path = tmp_path / "bp.ndjson"
    path.write_text("\n".join(json.dumps(x) for x in lines))
    with signed_in(practice, Role.CLINICIAN) as doc:
        apply_import(doc, plan_import(doc, [path]))
        rows = doc.conn.execute("SELECT group_id, code, value, unit, category FROM "
                                "clinical.observations ORDER BY value").fetchall()
    assert len(rows) == 4 and len({r[0] for r in rows}) == 2
    assert {(r[1], r[2], r[3], r[4]) for r in rows} == {
        ("8462-4", 80.0, "mm[Hg]", "vital-signs"), ("8480-6", 120.0, "mm[Hg]", "vital-signs"),
        ("8480-6", 131.0, "mm[Hg]", "vital-signs")}


def test_us_core_portal_bundle(practice: PracticeVault, sample_files: dict[str, Path]) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        report = apply_import(doc, plan_import(doc, [sample_files["portal"]]))
        pid = report.patients[0].target
        spo2 = doc.conn.execute("SELECT code, code_more, value, unit FROM clinical.observations"
                                " WHERE code = '59408-5'").fetchone()
        medication = doc.conn.execute("SELECT code, code_text, dose_value, dose_unit, route "
                                      "FROM clinical.medications").fetchone()
        document = doc.conn.execute("SELECT content_type, title FROM clinical.documents"
                                    ).fetchone()
        note = doc.conn.execute("SELECT body, status FROM clinical.notes").fetchone()
        smoking = doc.conn.execute("SELECT value_text, extra FROM clinical.observations "
                                   "WHERE code = '72166-2'").fetchone()
        patient = doc.conn.execute("SELECT family, given, birth_date, phone, email, extra, "
                                   "identifiers FROM patients WHERE id = ?", (pid,)).fetchone()
    _accounted(report)
    # Pulse oximetry: the charted code first, the other US Core code kept beside it.
    assert spo2[0] == "59408-5" and "2708-6" in spo2[1] and spo2[2:] == (97.0, "%")
    assert medication == ("860975", "metformin hydrochloride 500 MG 24HR Extended Release "
                          "Oral Tablet", 500.0, "mg", "Oral route")
    assert document == ("application/pdf", "Visit summary 2023-07-05")
    assert note == ("Follow-up in 3 months. Recheck HbA1c.", "signed")
    assert smoking[0] == "Former smoker" and "8517006" in smoking[1]
    assert patient[:5] == ("Shaw", "Amy V.", "1987-02-20", "555-555-5555",
                           "amy.shaw@example.com")
    assert "us-core-race" in patient[5] and "maiden" in patient[5]  # kept, not dropped
    reasons = {(n.resource_type, n.reason) for n in report.not_imported}
    assert reasons == {("DocumentReference", "bad reference"),
                       ("OperationOutcome", "unsupported type")}
    link = next(n for n in report.not_imported if n.resource_type == "DocumentReference")
    assert "never fetches" in link.message


def test_ips_document_bundle(practice: PracticeVault, sample_files: dict[str, Path]) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        report = apply_import(doc, plan_import(doc, [sample_files["ips"]]))
        medication = doc.conn.execute("SELECT code, code_more, effective_start, route FROM "
                                      "clinical.medications").fetchone()
        condition = doc.conn.execute("SELECT clinical_status, severity, onset FROM "
                                     "clinical.conditions").fetchone()
        contact = doc.conn.execute("SELECT emergency_contact FROM patients").fetchone()
    _accounted(report)
    assert report.imported == {"Patient": 1, "AllergyIntolerance": 1,
                               "MedicationStatement": 1, "Condition": 1, "Immunization": 1}
    assert medication[0] == "108774000" and "L02BG03" in medication[1]
    assert medication[2:] == ("2015-03", "Oral use")
    assert condition == ("remission", "severe", "2015")
    assert json.loads(contact[0])["name"] == "Bert Martin"
    composition = next(n for n in report.not_imported if n.resource_type == "Composition")
    assert composition.reason == "not imported by design"


def test_bulk_ndjson_folder_resolves_references_across_files(
        practice: PracticeVault, sample_files: dict[str, Path]) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        report = apply_import(doc, plan_import(doc, [sample_files["bulk"]]))
        per_patient = doc.conn.execute("SELECT count(DISTINCT patient_id) FROM "
                                       "clinical.observations").fetchone()[0]
    assert report.imported == {"Patient": 3, "Observation": 12, "Condition": 3}
    assert report.not_imported == [] and per_patient == 3
    _accounted(report)


def test_broken_input_is_refused_piece_by_piece_with_reasons(
        practice: PracticeVault, sample_files: dict[str, Path]) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        report = apply_import(doc, plan_import(doc, [sample_files["broken"]]))
        unit = doc.conn.execute("SELECT unit FROM clinical.observations").fetchone()
    _accounted(report)
    reasons = {n.resource_id or n.where: n.reason for n in report.not_imported}
    assert reasons == {
        "orphan": "bad reference", "odd-unit": "unit could not be read",
        "bad-date": "invalid value", "entry 6": "missing required field",
        "stu3": "unsupported type", "r5": "unsupported type", "no-code":
        "missing required field", "no-value": "missing required field",
        "no-subject": "bad reference", "entry 12": "unreadable input"}
    assert report.imported == {"Patient": 1, "Observation": 1}
    assert unit == ("Cel",)  # "°C" written by hand reads as UCUM Cel


def test_reimporting_the_same_file_changes_nothing(practice: PracticeVault,
                                                   sample_files: dict[str, Path]) -> None:
    files = [sample_files["synthea"], sample_files["portal"], sample_files["bulk"]]
    with signed_in(practice, Role.CLINICIAN) as doc:
        apply_import(doc, plan_import(doc, files))
        before = _rows(doc)
        again = apply_import(doc, plan_import(doc, files))
        assert _rows(doc) == before
    assert again.imported == {} and again.entries == 0
    assert {d.reason for d in again.duplicates} == {"duplicate", "matched"}
    _accounted(again)


def _sqlite_work_of_reimport(practice: PracticeVault, tmp_path: Path, size: int) -> int:
    """SQLite VM instructions (in hundreds) spent planning the re-import of a Synthea-style
    file of about `size` resources: work, not time, so the figure does not depend on the
    machine."""
    source = samples.write_json(tmp_path / f"synthea{size}.json",
                                samples.synthea_bundle(size, target_resources=size))
    with signed_in(practice, Role.CLINICIAN) as doc:
        apply_import(doc, plan_import(doc, [source]))
        steps = [0]

        def count() -> int:
            steps[0] += 1
            return 0
        doc.conn.set_progress_handler(count, 100)
        try:
            plan = plan_import(doc, [source])
        finally:
            doc.conn.set_progress_handler(None, 100)
    assert plan.planned == [] and len(plan.duplicates) > size * 0.9
    return steps[0]


def test_recognising_a_reimport_grows_with_the_input_not_its_square(
        practice: PracticeVault, tmp_path: Path) -> None:
    """Each resource's earlier import is found by a seek on its index, not by reading every
    earlier provenance row of the patient (re-importing 10,000 resources took 40 s)."""
    small = _sqlite_work_of_reimport(practice, tmp_path, 300)
    large = _sqlite_work_of_reimport(practice, tmp_path, 1200)
    # Four times the input: about four times the work; the old way did sixteen times.
    assert large < 7 * small, (small, large)


def test_same_content_under_another_id_is_a_duplicate(practice: PracticeVault,
                                                      tmp_path: Path) -> None:
    bundle = samples.portal_bundle()
    renamed = json.loads(json.dumps(bundle))
    for entry in renamed["entry"]:
        if entry["resource"]["resourceType"] == "Condition":
            entry["resource"]["id"] = "renamed-by-the-portal"
            entry["fullUrl"] = entry["fullUrl"].replace("cond-1", "renamed-by-the-portal")
    first = samples.write_json(tmp_path / "a.json", bundle)
    second = samples.write_json(tmp_path / "b.json", renamed)
    with signed_in(practice, Role.CLINICIAN) as doc:
        apply_import(doc, plan_import(doc, [first]))
        report = plan_import(doc, [second]).report()
    assert "Condition" not in report.imported
    assert any(d.resource_id == "renamed-by-the-portal" for d in report.duplicates)


def test_dry_run_writes_nothing(practice: PracticeVault, sample_files: dict[str, Path]) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        before = _rows(doc)
        head = doc.audit.head()
        report = plan_import(doc, list(sample_files.values())).report()
        assert _rows(doc) == before and doc.audit.head() == head
    assert report.dry_run and report.imported["Observation"] > 100


def test_one_import_is_one_transaction(practice: PracticeVault,
                                       sample_files: dict[str, Path]) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        plan = plan_import(doc, [sample_files["synthea"]])
        before = _rows(doc)

        def stop_halfway(done: int, total: int, text: str) -> None:
            if done >= total // 2:
                raise KeyboardInterrupt  # Cancel, or the power going: either way

        with pytest.raises(KeyboardInterrupt):
            apply_import(doc, plan, progress=stop_halfway)
        assert _rows(doc) == before
        assert not list(doc.audit.entries(action_prefix="fhir.import"))
        report = apply_import(doc, plan)
        entry = next(doc.audit.entries(action_prefix="fhir.import"))
    detail = json.loads(entry.detail)
    assert detail["counts"]["Encounter"] == 30 and detail["import_id"] == report.import_id
    assert detail["patients"] == [report.patients[0].target]


def test_patient_matching_by_identifier_then_demographics_and_ambiguity(
        practice: PracticeVault, sample_files: dict[str, Path], tmp_path: Path) -> None:
    portal = samples.portal_bundle()
    with signed_in(practice, Role.CLINICIAN) as doc:
        # Same name and birth date, no identifier: matched on demographics, and said so.
        existing = add_patient(doc, PatientInput(family="Shaw", given="Amy V.",
                                                 birth_date="1987-02-20")).id
        plan = plan_import(doc, [sample_files["portal"]])
        assert (plan.report().patients[0].how, plan.report().patients[0].target) == (
            "name and birth date", existing)
        # A second such patient makes it ambiguous: the import stops with the candidates.
        twin = add_patient(doc, PatientInput(family="SHAW", given="amy v.",
                                             birth_date="1987-02-20"),
                           not_a_duplicate=True).id  # the desk confirmed: a twin
        plan = plan_import(doc, [sample_files["portal"]])
        group = plan.ambiguous[0]
        assert {c.patient_id for c in group.candidates} == {existing, twin}
        with pytest.raises(UsageError, match="ambiguous") as refused:
            apply_import(doc, plan)
        assert existing in str(refused.value) and twin in str(refused.value)
        plan.choose(group.key, twin)
        report = apply_import(doc, plan)
        assert report.patients[0].target == twin
        assert doc.conn.execute("SELECT count(*) FROM clinical.conditions WHERE patient_id"
                                " = ?", (twin,)).fetchone()[0] == 1
        # The identifier wins over demographics once it is there (the two Shaws above
        # match on name and birth date; this one holds the identifier).
        mrn = "urn:oid:1.2.36.146.595.217.0.1"
        identified = add_patient(doc, PatientInput(
            family="Shaw", given="A.", birth_date="1987-02-20",
            identifiers=(Identifier(mrn, "12345", "MR"),)), not_a_duplicate=True).id
        portal["id"] = "again"
        plan = plan_import(doc, [samples.write_json(tmp_path / "p.json", portal)])
        assert (plan.report().patients[0].how, plan.report().patients[0].target) == (
            "identifier", identified)
        # The same identifier on someone of another name (another practice's numbering,
        # a reused number) is not taken on trust: it stops and asks.
        stranger = add_patient(doc, PatientInput(
            family="Different", given="Name", birth_date="1950-05-05",
            identifiers=(Identifier(mrn, "67890", "MR"),))).id
        for entry in portal["entry"]:
            if entry["resource"]["resourceType"] == "Patient":
                entry["resource"]["identifier"][0]["value"] = "67890"
        plan = plan_import(doc, [samples.write_json(tmp_path / "q.json", portal)])
        group = plan.ambiguous[0]
        assert [(c.patient_id, c.how) for c in group.candidates] == [
            (stranger, IDENTIFIER_DISAGREES)]
        with pytest.raises(UsageError, match="ambiguous"):
            apply_import(doc, plan)


def test_provenance_is_kept_on_every_imported_entry(practice: PracticeVault,
                                                    sample_files: dict[str, Path]) -> None:
    import hashlib

    digest = hashlib.sha256(sample_files["portal"].read_bytes()).hexdigest()
    with signed_in(practice, Role.CLINICIAN) as doc:
        report = apply_import(doc, plan_import(doc, [sample_files["portal"]]))
        pid = report.patients[0].target
        assert pid is not None
        found = provenance_for(doc, pid)
        entries = sum(doc.conn.execute(f"SELECT count(*) FROM clinical.{t} WHERE patient_id"
                                       " = ?", (pid,)).fetchone()[0] for t in TABLES[:-1])
        source = doc.conn.execute("SELECT source_name, source_sha256, matched FROM "
                                  "fhir_patient_sources WHERE patient_id = ?", (pid,)
                                  ).fetchone()
    assert len(found) == entries == report.entries
    condition = next(p for p in found.values() if p.resource_type == "Condition")
    assert condition.source_name == "portal.json" and condition.source_sha256 == digest
    assert condition.source_ref == "https://portal.example.org/fhir/Condition/cond-1"
    assert condition.imported_by == "clinician1" and condition.import_id == report.import_id
    assert "portal.json" in condition.describe()
    assert source == ("portal.json", digest, "new")


def test_reception_imports_demographics_only_and_the_refusal_is_audited(
        practice: PracticeVault, sample_files: dict[str, Path]) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        report = apply_import(desk, plan_import(desk, [sample_files["portal"]]))
        denial = next(desk.audit.entries(action_prefix="permission.denied",
                                         newest_first=True, limit=1))
    assert report.imported == {"Patient": 1}
    assert {n.reason for n in report.not_imported} >= {"not allowed for your role"}
    assert json.loads(denial.detail)["operation"] == "clinical.write"
    _accounted(report)
    with signed_in(practice, Role.AUDITOR) as auditor, pytest.raises(
            __import__("app.core.errors", fromlist=["PermissionDenied"]).PermissionDenied):
        plan_import(auditor, [sample_files["portal"]])


def test_single_resources_and_a_collection_bundle_go_to_the_chosen_patient(
        practice: PracticeVault, tmp_path: Path) -> None:
    """A lab result saved as one resource file, and a collection Bundle without a Patient,
    imported into a chart chosen by id (the file's subject is not in the input)."""
    result = {"resourceType": "Observation", "id": "lab-1", "status": "final",
              "code": {"coding": [{"system": "http://loinc.org", "code": "2345-7"}]},
              "subject": {"reference": "Patient/elsewhere"},
              "effectiveDateTime": "2024-02-02T08:00:00Z",
              "valueQuantity": {"value": 101, "unit": "mg/dL",
                                "system": "http://unitsofmeasure.org", "code": "mg/dL"}}
    single = tmp_path / "result.json"
    single.write_text(json.dumps(result))
    collection = samples.write_json(tmp_path / "collection.json", {
        "resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
            "resourceType": "Condition", "code": {"text": "Migraine"},
            "subject": {"reference": "Patient/elsewhere"}}}]})
    with signed_in(practice, Role.CLINICIAN) as doc:
        pid = add_patient(doc, PatientInput(family="Chosen", given="Chris")).id
        report = apply_import(doc, plan_import(doc, [single, collection], patient_id=pid))
        rows = doc.conn.execute("SELECT code, value FROM clinical.observations WHERE "
                                "patient_id = ?", (pid,)).fetchall()
        condition = doc.conn.execute("SELECT code_text FROM clinical.conditions WHERE "
                                     "patient_id = ?", (pid,)).fetchone()
    assert report.imported == {"Observation": 1, "Condition": 1}
    assert rows == [("2345-7", 101.0)] and condition == ("Migraine",)
    _accounted(report)


def test_the_content_hash_keeps_its_canonical_form() -> None:
    """Provenance rows of earlier imports hold content hashes; a re-import recognises
    the same facts only while the form hashed stays byte for byte the same: the resource
    without id and meta, keys sorted, no spaces, non-ASCII escaped."""
    resource = {"resourceType": "Observation", "id": "a1", "meta": {"versionId": "3"},
                "status": "final", "code": {"text": "Hämoglobin", "coding": [
                    {"system": "http://loinc.org", "code": "718-7"}]},
                "valueQuantity": {"value": 13.5, "unit": "g/dL"}}
    canonical = ('{"code":{"coding":[{"code":"718-7","system":"http://loinc.org"}],'
                 '"text":"H\\u00e4moglobin"},"resourceType":"Observation","status":"final",'
                 '"valueQuantity":{"unit":"g/dL","value":13.5}}')
    assert content_hash(resource) == hashlib.sha256(canonical.encode()).hexdigest()
    assert content_hash({**resource, "id": "b2", "meta": {}}) == content_hash(resource)
