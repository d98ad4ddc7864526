"""Core answers "what may I do here?"; the CLI and the GUI ask it instead of re-deriving it."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.errors import PolicyViolation, UsageError
from app.core.factors import FactorChoice, sign_in_factors, totp_remove, workstation_enrol
from app.core.policy import Policy
from app.core.roles import (
    ASSIGNABLE_ROLES,
    COMPARTMENTS_BY_ROLE,
    Operation,
    Role,
    is_allowed,
    role_facts,
)
from app.core.rotation import rotation_rights
from app.core.session import Session
from app.core.users import AccountRights, account_rights, add_user, gains_accounts
from app.core.vault import OpenVault, create_vault
from app.core.vault_settings import (
    AUTOLOCK_MAX_MINUTES,
    autolock_limit,
    current_settings,
    save_settings,
    stored_settings,
)
from tests.core.conftest import OWNER_PASSWORD, PracticeVault
from tests.support import run_cli


# -- the idle-lock cap ---------------------------------------------------------------------
def test_the_idle_lock_cap_is_core_s_and_a_policy_can_only_lower_it() -> None:
    assert AUTOLOCK_MAX_MINUTES == 240
    assert autolock_limit(Policy()) == 240
    assert autolock_limit(Policy(autolock_max_minutes=30)) == 30
    assert autolock_limit(Policy(autolock_max_minutes=1440)) == 240


def test_core_refuses_an_idle_lock_above_the_cap(owner_session: Session) -> None:
    stored = stored_settings(owner_session)
    with pytest.raises(UsageError, match="at most 240 minutes"):
        save_settings(owner_session, dataclasses.replace(stored, autolock_minutes=241))
    assert stored_settings(owner_session) == stored  # nothing was changed
    saved = save_settings(owner_session, dataclasses.replace(stored, autolock_minutes=240))
    assert saved.autolock_minutes == 240


def test_a_value_stored_before_the_cap_is_capped_when_used(owner_session: Session) -> None:
    import json

    with owner_session.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('vault_settings', ?)",
                     (json.dumps({"totp_required_roles": [], "autolock_minutes": 10000,
                                  "lock_on_minimise": False}),))
    assert current_settings(owner_session).autolock_minutes == 240


def test_the_cli_refuses_an_idle_lock_above_the_cap(
        practice: PracticeVault, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def settings_set(minutes: int) -> tuple[int, str]:
        code, _, err = run_cli(monkeypatch, capsys, [
            "settings", "set", str(practice.path), "--as", "owner", "--password-stdin",
            "--autolock-minutes", str(minutes)], OWNER_PASSWORD + "\n")
        return code, err

    code, err = settings_set(241)
    assert code == 2 and "at most 240 minutes" in err
    code, err = settings_set(240)
    assert code == 0, err


def test_the_cli_refuses_above_a_lower_policy_cap(
        practice: PracticeVault, machine_policy: Callable[[str], Path],
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    machine_policy("autolock_max_minutes = 20\n")
    code, _, err = run_cli(monkeypatch, capsys, [
        "settings", "set", str(practice.path), "--as", "owner", "--password-stdin",
        "--autolock-minutes", "21"], OWNER_PASSWORD + "\n")
    assert code == 2 and "at most 20 minutes" in err


# -- who may rotate which key ----------------------------------------------------------------
@pytest.mark.parametrize(("role", "registry", "clinical"), [
    (Role.OWNER, True, True), (Role.ADMIN, True, False), (Role.CLINICIAN, False, False),
    (Role.RECEPTION, False, False), (Role.AUDITOR, False, False),
    (Role.EMERGENCY, False, False)])
def test_rotation_rights_follow_the_matrix_and_the_keys_held(
        practice: PracticeVault, role: Role, registry: bool, clinical: bool) -> None:
    with practice.open() as vault:
        session = vault.unlock(practice.user_name(role), practice.password(role))
        try:
            rights = rotation_rights(session)
            assert (rights["registry"].may, rights["clinical"].may) == (registry, clinical)
            for compartment, right in rights.items():
                assert right.holds_key == session.holds(compartment)
        finally:
            session.close()


def test_disable_rotate_in_the_cli_rotates_only_what_core_allows(
        practice: PracticeVault, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # An admin disables a clinician who held both keys: the admin may rotate the registry
    # key, not the clinical one. Before, the command failed half-way (exit 4) after the
    # user was already disabled.
    code, out, _ = run_cli(monkeypatch, capsys, [
        "user", "disable", str(practice.path), "--as", "admin1", "--password-stdin",
        "--name", "clinician1", "--rotate"], practice.password(Role.ADMIN) + "\n")
    assert code == 0
    assert "Rotated the registry key" in out
    assert "clinical key, which you may not rotate" in out


# -- which sign-in factors a user may set ----------------------------------------------------
def test_sign_in_factors_say_what_may_change_and_the_functions_agree(
        owner_session: Session) -> None:
    factors = sign_in_factors(owner_session)
    assert factors.totp == FactorChoice(False, may_add=True, may_remove=False)
    assert factors.workstation.may_add and not factors.workstation.enrolled
    assert not factors.pin_allowed
    # TOTP on and required for the owner's role: it may not be removed, and is not.
    save_settings(owner_session, dataclasses.replace(
        stored_settings(owner_session), totp_required_roles=frozenset({"owner"}),
        pin_unlock=True))
    public = owner_session.vault.file.user_by_id(owner_session.user.user_id)
    assert public is not None
    public.totp = True
    factors = sign_in_factors(owner_session)
    assert factors.totp == FactorChoice(True, may_add=False, may_remove=False,
                                        why_not_remove="role_required")
    assert factors.pin_allowed
    with pytest.raises(PolicyViolation):
        totp_remove(owner_session, OWNER_PASSWORD)


def test_a_policy_that_turns_the_workstation_factor_off_is_core_s_answer(
        practice: PracticeVault, machine_policy: Callable[[str], Path]) -> None:
    machine_policy('workstation_factor = "disabled"\n')
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            choice = sign_in_factors(session).workstation
            assert not choice.may_add and choice.why_not_add == "policy_disabled"
            with pytest.raises(PolicyViolation):
                workstation_enrol(session, OWNER_PASSWORD)
        finally:
            session.close()


def test_the_cli_shows_the_factors_core_allows(
        practice: PracticeVault, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(monkeypatch, capsys, [
        "factors", str(practice.path), "--as", "owner", "--password-stdin", "--json"],
        OWNER_PASSWORD + "\n")
    assert code == 0
    data = json.loads(out)
    assert data["totp"]["may_add"] is True and data["pin_allowed"] is False


# -- whether a vault may gain accounts -----------------------------------------------------
def test_a_personal_vault_gains_no_accounts_and_says_so(tmp_path: Path) -> None:
    assert gains_accounts("practice") and not gains_accounts("personal")
    create_vault(tmp_path / "mine", owner_name="me", password=OWNER_PASSWORD,
                 kind="personal")
    with OpenVault.open(tmp_path / "mine") as vault:
        session = vault.unlock("me", OWNER_PASSWORD)
        try:
            rights = account_rights(session)
            assert rights == AccountRights(False, False, False, False, False)
            with pytest.raises(UsageError, match="single owner"):
                add_user(session, name="kid", role=Role.CLINICIAN, password="x" * 20)
        finally:
            session.close()


@pytest.mark.parametrize("role", list(Role))
def test_account_rights_in_a_practice_follow_the_matrix(practice: PracticeVault,
                                                        role: Role) -> None:
    with practice.open() as vault:
        session = vault.unlock(practice.user_name(role), practice.password(role))
        try:
            rights = account_rights(session)
            assert rights.gains_accounts
            assert rights.may_add == is_allowed(role, Operation.USER_ADD)
            assert rights.may_disable == is_allowed(role, Operation.USER_DISABLE)
            assert rights.may_change_role == is_allowed(role, Operation.USER_CHANGE_ROLE)
        finally:
            session.close()


# -- roles as facts, not words -------------------------------------------------------------
@pytest.mark.parametrize("role", list(Role))
def test_role_facts_come_from_the_one_permission_table(role: Role) -> None:
    facts = role_facts(role)
    assert facts.operations == {op for op in Operation if is_allowed(role, op)}
    assert facts.compartments == COMPARTMENTS_BY_ROLE[role]
    assert facts.assignable == (role in ASSIGNABLE_ROLES)
    assert facts.inert_until_activated == (role is Role.EMERGENCY)
    assert facts.waits_for_clinical_approval == (role in {Role.CLINICIAN, Role.EMERGENCY})
