"""Quick re-unlock with a short PIN after an idle lock — and what it does and does not do.

The honest design
-----------------
A lock drops every compartment key and closes the database. To come back with a PIN
instead of the password, something must survive the lock. What survives is the user's
*slot contents* (their age identity, and their TOTP secret if enrolled) — exactly what the
password slot in ``vault.json`` holds — encrypted in memory with AES-256-GCM under a key
derived from the PIN by Argon2id (fresh random salt, moderate cost: 32 MiB, 3 passes).
No compartment key, no database handle and no password survives; on PIN entry the
contents are decrypted and the normal sign-in path runs again (unseal the keys, open and
check the database, check the TOTP code if the account has one, write the audit entries).

What it protects against: someone at the keyboard after the idle lock. They get three
tries; the third wrong PIN (or wrong authenticator code after it) wipes the sealed
contents, and only the full password opens the vault again. Failed tries are recorded
with the other failed sign-ins and reach the audit chain at the next sign-in.

What it does not protect against: an attacker who can read this process's memory while
it runs. A PIN has little entropy, so the sealed contents can be brute-forced offline
from a memory dump, however costly Argon2 makes each guess. That is why it is optional,
off unless the vault owner allows it (Vault settings), valid only after an *idle* lock
(a manual lock, screen lock or sleep asks for the password), and never written to disk.

The seal is void — and the password required — when anything about the user's password
slot changes after the PIN was set (password change or reset, TOTP or workstation
enrolment): the slot ids it was made from no longer match. It also ends when the
application quits or the vault is closed, and when the owner turns PIN unlock off.

Which lock offers the PIN is the caller's choice (the GUI offers it after an idle lock
only); everything else above is here, without Qt, so a script and the tests exercise the
same rules as the GUI. Messages are plain English like every core error; each error also
carries what went wrong as data (`PinProblem`, `VoidReason`, ``tries_left``) so the GUI
can word it in the user's language.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from app.core.errors import (
    MedVaultError,
    PolicyViolation,
    TotpRequired,
    UsageError,
    WrongCredentials,
)

# Crypto and the vault load on first use: the GUI creates a `PinUnlock` at start-up, and
# start-up stays light (no Argon2, no SQLCipher) until a vault is opened.
if TYPE_CHECKING:
    from app.core.kdf import KdfParams
    from app.core.keyslots import SlotSecrets
    from app.core.session import Session
    from app.core.vault import OpenVault
    from app.core.vault_access import VaultAccess
    from app.core.vault_file import VaultUser

MAX_TRIES = 3
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 12
PIN_MEMORY_KIB = 32 * 1024
PIN_TIME_COST = 3

#: The ``why`` of failed sign-ins recorded in the throttle (and later the audit chain).
FAILED_PIN = "pin"
FAILED_CODE_AFTER_PIN = "pin-totp"


# -- PIN format ------------------------------------------------------------------------
class PinProblem(Enum):
    """Why a PIN cannot be used."""

    NOT_DIGITS = "not-digits"
    LENGTH = "length"
    GUESSABLE = "guessable"

    @property
    def message(self) -> str:
        if self is PinProblem.NOT_DIGITS:
            return "A PIN is digits only."
        if self is PinProblem.LENGTH:
            return f"A PIN has {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits."
        return "Avoid repeated or consecutive digits such as 1111 or 1234."


def pin_problem(pin: str) -> PinProblem | None:
    """Why this PIN cannot be used; None if it can."""
    if not pin.isdigit() or not pin.isascii():
        return PinProblem.NOT_DIGITS
    if not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS:
        return PinProblem.LENGTH
    # The first guesses anyone tries; three tries must not be spent on a PIN among them.
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210987":
        return PinProblem.GUESSABLE
    return None


# -- errors ----------------------------------------------------------------------------
# Each takes an optional ``message`` so the GUI can raise the same error in its own words.
class UnusablePin(UsageError):
    """The PIN offered when setting one breaks the format rules."""

    def __init__(self, problem: PinProblem, message: str | None = None) -> None:
        self.problem = problem
        super().__init__(message or problem.message)


class PinNeedsEnrolment(PolicyViolation):
    """The session still owes an enrolment (TOTP, workstation) the policy asks for, and a
    seal made now would be void as soon as that enrolment rewrites the slot."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "Finish the sign-in set-up the policy asks for before "
                         "setting a PIN.")


class WrongPin(WrongCredentials):
    """A PIN try failed: the PIN itself, or (``cause``) the authenticator code after it.

    ``tries_left`` is None while the try is not yet counted (`PinSeal.open`), then the tries
    that remain; 0 means the seal is wiped and the password is needed."""

    def __init__(self, tries_left: int | None, cause: WrongCredentials | None = None,
                 message: str | None = None) -> None:
        self.tries_left = tries_left
        self.cause = cause
        if message is None:
            message = wrong_pin_message(tries_left)
            if cause is not None:
                message = f"{cause}\n{message}"
        super().__init__(message)


def wrong_pin_message(tries_left: int | None) -> str:
    if tries_left is None:
        return "That PIN is not correct."
    if tries_left > 0:
        return ("That PIN is not correct. Tries left before the full password is needed: "
                f"{tries_left}.")
    return "That PIN was wrong three times. Unlock with your password."


class VoidReason(Enum):
    CHANGED = "changed"  # the account's password slot (or status) changed since the seal
    NO_PIN = "no-pin"  # never set, wiped after the tries, forgotten, or for another vault


class PinVoid(MedVaultError):
    """The PIN cannot open this vault any more: the password is needed."""

    def __init__(self, reason: VoidReason, message: str | None = None) -> None:
        self.reason = reason
        if message is None:
            message = ("Your sign-in details changed since the PIN was set. Unlock with your "
                       "password.") if reason is VoidReason.CHANGED else \
                "There is no PIN to unlock with. Unlock with your password."
        super().__init__(message)


# -- the seal --------------------------------------------------------------------------
def _pin_params() -> KdfParams:
    from app.core.kdf import KdfParams, new_salt, test_kdf_requested

    salt = new_salt()
    if test_kdf_requested():
        return KdfParams(1024, 1, 1, salt)
    return KdfParams(PIN_MEMORY_KIB, PIN_TIME_COST, 1, salt)


@dataclass(frozen=True)
class PinSeal:
    """Slot contents sealed under a PIN-derived key, for one user of one vault.

    Holds no plaintext: the identity and TOTP secret exist only inside ``ciphertext``."""

    vault_id: str
    user_id: str
    user_name: str
    slot_ids: tuple[str, ...]
    params: KdfParams = field(repr=False)
    nonce: bytes = field(repr=False)
    ciphertext: bytes = field(repr=False)

    @staticmethod
    def _ad(vault_id: str, user_id: str, slot_ids: tuple[str, ...]) -> bytes:
        # Binding the slot ids means a seal moved onto other slots cannot be opened either.
        return json.dumps(["medvault pin seal v1", vault_id, user_id, list(slot_ids)]).encode()

    @classmethod
    def create(cls, pin: str, *, vault_id: str, user_id: str, user_name: str,
               slot_ids: tuple[str, ...], contents: SlotSecrets) -> PinSeal:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        from app.core.kdf import derive

        problem = pin_problem(pin)
        if problem is not None:
            raise UnusablePin(problem)
        params = _pin_params()
        key = derive(pin.encode(), params)
        nonce = secrets.token_bytes(12)
        ciphertext = AESGCM(key).encrypt(nonce, contents.to_bytes(),
                                         cls._ad(vault_id, user_id, slot_ids))
        return cls(vault_id, user_id, user_name, slot_ids, params, nonce, ciphertext)

    def open(self, pin: str) -> SlotSecrets:
        """The sealed contents; `WrongPin` (not yet counted) if the PIN does not open them."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        from app.core.kdf import derive
        from app.core.keyslots import SlotSecrets

        key = derive(pin.encode(), self.params)
        try:
            plain = AESGCM(key).decrypt(self.nonce, self.ciphertext,
                                        self._ad(self.vault_id, self.user_id, self.slot_ids))
        except InvalidTag:
            raise WrongPin(None) from None
        return SlotSecrets.from_bytes(plain)


def current_slot_ids(vault: VaultAccess, user_id: str) -> tuple[str, ...]:
    return tuple(sorted(s.slot_id for s in vault.file.slots_for(user_id, "password")))


def check_seal(vault: OpenVault, seal: PinSeal) -> VaultUser:
    """The user the seal signs in, if it still matches the vault's current slots.
    `PinVoid` if the user is gone or inactive, or their password slot changed."""
    if seal.vault_id != vault.file.vault_id:
        raise PinVoid(VoidReason.NO_PIN)
    user = vault.file.user_by_id(seal.user_id)
    if (user is None or user.status != "active"
            or current_slot_ids(vault, seal.user_id) != seal.slot_ids):
        raise PinVoid(VoidReason.CHANGED)
    return user


def seal_for_session(session: Session, password: str, pin: str) -> PinSeal:
    """Re-check the password (it opens the slot again) and seal its contents under the PIN.
    Costs one password Argon2 and one PIN Argon2: run it off the GUI thread."""
    from app.core.users import reopen_own_slot

    if session.pending_enrolment:
        raise PinNeedsEnrolment()
    problem = pin_problem(pin)
    if problem is not None:  # before the password's Argon2, not after
        raise UnusablePin(problem)
    contents = reopen_own_slot(session, password)
    seal = PinSeal.create(pin, vault_id=session.vault.file.vault_id,
                          user_id=session.user.user_id, user_name=session.user.name,
                          slot_ids=current_slot_ids(session.vault, session.user.user_id),
                          contents=contents)
    session.record("pin.set", target=session.user.user_id)
    return seal


def resume_with_pin(vault: OpenVault, seal: PinSeal, pin: str, totp: str | None) -> Session:
    """One PIN try: sign the sealed user in again. Does not count tries — `PinUnlock` does.

    A wrong PIN, or a wrong authenticator code after the right PIN, is recorded with the
    failed sign-ins (throttle first, audit chain at the next sign-in), as the password path
    records them. A missing code (`TotpRequired`) is not a failure: the person is asked."""
    from app.core.audit import utc_now

    user = check_seal(vault, seal)
    vault.throttle.check(user.user_id)
    try:
        contents = seal.open(pin)
    except WrongPin:
        vault.throttle.record_failure(user.user_id, user.name, FAILED_PIN, utc_now())
        raise
    try:
        session = vault.resume_with_contents(user, contents, totp)
    except TotpRequired:
        raise
    except WrongCredentials:
        vault.throttle.record_failure(user.user_id, user.name, FAILED_CODE_AFTER_PIN,
                                      utc_now())
        raise
    session.record("signin.pin", target=user.user_id)
    return session


# -- the running program's PIN ---------------------------------------------------------
class PinUnlock:
    """At most one `PinSeal` for the running program, and the tries left on it.

    Lives in memory only, as long as the program. ``on_change`` is called (without any lock
    held) whenever a seal appears or goes. Thread-safe: the GUI resumes on a worker thread,
    and tries are taken one at a time so concurrent attempts cannot exceed `MAX_TRIES`.
    """

    def __init__(self, on_change: Callable[[], None] | None = None) -> None:
        self._on_change = on_change
        self._lock = threading.Lock()
        self._attempt = threading.Lock()
        self._seal: PinSeal | None = None
        self._tries_left = MAX_TRIES

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()

    def set_seal(self, seal: PinSeal) -> None:
        with self._lock:
            self._seal = seal
            self._tries_left = MAX_TRIES
        self._changed()

    def wipe(self) -> None:
        with self._lock:
            had = self._seal is not None
            self._seal = None
            self._tries_left = MAX_TRIES
        if had:
            self._changed()

    def seal(self) -> PinSeal | None:
        with self._lock:
            return self._seal

    def is_set_for(self, vault_id: str, user_id: str | None = None) -> bool:
        seal = self.seal()
        return (seal is not None and seal.vault_id == vault_id
                and (user_id is None or seal.user_id == user_id))

    def tries_left(self) -> int:
        with self._lock:
            return self._tries_left if self._seal is not None else 0

    def failed_try(self, cause: WrongCredentials | None = None) -> WrongPin:
        """Count a failed try; the last one wipes the seal. Returns the error to show."""
        with self._lock:
            self._tries_left -= 1
            left = max(0, self._tries_left)
            wiped = left == 0 and self._seal is not None
            if left == 0:
                self._seal = None
                self._tries_left = MAX_TRIES
        if wiped:
            self._changed()
        return WrongPin(left, cause)

    def resume(self, vault: OpenVault, pin: str, totp: str | None = None) -> Session:
        """A PIN try with the held seal, counted: the session, or the error to show.

        `WrongPin` with the tries left (a wrong PIN or a wrong code after it); `PinVoid` if
        there is no seal or it no longer matches the vault (the seal is wiped); `Throttled`
        and `TotpRequired` pass through uncounted."""
        from app.core.errors import Throttled

        with self._attempt:
            seal = self.seal()
            if seal is None:
                raise PinVoid(VoidReason.NO_PIN)
            try:
                return resume_with_pin(vault, seal, pin, totp)
            except PinVoid:
                self.wipe()
                raise
            except (Throttled, TotpRequired):
                raise
            except WrongPin as exc:
                raise self.failed_try() from exc
            except WrongCredentials as exc:
                raise self.failed_try(exc) from exc

    def keep_only_for(self, vault_id: str, user_id: str) -> None:
        """After a sign-in: a seal made for anyone else (another user of this vault, or
        any user of another vault) must not outlive it, so it is wiped."""
        if self.seal() is not None and not self.is_set_for(vault_id, user_id):
            self.wipe()

    def keep_only_if_allowed(self, session: Session) -> None:
        """At a lock, while ``session`` is still open: keep this vault's seal only if the
        vault's settings still allow PIN unlock (the owner may have turned it off)."""
        if not self.is_set_for(session.vault.file.vault_id):
            return
        from app.core.vault_settings import current_settings

        try:
            allowed = current_settings(session).pin_unlock
        except Exception:  # unreadable settings: the safe answer is no PIN
            allowed = False
        if not allowed:
            self.wipe()
