"""Grant approval, key rotation, disabling users, password changes and the recovery key."""

from __future__ import annotations

import pytest

from app.core.errors import PermissionDenied, WrongCredentials
from app.core.grants import approve_grant, list_grants
from app.core.roles import Role
from app.core.rotation import rotate_key
from app.core.users import add_user, change_own_password, disable_user, reset_password
from app.core.vault import OpenVault
from app.core.vault_file import VaultFile
from tests.conftest import use_machine_policy
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

DOC_PASSWORD = "the new doctor arrives on monday"


def test_admin_added_clinician_waits_for_a_holder(practice: PracticeVault) -> None:
    with practice.open() as vault:
        admin = vault.unlock("admin1", practice.password(Role.ADMIN))
        add_user(admin, name="newdoc", role=Role.CLINICIAN, password=DOC_PASSWORD)
        assert [(g.name, g.compartment) for g in list_grants(admin)] == [("newdoc", "clinical")]
        with pytest.raises(PermissionDenied):
            approve_grant(admin, "newdoc")
        admin.close()

        doc = vault.unlock("newdoc", DOC_PASSWORD)
        assert doc.holds("registry") and not doc.holds("clinical")
        doc.close()

        holder = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        approve_grant(holder, "newdoc")
        holder.close()

        doc = vault.unlock("newdoc", DOC_PASSWORD)
        assert doc.holds("clinical")
        assert list(doc.audit.entries(action_prefix="grant.approve"))
        doc.close()


def test_clinical_grant_to_reception_is_refused_even_if_forged(practice: PracticeVault) -> None:
    from app.core.audit import utc_now
    from app.core.vault_file import PendingGrant

    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        reception = vault.file.user_by_name("reception1")
        assert reception is not None
        vault.file.grants.append(PendingGrant(reception.user_id, "clinical",
                                              owner.user.user_id, utc_now()))
        with pytest.raises(PermissionDenied, match="never receives"):
            approve_grant(owner, "reception1")
        owner.close()


def test_rotation_rekeys_and_reseals_to_remaining_holders(practice: PracticeVault) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        owner.conn.execute("CREATE TABLE clinical.marker(x)")
        owner.conn.execute("INSERT INTO clinical.marker VALUES ('kept')")
        old_key = owner.key("clinical")
        held = disable_user(owner, "emergency1")
        assert "clinical" in held
        version = rotate_key(owner, "clinical")
        assert version == 2
        assert owner.key("clinical") != old_key
        owner.close()

    vf = VaultFile.load(practice.path)
    assert vf.compartments["clinical"].key_version == 2
    assert vf.compartments["clinical"].pending_version is None
    holders = {vf.user_by_id(u).name for u in vf.holders("clinical")}  # type: ignore[union-attr]
    assert holders == {"owner", "clinician1"}

    import sqlcipher3

    conn = sqlcipher3.connect(str(practice.path / "clinical.db"))
    conn.execute(f"PRAGMA key = \"x'{old_key.hex()}'\"")
    with pytest.raises(sqlcipher3.DatabaseError):
        conn.execute("SELECT * FROM marker").fetchall()
    conn.close()

    with practice.open() as vault:
        doc = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        assert doc.conn.execute("SELECT x FROM clinical.marker").fetchall() == [("kept",)]
        doc.close()
        with pytest.raises(WrongCredentials):
            vault.unlock("emergency1", practice.password(Role.EMERGENCY))


def test_interrupted_rotation_is_finished_on_open(practice: PracticeVault) -> None:
    """Simulate a crash after rekey but before vault.json marked the new version."""
    import secrets

    from app.core.database import key_literal
    from app.core.sealing import seal
    from app.core.vault_file import SealedKey

    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        vf = vault.file
        new_key = secrets.token_bytes(32)
        vf.compartments["clinical"].pending_version = 2
        for uid in vf.holders("clinical"):
            user = vf.user_by_id(uid)
            assert user is not None
            vf.sealed.append(SealedKey(uid, "clinical", 2, seal(new_key, user.recipient)))
        vault.save()
        owner.conn.execute(f'PRAGMA clinical.rekey = "{key_literal(new_key)}"')
        owner.close()  # "crash": the last save never happened
    with practice.open() as vault:
        doc = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        assert doc.key("clinical") == new_key
        doc.close()
    vf = VaultFile.load(practice.path)
    assert vf.compartments["clinical"].key_version == 2
    assert vf.compartments["clinical"].pending_version is None


def test_password_change_keeps_data_and_retires_old_password(practice: PracticeVault) -> None:
    new = "a brand new boss passphrase"
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        with pytest.raises(WrongCredentials):
            change_own_password(owner, "not my password", new)
        change_own_password(owner, OWNER_PASSWORD, new)
        owner.close()
        with pytest.raises(WrongCredentials):
            vault.unlock("owner", OWNER_PASSWORD)
    with practice.open() as vault:
        vault.unlock("owner", new).close()


def test_reset_password_gives_new_keypair_and_regrant(practice: PracticeVault) -> None:
    with practice.open() as vault:
        admin = vault.unlock("admin1", practice.password(Role.ADMIN))
        reset_password(admin, "clinician1", DOC_PASSWORD)
        admin.close()
        doc = vault.unlock("clinician1", DOC_PASSWORD)
        assert doc.holds("registry") and not doc.holds("clinical")
        doc.close()


def test_recovery_key_sets_new_owner_password(practice: PracticeVault) -> None:
    new = "recovered and remembered this time"
    with practice.open() as vault:
        with pytest.raises(WrongCredentials):
            vault.unlock_with_recovery("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", new)
        session = vault.unlock_with_recovery(practice.created.recovery_key.lower(), new)
        assert session.holds("clinical")
        assert list(session.audit.entries(action_prefix="signin.recovery"))
        session.close()
        with pytest.raises(WrongCredentials):
            vault.unlock("owner", OWNER_PASSWORD)
        vault.unlock("owner", new).close()


def test_slot_below_policy_floor_is_rewrapped_at_sign_in(practice: PracticeVault,
                                                         tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    policy = tmp_path / "policy.toml"
    policy.write_text("kdf_min_memory_kib = 9000\nkdf_min_time_cost = 2\n")
    use_machine_policy(monkeypatch, policy)
    with OpenVault.open(practice.path) as vault:
        vault.unlock("owner", OWNER_PASSWORD).close()
    vf = VaultFile.load(practice.path)
    owner = vf.user_by_name("owner")
    assert owner is not None
    slot = vf.slots_for(owner.user_id)[0]
    assert slot.kdf.memory_kib >= 9000 and slot.kdf.time_cost >= 2
