"""Every command that prints something can print JSON, and errors then come as JSON too."""

from __future__ import annotations

import json
from pathlib import Path

from tests.core.test_cli import DOC_PW, OWNER_PW, run


def test_the_admin_round_trip_in_json(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    vault = str(tmp_path / "v")

    def ok(args: list[str], stdin: str = OWNER_PW + "\n") -> dict[str, object]:
        code, out, err = run(monkeypatch, capsys, [*args, "--json"], stdin)
        assert code == 0, err
        result: dict[str, object] = json.loads(out)
        return result

    created = ok(["init", vault, "--owner", "boss", "--password-stdin"])
    assert created["owner"] == "boss" and str(created["recovery_key"]).count("-") >= 3
    ok(["user", "add", vault, "--as", "boss", "--name", "doc", "--role", "clinician",
        "--password-stdin"], f"{OWNER_PW}\n{DOC_PW}\n")
    assert ok(["grant", "approve", vault, "--as", "boss", "--name", "doc",
               "--password-stdin"]) == {"approved": "doc", "compartment": "clinical"}
    assert ok(["verify", vault, "--as", "boss", "--password-stdin"])["ok"] is True
    backup = ok(["backup", vault, "--as", "boss", "--to", str(tmp_path / "b"),
                 "--password-stdin"])
    assert backup["verified"] is True and Path(str(backup["backup"])).is_dir()
    restored = ok(["restore", str(backup["backup"]), "--to", str(tmp_path / "r")])
    assert restored["previous_vault_moved_to"] is None
    assert ok(["password", "change", vault, "--as", "doc", "--password-stdin"],
              f"{DOC_PW}\nan even longer doctor's password\n") == {
        "user": "doc", "password_changed": True}
    assert ok(["keys", "rotate", vault, "--as", "boss", "--compartment", "registry",
               "--password-stdin"]) == {"rotated": "registry", "key_version": 2}
    disabled = ok(["user", "disable", vault, "--as", "boss", "--name", "doc", "--rotate",
                   "--password-stdin"])
    assert disabled["disabled"] == "doc" and disabled["held"] == ["clinical", "registry"]
    assert set(disabled["rotated"]) == {"clinical", "registry"}  # type: ignore[arg-type]
    assert disabled["still_to_rotate"] == []


def test_errors_in_json_mode_are_json_with_the_exit_code(tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                          capsys) -> None:
    vault = str(tmp_path / "v")
    run(monkeypatch, capsys, ["init", vault, "--owner", "boss", "--password-stdin"],
        OWNER_PW + "\n")
    code, out, err = run(monkeypatch, capsys, ["verify", vault, "--as", "boss", "--json",
                                               "--password-stdin"], "wrong password!\n")
    assert code == 3 and out == ""
    error = json.loads(err)
    assert error["exit_code"] == 3 and error["kind"] == "WrongCredentials" and error["error"]
