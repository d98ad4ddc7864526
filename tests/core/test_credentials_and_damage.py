"""Wrong credentials and damaged files are different errors with different advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import Throttled, VaultDamaged, WrongCredentials
from app.core.throttle import FREE_ATTEMPTS, delay_after
from app.core.vault import OpenVault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_wrong_password_is_wrong_credentials(practice: PracticeVault) -> None:
    with practice.open() as vault, pytest.raises(WrongCredentials) as info:
        vault.unlock("owner", "not the password at all")
    assert "password is not correct" in str(info.value)
    assert not isinstance(info.value, VaultDamaged)


def test_unknown_user_looks_like_wrong_password(practice: PracticeVault) -> None:
    with practice.open() as vault, pytest.raises(WrongCredentials, match="not correct"):
        vault.unlock("nobody", OWNER_PASSWORD)


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_flipped_byte_in_vault_json_is_damage(practice: PracticeVault, where: str) -> None:
    path = practice.path / "vault.json"
    size = path.stat().st_size
    offset = {"start": 2, "middle": size // 2, "end": size - 3}[where]
    _flip(path, offset)
    with pytest.raises(VaultDamaged, match=r"vault\.json"):
        OpenVault.open(practice.path)


@pytest.mark.parametrize("name", ["registry.db", "clinical.db"])
@pytest.mark.parametrize("page", [0, 1, "last"])
def test_flipped_byte_in_a_compartment_is_damage(practice: PracticeVault, name: str,
                                                 page: int | str) -> None:
    path = practice.path / name
    size = path.stat().st_size
    offset = {0: 100, 1: 4096 + 50, "last": size - 20}[page]
    _flip(path, offset)
    with practice.open() as vault:
        try:
            session = vault.unlock("owner", OWNER_PASSWORD)
        except VaultDamaged as exc:
            assert "password was accepted" in str(exc).lower()
            assert "backup" in str(exc)
            return
        # Damage past page 1 shows when the page is read: `verify` reads every page.
        try:
            from app.core.verification import verify_vault

            report = verify_vault(session)
            assert not report.ok
            assert any(name.split(".")[0] in p for p in report.problems)
        finally:
            session.close()


def test_throttling_grows_and_is_reported(practice: PracticeVault) -> None:
    with practice.open() as vault:
        for _ in range(FREE_ATTEMPTS):
            with pytest.raises(WrongCredentials):
                vault.unlock("owner", "wrong wrong wrong")
        with pytest.raises(Throttled) as info:
            vault.unlock("owner", OWNER_PASSWORD)  # even the right password waits
        assert 0 < info.value.retry_after <= delay_after(FREE_ATTEMPTS)
        assert "Wait" in str(info.value)
    assert delay_after(FREE_ATTEMPTS + 3) > delay_after(FREE_ATTEMPTS)


def test_failures_enter_the_audit_chain_at_next_sign_in(practice: PracticeVault) -> None:
    with practice.open() as vault:
        with pytest.raises(WrongCredentials):
            vault.unlock("clinician1", "this is not it at all")
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            failures = list(session.audit.entries(action_prefix="signin.failure"))
            assert [f.actor for f in failures] == ["clinician1"]
            assert failures[0].flagged
            assert list(session.audit.entries(action_prefix="signin.success"))
        finally:
            session.close()


def test_failures_carry_the_time_of_the_attempt(practice: PracticeVault,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Failures moved into the chain at one sign-in keep the times they happened at."""
    from app.core.signin import password as vault_module

    times = iter(["2026-03-01T10:26:00.250+00:00", "2026-03-01T10:26:01.500+00:00",
                  "2999-01-01T00:00:00.000+00:00"])
    with practice.open() as vault:
        for user in ("clinician1", "reception1", "nobody"):
            monkeypatch.setattr(vault_module, "utc_now", lambda: next(times))
            with pytest.raises(WrongCredentials):
                vault.unlock(user, "this is not it at all")
            monkeypatch.undo()
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            failures = list(session.audit.entries(action_prefix="signin.failure"))
            success = list(session.audit.entries(action_prefix="signin.success"))[-1]
        finally:
            session.close()
    stamps = [f.ts for f in failures]
    assert stamps[:2] == ["2026-03-01T10:26:00.250+00:00", "2026-03-01T10:26:01.500+00:00"]
    # A time in the future (a wrong clock, a tampered file) is not believed.
    assert len(stamps) == 3 and stamps[2] <= success.ts and not stamps[2].startswith("2999")


@pytest.mark.parametrize("garbage", [b"{not json", b"[]", b"\xff\xfe\x00"])
def test_a_garbled_failure_record_is_not_a_silent_reset(practice: PracticeVault,
                                                        garbage: bytes) -> None:
    import json

    from app.core.throttle import ATTEMPTS_FILE, RECORD_DAMAGED

    with practice.open() as vault:
        for _ in range(FREE_ATTEMPTS):
            with pytest.raises(WrongCredentials):
                vault.unlock("owner", "wrong wrong wrong")
        # Someone garbles the record to reset the count. It does reset (a broken file
        # must not lock the practice out) but the audit chain says what happened.
        (practice.path / ATTEMPTS_FILE).write_bytes(garbage)
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            [note] = list(session.audit.entries(action_prefix="signin.failure"))
            assert note.flagged and RECORD_DAMAGED in note.detail
        finally:
            session.close()
    data = json.loads((practice.path / ATTEMPTS_FILE).read_text())
    assert data["pending"] == [], "the note is in the chain now; the file is sound again"
