"""PIN quick unlock without a screen: the seal, three tries, void seals, TOTP, the record."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator

import pyotp
import pytest

from app.core.errors import Throttled, WrongCredentials
from app.core.factors import totp_begin, totp_confirm, workstation_enrol
from app.core.keyslots import SlotSecrets
from app.core.quick_unlock import (
    FAILED_CODE_AFTER_PIN,
    FAILED_PIN,
    MAX_TRIES,
    PinNeedsEnrolment,
    PinProblem,
    PinSeal,
    PinUnlock,
    PinVoid,
    UnusablePin,
    VoidReason,
    WrongPin,
    check_seal,
    pin_problem,
    seal_for_session,
)
from app.core.session import Session
from app.core.users import change_own_password, reopen_own_slot
from app.core.vault import OpenVault, TotpRequired
from app.core.vault_settings import VaultSettings, save_settings
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

PIN = "4826"
WRONG_PINS = ["0000", "1111", "2222"]


@pytest.fixture
def vault(practice: PracticeVault) -> Iterator[OpenVault]:
    """The vault stays open across the lock, as the unlock screen keeps it."""
    with practice.open() as opened:
        yield opened


def _pin_set(vault: OpenVault, *, before_lock: Callable[[Session], None] | None = None,
             ) -> tuple[PinUnlock, list[str]]:
    """The owner signs in, sets the PIN, maybe changes something, and the vault locks."""
    changes: list[str] = []
    pins = PinUnlock(on_change=lambda: changes.append("changed"))
    session = vault.unlock("owner", OWNER_PASSWORD)
    pins.set_seal(seal_for_session(session, OWNER_PASSWORD, PIN))
    if before_lock is not None:
        before_lock(session)
    session.close("lock")
    return pins, changes


def _signin_failures(session: Session) -> list[str]:
    return [str(e.detail) for e in session.audit.entries(action_prefix="signin.failure")]


# -- the right PIN ---------------------------------------------------------------------
def test_right_pin_resumes_a_working_session_and_audits_it(vault: OpenVault) -> None:
    pins, changes = _pin_set(vault)
    assert changes == ["changed"] and pins.tries_left() == MAX_TRIES
    owner = vault.file.user_by_name("owner")
    assert owner is not None

    session = pins.resume(vault, PIN)
    try:
        assert session.is_open and session.user.user_id == owner.user_id
        # Working: the registry opens, and the sign-in is in the chain.
        assert session.conn.execute("SELECT count(*) FROM users").fetchone()[0] >= 1
        assert session.audit.count(action_prefix="pin.set") == 1
        [entry] = session.audit.entries(action_prefix="signin.pin")
        assert entry.target == owner.user_id
        assert session.audit.count(action_prefix="signin.success") >= 2
    finally:
        session.close()
    # The seal stays for the next idle lock, with its tries.
    assert pins.is_set_for(vault.file.vault_id, owner.user_id)
    assert not pins.is_set_for(vault.file.vault_id, "someone else")
    assert not pins.is_set_for("another vault")


# -- wrong PINs --------------------------------------------------------------------------
def test_three_wrong_pins_wipe_the_seal_and_the_password_is_needed(vault: OpenVault) -> None:
    pins, changes = _pin_set(vault)
    left = []
    for wrong in WRONG_PINS:
        with pytest.raises(WrongPin) as caught:
            pins.resume(vault, wrong)
        left.append(caught.value.tries_left)
    assert left == [2, 1, 0]
    assert "three times" in str(caught.value) and "password" in str(caught.value)
    assert pins.seal() is None and pins.tries_left() == 0
    assert changes == ["changed", "changed"]  # set, then wiped
    with pytest.raises(PinVoid) as void:
        pins.resume(vault, PIN)
    assert void.value.reason is VoidReason.NO_PIN and "password" in str(void.value)


def test_failed_tries_are_recorded_and_reach_the_audit_chain(vault: OpenVault) -> None:
    pins, _ = _pin_set(vault)
    for wrong in WRONG_PINS[:2]:  # two: below the throttle's free attempts
        with pytest.raises(WrongPin):
            pins.resume(vault, wrong)
    assert [f.why for f in vault.throttle.pending()] == [FAILED_PIN, FAILED_PIN]
    assert all(f.user == "owner" for f in vault.throttle.pending())

    session = vault.unlock("owner", OWNER_PASSWORD)  # the next sign-in, any factor
    try:
        failures = _signin_failures(session)
        assert len(failures) == 2 and all(FAILED_PIN in f for f in failures)
    finally:
        session.close()
    assert vault.throttle.pending() == []


def test_a_throttled_pin_try_is_refused_and_not_counted(vault: OpenVault) -> None:
    pins, _ = _pin_set(vault)
    owner = vault.file.user_by_name("owner")
    assert owner is not None
    seal = pins.seal()
    for _ in range(8):  # a delay of minutes, so the test cannot outrun it
        vault.throttle.record_failure(owner.user_id, "owner", "test", "now")
    with pytest.raises(Throttled):
        pins.resume(vault, PIN)
    assert pins.tries_left() == MAX_TRIES and pins.seal() is seal


def test_a_sign_in_by_anyone_else_wipes_the_seal() -> None:
    pins = PinUnlock()
    seal = PinSeal.create(PIN, vault_id="v", user_id="u", user_name="n", slot_ids=("s",),
                          contents=SlotSecrets(identity="AGE-SECRET-KEY-1X"))
    pins.set_seal(seal)
    pins.keep_only_for("v", "u")
    assert pins.seal() is seal, "the same person signing in keeps their PIN"
    pins.keep_only_for("v", "someone-else")
    assert pins.seal() is None
    pins.set_seal(seal)
    pins.keep_only_for("other-vault", "u")
    assert pins.seal() is None


def test_failed_try_counts_when_the_caller_reports_it() -> None:
    """The GUI runs one uncounted try on a worker and counts it on return."""
    pins = PinUnlock()
    seal = PinSeal.create(PIN, vault_id="v", user_id="u", user_name="n", slot_ids=("s",),
                          contents=SlotSecrets(identity="AGE-SECRET-KEY-1X"))
    pins.set_seal(seal)
    code = WrongCredentials("That authenticator code is not correct.")
    error = pins.failed_try(code)
    assert error.tries_left == 2 and error.cause is code
    assert str(error).startswith("That authenticator code") and "is needed: 2." in str(error)
    assert pins.failed_try().tries_left == 1
    assert pins.failed_try().tries_left == 0 and pins.seal() is None
    pins.set_seal(seal)  # a new seal starts with all its tries
    assert pins.tries_left() == MAX_TRIES


# -- void seals --------------------------------------------------------------------------
def _change_password(session: Session) -> None:
    change_own_password(session, OWNER_PASSWORD, "a completely different passphrase")


def _enrol_totp(session: Session) -> None:
    enrolment = totp_begin(session)
    totp_confirm(session, OWNER_PASSWORD, enrolment, pyotp.TOTP(enrolment.secret).now())


def _enrol_workstation(session: Session) -> None:
    workstation_enrol(session, OWNER_PASSWORD)


@pytest.mark.parametrize("change", [_change_password, _enrol_totp, _enrol_workstation],
                         ids=["password change", "totp enrolment", "workstation enrolment"])
def test_the_seal_is_void_once_the_password_slot_changes(
        vault: OpenVault, change: Callable[[Session], None]) -> None:
    pins, _ = _pin_set(vault, before_lock=change)
    seal = pins.seal()
    assert seal is not None
    with pytest.raises(PinVoid) as void:
        check_seal(vault, seal)
    assert void.value.reason is VoidReason.CHANGED
    with pytest.raises(PinVoid, match="changed since the PIN was set"):
        pins.resume(vault, PIN)
    # Void, not wrong: the seal is gone at once and nothing counts as a failed sign-in.
    assert pins.seal() is None
    assert vault.throttle.pending() == []


def test_the_seal_is_void_for_a_disabled_user(practice: PracticeVault) -> None:
    from app.core.roles import Role
    from app.core.users import disable_user

    with practice.open() as vault:
        name, password = practice.user_name(Role.CLINICIAN), practice.password(Role.CLINICIAN)
        session = vault.unlock(name, password)
        seal = seal_for_session(session, password, PIN)
        session.close()
        owner = vault.unlock("owner", OWNER_PASSWORD)
        disable_user(owner, name)
        owner.close()
        with pytest.raises(PinVoid) as void:
            check_seal(vault, seal)
        assert void.value.reason is VoidReason.CHANGED


def test_a_seal_for_another_vault_is_no_pin_here(vault: OpenVault) -> None:
    pins, _ = _pin_set(vault)
    seal = pins.seal()
    assert seal is not None
    pins.set_seal(dataclasses.replace(seal, vault_id="another vault"))
    with pytest.raises(PinVoid) as void:
        pins.resume(vault, PIN)
    assert void.value.reason is VoidReason.NO_PIN


# -- TOTP --------------------------------------------------------------------------------
def test_a_totp_user_still_needs_a_code_after_the_pin(vault: OpenVault) -> None:
    secrets: list[str] = []

    def enrol(session: Session) -> None:
        enrolment = totp_begin(session)
        totp_confirm(session, OWNER_PASSWORD, enrolment, pyotp.TOTP(enrolment.secret).now())
        secrets.append(enrolment.secret)

    # Enrol first, then set the PIN: the seal holds the TOTP secret too.
    pins = PinUnlock()
    session = vault.unlock("owner", OWNER_PASSWORD)
    enrol(session)
    pins.set_seal(seal_for_session(session, OWNER_PASSWORD, PIN))
    session.close("lock")
    totp = pyotp.TOTP(secrets[0])

    # The right PIN alone is not enough; being asked for the code is not a failed try.
    with pytest.raises(TotpRequired):
        pins.resume(vault, PIN)
    assert pins.tries_left() == MAX_TRIES and vault.throttle.pending() == []

    # A wrong code after the right PIN is a failed try, and a failed sign-in.
    now = time.time()
    valid = {totp.at(now + k * 30) for k in range(-1, 3)}
    wrong = next(c for c in ("000000", "111111", "222222") if c not in valid)
    with pytest.raises(WrongPin) as caught:
        pins.resume(vault, PIN, wrong)
    assert caught.value.tries_left == 2
    assert isinstance(caught.value.cause, WrongCredentials)
    assert "authenticator code" in str(caught.value)
    assert [f.why for f in vault.throttle.pending()] == [FAILED_CODE_AFTER_PIN]

    # The next code (this one was used at enrolment) opens it.
    session = pins.resume(vault, PIN, totp.at(now + 30))
    try:
        assert session.audit.count(action_prefix="signin.pin") == 1
        assert any(FAILED_CODE_AFTER_PIN in f for f in _signin_failures(session))
    finally:
        session.close()


# -- setting a PIN -----------------------------------------------------------------------
def test_setting_a_pin_rechecks_the_password_and_the_pin(owner_session: Session) -> None:
    with pytest.raises(WrongCredentials):
        seal_for_session(owner_session, "not the password", PIN)
    with pytest.raises(UnusablePin) as bad:
        seal_for_session(owner_session, OWNER_PASSWORD, "1234")
    assert bad.value.problem is PinProblem.GUESSABLE
    assert owner_session.audit.count(action_prefix="pin.set") == 0
    seal_for_session(owner_session, OWNER_PASSWORD, PIN)
    assert owner_session.audit.count(action_prefix="pin.set") == 1


def test_no_pin_while_an_enrolment_is_pending(owner_session: Session) -> None:
    owner_session.pending_enrolment.add("totp")
    with pytest.raises(PinNeedsEnrolment, match="before setting a PIN"):
        seal_for_session(owner_session, OWNER_PASSWORD, PIN)


def test_a_lock_keeps_the_seal_only_while_the_settings_allow_it(
        owner_session: Session) -> None:
    pins = PinUnlock()
    pins.set_seal(seal_for_session(owner_session, OWNER_PASSWORD, PIN))
    save_settings(owner_session, VaultSettings(pin_unlock=True))
    pins.keep_only_if_allowed(owner_session)
    assert pins.seal() is not None
    save_settings(owner_session, VaultSettings(pin_unlock=False))
    pins.keep_only_if_allowed(owner_session)
    assert pins.seal() is None


# -- the PIN itself ----------------------------------------------------------------------
@pytest.mark.parametrize("pin,problem", [
    ("4826", None), ("5719", None), ("482619", None), ("205813579246", None),
    ("12a4", PinProblem.NOT_DIGITS), ("", PinProblem.NOT_DIGITS),
    ("４８２６", PinProblem.NOT_DIGITS),  # full-width digits are digits, but not ASCII
    ("482 6", PinProblem.NOT_DIGITS),
    ("482", PinProblem.LENGTH), ("2058135792461", PinProblem.LENGTH),
    ("7777", PinProblem.GUESSABLE), ("1234", PinProblem.GUESSABLE),
    ("9012", PinProblem.GUESSABLE), ("6543", PinProblem.GUESSABLE),
    ("0123456789", PinProblem.GUESSABLE),
])
def test_pin_format_rules(pin: str, problem: PinProblem | None) -> None:
    assert pin_problem(pin) is problem
    if problem is not None:
        with pytest.raises(UnusablePin) as caught:
            PinSeal.create(pin, vault_id="v", user_id="u", user_name="n", slot_ids=("s",),
                           contents=SlotSecrets(identity="AGE-SECRET-KEY-1X"))
        assert caught.value.problem is problem and str(caught.value) == problem.message


# -- the seal in memory ----------------------------------------------------------------
def test_the_sealed_blob_holds_no_plaintext(owner_session: Session) -> None:
    contents = reopen_own_slot(owner_session, OWNER_PASSWORD)
    seal = seal_for_session(owner_session, OWNER_PASSWORD, PIN)
    identity = contents.identity.encode()
    assert identity.startswith(b"AGE-SECRET-KEY-")
    for f in dataclasses.fields(seal):
        value = getattr(seal, f.name)
        blob = value if isinstance(value, bytes) else repr(value).encode()
        assert identity not in blob and identity.lower() not in blob, f.name
        assert PIN.encode() not in blob, f.name
    assert contents.identity not in repr(seal)
    # Only the PIN opens it, and only for the slots, user and vault it was made for.
    assert seal.open(PIN) == contents
    with pytest.raises(WrongPin) as wrong:
        seal.open("4827")
    assert wrong.value.tries_left is None  # not counted by the seal itself
    for moved in (dataclasses.replace(seal, slot_ids=("another slot",)),
                  dataclasses.replace(seal, user_id="another user"),
                  dataclasses.replace(seal, vault_id="another vault")):
        with pytest.raises(WrongPin):
            moved.open(PIN)
