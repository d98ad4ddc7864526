"""Each user's Ed25519 signing key: made with the account, kept in the slot, public half in
vault.json, added to older slots at the next password sign-in."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.errors import VaultDamaged
from app.core.keyslots import SlotSecrets
from app.core.roles import Role
from app.core.signing import SigningKey, UserIdentity, fingerprint, verify_signature
from app.core.users import reopen_own_slot, reset_password
from app.core.vault import OpenVault
from app.core.vault_file import VaultFile
from tests.core.conftest import OWNER_PASSWORD, PracticeVault


def _strip_signing_key(vault: OpenVault, name: str, password: str) -> str:
    """Make `name` look like an account from before signing keys: no key in the slot, none
    in vault.json. Returns the user id."""
    user = vault.file.user_by_name(name)
    assert user is not None
    contents, _slot = vault.open_password_slot(user, password)
    user.signing_key = None
    # Rewriting a slot by hand, outside any sign-in: hold the vault lock as a sign-in would.
    vault._lock.acquire()
    try:
        vault.write_password_slot(user.user_id, password, replace(contents, signing_key=None))
    finally:
        vault._lock.release()
    return user.user_id


def test_every_new_account_has_a_signing_key_in_its_slot(practice: PracticeVault) -> None:
    vf = VaultFile.load(practice.path)
    assert all(u.signing_key for u in vf.users)
    with practice.open() as vault:
        for role in Role:
            session = vault.unlock(practice.user_name(role), practice.password(role))
            try:
                signer = session.signing_key()
                me = session.user_identity()
                assert me.signing_public == signer.public
                assert me.signing_public == vault.file.user_by_id(me.user_id).signing_key
                assert me.verify(b"hello", signer.sign(b"hello"))
                assert not me.verify(b"hullo", signer.sign(b"hello"))
            finally:
                session.close()


def test_a_closed_session_gives_no_signing_key(owner_session) -> None:  # type: ignore[no-untyped-def]
    owner_session.close()
    with pytest.raises(Exception, match="locked"):
        owner_session.signing_key()


def test_fingerprint_is_24_digits_and_covers_both_keys() -> None:
    a, b = SigningKey.generate().public, SigningKey.generate().public
    recipient = "age1qqqq"
    text = fingerprint(recipient, a)
    assert re.fullmatch(r"\d{4}( \d{4}){5}", text)
    assert fingerprint(recipient, a) == text
    assert fingerprint(recipient, b) != text
    assert fingerprint("age1zzzz", a) != text
    assert UserIdentity("u", "n", recipient, a).fingerprint == text


def test_signature_checks_never_raise_on_garbage() -> None:
    key = SigningKey.generate()
    assert not verify_signature("nothex", b"m", key.sign(b"m"))
    assert not verify_signature(key.public, b"m", b"short")
    assert not verify_signature(key.public, b"m", bytes(64))
    assert verify_signature(key.public, b"m", key.sign(b"m"))


def test_older_slot_gets_a_key_at_next_password_sign_in(practice: PracticeVault) -> None:
    with practice.open() as vault:
        user_id = _strip_signing_key(vault, "clinician1", practice.password(Role.CLINICIAN))
    assert VaultFile.load(practice.path).user_by_id(user_id).signing_key is None
    with practice.open() as vault:
        session = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        public = session.signing_key().public
        contents = reopen_own_slot(session, practice.password(Role.CLINICIAN))
        assert contents.signer() is not None and contents.signer().public == public
        created = list(session.audit.entries(action_prefix="signing.key.create"))
        assert [e.target for e in created] == [user_id]
        session.close()
    assert VaultFile.load(practice.path).user_by_id(user_id).signing_key == public
    with practice.open() as vault:  # the second sign-in keeps the same key
        session = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        assert session.signing_key().public == public
        assert len(list(session.audit.entries(action_prefix="signing.key.create"))) == 1
        session.close()


def test_a_substituted_public_key_is_put_back_and_flagged(practice: PracticeVault) -> None:
    real = VaultFile.load(practice.path).user_by_name("owner").signing_key
    forged = SigningKey.generate().public
    vf = VaultFile.load(practice.path)
    vf.user_by_name("owner").signing_key = forged
    vf.save(practice.path)
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        flagged = list(session.audit.entries(action_prefix="signing.key.mismatch"))
        assert len(flagged) == 1 and flagged[0].flagged
        assert json.loads(flagged[0].detail)["found"] == forged
        session.close()
    assert VaultFile.load(practice.path).user_by_name("owner").signing_key == real


def test_totp_enrolment_keeps_the_signing_key(practice: PracticeVault) -> None:
    import pyotp

    from app.core.factors import totp_begin, totp_confirm

    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        public = session.signing_key().public
        enrolment = totp_begin(session)
        totp_confirm(session, OWNER_PASSWORD, enrolment, pyotp.TOTP(enrolment.secret).now())
        contents = reopen_own_slot(session, OWNER_PASSWORD)
        assert contents.signer() is not None and contents.signer().public == public
        session.close()


def test_reset_gives_a_new_key_and_keeps_the_old_one_checkable(practice: PracticeVault) -> None:
    old = VaultFile.load(practice.path).user_by_name("reception1").signing_key
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        reset_password(session, "reception1", "a brand new reception passphrase")
        session.close()
    user = VaultFile.load(practice.path).user_by_name("reception1")
    assert user.signing_key not in (None, old)
    assert user.signing_keys() == [user.signing_key, old]


def test_unreadable_signing_keys_are_damage(practice: PracticeVault) -> None:
    with pytest.raises(VaultDamaged):
        SlotSecrets.from_bytes(json.dumps({"identity": "x", "signing": "zz"}).encode())
    path: Path = practice.path / "vault.json"
    body = json.loads(path.read_text())
    body["users"][0]["signing_key"] = "00" * 32 + "ff"
    body.pop("checksum")
    from app.core.vault_file import _checksum

    body["checksum"] = _checksum(body)
    path.write_text(json.dumps(body))
    with pytest.raises(VaultDamaged, match="signing key"):
        VaultFile.load(practice.path)
