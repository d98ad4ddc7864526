"""The records subcommands: stable names, --json output, stdin, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import run_cli as run

OWNER_PW = "correct horse battery staple"
DESK_PW = "reception answers every call"


def acting(command: list[str], vault: str, *extra: str, user: str = "boss") -> list[str]:
    return [*command, vault, "--as", user, "--password-stdin", *extra]


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "v")
    assert run(monkeypatch, capsys, ["init", path, "--owner", "boss", "--password-stdin"],
               OWNER_PW + "\n")[0] == 0
    code, _, err = run(monkeypatch, capsys, acting(["user", "add"], path, "--name", "desk",
                                                   "--role", "reception"),
                       f"{OWNER_PW}\n{DESK_PW}\n")
    assert code == 0, err
    return path


def _add(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], vault: str,
         family: str, given: str, *extra: str) -> dict[str, object]:
    code, out, err = run(monkeypatch, capsys, acting(
        ["patient", "add"], vault, "--family", family, "--given", given, "--birth-date",
        "1984-07-09", "--json", *extra), OWNER_PW + "\n")
    assert code == 0, err
    added: dict[str, object] = json.loads(out)
    return added


def test_patient_add_find_show(vault: str, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    added = _add(monkeypatch, capsys, vault, "Zoëllner", "Zoë", "--mrn", "M-1")
    patient = str(added["id"])
    assert added["family"] == "Zoëllner" and len(patient) == 32
    assert added["mrn"] == "M-1" and added["birth_date"] == "1984-07-09"
    for query in ("zoe", "ZOELL", "1984-07-09", "m-1"):
        code, out, _ = run(monkeypatch, capsys, acting(["patient", "find"], vault, query,
                                                       "--json", user="desk"), DESK_PW + "\n")
        assert code == 0 and [p["id"] for p in json.loads(out)] == [patient], query
    code, out, _ = run(monkeypatch, capsys, acting(["patient", "find"], vault, "nobody"),
                       OWNER_PW + "\n")
    assert code == 0 and "No patients found" in out
    code, out, _ = run(monkeypatch, capsys, acting(["patient", "show"], vault, patient,
                                                   "--json", user="desk"), DESK_PW + "\n")
    assert code == 0 and json.loads(out)["given"] == "Zoë"
    code, out, _ = run(monkeypatch, capsys, acting(["patient", "show"], vault, patient,
                                                   "--chart"), OWNER_PW + "\n")
    assert code == 0 and "Zoëllner, Zoë" in out and "Notes: 0" in out
    code, _, err = run(monkeypatch, capsys, acting(["patient", "show"], vault, "nope"),
                       OWNER_PW + "\n")
    assert code == 2 and "no patient" in err
    code, _, err = run(monkeypatch, capsys, acting(
        ["patient", "add"], vault, "--family", "X", "--given", "Y", "--birth-date",
        "09/07/1984"), OWNER_PW + "\n")
    assert code == 2 and "YYYY-MM-DD" in err


def test_notes_and_search(vault: str, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    patient = str(_add(monkeypatch, capsys, vault, "Søberg", "Ana")["id"])
    code, out, err = run(monkeypatch, capsys, acting(
        ["note", "add"], vault, "--patient", patient, "--text", "Sprained ankle, rest and ice",
        "--json"), OWNER_PW + "\n")
    assert code == 0, err
    note = json.loads(out)
    assert note["status"] == "signed" and note["patient_id"] == patient
    code, out, err = run(monkeypatch, capsys, acting(
        ["note", "add"], vault, "--patient", patient, "--text", "-", "--draft"),
        OWNER_PW + "\nAnkle still swollen; from stdin\n")
    assert code == 0 and "draft" in out, err
    code, out, _ = run(monkeypatch, capsys, acting(["note", "search"], vault, "ankle", "--json"),
                       OWNER_PW + "\n")
    hits = json.loads(out)
    assert code == 0 and {h["patient_id"] for h in hits} == {patient} and len(hits) == 2
    assert any("[ankle]" in h["snippet"].lower() for h in hits)
    code, out, _ = run(monkeypatch, capsys, acting(["note", "search"], vault, "ankle"),
                       OWNER_PW + "\n")
    assert code == 0 and "Søberg, Ana" in out and "ENTERED IN ERROR" not in out
    code, _, err = run(monkeypatch, capsys, acting(
        ["entry", "error"], vault, note["id"], "--reason", "another patient's ankle"),
        OWNER_PW + "\n")
    assert code == 0, err
    code, out, _ = run(monkeypatch, capsys, acting(["note", "search"], vault, "sprained"),
                       OWNER_PW + "\n")
    assert code == 0 and f"{note['id']}  ENTERED IN ERROR (kept as history)" in out
    code, _, err = run(monkeypatch, capsys, acting(
        ["note", "add"], vault, "--patient", patient, "--text", "reception cannot write",
        user="desk"), DESK_PW + "\n")
    assert code == 4 and "does not allow" in err
    code, _, err = run(monkeypatch, capsys, acting(["note", "search"], vault, "ankle",
                                                   user="desk"), DESK_PW + "\n")
    assert code == 4


def test_restricted_access_report_and_review(vault: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    patient = str(_add(monkeypatch, capsys, vault, "Quiet", "Person", "--restricted")["id"])
    code, _, err = run(monkeypatch, capsys, acting(["patient", "show"], vault, patient),
                       OWNER_PW + "\n")
    assert code == 4 and "reason" in err
    code, out, err = run(monkeypatch, capsys, acting(
        ["restricted", "open"], vault, "--patient", patient, "--reason",
        "annual review visit"), OWNER_PW + "\n")
    assert code == 0 and "flagged" in out, err
    code, _, _ = run(monkeypatch, capsys, acting(["patient", "show"], vault, patient),
                     OWNER_PW + "\n")
    assert code == 0
    code, out, _ = run(monkeypatch, capsys, acting(["access-report"], vault, "--patient",
                                                   patient), OWNER_PW + "\n")
    assert code == 0 and "annual review visit" in out and "[flagged]" in out
    report = tmp_path / "report.json"
    code, out, _ = run(monkeypatch, capsys, acting(["access-report"], vault, "--patient",
                                                   patient, "--out", str(report)),
                       OWNER_PW + "\n")
    assert code == 0 and report.is_file()
    actions = [e["action"] for e in json.loads(report.read_text())["events"]]
    assert actions[:2] == ["patient.create", "restricted.denied"]
    code, out, _ = run(monkeypatch, capsys, acting(["review", "list"], vault, "--json"),
                       OWNER_PW + "\n")
    [grant] = json.loads(out)
    code, out, _ = run(monkeypatch, capsys, acting(["review", "mark"], vault, grant["id"],
                                                   "--note", "fine"), OWNER_PW + "\n")
    assert code == 0
    code, out, _ = run(monkeypatch, capsys, acting(["review", "list"], vault), OWNER_PW + "\n")
    assert "Nothing waits" in out
    code, _, err = run(monkeypatch, capsys, acting(
        ["patient", "erase"], vault, patient, "--reason", "asked to be forgotten"),
        OWNER_PW + "\n")
    assert code == 7 and "retention" in err


def test_demo_creates_and_fills_a_new_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "demo")
    code, out, err = run(monkeypatch, capsys, ["demo", path, "--patients", "40",
                                               "--password-stdin"], OWNER_PW + "\n")
    assert code == 0, err
    assert "40 of 40 patients" in out and "40 patients" in out
    code, out, _ = run(monkeypatch, capsys, acting(["patient", "find"], path, "DEMO-0000007",
                                                   "--json", user="demo"), OWNER_PW + "\n")
    assert code == 0 and json.loads(out)[0]["mrn"] == "DEMO-0000007"
    code, _, err = run(monkeypatch, capsys, ["demo", path, "--patients", "5",
                                             "--password-stdin"], OWNER_PW + "\n")
    assert code == 2 and "not empty" in err
