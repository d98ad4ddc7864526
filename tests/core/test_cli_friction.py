"""The CLI side of issue 15: `user role`, `grant reject`, `recovery-key new` and
`settings set --clipboard-seconds`, thin over core (exit codes, JSON, audit)."""

from __future__ import annotations

import json

import pytest

from app.core.roles import Role
from app.core.vault import OpenVault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault
from tests.support import run_cli

DOC_PW = "the new doctor arrives on monday"


def test_user_role_moves_keys_and_rotates(practice: PracticeVault,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    vault = str(practice.path)
    code, out, _err = run_cli(monkeypatch, capsys, [
        "user", "role", vault, "--as", "owner", "--name", "clinician1", "--role", "reception",
        "--rotate", "--password-stdin", "--json"], OWNER_PASSWORD + "\n")
    assert code == 0
    result = json.loads(out)
    assert result["from"] == "clinician" and result["to"] == "reception"
    assert result["revoked"] == ["clinical"] and result["rotated"] == {"clinical": 2}
    # An admin may not make an admin: exit 4, and the refusal is audited.
    code, _out, err = run_cli(monkeypatch, capsys, [
        "user", "role", vault, "--as", "admin1", "--name", "reception1", "--role", "admin",
        "--password-stdin"], practice.password(Role.ADMIN) + "\n")
    assert code == 4 and "only a role above both" in err


def test_grant_reject(practice: PracticeVault, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    vault = str(practice.path)
    assert run_cli(monkeypatch, capsys, [
        "user", "add", vault, "--as", "admin1", "--name", "newdoc", "--role", "clinician",
        "--password-stdin"], f"{practice.password(Role.ADMIN)}\n{DOC_PW}\n")[0] == 0
    code, out, _err = run_cli(monkeypatch, capsys, [
        "grant", "reject", vault, "--as", "owner", "--name", "newdoc", "--password-stdin",
        "--json"], OWNER_PASSWORD + "\n")
    assert code == 0 and json.loads(out) == {"rejected": "newdoc", "compartment": "clinical"}
    code, _out, _err = run_cli(monkeypatch, capsys, [
        "grant", "reject", vault, "--as", "owner", "--name", "newdoc", "--password-stdin"],
        OWNER_PASSWORD + "\n")
    assert code == 2  # nothing pending any more


def test_recovery_key_new(practice: PracticeVault, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(monkeypatch, capsys, [
        "recovery-key", "new", str(practice.path), "--as", "owner", "--password-stdin",
        "--json"], OWNER_PASSWORD + "\n")
    assert code == 0
    key = json.loads(out)["recovery_key"]
    with OpenVault.open(practice.path) as vault:
        vault.unlock_with_recovery(key, "recovered and remembered this time").close()
    code, _out, _err = run_cli(monkeypatch, capsys, [
        "recovery-key", "new", str(practice.path), "--as", "admin1", "--password-stdin"],
        practice.password(Role.ADMIN) + "\n")
    assert code == 4


def test_settings_set_clipboard_seconds(practice: PracticeVault,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    args = ["settings", "set", str(practice.path), "--as", "owner", "--password-stdin"]
    code, out, _err = run_cli(monkeypatch, capsys, [*args, "--clipboard-seconds", "20"],
                              OWNER_PASSWORD + "\n")
    assert code == 0 and json.loads(out)["clipboard_seconds"] == 20
    code, _out, err = run_cli(monkeypatch, capsys, [*args, "--clipboard-seconds", "3"],
                              OWNER_PASSWORD + "\n")
    assert code == 2 and "clipboard" in err
