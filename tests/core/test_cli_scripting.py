"""Issue 13.8: every command that prints can print JSON, and a script can parse it; the
exit codes are the documented ones. Each test parses the JSON the command printed."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest

from app.cli import build_parser
from tests.conftest import use_machine_policy
from tests.support import run_cli as run

OWNER_PW = "correct horse battery staple"
DESK_PW = "reception answers every call"
NEW_PW = "a completely new owner passphrase"


def _leaves(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
            ) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            out = []
            for name, child in action.choices.items():
                out += _leaves(child, (*prefix, name))
            return out
    return [(prefix, parser)]


def test_every_command_takes_json() -> None:
    missing = [" ".join(name) for name, parser in _leaves(build_parser())
               if "--json" not in {o for a in parser._actions for o in a.option_strings}]
    assert missing == []


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    path = str(tmp_path / "v")
    code, out, err = run(monkeypatch, capsys, ["init", path, "--owner", "boss",
                                               "--password-stdin", "--json"], OWNER_PW + "\n")
    assert code == 0, err
    recovery = json.loads(out)["recovery_key"]
    code, _, err = run(monkeypatch, capsys, ["user", "add", path, "--as", "boss", "--name",
                                             "desk", "--role", "reception",
                                             "--password-stdin"], f"{OWNER_PW}\n{DESK_PW}\n")
    assert code == 0, err
    return {"path": path, "recovery": recovery}


def _json(monkeypatch, capsys, args: list[str], stdin: str = OWNER_PW + "\n",  # type: ignore[no-untyped-def]
          expect: int = 0) -> Any:
    code, out, err = run(monkeypatch, capsys, [*args, "--json"], stdin)
    assert code == expect, err
    return json.loads(out) if code == 0 or out else json.loads(err)


def _as(command: list[str], vault: dict[str, str], *extra: str, user: str = "boss"
        ) -> list[str]:
    return [*command, vault["path"], "--as", user, "--password-stdin", *extra]


def test_audit_verify_and_export(vault: dict[str, str], tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                 capsys) -> None:
    report = _json(monkeypatch, capsys, _as(["audit", "verify"], vault))
    assert report["ok"] is True and report["problems"] == [] and report["entries"] > 3
    assert report["head"]["seq"] >= report["entries"] - 1
    out = tmp_path / "log.json"
    written = _json(monkeypatch, capsys, _as(["audit", "export"], vault, "--out", str(out)))
    assert written == {"written": str(out), "format": "json", "entries": written["entries"]}
    assert len(json.loads(out.read_text())["entries"]) == written["entries"]
    # A saved head beyond the log's end means the log was cut: exit 5, problems listed.
    head = tmp_path / "head.json"
    head.write_text(json.dumps({"head": {"seq": report["head"]["seq"] + 50, "mac": "00" * 32}}))
    cut = _json(monkeypatch, capsys, _as(["audit", "verify"], vault, "--head", str(head)),
                expect=5)
    assert cut["ok"] is False and cut["problems"]
    error = _json(monkeypatch, capsys, _as(["audit", "verify"], vault, "--head",
                                           str(tmp_path / "nothing.json")), expect=2)
    assert error["exit_code"] == 2 and error["kind"] == "UsageError"


def test_recover_and_reset(vault: dict[str, str], monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    result = _json(monkeypatch, capsys, ["recover", vault["path"], "--password-stdin"],
                   f"{vault['recovery']}\n{NEW_PW}\n")
    assert result == {"owner": "boss", "password_replaced": True, "totp_reset": True}
    error = _json(monkeypatch, capsys, ["recover", vault["path"], "--password-stdin"],
                  f"AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\n{NEW_PW}\n", expect=3)
    assert error["kind"] == "WrongCredentials"
    reset = _json(monkeypatch, capsys, _as(["user", "reset-password"], vault, "--name", "desk"),
                  f"{NEW_PW}\nthe reception's brand new passphrase\n")
    until = reset.pop("temporary_password_until")
    assert reset == {"reset": "desk", "told_at_next_sign_in": True,
                     "must_change_password": True}
    left = datetime.fromisoformat(until) - datetime.now(UTC)
    assert timedelta(days=13) < left <= timedelta(days=14)
    # The owner knows that password: the desk chooses its own before anything else.
    code, _, err = run(monkeypatch, capsys, [*_as(["user", "list"], vault, user="desk"),
                                             "--json"], "the reception's brand new passphrase\n")
    assert code == 8
    notice, refused = err.splitlines()[-2], json.loads(err.splitlines()[-1])
    assert notice.startswith("Your password was reset by boss (owner)")
    assert refused["kind"] == "EnrolmentRequired"


def test_totp_enrol_as_json_lines(vault: dict[str, str], monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    secret = pyotp.random_base32()
    monkeypatch.setattr("app.core.factors.new_secret", lambda: secret)
    code, out, err = run(monkeypatch, capsys, [*_as(["totp", "enrol"], vault), "--json"],
                         f"{OWNER_PW}\n{pyotp.TOTP(secret).now()}\n")
    assert code == 0, err
    first, last = (json.loads(line) for line in out.splitlines())
    assert first["step"] == "enter_code" and first["secret"] == secret
    assert first["uri"].startswith("otpauth://totp/")
    assert last == {"step": "done", "user": "boss", "totp": True}
    # The next sign-in without a code: exit 3, the error as JSON.
    error = _json(monkeypatch, capsys, _as(["verify"], vault), expect=3)
    assert error["kind"] == "TotpRequired"


def test_workstation_settings_and_sharing_cards(vault: dict[str, str], tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch, capsys) -> None:
    assert _json(monkeypatch, capsys, _as(["workstation", "enrol"], vault)) == {
        "user": "boss", "workstation": True}
    shown = _json(monkeypatch, capsys, _as(["settings", "show"], vault))
    assert shown["autolock_minutes"] == 5
    changed = _json(monkeypatch, capsys, _as(["settings", "set"], vault,
                                             "--autolock-minutes", "3"))
    assert changed["autolock_minutes"] == 3
    card = tmp_path / "me.card"
    exported = _json(monkeypatch, capsys, _as(["identity", "export"], vault, "--out",
                                              str(card)))
    assert exported["card"] == str(card) and len(exported["fingerprint"].split()) >= 4
    contact = _json(monkeypatch, capsys, _as(["contact", "import"], vault, str(card)))
    verified = _json(monkeypatch, capsys, _as(["contact", "verify"], vault, "--contact",
                                              contact["id"], "--fingerprint",
                                              exported["fingerprint"]))
    assert verified == {"contact": contact["id"], "name": contact["name"], "verified": True}


def test_records_commands_and_backup_drill(vault: dict[str, str], tmp_path: Path,  # type: ignore[no-untyped-def]
                                           machine_policy, monkeypatch, capsys) -> None:
    use_machine_policy(monkeypatch, machine_policy('erasure = "erase"\n'))
    details = '{"family": "Quiet", "given": "Person", "birth_date": "1970-01-02"}'
    patient = _json(monkeypatch, capsys, _as(["patient", "add"], vault, "--details", "-",
                                             "--restricted"), f"{OWNER_PW}\n{details}\n")["id"]
    grant = _json(monkeypatch, capsys, _as(["restricted", "open"], vault, "--patient",
                                           patient, "--reason", "-"),
                  OWNER_PW + "\nannual review visit\n")
    assert grant["patient"] == patient and grant["flagged_for_review"] is True
    report = _json(monkeypatch, capsys, _as(["access-report"], vault, "--patient", patient))
    assert report["patient_id"] == patient and report["events"]
    out = tmp_path / "report.csv"
    assert _json(monkeypatch, capsys, _as(["access-report"], vault, "--patient", patient,
                                          "--out", str(out))) == {
        "written": str(out), "events": len(report["events"]) + 1}
    assert _json(monkeypatch, capsys, _as(["review", "mark"], vault, grant["grant"])) == {
        "reviewed": grant["grant"]}
    erased = _json(monkeypatch, capsys, _as(["patient", "erase"], vault, patient,
                                            "--reason", "asked to be forgotten"))
    assert erased["erased"] == patient and sum(erased["rows"].values()) >= 1
    backup = _json(monkeypatch, capsys, _as(["backup"], vault))
    drill = _json(monkeypatch, capsys, ["backup", "drill", vault["path"], "--as", "boss",
                                        "--password-stdin"])
    assert drill["ok"] is True and drill["backup"] == backup["backup"]


def test_demo_prints_one_json_object(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(monkeypatch, capsys, ["demo", str(tmp_path / "d"), "--patients", "3",
                                               "--password-stdin", "--json"], OWNER_PW + "\n")
    assert code == 0, err
    result = json.loads(out)
    assert result["patients"] == 3 and result["owner"] == "demo" and result["recovery_key"]
    assert "3 of 3 patients" in err  # progress on stderr, never mixed into the JSON
