"""`medvault policy show|check` and what every other command does with a broken policy."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.core.test_cli import OWNER_PW, run

BROKEN = "min_password_length = 14\nautolock_max_minute = 5\nbackup_keep = 'x'\n"


def test_policy_check_reports_file_line_key_and_fix(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "policy.toml"
    path.write_text(BROKEN)
    code, out, err = run(monkeypatch, capsys, ["policy", "check", str(path)])
    assert code == 9
    assert f"Error: {path}, line 3 (backup_keep)" in err and "Fix:" in err
    assert f"Warning: {path}, line 2 (autolock_max_minute)" in err
    assert "min_password_length = 14  (set by policy)" in out

    code, out, _ = run(monkeypatch, capsys, ["policy", "check", str(path), "--json"])
    report = json.loads(out)
    assert code == 9 and report["exit_code"] == 9 and not report["ok"]
    (error,) = report["errors"]
    assert error == {"severity": "error", "file": str(path), "line": 3, "key": "backup_keep",
                     "problem": error["problem"], "fix": error["fix"]}
    assert report["warnings"][0]["key"] == "autolock_max_minute"
    assert report["policy"]["min_password_length"] == 14


@pytest.mark.parametrize("text,expected", [
    ("backup_keep = 20\n", 0),
    ("backup_keep = 20\ncolour = 'red'\n", 10),
    ("backup_keep = 0\n", 9),
])
def test_policy_check_exit_codes(tmp_path: Path, monkeypatch, capsys, text: str,  # type: ignore[no-untyped-def]
                                 expected: int) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    code, out, _ = run(monkeypatch, capsys, ["policy", "check", str(path)])
    assert code == expected
    assert ("no problems found" in out) == (expected == 0)


def test_policy_check_of_a_missing_file_fails(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(monkeypatch, capsys, ["policy", "check", str(tmp_path / "nope.toml")])
    assert code == 9 and "no such file" in err


def test_policy_show_is_non_zero_when_anything_is_reported(
        monkeypatch, capsys, machine_policy: Callable[[str], Path]) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(monkeypatch, capsys, ["policy", "show", "--json"])
    assert code == 0 and json.loads(out)["sources"] == []
    machine_policy("backup_keep = 20\nbackup_kep = 3\n")
    code, out, _ = run(monkeypatch, capsys, ["policy", "show", "--json"])
    assert code == 10 and json.loads(out)["policy"]["backup_keep"] == 20
    machine_policy(BROKEN)
    code, _, err = run(monkeypatch, capsys, ["policy", "show"])
    assert code == 9 and "backup_keep" in err


def test_every_vault_command_refuses_a_broken_policy(
        tmp_path: Path, monkeypatch, capsys,  # type: ignore[no-untyped-def]
        machine_policy: Callable[[str], Path]) -> None:
    vault = str(tmp_path / "v")
    code, _, err = run(monkeypatch, capsys, ["init", vault, "--owner", "boss",
                                             "--password-stdin"], OWNER_PW + "\n")
    assert code == 0, err
    path = machine_policy(BROKEN)
    for args, stdin in ((["user", "list", vault, "--as", "boss", "--password-stdin"],
                         OWNER_PW + "\n"),
                        (["init", str(tmp_path / "w"), "--owner", "boss", "--password-stdin"],
                         OWNER_PW + "\n")):
        code, out, err = run(monkeypatch, capsys, args, stdin)
        assert code == 9, err
        assert f"{path}, line 3 (backup_keep)" in err and "policy check" in err
        assert out == ""
    assert not (tmp_path / "w").exists()


def test_warnings_are_printed_by_every_command(tmp_path: Path, monkeypatch, capsys,  # type: ignore[no-untyped-def]
                                               machine_policy: Callable[[str], Path]) -> None:
    machine_policy("min_password_length = 14\nautolock_max_minute = 5\n")
    code, _, err = run(monkeypatch, capsys, ["init", str(tmp_path / "v"), "--owner", "boss",
                                             "--password-stdin"], "harbour light\n")
    assert code != 0 and "at least 14" in err  # the key IT wrote right still applies
    assert "Warning:" in err and '"autolock_max_minutes"' in err


def test_policy_refusals_and_enrol_first_have_their_own_exit_codes(
        tmp_path: Path, monkeypatch, capsys,  # type: ignore[no-untyped-def]
        machine_policy: Callable[[str], Path]) -> None:
    vault = str(tmp_path / "v")
    code, _, err = run(monkeypatch, capsys, ["init", str(tmp_path / "short"), "--owner", "boss",
                                             "--password-stdin"], "too short\n")
    assert code == 7, err
    run(monkeypatch, capsys, ["init", vault, "--owner", "boss", "--password-stdin"],
        OWNER_PW + "\n")
    machine_policy('totp_required_roles = ["owner"]\n')
    code, out, err = run(monkeypatch, capsys, ["user", "list", vault, "--as", "boss",
                                               "--password-stdin"], OWNER_PW + "\n")
    assert code == 8 and "totp enrol" in err and out == ""
