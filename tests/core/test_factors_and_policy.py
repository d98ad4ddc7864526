"""Machine policy, password rules, TOTP and the workstation factor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import keyring
import pyotp
import pytest
from keyring.backends import fail

from app.core.errors import (
    FactorMissing,
    FactorUnavailable,
    PolicyInvalid,
    PolicyViolation,
    WrongCredentials,
)
from app.core.factors import totp_begin, totp_confirm, workstation_enrol
from app.core.passwords import check_password, normalise_password
from app.core.roles import Role
from app.core.totp import verify_code
from app.core.vault import OpenVault, TotpRequired, create_vault
from app.core.workstation import WorkstationKeychain
from tests.conftest import use_machine_policy
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

# -- policy ------------------------------------------------------------------------------


def _policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return path


def test_policy_minimum_length_applies_to_new_vaults(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    use_machine_policy(monkeypatch, str(_policy(tmp_path, "min_password_length = 30\n")))
    with pytest.raises(PolicyViolation, match="at least 30"):
        create_vault(tmp_path / "v", owner_name="o", password=OWNER_PASSWORD, kind="practice")


def test_broken_machine_policy_refuses_every_vault(practice: PracticeVault, tmp_path: Path,
                                                   machine_policy: Callable[[str], Path]) -> None:
    path = machine_policy("min_password_length = 14\nbackup_keep = 'ten'\n")
    for attempt in (lambda: OpenVault.open(practice.path),
                    lambda: create_vault(tmp_path / "new", owner_name="o",
                                         password=OWNER_PASSWORD, kind="practice")):
        with pytest.raises(PolicyInvalid) as refused:
            attempt()
        assert refused.value.exit_code == 9
        assert f"{path}, line 2 (backup_keep)" in str(refused.value)
    assert not (tmp_path / "new").exists()
    # The vault was never locked: once IT fixes the file it opens at once.
    machine_policy("min_password_length = 14\nbackup_keep = 10\n")
    with OpenVault.open(practice.path) as vault:
        vault.unlock("owner", OWNER_PASSWORD).close()


def test_policy_is_read_again_at_every_sign_in(practice: PracticeVault,
                                               machine_policy: Callable[[str], Path]) -> None:
    with OpenVault.open(practice.path) as vault:
        vault.unlock("owner", OWNER_PASSWORD).close()
        machine_policy("erasure = 'erase'\n")
        session = vault.unlock("owner", OWNER_PASSWORD)
        assert session.vault.policy.policy.erasure == "erase"
        session.close()
        machine_policy("erasure = 'sometimes'\n")
        with pytest.raises(PolicyInvalid, match="erasure"):
            vault.unlock("owner", OWNER_PASSWORD)


def test_issue_reproducer_thirteen_characters_refused(
        tmp_path: Path,
        machine_policy: Callable[[str], Path]) -> None:
    # The typo in the second key no longer drops the 14-character minimum of the first.
    machine_policy("min_password_length = 14\nautolock_max_minute = 5\n")
    with pytest.raises(PolicyViolation, match="at least 14"):
        create_vault(tmp_path / "v", owner_name="o", password="harbour light", kind="practice")


# -- passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["password1234", "Password1234!", "qwertyuiop12", "short"])
def test_common_or_short_passwords_refused(bad: str) -> None:
    verdict = check_password(bad, min_length=12)
    assert not verdict.acceptable and verdict.problems


def test_long_passphrase_accepted_without_composition_rules() -> None:
    verdict = check_password("tangerine lighthouse murmurs softly", min_length=12)
    assert verdict.acceptable and verdict.strength >= 3


def test_name_in_password_refused() -> None:
    verdict = check_password("drsmith-is-the-best", min_length=12, context=["drsmith"])
    assert not verdict.acceptable


def test_normalisation_matches_composed_and_decomposed() -> None:
    assert normalise_password("caf\u00e9 au lait ok") == normalise_password("cafe\u0301 au lait ok")


# -- TOTP --------------------------------------------------------------------------------


def test_totp_drift_and_replay() -> None:
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    now = 1_800_000_015.0
    step = int(now // 30)
    assert verify_code(secret, totp.at(now), last_used_step=None, now=now) == step
    assert verify_code(secret, totp.at(now - 30), last_used_step=None, now=now) == step - 1
    assert verify_code(secret, totp.at(now + 30), last_used_step=None, now=now) == step + 1
    assert verify_code(secret, totp.at(now - 60), last_used_step=None, now=now) is None
    assert verify_code(secret, totp.at(now + 60), last_used_step=None, now=now) is None
    assert verify_code(secret, totp.at(now), last_used_step=step, now=now) is None  # replay
    assert verify_code(secret, "12 34 5x", last_used_step=None, now=now) is None


def test_totp_enrolment_then_required_and_single_use(practice: PracticeVault) -> None:
    with practice.open() as vault:
        session = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        enrolment = totp_begin(session)
        totp = pyotp.TOTP(enrolment.secret)
        with pytest.raises(WrongCredentials):
            totp_confirm(session, practice.password(Role.CLINICIAN), enrolment, "000000")
        totp_confirm(session, practice.password(Role.CLINICIAN), enrolment, totp.now())
        session.close()
        assert vault.file.user_by_name("clinician1").totp  # type: ignore[union-attr]
        with pytest.raises(TotpRequired):
            vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        import time

        code = totp.at(time.time() + 30)
        vault.unlock("clinician1", practice.password(Role.CLINICIAN), code).close()
        with pytest.raises(WrongCredentials, match="already used"):
            vault.unlock("clinician1", practice.password(Role.CLINICIAN), code)


def test_policy_requiring_totp_blocks_work_until_enrolled(practice: PracticeVault,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.users import list_users

    use_machine_policy(monkeypatch, str(_policy(tmp_path, 'totp_required_roles = ["owner"]\n')))
    with OpenVault.open(practice.path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        with pytest.raises(PolicyViolation, match="authenticator"):
            list_users(session)
        enrolment = totp_begin(session)
        totp_confirm(session, OWNER_PASSWORD, enrolment, pyotp.TOTP(enrolment.secret).now())
        assert list_users(session)
        session.close()


# -- workstation factor ------------------------------------------------------------------


def test_workstation_factor_needs_this_machines_keychain(practice: PracticeVault,
                                                         memory_keyring) -> None:  # type: ignore[no-untyped-def]
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        workstation_enrol(session, OWNER_PASSWORD)
        session.close()
        assert len(memory_keyring.items) == 1
        vault.unlock("owner", OWNER_PASSWORD).close()
        memory_keyring.items.clear()  # "another machine": same files, same password
        with pytest.raises(FactorMissing, match="does not hold the key"):
            vault.unlock("owner", OWNER_PASSWORD)


def test_no_keychain_means_unavailable_never_plaintext(practice: PracticeVault,
                                                       isolated_env: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    before = {p for p in isolated_env.rglob("*")}
    vault_before = {p: p.read_bytes() for p in practice.path.iterdir() if p.is_file()}
    assert not WorkstationKeychain().available()
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        with pytest.raises(FactorUnavailable, match="No OS keychain"):
            workstation_enrol(session, OWNER_PASSWORD)
        session.close()
    assert {p for p in isolated_env.rglob("*")} == before
    slots = (practice.path / "vault.json").read_text()
    assert '"workstation": true' not in slots
    assert set(vault_before) <= {p for p in practice.path.iterdir()}


def test_owner_can_require_totp_per_role_and_policy_adds_to_it(
        practice: PracticeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from app.core.errors import PermissionDenied
    from app.core.users import list_users
    from app.core.vault_settings import current_settings, load_settings, save_settings

    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        stored = load_settings(owner.conn, "practice")
        save_settings(owner, dataclasses.replace(stored, totp_required_roles=frozenset({"admin"})))
        owner.close()
        admin = vault.unlock("admin1", practice.password(Role.ADMIN))
        assert "totp" in admin.pending_enrolment
        with pytest.raises(PolicyViolation):
            list_users(admin)
        admin.close()
        doc = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        with pytest.raises(PermissionDenied):
            save_settings(doc, stored)
        doc.close()
    use_machine_policy(monkeypatch, str(_policy(
        tmp_path, 'totp_required_roles = ["clinician"]\nautolock_max_minutes = 2\n')))
    with OpenVault.open(practice.path) as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        settings = current_settings(owner)
        assert settings.totp_required_roles == {"admin", "clinician"}
        assert settings.autolock_minutes == 2
        owner.close()
