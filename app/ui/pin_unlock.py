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
tries; the third wrong PIN wipes the sealed contents, and only the full password opens
the vault again. Failed tries are recorded with the other failed sign-ins and reach the
audit chain at the next sign-in.

What it does not protect against: an attacker who can read this process's memory while
it runs. A PIN has little entropy, so the sealed contents can be brute-forced offline
from a memory dump, however costly Argon2 makes each guess. That is why it is optional,
off unless the vault owner allows it (Vault settings), valid only after an *idle* lock
(a manual lock, screen lock or sleep asks for the password), and never written to disk.

The seal is void — and the password required — when anything about the user's password
slot changes after the PIN was set (password change or reset, TOTP or workstation
enrolment): the slot ids it was made from no longer match. It also ends when the
application quits or the vault is closed, and when the owner turns PIN unlock off.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.core.errors import MedVaultError, WrongCredentials

# Crypto modules load on first use: the application creates a QuickUnlock at start-up.
if TYPE_CHECKING:
    from app.core.kdf import KdfParams
    from app.core.keyslots import SlotSecrets
    from app.core.session import Session
    from app.core.vault import OpenVault

MAX_TRIES = 3
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 12
PIN_MEMORY_KIB = 32 * 1024
PIN_TIME_COST = 3


def _tr(text: str) -> str:
    return QCoreApplication.translate("pin_unlock", text)


class WrongPin(WrongCredentials):
    def __init__(self, tries_left: int) -> None:
        self.tries_left = tries_left
        if tries_left < 0:  # not counted yet
            message = _tr("That PIN is not correct.")
        elif tries_left > 0:
            message = _tr("That PIN is not correct. {n} tries left before the full password "
                          "is needed.").format(n=tries_left)
        else:
            message = _tr("That PIN was wrong three times. Unlock with your password.")
        super().__init__(message)


class PinVoid(MedVaultError):
    """The seal no longer matches the account; the password is needed."""


def pin_problem(pin: str) -> str | None:
    """Why this PIN cannot be used, in plain words; None if it can."""
    if not pin.isdigit() or not pin.isascii():
        return _tr("A PIN is digits only.")
    if not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS:
        return _tr("A PIN has {lo} to {hi} digits.").format(lo=PIN_MIN_DIGITS,
                                                            hi=PIN_MAX_DIGITS)
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210987":
        return _tr("Avoid repeated or consecutive digits such as 1111 or 1234.")
    return None


def _pin_params() -> KdfParams:
    from app.core.kdf import KdfParams, new_salt, test_kdf_requested

    salt = new_salt()
    if test_kdf_requested():
        return KdfParams(1024, 1, 1, salt)
    return KdfParams(PIN_MEMORY_KIB, PIN_TIME_COST, 1, salt)


@dataclass(frozen=True)
class PinSeal:
    """Slot contents sealed under a PIN-derived key, for one user of one vault."""

    vault_id: str
    user_id: str
    user_name: str
    slot_ids: tuple[str, ...]
    params: KdfParams = field(repr=False)
    nonce: bytes = field(repr=False)
    ciphertext: bytes = field(repr=False)

    @staticmethod
    def _ad(vault_id: str, user_id: str, slot_ids: tuple[str, ...]) -> bytes:
        return json.dumps(["medvault pin seal v1", vault_id, user_id, list(slot_ids)]).encode()

    @classmethod
    def create(cls, pin: str, *, vault_id: str, user_id: str, user_name: str,
               slot_ids: tuple[str, ...], contents: SlotSecrets) -> PinSeal:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        from app.core.kdf import derive

        problem = pin_problem(pin)
        if problem:
            raise WrongCredentials(problem)
        params = _pin_params()
        key = derive(pin.encode(), params)
        nonce = secrets.token_bytes(12)
        ciphertext = AESGCM(key).encrypt(nonce, contents.to_bytes(),
                                         cls._ad(vault_id, user_id, slot_ids))
        return cls(vault_id, user_id, user_name, slot_ids, params, nonce, ciphertext)

    def open(self, pin: str) -> SlotSecrets:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        from app.core.kdf import derive
        from app.core.keyslots import SlotSecrets

        key = derive(pin.encode(), self.params)
        try:
            plain = AESGCM(key).decrypt(self.nonce, self.ciphertext,
                                        self._ad(self.vault_id, self.user_id, self.slot_ids))
        except InvalidTag:
            raise WrongPin(-1) from None
        return SlotSecrets.from_bytes(plain)


def current_slot_ids(vault: OpenVault, user_id: str) -> tuple[str, ...]:
    return tuple(sorted(s.slot_id for s in vault.file.slots_for(user_id, "password")))


def seal_for_session(session: Session, password: str, pin: str) -> PinSeal:
    """Re-check the password (it opens the slot again) and seal its contents under the PIN.
    Runs on a worker thread: it costs one password Argon2 and one PIN Argon2."""
    from app.core.users import reopen_own_slot

    if session.pending_enrolment:
        raise PinVoid(_tr("Finish the sign-in set-up the policy asks for before setting a "
                          "PIN."))
    contents = reopen_own_slot(session, password)
    seal = PinSeal.create(pin, vault_id=session.vault.file.vault_id,
                          user_id=session.user.user_id, user_name=session.user.name,
                          slot_ids=current_slot_ids(session.vault, session.user.user_id),
                          contents=contents)
    session.record("pin.set", target=session.user.user_id)
    return seal


def resume_with_pin(vault: OpenVault, seal: PinSeal, pin: str, totp: str | None) -> Session:
    """Sign the sealed user in again from the PIN. Runs on a worker thread."""
    from app.core.audit import utc_now

    user = vault.file.user_by_id(seal.user_id)
    if (user is None or user.status != "active" or seal.vault_id != vault.file.vault_id
            or current_slot_ids(vault, seal.user_id) != seal.slot_ids):
        raise PinVoid(_tr("Your sign-in details changed since the PIN was set. Unlock with "
                          "your password."))
    vault.throttle.check(user.user_id)
    try:
        contents = seal.open(pin)
    except WrongPin:
        vault.throttle.record_failure(user.user_id, user.name, "pin", utc_now())
        raise
    session = vault.resume_with_contents(user, contents, totp)
    session.record("signin.pin", target=user.user_id)
    return session


class QuickUnlock(QObject):
    """Holds at most one `PinSeal` for the running application and counts wrong tries."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seal: PinSeal | None = None
        self._tries_left = MAX_TRIES

    def set_seal(self, seal: PinSeal) -> None:
        self._seal = seal
        self._tries_left = MAX_TRIES
        self.changed.emit()

    def wipe(self) -> None:
        had = self._seal is not None
        self._seal = None
        self._tries_left = MAX_TRIES
        if had:
            self.changed.emit()

    def seal(self) -> PinSeal | None:
        return self._seal

    def is_set_for(self, vault_id: str, user_id: str | None = None) -> bool:
        return (self._seal is not None and self._seal.vault_id == vault_id
                and (user_id is None or self._seal.user_id == user_id))

    def tries_left(self) -> int:
        return self._tries_left if self._seal is not None else 0

    def failed_try(self) -> WrongPin:
        """Count a wrong PIN; the last one wipes the seal. Returns the error to show."""
        self._tries_left -= 1
        error = WrongPin(self._tries_left)
        if self._tries_left <= 0:
            self.wipe()
        return error
