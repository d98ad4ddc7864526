"""An open vault folder: its lock, its index (`vault.json`) and its key slots.

Layout: `vault.json` (index), `registry.db` and `clinical.db` (SQLCipher 4, raw 256-bit
keys), `vault.lock` (one writer) and `signin-attempts.json` (throttling).

The ways in live in their own modules: creation in `vault_create.py`, the sign-in paths
(password, recovery key, PIN resume) and their shared tail in `app/core/signin/`.
`OpenVault` offers them as methods so callers hold one object.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3

from app.core import kdf as kdf_mod
from app.core.audit import AuditHead
from app.core.database import VaultDatabase
from app.core.errors import (
    FactorMissing,
    FactorUnavailable,
    PolicyViolation,
    TotpRequired,
    VaultDamaged,
    VaultReadOnly,
    WrongCredentials,
)
from app.core.keyslots import KeySlot, SlotSecrets, open_slot, seal_slot
from app.core.leftovers import clean_leftovers
from app.core.lockfile import VaultLock
from app.core.passwords import normalise_password
from app.core.policy import PolicyLoad, load_policy
from app.core.session import Session
from app.core.signin.password import sign_in_with_password
from app.core.signin.recovery import sign_in_with_recovery
from app.core.signin.resume import resume_with_contents
from app.core.slot_rules import (
    enforce_password,
    initial_kdf_params,
    kdf_floor,
    validate_user_name,
)
from app.core.throttle import SigninThrottle
from app.core.vault_create import NewVault, create_vault
from app.core.vault_file import COMPARTMENT_FILES, VAULT_FILE, VaultFile, VaultUser
from app.core.workstation import WorkstationKeychain

# Callers have always found these here; they now live in the modules named above.
__all__ = [
    "COMPARTMENT_FILES", "NewVault", "OpenVault", "TotpRequired", "create_vault",
    "enforce_password", "initial_kdf_params", "kdf_floor", "validate_user_name",
]


class OpenVault:
    """A vault whose files we have locked for writing, signed in or not."""

    def __init__(self, directory: Path, policy: PolicyLoad | None = None,
                 workstation: WorkstationKeychain | None = None, *,
                 allow_read_only: bool = False, lock_wait: float = 0.0) -> None:
        self.directory = directory.expanduser().absolute()
        # A policy handed in (tests, a caller that just checked it) stays; otherwise the
        # machine policy is read again at every sign-in, so IT's change reaches open windows.
        self._policy_given = policy is not None
        self.policy = policy or load_policy()
        self.policy.require_valid()
        self.workstation = workstation or WorkstationKeychain()
        if not (self.directory / VAULT_FILE).is_file():
            VaultFile.load(self.directory)  # raises the clear "no vault here" error
        # The lock is taken at sign-in (`_lock_for_signin`), not here: a window waiting at
        # the sign-in screen must not block the nightly backup (lockfile.py). vault.json is
        # replaced atomically, so reading it unlocked gives one whole version, and it is
        # read again once the lock is held.
        self._lock = VaultLock(self.directory)
        #: How long a sign-in waits for another signed-in MedVault to let go (backup and
        #: verify wait; people at a window are told at once).
        self.lock_wait = lock_wait
        #: True only where the folder refused the lock file (read_only.py says what such
        #: an open may do); a writable vault always opens normally.
        self.read_only = False
        try:
            self._lock.probe()
        except VaultReadOnly:
            if not allow_read_only:
                raise
            self.read_only = True
        self.file = VaultFile.load(self.directory)
        self.throttle = SigninThrottle(self.directory)
        # Intents this process saved before it had a session to complete them with; the
        # sign-in's reconcile leaves them to their own code.
        self.intents_in_flight: set[str] = set()
        self._db: VaultDatabase | None = None

    @classmethod
    def open(cls, directory: Path, policy: PolicyLoad | None = None,
             workstation: WorkstationKeychain | None = None, *,
             allow_read_only: bool = False, lock_wait: float = 0.0) -> OpenVault:
        return cls(Path(directory), policy, workstation, allow_read_only=allow_read_only,
                   lock_wait=lock_wait)

    def close(self) -> None:
        self._lock.release()

    @property
    def locked_by_us(self) -> bool:
        return self._lock.held

    @contextlib.contextmanager
    def _lock_for_signin(self) -> Iterator[None]:
        """Hold the vault lock from here until the session closes: take it (waiting up to
        `lock_wait`), re-read vault.json under it, and tidy what an interrupted earlier
        run left. A sign-in that fails lets go again, after its failed try is counted."""
        if self.read_only or self._lock.held:
            yield
            return
        self._lock.acquire(self.lock_wait)
        try:
            self.reload()
            clean_leftovers(self.directory, self.file.vault_id)
            yield
        except BaseException:
            if self._db is None:
                self._lock.release()
            raise

    def __enter__(self) -> OpenVault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- vault.json ------------------------------------------------------------------
    def reload(self) -> None:
        self.file = VaultFile.load(self.directory)

    def save(self) -> None:
        if self.read_only:
            # Every caller that may run read-only skips its save; this is the backstop.
            raise VaultReadOnly(self.directory)
        if not self._lock.held:
            # vault.json is written only by the signed-in holder of the lock; anything
            # else could overwrite another program's newer version.
            raise RuntimeError("vault.json may be written only while signed in")
        self.file.save(self.directory)
        self._note_generation()

    def _note_generation(self) -> None:
        """Tell the registry how far vault.json has got (inside the caller's transaction
        if one is open). Lagging behind is harmless: only going backwards is refused."""
        db = self._db
        if db is None:
            return
        with contextlib.suppress(sqlcipher3.Error):
            db.conn.execute("INSERT INTO meta(key, value) VALUES ('vault_generation', ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)",
                            (self.file.generation,))

    def attach_database(self, db: VaultDatabase | None) -> None:
        """The signed-in session's connection (None once it closes, which lets go of the
        vault lock: the window goes back to the sign-in screen without holding it)."""
        self._db = db
        if db is None:
            self._lock.release()

    def refresh_policy(self) -> None:
        """Read the machine policy again (each sign-in does); refuse while it is broken."""
        if not self._policy_given:
            self.policy = load_policy()
        self.policy.require_valid()

    def save_audit_head(self, head: AuditHead) -> None:
        self.file.audit_head = head.to_json()
        self.save()

    # -- slots -------------------------------------------------------------------------
    def slot_template(self) -> kdf_mod.KdfParams:
        """New slots reuse the parameters calibrated at creation, raised to the floor."""
        memory, time_cost = kdf_floor(self.policy)
        owner_slots = [s for s in self.file.slots if s.kind == "password"]
        if not owner_slots:
            return initial_kdf_params(self.policy)
        base = owner_slots[0].kdf
        return kdf_mod.KdfParams(max(base.memory_kib, memory), max(base.time_cost, time_cost),
                                 base.parallelism, base.salt)

    def write_password_slot(self, user_id: str, password: str, contents: SlotSecrets,
                            *, workstation: bool | None = None) -> None:
        """Add the new slot and save, and only then drop the user's old password slots."""
        old = self.file.slots_for(user_id, "password")
        if workstation is None:
            workstation = any(s.workstation for s in old) or (
                self.policy.policy.workstation_factor == "required")
        if workstation and self.policy.policy.workstation_factor == "disabled":
            raise PolicyViolation("The machine policy does not allow the workstation factor.")
        ws_secret = None
        if workstation:
            if not self.workstation.available():
                raise FactorUnavailable("No OS keychain is available, so the workstation "
                                        "factor cannot be used on this machine.")
            try:
                ws_secret = self.workstation.load(self.file.vault_id, user_id)
            except FactorMissing:
                # Only a missing item is replaced; a locked or broken keychain must not
                # lead to overwriting a secret that another slot may still need.
                ws_secret = self.workstation.create(self.file.vault_id, user_id)
        slot = seal_slot(vault_id=self.file.vault_id, user_id=user_id, kind="password",
                         secret=normalise_password(password), contents=contents,
                         kdf=self.slot_template(), workstation_secret=ws_secret)
        self.file.slots.append(slot)
        self.save()
        self.file.slots = [s for s in self.file.slots if s not in old]
        self.save()

    # -- signing in (app/core/signin/) ---------------------------------------------
    def unlock(self, name: str, password: str, totp: str | None = None) -> Session:
        with self._lock_for_signin():
            return sign_in_with_password(self, name, password, totp)

    def unlock_with_recovery(self, recovery_key: str, new_password: str) -> Session:
        """Open the owner's recovery slot, set a new password and sign the owner in."""
        with self._lock_for_signin():
            return sign_in_with_recovery(self, recovery_key, new_password)

    def resume_with_contents(self, user: VaultUser, contents: SlotSecrets,
                             totp: str | None) -> Session:
        """The sign-in tail for a factor other than the password (the GUI's PIN quick
        unlock), whose caller has already proven it holds the user's slot contents."""
        with self._lock_for_signin():
            # vault.json was read again under the lock: act on this user's current entry.
            current = self.file.user_by_id(user.user_id)
            if current is None:
                raise WrongCredentials.coded("signin.use_password")
            return resume_with_contents(self, current, contents, totp)

    def owner_name(self) -> str:
        """The account the recovery key signs in (shown where the key is asked for)."""
        return self.owner().name

    def owner(self) -> VaultUser:
        """The owner: the user whose slots include the recovery slot."""
        for slot in self.file.slots:
            if slot.kind == "recovery":
                user = self.file.user_by_id(slot.user_id)
                if user is not None:
                    return user
        raise VaultDamaged("This vault has no recovery slot; it cannot be recovered.")

    def open_password_slot(self, user: VaultUser,
                           password: str) -> tuple[SlotSecrets, KeySlot]:
        slots = self.file.slots_for(user.user_id, "password")
        if not slots:
            raise WrongCredentials.coded("signin.wrong_credentials")
        ws_secret = None
        if any(s.workstation for s in slots):
            ws_secret = self.workstation.load(self.file.vault_id, user.user_id)
        secret = normalise_password(password)
        error: WrongCredentials | None = None
        for slot in slots:
            try:
                return open_slot(vault_id=self.file.vault_id, slot=slot, secret=secret,
                                 workstation_secret=ws_secret), slot
            except WrongCredentials as exc:
                error = exc
        assert error is not None
        raise error
