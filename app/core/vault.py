"""Creating, opening and unlocking a vault directory.

Layout: `vault.json` (index), `registry.db` and `clinical.db` (SQLCipher 4, raw 256-bit
keys), `vault.lock` (one writer) and `signin-attempts.json` (throttling).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlcipher3

from app.core import audit_heads, intents
from app.core import kdf as kdf_mod
from app.core.audit import AuditChain, AuditHead, new_audit_key, utc_now
from app.core.database import DatabaseError, VaultDatabase, damage_from, key_opens
from app.core.errors import (
    FactorMissing,
    FactorUnavailable,
    MedVaultError,
    PolicyViolation,
    UsageError,
    VaultDamaged,
    WrongCredentials,
)
from app.core.keyslots import (
    KeySlot,
    SlotSecrets,
    new_recovery_key,
    open_slot,
    parse_recovery_key,
    recovery_kdf_placeholder,
    seal_slot,
)
from app.core.leftovers import clean_leftovers
from app.core.lockfile import VaultLock
from app.core.notices import signin_notices
from app.core.passwords import check_password, normalise_password
from app.core.policy import PolicyLoad, load_policy
from app.core.progress import FINAL, ProgressCallback, no_progress
from app.core.roles import Role
from app.core.sealing import new_identity, seal, unseal
from app.core.session import Session, SessionUser, zero
from app.core.signing import SigningKey
from app.core.throttle import SigninThrottle
from app.core.totp import verify_code
from app.core.usernames import normalise_user_name
from app.core.vault_file import (
    COMPARTMENTS,
    VAULT_FILE,
    CompartmentInfo,
    SealedKey,
    VaultFile,
    VaultKind,
    VaultUser,
)
from app.core.vault_settings import current_settings
from app.core.workstation import SECRET_BYTES, WorkstationKeychain

COMPARTMENT_FILES = {"registry": "registry.db", "clinical": "clinical.db"}


class TotpRequired(WrongCredentials):
    """The password was right; this account also needs its authenticator code."""

    def __init__(self) -> None:
        super().__init__("Enter the 6-digit code from your authenticator app.")


@dataclass
class NewVault:
    path: Path
    vault_id: str
    owner_id: str
    recovery_key: str = field(repr=False)


def validate_user_name(name: str) -> str:
    # The rules (NFKC, no invisible or control characters) live in usernames.py.
    return normalise_user_name(name)


def enforce_password(password: str, policy: PolicyLoad, *context: str) -> None:
    verdict = check_password(password, min_length=policy.policy.min_password_length,
                             context=[c for c in context if c])
    if not verdict.acceptable:
        raise PolicyViolation("This password cannot be used. " + " ".join(verdict.problems))


def kdf_floor(policy: PolicyLoad) -> tuple[int, int]:
    """The (memory KiB, time cost) no new slot may go below."""
    p = policy.policy
    if kdf_mod.test_kdf_requested():
        # The test switch may skip the built-in floor, never one an IT policy file sets.
        memory = p.kdf_min_memory_kib if "kdf_min_memory_kib" in policy.managed else 8
        time_cost = p.kdf_min_time_cost if "kdf_min_time_cost" in policy.managed else 1
        return memory, time_cost
    return p.kdf_min_memory_kib, p.kdf_min_time_cost


def initial_kdf_params(policy: PolicyLoad, *,
                       progress: ProgressCallback = no_progress) -> kdf_mod.KdfParams:
    memory, time_cost = kdf_floor(policy)
    if kdf_mod.test_kdf_requested():
        progress(0, 0, "")
        base = kdf_mod.cheap_test_params()
        return kdf_mod.KdfParams(max(base.memory_kib, memory), max(base.time_cost, time_cost),
                                 base.parallelism, base.salt)
    return kdf_mod.calibrate(min_memory_kib=memory, min_time_cost=time_cost, progress=progress)


def create_vault(directory: Path, *, owner_name: str, password: str, kind: VaultKind,
                 policy: PolicyLoad | None = None, full_name: str = "",
                 vault_name: str | None = None, kdf: kdf_mod.KdfParams | None = None,
                 workstation: WorkstationKeychain | None = None,
                 use_workstation: bool = False,
                 progress: ProgressCallback = no_progress) -> NewVault:
    """Build the whole vault in a hidden sibling folder, then rename it into place, so a
    crash during creation never leaves a half-made vault at `directory`.

    `progress` is called before the slow key wrapping and once more before anything is
    written (keychain or disk); raising from it then leaves no trace. The writing that
    follows takes a moment and is not interrupted."""
    policy = policy or load_policy()
    policy.require_valid()
    owner_name = validate_user_name(owner_name)
    directory = directory.expanduser().absolute()
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UsageError(f"{directory} already exists and is not empty. Choose a new folder.")
    enforce_password(password, policy, owner_name, vault_name or "")
    if policy.policy.workstation_factor == "required":
        use_workstation = True
    params = kdf or initial_kdf_params(policy)
    vault_id, owner_id = uuid.uuid4().hex, uuid.uuid4().hex
    identity, recipient = new_identity()
    keys = {c: bytearray(secrets.token_bytes(32)) for c in COMPARTMENTS}
    recovery_key = new_recovery_key()

    keychain = None
    if use_workstation:
        keychain = workstation or WorkstationKeychain()
        if not keychain.available():
            raise FactorUnavailable("No OS keychain is available, so the workstation factor "
                                    "cannot be used on this machine.")
    # The workstation secret mixes into the password slot only through HKDF, so it can be
    # made before it is stored; the keychain is written after the last chance to stop.
    ws_secret = secrets.token_bytes(SECRET_BYTES) if keychain is not None else None
    signer = SigningKey.generate()
    contents = SlotSecrets(identity=identity, signing_key=signer.private_hex)
    progress(0, 2, "")
    slots: list[KeySlot] = [
        seal_slot(vault_id=vault_id, user_id=owner_id, kind="password",
                  secret=normalise_password(password), contents=contents, kdf=params,
                  workstation_secret=ws_secret),
        seal_slot(vault_id=vault_id, user_id=owner_id, kind="recovery",
                  secret=parse_recovery_key(recovery_key), contents=contents,
                  kdf=recovery_kdf_placeholder()),
    ]
    progress(1, 2, FINAL)
    if keychain is not None and ws_secret is not None:
        keychain.create(vault_id, owner_id, ws_secret)
    vf = VaultFile(
        vault_id=vault_id, kind=kind, name=vault_name or directory.name, created=utc_now(),
        compartments={c: CompartmentInfo(file=COMPARTMENT_FILES[c], key_version=1)
                      for c in COMPARTMENTS},
        users=[VaultUser(owner_id, owner_name, recipient, signing_key=signer.public)],
        slots=slots,
        sealed=[SealedKey(owner_id, c, 1, seal(bytes(keys[c]), recipient)) for c in COMPARTMENTS],
    )
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.creating-", dir=directory.parent))
    try:
        db = VaultDatabase.open(staging, COMPARTMENT_FILES, keys, create=True,
                                memory_security=policy.policy.sqlcipher_memory_security)
        try:
            with db.transaction() as conn:
                audit_key = new_audit_key()
                conn.execute("INSERT INTO meta(key, value) VALUES ('audit_key', ?)", (audit_key,))
                conn.execute("INSERT INTO meta(key, value) VALUES ('vault_id', ?)", (vault_id,))
                conn.execute(
                    "INSERT INTO users(id, name, full_name, role, status, created) "
                    "VALUES (?,?,?,?, 'active', ?)",
                    (owner_id, owner_name, full_name, Role.OWNER.value, utc_now()))
                AuditChain(conn, audit_key).append(
                    actor_id=owner_id, actor=owner_name, role=Role.OWNER.value,
                    action="vault.create", detail={"kind": kind})
        finally:
            db.close()
            for key in keys.values():
                zero(key)
        vf.save(staging)
        os.chmod(staging, 0o700)
        try:
            if directory.exists():
                directory.rmdir()
            os.replace(staging, directory)
        except OSError as exc:
            # Another `init` got there first (ENOTEMPTY/EEXIST): say it as the early check
            # does, not as "[Errno 39] Directory not empty".
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                raise UsageError(f"{directory} already exists and is not empty (another vault "
                                 "was just created there). Choose a new folder.") from exc
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return NewVault(directory, vault_id, owner_id, recovery_key)


class OpenVault:
    """A vault whose files we have locked for writing, signed in or not."""

    def __init__(self, directory: Path, policy: PolicyLoad | None = None,
                 workstation: WorkstationKeychain | None = None) -> None:
        self.directory = directory.expanduser().absolute()
        # A policy handed in (tests, a caller that just checked it) stays; otherwise the
        # machine policy is read again at every sign-in, so IT's change reaches open windows.
        self._policy_given = policy is not None
        self.policy = policy or load_policy()
        self.policy.require_valid()
        self.workstation = workstation or WorkstationKeychain()
        if not (self.directory / VAULT_FILE).is_file():
            VaultFile.load(self.directory)  # raises the clear "no vault here" error
        # Lock before reading, so the index cannot change between reading and locking.
        self._lock = VaultLock(self.directory)
        self._lock.acquire()
        try:
            self.file = VaultFile.load(self.directory)
        except BaseException:
            self._lock.release()
            raise
        self.throttle = SigninThrottle(self.directory)
        clean_leftovers(self.directory, self.file.vault_id)
        # Intents this process saved before it had a session to complete them with; the
        # sign-in's reconcile leaves them to their own code.
        self.intents_in_flight: set[str] = set()
        self._db: VaultDatabase | None = None

    @classmethod
    def open(cls, directory: Path, policy: PolicyLoad | None = None,
             workstation: WorkstationKeychain | None = None) -> OpenVault:
        return cls(Path(directory), policy, workstation)

    def close(self) -> None:
        self._lock.release()

    def __enter__(self) -> OpenVault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- vault.json ------------------------------------------------------------------
    def reload(self) -> None:
        self.file = VaultFile.load(self.directory)

    def save(self) -> None:
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
        """The signed-in session's connection (None once it closes)."""
        self._db = db

    def _check_generation(self, db: VaultDatabase) -> None:
        row = db.conn.execute("SELECT value FROM meta WHERE key = 'vault_generation'"
                              ).fetchone()
        seen = int(row[0]) if row else 0
        if seen > self.file.generation:
            raise VaultDamaged(
                f"This is an older copy of vault.json (save {self.file.generation}; the "
                f"registry has seen save {seen}). It could bring back keys that were removed. "
                "Your password was accepted. Restore the whole vault from a backup with "
                "“Restore from backup…” or `medvault restore`.")

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

    # -- unlocking -------------------------------------------------------------------
    def unlock(self, name: str, password: str, totp: str | None = None) -> Session:
        self.refresh_policy()
        user = self.file.user_by_name(name)
        # An unknown name (often a password typed in the wrong field) is kept only as a
        # keyed tag, never as text: see SigninThrottle.account.
        account = self.throttle.account(name, user)
        self.throttle.check(account.key)
        try:
            if user is None or user.status != "active":
                raise WrongCredentials("The user name or password is not correct.")
            contents, slot = self.open_password_slot(user, password)
            session = self._start_session(user, contents, totp, slot)
        except (WrongCredentials, FactorUnavailable) as exc:
            if isinstance(exc, TotpRequired):
                raise
            self.throttle.record_failure(account.key, account.label, type(exc).__name__,
                                         utc_now(), account.tag)
            raise
        upgrade = not slot.kdf.meets(*kdf_floor(self.policy))
        upgraded: intents.Intent | None = None
        if contents.signing_key is None:
            # A slot from before signing keys: make the user's key now, while the password
            # is at hand to re-wrap the slot with it.
            signer = SigningKey.generate()
            contents = replace(contents, signing_key=signer.private_hex)
            user.replace_signing_key(signer.public)
            intent = intents.begin(self, session, "signing.key.create", target=user.user_id,
                                   detail={"public": signer.public})
            upgraded = (intents.begin(self, session, "slot.upgrade", target=user.user_id)
                        if upgrade else None)
            self.write_password_slot(user.user_id, password, contents)
            session.adopt_signing_key(signer)
            intents.complete(session, intent)
        elif upgrade:
            # The machine policy raised the floor since this slot was made: re-wrap now,
            # while we hold the password, instead of asking IT to reset every account.
            upgraded = intents.begin(self, session, "slot.upgrade", target=user.user_id)
            self.write_password_slot(user.user_id, password, contents)
        if upgraded is not None:
            intents.complete(session, upgraded)
        return session

    def unlock_with_recovery(self, recovery_key: str, new_password: str) -> Session:
        """Open the owner's recovery slot, set a new password and sign the owner in."""
        self.refresh_policy()
        owner = self._owner()
        self.throttle.check(owner.user_id)
        slots = self.file.slots_for(owner.user_id, "recovery")
        try:
            secret = parse_recovery_key(recovery_key)
            contents = None
            for slot in slots:
                with contextlib.suppress(WrongCredentials):
                    contents = open_slot(vault_id=self.file.vault_id, slot=slot, secret=secret)
                    break
            if contents is None:
                raise WrongCredentials("That recovery key does not open this vault.")
        except WrongCredentials:
            self.throttle.record_failure(owner.user_id, owner.name, "recovery", utc_now())
            raise
        enforce_password(new_password, self.policy, owner.name)
        # TOTP is reset: whoever holds the recovery key re-enrols their authenticator.
        fresh = SlotSecrets(identity=contents.identity, signing_key=contents.signing_key)
        new_signer = None
        if fresh.signing_key is None:
            # A recovery slot from before signing keys: the password slot's key is out of
            # reach, so the owner gets a new one; the old public key stays for checking.
            new_signer = SigningKey.generate()
            fresh = replace(fresh, signing_key=new_signer.private_hex)
            owner.replace_signing_key(new_signer.public)
        actor = (owner.user_id, owner.name, Role.OWNER.value)
        recovered = intents.begin(self, None, "signin.recovery", target=owner.user_id,
                                  actor=actor)
        created = None if new_signer is None else intents.begin(
            self, None, "signing.key.create", target=owner.user_id, actor=actor,
            detail={"public": new_signer.public})
        self.write_password_slot(owner.user_id, new_password, fresh, workstation=False)
        owner.totp = False
        self.save()
        session = self._start_session(owner, fresh, None, None)
        intents.complete(session, recovered, flagged=True)
        if created is not None:
            intents.complete(session, created)
        return session

    def resume_with_contents(self, user: VaultUser, contents: SlotSecrets,
                             totp: str | None) -> Session:
        """The sign-in tail for a factor other than the password (the GUI's PIN quick
        unlock), whose caller has already proven it holds the user's slot contents:
        unseal, open and check the files, TOTP, audit."""
        self.refresh_policy()
        slots = self.file.slots_for(user.user_id, "password")
        if user.status != "active" or not slots:
            raise WrongCredentials("Unlock with your password.")
        return self._start_session(user, contents, totp, slots[0])

    def owner_name(self) -> str:
        """The account the recovery key signs in (shown where the key is asked for)."""
        return self._owner().name

    def _owner(self) -> VaultUser:
        # The owner is the user whose slots include the recovery slot.
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
            raise WrongCredentials("The user name or password is not correct.")
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

    def _unseal_keys(self, user: VaultUser, identity: str) -> dict[str, bytearray]:
        """The user's key for each compartment they hold, settling any rotation that a
        crash interrupted, one compartment at a time.

        A rotation seals the new key (as `pending_version`) before `PRAGMA rekey`, so a
        file whose compartment has a pending version may be at either key. Each such
        file is asked which key opens it: the pending one finishes the rotation, the
        current one proves the pending version stale and clears it. Each compartment is
        settled on its own, so any mix of interrupted rotations comes apart."""
        keys: dict[str, bytearray] = {}
        try:
            for name, info in self.file.compartments.items():
                key = self._settle_compartment(user, identity, name, info)
                if key is not None:
                    keys[name] = key
        except BaseException:
            for key in keys.values():
                zero(key)
            raise
        if "registry" not in keys:
            for key in keys.values():
                zero(key)
            raise MedVaultError("This account holds no key to the vault yet. Ask the owner "
                                "or an admin to check its access.")
        return keys

    def _settle_compartment(self, user: VaultUser, identity: str, name: str,
                            info: CompartmentInfo) -> bytearray | None:
        candidates: list[tuple[int, bytearray]] = []
        for version in (info.key_version, info.pending_version):
            sealed = None if version is None else self.file.sealed_for(user.user_id, name,
                                                                       version)
            if version is not None and sealed is not None:
                candidates.append((version, bytearray(unseal(sealed.sealed, identity))))
        if not candidates:
            return None
        if info.pending_version is None:
            return candidates[0][1]  # nothing to settle; opening the file checks the key
        path = self.directory / COMPARTMENT_FILES[name]
        winner = next(((v, k) for v, k in candidates if key_opens(path, k)), None)
        for version, key in candidates:
            if winner is None or version != winner[0]:
                zero(key)
        if winner is None:
            raise VaultDamaged(
                f"The {name} compartment of this vault is damaged (neither its current nor "
                "its new key opens it). Your password was accepted. Restore the vault from "
                "a backup with “Restore from backup…” or `medvault restore`.")
        version, key = winner
        if version == info.pending_version:
            old = info.key_version
            info.key_version, info.pending_version = version, None
        else:
            old, info.pending_version = info.pending_version, None
        self.file.sealed = [s for s in self.file.sealed
                            if not (s.compartment == name and s.key_version == old)]
        # The rotation's intent (saved with its pending version) gets its entry once the
        # session is up: `intents.reconcile` reads how it ended from the versions.
        self.save()
        return key

    def _open_database(self, user: VaultUser, identity: str) -> tuple[VaultDatabase,
                                                                       dict[str, bytearray]]:
        keys = self._unseal_keys(user, identity)
        try:
            db = VaultDatabase.open(
                self.directory, COMPARTMENT_FILES, keys,
                memory_security=self.policy.policy.sqlcipher_memory_security)
        except BaseException:
            for key in keys.values():
                zero(key)
            raise
        return db, keys

    def _start_session(self, user: VaultUser, contents: SlotSecrets, totp: str | None,
                       slot: KeySlot | None) -> Session:
        try:
            return self._start_session_unchecked(user, contents, totp, slot)
        except DatabaseError as exc:
            # The key opened page 1, so any later SQLCipher failure is a damaged page.
            raise damage_from(exc) from exc

    def _start_session_unchecked(self, user: VaultUser, contents: SlotSecrets,
                                 totp: str | None, slot: KeySlot | None) -> Session:
        db, keys = self._open_database(user, contents.identity)
        try:
            self._check_readable(db)
            self._check_generation(db)
            row = db.conn.execute(
                "SELECT role, full_name, totp_last_step FROM users WHERE id = ?",
                (user.user_id,)).fetchone()
            audit_key = db.conn.execute("SELECT value FROM meta WHERE key = 'audit_key'"
                                        ).fetchone()
            if row is None or audit_key is None:
                raise VaultDamaged("The registry has no record of this user; restore the vault "
                                   "from a backup.")
            role = Role(row[0])
            session = Session(self, SessionUser(user.user_id, user.name, row[1], role),
                              contents.identity, db, bytearray(audit_key[0]), keys,
                              pending_enrolment=set(), signer=contents.signer())
            self.attach_database(db)
        except BaseException:
            db.close()
            for key in keys.values():
                zero(key)
            raise
        try:
            if contents.totp_secret:
                if not totp:
                    raise TotpRequired()
                step = verify_code(contents.totp_secret, totp, last_used_step=row[2])
                if step is None:
                    raise WrongCredentials("That authenticator code is not correct, or was "
                                           "already used. Wait for the next code.")
                with session.transaction() as conn:
                    conn.execute("UPDATE users SET totp_last_step = ? WHERE id = ?",
                                 (step, user.user_id))
            self._flush_failures(session, user)
            intents.reconcile(session)
            audit_heads.check_saved_head(session)
            self._check_signing_key(session, user, contents)
            self._drop_unfinished_users(session)
            session.notices = signin_notices(session)
        except BaseException:
            # No half-open vault: whatever went wrong, the keys are dropped again.
            session.close("signin-abandoned")
            raise
        if role.value in current_settings(session).totp_required_roles \
                and not contents.totp_secret:
            session.pending_enrolment.add("totp")
        if (self.policy.policy.workstation_factor == "required" and slot is not None
                and not slot.workstation):
            session.pending_enrolment.add("workstation")
        return session

    def _check_signing_key(self, session: Session, user: VaultUser,
                           contents: SlotSecrets) -> None:
        """The slot (authenticated encryption) is the truth about a user's signing key;
        vault.json is not authenticated. A public key there that differs from the slot's
        was put there by someone else, perhaps to sign a rewritten audit log in this
        user's name: put the real one back and flag it."""
        signer = contents.signer()
        if signer is None or user.signing_key == signer.public:
            return
        found = user.signing_key
        user.signing_key = signer.public
        intent = intents.begin(self, session, "signing.key.mismatch", target=user.user_id,
                               detail={"found": found, "restored": signer.public})
        self.save()
        intents.complete(session, intent, flagged=True)

    def _drop_unfinished_users(self, session: Session) -> None:
        """`user add` saves vault.json (the new account and its slot) just before its
        registry transaction commits. A crash in between leaves an account the registry
        never recorded: it cannot sign in, yet its name is taken. Any sign-in removes such
        accounts again and says so in the audit chain."""
        known = {row[0] for row in session.conn.execute("SELECT id FROM users")}
        unfinished = [u for u in self.file.users if u.user_id not in known]
        if not unfinished:
            return
        gone = {u.user_id for u in unfinished}
        vf = self.file
        vf.users = [u for u in vf.users if u.user_id not in gone]
        vf.slots = [s for s in vf.slots if s.user_id not in gone]
        vf.sealed = [s for s in vf.sealed if s.user_id not in gone]
        vf.grants = [g for g in vf.grants if g.user_id not in gone]
        owed = [intents.begin(self, session, "user.add.unfinished", target=u.user_id,
                              detail={"name": u.name}) for u in unfinished]
        self.save()
        with session.transaction():
            for intent in owed:
                intents.complete(session, intent, flagged=True)

    @staticmethod
    def _check_readable(db: VaultDatabase) -> None:
        try:
            db.conn.execute("SELECT count(*) FROM users").fetchone()
        except DatabaseError as exc:
            raise damage_from(exc) from exc

    def _flush_failures(self, session: Session, user: VaultUser) -> None:
        pending = self.throttle.pending()
        with session.transaction():
            for failure in pending:
                # The entry carries the time of the attempt, not of this sign-in.
                detail = {"why": failure.why, "at": failure.ts}
                if failure.account:
                    detail["account"] = failure.account
                session.audit.append(actor_id="", actor=failure.user, role="", action=
                                     "signin.failure", detail=detail, flagged=True,
                                     happened_at=failure.ts)
            session.record("signin.success")
        self.throttle.succeeded(user.user_id, len(pending))
