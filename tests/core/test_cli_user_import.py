"""`medvault user import` and the first sign-in of an imported account, through the CLI."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import timedelta
from pathlib import Path

from app.core import clock
from tests.core.test_cli import OWNER_PW
from tests.core.test_cli import vault as vault  # the fixture: a vault owned by "boss"
from tests.support import run_cli as run

NEW_PW = "my very own long passphrase now"
STAFF = "name,full_name,role,email\njdoe,Jane Doe,clinician,jane@example.org\nfront,,reception,\n"


def _import(monkeypatch, capsys, vault: str, csv_path: Path, *extra: str  # type: ignore[no-untyped-def]
            ) -> tuple[int, str, str]:
    return run(monkeypatch, capsys, ["user", "import", vault, "--as", "boss", str(csv_path),
                                     "--password-stdin", *extra], OWNER_PW + "\n")


def _names(monkeypatch, capsys, vault: str) -> set[str]:  # type: ignore[no-untyped-def]
    code, out, err = run(monkeypatch, capsys, ["user", "list", vault, "--as", "boss",
                                               "--password-stdin", "--json"], OWNER_PW + "\n")
    assert code == 0, err
    return {u["name"] for u in json.loads(out)}


def test_dry_run_problems_and_the_import(vault: str, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                         capsys) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    code, out, err = _import(monkeypatch, capsys, vault, staff, "--dry-run")
    assert code == 0, err
    assert "Dry run" in out and "jdoe" in out and "nothing was changed" in out
    assert _names(monkeypatch, capsys, vault) == {"boss"}

    bad = tmp_path / "bad.csv"
    bad.write_text("name,role\njdoe,doctor\nboss,admin\n", encoding="utf-8")
    code, out, err = _import(monkeypatch, capsys, vault, bad)
    assert code == 2 and out == ""
    assert "Nothing was imported" in err and "Line 2: 'doctor' is not a role" in err
    assert "Line 3: there is already a user called 'boss'" in err
    code, _, err = _import(monkeypatch, capsys, vault, bad, "--json")
    assert code == 2 and json.loads(err)["kind"] == "ImportInvalid"

    code, out, err = _import(monkeypatch, capsys, vault, staff, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["dry_run"] is False and result["passwords_file"] is None
    jdoe = next(u for u in result["users"] if u["name"] == "jdoe")
    assert jdoe["keys"] == {"registry": "sealed", "clinical": "pending"}
    assert jdoe["must_change_password"] is True and len(jdoe["temporary_password"]) >= 20
    assert _names(monkeypatch, capsys, vault) == {"boss", "jdoe", "front"}


def test_passwords_to_a_file_then_the_first_sign_in(vault: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    monkeypatch, capsys) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    out_file = tmp_path / "passwords.csv"
    code, out, err = _import(monkeypatch, capsys, vault, staff, "--passwords-out",
                             str(out_file))
    assert code == 0, err
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out_file.read_text("utf-8")))}
    temporary = rows["front"]["temporary_password"]
    assert temporary not in out and temporary not in err
    assert str(out_file) in out and "readable only by you" in out

    def as_front(args: list[str], stdin: str, *extra: str) -> tuple[int, str, str]:
        return run(monkeypatch, capsys, [*args, vault, "--as", "front", "--password-stdin",
                                         *extra], stdin)

    # Signed in with the temporary password, nothing but choosing a new one is allowed.
    code, _, err = as_front(["patient", "find"], temporary + "\nsmith\n", "-")
    assert code == 8 and "choose your own password" in err, err
    code, _, err = as_front(["password", "change"], f"{temporary}\n{temporary}\n")
    assert code == 7 and "password of your own" in err
    code, _, err = as_front(["password", "change"], f"{temporary}\n{NEW_PW}\n")
    assert code == 0, err
    code, _, err = as_front(["patient", "find"], NEW_PW + "\nsmith\n", "-")
    assert code == 0, err
    code, _, err = as_front(["patient", "find"], temporary + "\nsmith\n", "-")
    assert code == 3


def test_an_unused_temporary_password_expires(vault: str, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                              capsys) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF, encoding="utf-8")
    code, out, err = _import(monkeypatch, capsys, vault, staff, "--json", "--valid-days", "3")
    assert code == 0, err
    temporary = next(u["temporary_password"] for u in json.loads(out)["users"]
                     if u["name"] == "front")
    later = clock.now() + timedelta(days=3, minutes=1)
    previous = clock.set_clock(lambda: later)
    try:
        code, _, err = run(monkeypatch, capsys, ["password", "change", vault, "--as", "front",
                                                 "--password-stdin"],
                           f"{temporary}\n{NEW_PW}\n")
    finally:
        clock.set_clock(previous)
    assert code == 3 and "temporary password expired" in err and "reset" in err
    code, out, _ = run(monkeypatch, capsys, ["audit", "export", vault, "--as", "boss",
                                             "--password-stdin", "--out",
                                             str(tmp_path / "a.json")], OWNER_PW + "\n")
    assert code == 0
    entries = json.loads((tmp_path / "a.json").read_text())["entries"]
    refused = [e for e in entries if e["action"] == "signin.refused"]
    assert refused and refused[-1]["flagged"]
