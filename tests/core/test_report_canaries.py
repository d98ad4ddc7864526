"""Issue 14, item 5: no clinical text and no patient name reaches the health output, the
compliance statement or the monitoring flags, through core or the CLI and in every file
they write. The incident package may name patients (it is encrypted), in patients.json
only, and never carries clinical text."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyrage
import pytest

from app.core.records.notes import NoteContent, add_note
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from app.core.users import add_user
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

NAME = "Qxcanarynamezz"      # a patient's family name (and, for same_family, a user's)
CLINICAL = "Qxcanaryclinicalzz"  # words in a note


def _seed(practice: PracticeVault) -> None:
    from app.core.records.chart import open_chart

    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        try:
            patient = add_patient(owner, PatientInput(family=NAME, given="Ann",
                                                      birth_date="1970-01-01"))
            add_note(owner, patient.id, NoteContent(body=f"{CLINICAL} angina"))
            add_user(owner, name="kin", role=Role.CLINICIAN,
                     password="amber lighthouse over quiet water", full_name=f"Cy {NAME}")
            # A clinician who shares the patient's family name opens the chart (written
            # straight into the log: the same_family rule reads only the log) and is
            # refused five times (the denials rule).
            open_chart(owner, patient.id)
            kin = next(u for u in owner.vault.file.users if u.name == "kin")
            with owner.transaction():
                for _ in range(5):
                    owner.audit.append(actor_id=kin.user_id, actor="kin", role="clinician",
                                       action="chart.open", patient_id=patient.id)
                    owner.audit.append(actor_id=kin.user_id, actor="kin", role="clinician",
                                       action="permission.denied", flagged=True)
        finally:
            owner.close()


def _cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         args: list[str], stdin: str) -> str:
    from app.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    main(args)
    out, err = capsys.readouterr()
    return out + err


def test_no_canary_in_health_statement_or_flags(practice: PracticeVault, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from app.core.compliance import render, security_statement
    from app.core.health import health_check
    from app.core.monitoring import flags_json, run_rules

    _seed(practice)
    vault_arg = str(practice.path)
    pw = OWNER_PASSWORD + "\n"
    outputs: dict[str, str] = {}
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        try:
            flags = run_rules(owner)
            assert {"same_family", "denials"} <= {f.rule for f in flags}
            outputs["flags"] = flags_json(flags)
            outputs["health"] = json.dumps(health_check(owner).to_json())
            statement = security_statement(owner)
            outputs["statement"] = render(statement, "json").decode() + \
                render(statement, "html").decode()
            outputs["statement.pdf"] = render(statement, "pdf").decode("latin-1")
        finally:
            owner.close()
    outputs["cli health"] = _cli(monkeypatch, capsys, ["health", vault_arg, "--as", "owner",
                                                       "--password-stdin", "--json"], pw)
    outputs["cli monitor"] = _cli(monkeypatch, capsys, ["monitor", vault_arg, "--as",
                                                        "owner", "--password-stdin",
                                                        "--all"], pw)
    for suffix in ("pdf", "html", "json"):
        out = tmp_path / f"statement.{suffix}"
        outputs[f"cli report {suffix}"] = _cli(
            monkeypatch, capsys, ["report", "security", vault_arg, "--as", "auditor1",
                                  "--password-stdin", "--out", str(out)],
            practice.password(Role.AUDITOR) + "\n")
        outputs[f"file {suffix}"] = out.read_bytes().decode("latin-1")
    assert "same_family" in outputs["cli monitor"]
    for where, text in outputs.items():
        assert NAME not in text, where
        assert CLINICAL not in text, where


def test_the_incident_package_names_patients_only_in_patients_json(
        practice: PracticeVault, tmp_path: Path) -> None:
    from app.core.incident import export_incident
    from app.core.incident_check import read_zip
    from app.core.sharing.agefmt import AgeReader

    _seed(practice)
    identity = pyrage.x25519.Identity.generate()
    out = tmp_path / "incident.age"
    now = datetime.now(UTC)
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        try:
            export_incident(owner, out, start=now - timedelta(hours=1), end=now,
                            discovered=now, recipients=[str(identity.to_public())])
        finally:
            owner.close()
    raw = out.read_bytes()
    assert NAME.encode() not in raw and CLINICAL.encode() not in raw
    with out.open("rb") as source:
        plain = b"".join(AgeReader(source, identities=[str(identity)]).chunks())
    members = read_zip(plain)
    for name, data in members.items():
        assert CLINICAL.encode() not in data, name
        assert (NAME.encode() in data) == (name == "patients.json"), name
