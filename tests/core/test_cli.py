"""The `medvault` command: stable names, stdin passwords, exit codes and messages."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from tests.conftest import use_machine_policy
from tests.support import run_cli as run

OWNER_PW = "correct horse battery staple"
DOC_PW = "doctor likes long quiet walks"
ADMIN_PW = "admin keeps the lights on ok"
RECEPTION_PW = "reception answers every call"


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "v")
    code, out, _ = run(monkeypatch, capsys, ["init", path, "--owner", "boss",
                                             "--password-stdin"], OWNER_PW + "\n")
    assert code == 0
    assert "RECOVERY KEY" in out
    return path


def test_version_names_sqlcipher_and_argon2(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(monkeypatch, capsys, ["--version"])
    assert code == 0
    assert "medvault: 0.1.0" in out
    assert "sqlcipher: 4." in out
    assert "argon2" in out.lower()


def test_user_lifecycle_and_exit_codes(vault: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(monkeypatch, capsys,
                         ["user", "add", vault, "--as", "boss", "--name", "doc", "--role",
                          "clinician", "--password-stdin", "--json"], f"{OWNER_PW}\n{DOC_PW}\n")
    assert code == 0, err
    added = json.loads(out)
    assert added["role"] == "clinician" and added["pending_grants"] == ["clinical"]

    code, out, _ = run(monkeypatch, capsys, ["grant", "list", vault, "--as", "boss",
                                             "--password-stdin", "--json"], OWNER_PW + "\n")
    assert code == 0 and json.loads(out)[0]["name"] == "doc"
    code, _, err = run(monkeypatch, capsys, ["grant", "approve", vault, "--as", "boss",
                                             "--name", "doc", "--password-stdin"], OWNER_PW + "\n")
    assert code == 0, err

    run(monkeypatch, capsys, ["user", "add", vault, "--as", "boss", "--name", "desk", "--role",
                              "reception", "--password-stdin"], f"{OWNER_PW}\n{RECEPTION_PW}\n")
    code, _, err = run(monkeypatch, capsys, ["user", "list", vault, "--as", "desk",
                                             "--password-stdin"], RECEPTION_PW + "\n")
    assert code == 4 and "does not allow" in err

    code, out, _ = run(monkeypatch, capsys, ["user", "list", vault, "--as", "boss",
                                             "--password-stdin", "--json"], OWNER_PW + "\n")
    users = {u["name"]: u for u in json.loads(out)}
    assert users["doc"]["compartments"] == ["registry", "clinical"]
    assert users["desk"]["compartments"] == ["registry"]

    code, out, _ = run(monkeypatch, capsys, ["user", "disable", vault, "--as", "boss", "--name",
                                             "doc", "--rotate", "--password-stdin"],
                       OWNER_PW + "\n")
    assert code == 0 and "Rotated the clinical key" in out
    code, _, err = run(monkeypatch, capsys, ["user", "list", vault, "--as", "doc",
                                             "--password-stdin"], DOC_PW + "\n")
    assert code == 3


def test_wrong_password_exit_3(vault: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(monkeypatch, capsys, ["verify", vault, "--as", "boss",
                                             "--password-stdin"], "wrong one\n")
    assert code == 3 and "not correct" in err


def test_damaged_vault_exit_5(vault: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    path = Path(vault) / "registry.db"
    data = bytearray(path.read_bytes())
    data[200] ^= 0xFF
    path.write_bytes(bytes(data))
    code, _, err = run(monkeypatch, capsys, ["verify", vault, "--as", "boss",
                                             "--password-stdin"], OWNER_PW + "\n")
    assert code == 5 and "damaged" in err and "backup" in err


def test_in_use_exit_6(vault: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from app.core.vault import OpenVault

    # Someone signed in elsewhere holds the vault; a window at the sign-in screen would not.
    holder = OpenVault.open(Path(vault))
    session = holder.unlock("boss", OWNER_PW)
    try:
        code, _, err = run(monkeypatch, capsys, ["verify", vault, "--as", "boss",
                                                 "--password-stdin", "--wait", "0"],
                           OWNER_PW + "\n")
        assert code == 6 and "another MedVault" in err
    finally:
        session.close()
        holder.close()


def test_usage_errors_exit_2(vault: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as info:
        run(monkeypatch, capsys, ["user", "add", vault])
    assert info.value.code == 2
    code, _, err = run(monkeypatch, capsys, ["user", "add", vault, "--as", "boss", "--name",
                                             "x", "--role", "wizard", "--password-stdin"])
    assert code == 2 and "Unknown role" in err
    code, _, err = run(monkeypatch, capsys, ["verify", vault, "--as", "boss",
                                             "--password-stdin"], "")
    assert code == 2 and "standard input" in err


def test_weak_password_refused_with_reason(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(monkeypatch, capsys, ["init", str(tmp_path / "w"), "--owner", "o",
                                             "--password-stdin"], "password1234\n")
    assert code == 7 and "cannot be used" in err
    assert not (tmp_path / "w").exists()


def test_audit_verify_export_and_tamper(vault: str, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(monkeypatch, capsys, ["audit", "verify", vault, "--as", "boss",
                                             "--password-stdin"], OWNER_PW + "\n")
    assert code == 0 and "intact" in out
    out_file = tmp_path / "log.json"
    code, _, _ = run(monkeypatch, capsys, ["audit", "export", vault, "--as", "boss", "--out",
                                           str(out_file), "--password-stdin"], OWNER_PW + "\n")
    assert code == 0
    exported = json.loads(out_file.read_text())
    actions = [e["action"] for e in exported["entries"]]
    assert "vault.create" in actions and "signin.success" in actions

    from app.core.vault import OpenVault

    with OpenVault.open(Path(vault)) as v:
        s = v.unlock("boss", OWNER_PW)
        s.conn.execute("UPDATE audit SET actor = 'someone' WHERE seq = 2")
        s._db.close()  # type: ignore[union-attr]  # leave without re-sealing the head
        s._db = None
    code, _, err = run(monkeypatch, capsys, ["audit", "verify", vault, "--as", "boss",
                                             "--password-stdin"], OWNER_PW + "\n")
    assert code == 5 and "Entry 2" in err
    code, _, err = run(monkeypatch, capsys, ["audit", "verify", vault, "--as", "boss",
                                             "--password-stdin", "--head", str(out_file)],
                       OWNER_PW + "\n")
    assert code == 5


def test_backup_restore_round_trip(vault: str, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    backups = tmp_path / "b"
    code, _, err = run(monkeypatch, capsys, ["backup", vault, "--as", "boss", "--to",
                                               str(backups), "--password-stdin"], OWNER_PW + "\n")
    assert code == 0, err
    made = next(backups.iterdir())
    manifest = json.loads((made / "backup.json").read_text())
    assert manifest["audit_head"]["seq"] > 0
    restored = tmp_path / "restored"
    code, _, err = run(monkeypatch, capsys, ["restore", str(made), "--to", str(restored)])
    assert code == 0, err
    code, _out, err = run(monkeypatch, capsys, ["verify", str(restored), "--as", "boss",
                                               "--password-stdin", "--head",
                                               str(made / "backup.json")], OWNER_PW + "\n")
    assert code == 0, err
    code, _, err = run(monkeypatch, capsys, ["restore", str(made), "--to", vault])
    assert code == 2 and "--replace" in err
    (made / "clinical.db").write_bytes(b"garbage")
    code, _, err = run(monkeypatch, capsys, ["restore", str(made), "--to",
                                             str(tmp_path / "r2")])
    assert code == 5 and "checksum" in err
    assert not (tmp_path / "r2").exists()


def test_backups_rotate(vault: str, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    policy = tmp_path / "policy.toml"
    policy.write_text("backup_keep = 2\n")
    use_machine_policy(monkeypatch, str(policy))
    for _ in range(3):
        code, _, err = run(monkeypatch, capsys, ["backup", vault, "--as", "boss", "--to",
                                                 str(tmp_path / "b"), "--password-stdin"],
                           OWNER_PW + "\n")
        assert code == 0, err
    assert len([p for p in (tmp_path / "b").iterdir() if not p.name.startswith(".")]) == 2


def test_recover_with_recovery_key(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "r")
    _, out, _ = run(monkeypatch, capsys, ["init", path, "--owner", "o", "--password-stdin"],
                    OWNER_PW + "\n")
    key = out.split("RECOVERY KEY")[1].splitlines()[1].strip()
    new = "a whole new owner passphrase"
    code, _, err = run(monkeypatch, capsys, ["recover", path, "--password-stdin"],
                       f"{key}\n{new}\n")
    assert code == 0, err
    code, _, _ = run(monkeypatch, capsys, ["verify", path, "--as", "o", "--password-stdin"],
                     new + "\n")
    assert code == 0


def test_totp_flow_through_cli(vault: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import pyotp

    from app.core.factors import TotpEnrolment

    captured: dict[str, TotpEnrolment] = {}
    import app.core.factors as factors

    real_begin = factors.totp_begin

    def spy(session):  # type: ignore[no-untyped-def]
        captured["e"] = real_begin(session)
        monkeypatch.setattr("sys.stdin", io.StringIO(pyotp.TOTP(captured["e"].secret).now()
                                                     + "\n"))
        return captured["e"]

    monkeypatch.setattr(factors, "totp_begin", spy)
    code, _out, err = run(monkeypatch, capsys, ["totp", "enrol", vault, "--as", "boss",
                                               "--password-stdin"], OWNER_PW + "\n")
    assert code == 0, err
    code, _, err = run(monkeypatch, capsys, ["verify", vault, "--as", "boss",
                                             "--password-stdin"], OWNER_PW + "\n")
    assert code == 3 and "authenticator" in err
    totp = pyotp.TOTP(captured["e"].secret)
    code, _, err = run(monkeypatch, capsys, ["verify", vault, "--as", "boss", "--totp",
                                             totp.at(time.time() + 30),
                                             "--password-stdin"], OWNER_PW + "\n")
    assert code == 0, err
