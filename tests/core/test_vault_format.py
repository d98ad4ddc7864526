"""The vault on disk: files, encryption, key slots and what opening checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlcipher3

from app.core.errors import VaultDamaged, VaultInUse, WrongCredentials
from app.core.roles import Role
from app.core.users import add_user
from app.core.vault import OpenVault, create_vault
from app.core.vault_file import VaultFile
from tests.core.conftest import OWNER_PASSWORD, PracticeVault


def test_init_creates_two_encrypted_compartments(practice: PracticeVault) -> None:
    names = sorted(p.name for p in practice.path.iterdir())
    assert {"vault.json", "registry.db", "clinical.db"} <= set(names)
    for db in ("registry.db", "clinical.db"):
        header = (practice.path / db).read_bytes()[:16]
        assert header != b"SQLite format 3\x00"
        plain = sqlcipher3.connect(str(practice.path / db))
        with pytest.raises(sqlcipher3.DatabaseError):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
        plain.close()


def test_each_compartment_has_its_own_key(practice: PracticeVault) -> None:
    vault = practice.open()
    session = vault.unlock("owner", OWNER_PASSWORD)
    try:
        assert session.key("registry") != session.key("clinical")
        assert len(session.key("registry")) == 32
        cipher = session.conn.execute("PRAGMA cipher_version").fetchone()[0]
        assert cipher.startswith("4.")
    finally:
        session.close()
        vault.close()


def test_slot_records_kdf_parameters_and_binds_them(practice: PracticeVault) -> None:
    data = json.loads((practice.path / "vault.json").read_text())
    slot = next(s for s in data["slots"] if s["kind"] == "password")
    assert slot["kdf"]["alg"] == "argon2id"
    # Weakening the stored parameters must not yield a slot that opens: the AD binds them.
    vf = VaultFile.load(practice.path)
    owner = vf.user_by_name("owner")
    assert owner is not None
    from app.core.kdf import KdfParams
    from app.core.keyslots import KeySlot, open_slot
    from app.core.passwords import normalise_password

    original = next(s for s in vf.slots if s.user_id == owner.user_id and s.kind == "password")
    weaker = KeySlot(original.slot_id, original.user_id, original.kind,
                     KdfParams(8, 1, 1, original.kdf.salt), original.workstation,
                     original.nonce, original.ciphertext)
    with pytest.raises(WrongCredentials):
        open_slot(vault_id=vf.vault_id, slot=weaker, secret=normalise_password(OWNER_PASSWORD))
    moved = KeySlot(original.slot_id, "someone-else", original.kind, original.kdf,
                    original.workstation, original.nonce, original.ciphertext)
    with pytest.raises(WrongCredentials):
        open_slot(vault_id=vf.vault_id, slot=moved, secret=normalise_password(OWNER_PASSWORD))


def test_reception_admin_auditor_never_receive_clinical_key(practice: PracticeVault) -> None:
    vf = VaultFile.load(practice.path)
    for role in (Role.RECEPTION, Role.ADMIN, Role.AUDITOR):
        user = vf.user_by_name(practice.user_name(role))
        assert user is not None
        assert all(s.compartment != "clinical" for s in vf.sealed if s.user_id == user.user_id)
        vault = practice.open()
        session = vault.unlock(user.name, practice.password(role))
        try:
            assert not session.holds("clinical")
            tables = session.conn.execute("PRAGMA database_list").fetchall()
            assert [t[1] for t in tables if t[1] != "temp"] == ["main"]
        finally:
            session.close()
            vault.close()


def test_the_lock_is_held_while_signed_in_not_while_open(practice: PracticeVault) -> None:
    """Issue 13 item 4: a window at the sign-in screen holds nothing; a signed-in one
    keeps every other sign-in out until it signs out or locks."""
    waiting = practice.open()  # a window left at the sign-in screen
    first = practice.open()
    try:
        assert not waiting.locked_by_us and not first.locked_by_us
        session = first.unlock("owner", OWNER_PASSWORD)
        assert first.locked_by_us
        with pytest.raises(VaultInUse, match="signed in to this vault in another MedVault"):
            waiting.unlock("owner", OWNER_PASSWORD)
        assert not waiting.locked_by_us
        session.close()
        assert not first.locked_by_us  # signing out lets go
        waiting.unlock("owner", OWNER_PASSWORD).close()
    finally:
        first.close()
        waiting.close()


def test_a_failed_sign_in_lets_go_of_the_lock(practice: PracticeVault) -> None:
    vault = practice.open()
    try:
        with pytest.raises(WrongCredentials):
            vault.unlock("owner", "not the password at all")
        assert not vault.locked_by_us
    finally:
        vault.close()


def test_a_sign_in_reads_vault_json_again_under_the_lock(practice: PracticeVault) -> None:
    """A window opened before another program changed the vault (a new user) signs in
    with the vault as it is now, and never writes back its stale copy."""
    stale = practice.open()
    try:
        with practice.open() as other:
            owner = other.unlock("owner", OWNER_PASSWORD)
            add_user(owner, name="latecomer", role=Role.RECEPTION,
                     password="orchid tramway seventeen")
            owner.close()
        assert stale.file.user_by_name("latecomer") is None
        stale.unlock("owner", OWNER_PASSWORD).close()
        assert stale.file.user_by_name("latecomer") is not None
        with practice.open() as again:
            again.unlock("latecomer", "orchid tramway seventeen").close()
    finally:
        stale.close()


def test_vault_json_is_never_written_without_the_lock(practice: PracticeVault) -> None:
    vault = practice.open()
    try:
        with pytest.raises(RuntimeError, match="only while signed in"):
            vault.save()
    finally:
        vault.close()


def test_missing_compartment_is_damage_not_a_new_empty_database(practice: PracticeVault) -> None:
    (practice.path / "clinical.db").unlink()
    vault = practice.open()
    try:
        with pytest.raises(VaultDamaged, match="missing"):
            vault.unlock("owner", OWNER_PASSWORD)
        assert not (practice.path / "clinical.db").exists()
    finally:
        vault.close()


def test_plaintext_database_is_refused(practice: PracticeVault) -> None:
    (practice.path / "registry.db").unlink()
    plain = sqlcipher3.connect(str(practice.path / "registry.db"))
    plain.execute("CREATE TABLE users(id)")
    plain.commit()
    plain.close()
    vault = practice.open()
    try:
        with pytest.raises(VaultDamaged, match="unencrypted"):
            vault.unlock("owner", OWNER_PASSWORD)
    finally:
        vault.close()


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "file").write_text("keep me")
    from app.core.errors import UsageError

    with pytest.raises(UsageError, match="not empty"):
        create_vault(tmp_path / "x", owner_name="o", password=OWNER_PASSWORD, kind="practice")
    assert (tmp_path / "x" / "file").read_text() == "keep me"


def test_personal_vault_has_single_owner(tmp_path: Path) -> None:
    from app.core.errors import UsageError
    from app.core.users import add_user

    create_vault(tmp_path / "me", owner_name="me", password=OWNER_PASSWORD, kind="personal")
    with OpenVault.open(tmp_path / "me") as vault:
        session = vault.unlock("me", OWNER_PASSWORD)
        with pytest.raises(UsageError, match="single owner"):
            add_user(session, name="x", role=Role.CLINICIAN, password="a long enough phrase 1")
        session.close()
    assert VaultFile.load(tmp_path / "me").kind == "personal"


def test_memory_security_off_by_default_and_policy_can_turn_it_on(tmp_path: Path) -> None:
    import subprocess
    import sys
    import textwrap

    create_vault(tmp_path / "v", owner_name="o", password=OWNER_PASSWORD, kind="practice")
    policy = tmp_path / "p.toml"
    policy.write_text("sqlcipher_memory_security = true\n")
    probe = textwrap.dedent(f"""
        from pathlib import Path
        from app.core.vault import OpenVault
        with OpenVault.open(Path({str(tmp_path / "v")!r})) as vault:
            s = vault.unlock("o", {OWNER_PASSWORD!r})
            print(s.conn.execute("PRAGMA cipher_memory_security").fetchone()[0])
            s.close()
    """)
    import os

    # Fresh processes: the setting is process-wide in SQLCipher and sticks once on.
    results = {}
    for label, env_policy in (("default", str(tmp_path / "none.toml")), ("on", str(policy))):
        env = {**os.environ, "MEDVAULT_POLICY": env_policy}
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             env=env, check=True, cwd=Path(__file__).resolve().parents[2])
        results[label] = out.stdout.strip()
    assert results == {"default": "0", "on": "1"}
