"""`medvault fhir export|bundle|import`: exit codes, --json reports, --dry-run, ambiguity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.fhir import samples
from tests.core.fhir.conftest import read_ndjson, validate_all
from tests.core.records.test_cli_records import (  # noqa: F401 - the vault fixture
    DESK_PW,
    OWNER_PW,
    acting,
    run,
    vault,
)


def test_import_dry_run_then_import_then_export_and_bundle(
        vault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    portal = samples.write_json(tmp_path / "portal.json", samples.portal_bundle())
    code, out, err = run(monkeypatch, capsys, acting(["fhir", "import"], vault, str(portal),
                                                     "--dry-run", "--json"), OWNER_PW + "\n")
    assert code == 0, err
    dry = json.loads(out)
    assert dry["dry_run"] and dry["imported"]["Observation"] == 4
    assert dry["patients"][0]["match"] == "new"
    code, out, err = run(monkeypatch, capsys, acting(["fhir", "import"], vault, str(portal)),
                         OWNER_PW + "\n")
    assert code == 0, err
    assert "Imported 11:" in out and "never fetches URLs" in out
    code, out, err = run(monkeypatch, capsys, acting(["fhir", "import"], vault, str(portal),
                                                     "--json"), OWNER_PW + "\n")
    again = json.loads(out)
    assert code == 0 and again["imported"] == {} and again["entries"] == 0
    patient = again["patients"][0]["target"]
    code, out, err = run(monkeypatch, capsys, acting(
        ["fhir", "export"], vault, "--out", str(tmp_path / "bulk"), "--json"), OWNER_PW + "\n")
    assert code == 0, err
    counts = json.loads(out)["counts"]
    assert counts["Observation"] == 4 and counts["Patient"] == 1
    assert validate_all(read_ndjson(tmp_path / "bulk" / "Observation.ndjson")) == 4
    code, out, err = run(monkeypatch, capsys, acting(
        ["fhir", "bundle"], vault, "--patient", patient, "--out", str(tmp_path / "b.json")),
        OWNER_PW + "\n")
    assert code == 0, err
    assert json.loads((tmp_path / "b.json").read_text())["type"] == "collection"


def test_ambiguous_match_exits_2_with_the_candidates(
        vault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    for twin in ((), ("--not-a-duplicate",)):
        code, _, err = run(monkeypatch, capsys, acting(
            ["patient", "add"], vault, "--family", "Shaw", "--given", "Amy V.",
            "--birth-date", "1987-02-20", *twin), OWNER_PW + "\n")
        assert code == 0, err
    portal = samples.write_json(tmp_path / "portal.json", samples.portal_bundle())
    code, out, err = run(monkeypatch, capsys, acting(["fhir", "import"], vault, str(portal)),
                         OWNER_PW + "\n")
    assert code == 2
    assert out.count("candidate ") == 2 and "ambiguous" in err
    chosen = out.split("candidate ")[1].split(":")[0]
    code, out, err = run(monkeypatch, capsys, acting(["fhir", "import"], vault, str(portal),
                                                     "--patient", chosen, "--json"),
                         OWNER_PW + "\n")
    assert code == 0, err
    assert json.loads(out)["patients"][0]["target"] == chosen


def test_reception_cannot_export_clinical_sections_and_bad_input_is_a_clear_error(
        vault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(monkeypatch, capsys, acting(
        ["fhir", "export"], vault, "--sections", "conditions", "--out",
        str(tmp_path / "x"), user="desk"), DESK_PW + "\n")
    assert code == 4 and "export" in err
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (2 * 1024 * 1024))
    code, _, err = run(monkeypatch, capsys, acting(["fhir", "import"], vault, str(big),
                                                   "--max-file-mib", "1"), OWNER_PW + "\n")
    assert code == 2 and "limit for one file" in err and "Traceback" not in err
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"resourceType": "Bundle", "type": "collection", "entry": [{"res')
    code, out, err = run(monkeypatch, capsys, acting(["fhir", "import"], vault, str(garbage),
                                                     "--json"), OWNER_PW + "\n")
    assert code == 0, err
    report = json.loads(out)
    assert report["not_imported"][0]["reason"] == "unreadable input"


def test_a_reports_missing_result_is_a_part_not_a_resource(
        vault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    """The report comes in with the result it holds; the result that did not come with it
    is listed as a part, and the counts are of resources."""
    result = {"resourceType": "Observation", "id": "c1", "status": "final",
              "code": {"coding": [{"system": "http://loinc.org", "code": "2345-7"}]},
              "effectiveDateTime": "2021-03-04", "valueQuantity": {
                  "value": 5.4, "unit": "mmol/L", "system": "http://unitsofmeasure.org",
                  "code": "mmol/L"}}
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "1970-01-01",
                      "name": [{"family": "Aaberg", "given": ["Ann"]}]}},
        {"resource": {"resourceType": "DiagnosticReport", "id": "dr1", "status": "final",
                      "code": {"text": "Glucose"}, "subject": {"reference": "Patient/p1"},
                      "contained": [result],
                      "result": [{"reference": "#c1"}, {"reference": "Observation/gone"}]}}]}
    path = samples.write_json(tmp_path / "lab.json", bundle)
    code, out, err = run(monkeypatch, capsys, acting(["fhir", "import"], vault, str(path),
                                                     "--new-patient"), OWNER_PW + "\n")
    assert code == 0, err
    assert "Not imported: 0 (and 1 parts of resources counted above)" in out
    assert "  part of lab.json entry 2 DiagnosticReport dr1: bad reference:" in out
    code, out, err = run(monkeypatch, capsys, acting(["fhir", "import"], vault, str(path),
                                                     "--dry-run", "--json"), OWNER_PW + "\n")
    report = json.loads(out)
    assert [line["part"] for line in report["not_imported"]] == [True]
