"""A signed-in session: who is acting, with which keys, and the guard on every operation.

Every operation a view or the CLI performs goes through `Session.require`, which consults
the one permission matrix. Every refusal, the matrix's or any other rule's (a key not
held, the owner account, another person's draft, a restricted record), goes through
`Session.refuse`: the one path that writes the flagged audit entry and makes the error.
Closing a session drops its keys: the connection closes and key bytearrays are
overwritten.

The database, its connection, the audit chain and the keys are core's: nothing outside
`app/core` touches `conn`, `db`, `audit`, `transaction`, `record`, `require` or `key`
(tests/core/test_layering.py). Views and commands call core functions instead.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.core import audit_heads, clock, messages, read_only
from app.core.audit import AuditChain, AuditEntry, AuditHead
from app.core.database import Connection, DatabaseError, VaultDatabase
from app.core.errors import EnrolmentRequired, MedVaultError, PermissionDenied
from app.core.messages import Message
from app.core.roles import Operation, Role, is_allowed
from app.core.signing import SigningKey, UserIdentity
from app.core.vault_access import VaultAccess


@dataclass(frozen=True)
class SessionUser:
    user_id: str
    name: str
    full_name: str
    role: Role


class SessionClosed(MedVaultError):
    def __init__(self) -> None:
        super().__init__("The vault is locked. Unlock it to continue.")


def zero(buffer: bytearray) -> None:
    """Overwrite key material we own. Python may still hold copies elsewhere; this is the
    part we can reach."""
    for i in range(len(buffer)):
        buffer[i] = 0


class Session:
    def __init__(self, vault: VaultAccess, user: SessionUser, identity: str,
                 db: VaultDatabase, audit_key: bytearray, keys: dict[str, bytearray],
                 pending_enrolment: set[str], signer: SigningKey | None = None,
                 read_only: bool = False) -> None:
        self.vault = vault
        self.user = user
        self._identity: str | None = identity
        self._db: VaultDatabase | None = db
        self._audit_key = audit_key
        self._audit = AuditChain(db.conn, bytes(audit_key))
        self._keys = keys
        self.pending_enrolment = pending_enrolment
        self.emergency_until: datetime | None = None
        #: What the user must be told now that they signed in (notices.py).
        self.notices: list[Message] = []
        self._on_close: list[Callable[[], None]] = []
        # Refusals recorded inside a transaction that has not committed yet: if it rolls
        # back, they are written again on their own (a refusal is never rolled away).
        self._refusals: list[dict[str, Any]] = []
        self._signer = signer
        #: Opened from a folder that cannot be written (read_only.py): only checks are
        #: possible, and `not_recorded` lists the audit entries that could not be written.
        self.read_only = read_only
        self.not_recorded: list[str] = []

    # -- state -----------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._db is not None

    @property
    def db(self) -> VaultDatabase:
        if self._db is None:
            raise SessionClosed()
        return self._db

    @property
    def conn(self) -> Connection:
        return self.db.conn

    @property
    def audit(self) -> AuditChain:
        self.db  # noqa: B018 - raises when closed
        return self._audit

    @property
    def identity(self) -> str:
        if self._identity is None:
            raise SessionClosed()
        return self._identity

    def signing_key(self) -> SigningKey:
        """The acting user's Ed25519 key, for signing audit heads, contact cards and
        packages. Every signed-in user has one (sign-in creates it for older slots)."""
        if self._db is None or self._signer is None:
            raise SessionClosed()
        return self._signer

    def adopt_signing_key(self, signer: SigningKey) -> None:
        """Sign-in made this user's first signing key after the session opened."""
        self._signer = signer

    def user_identity(self) -> UserIdentity:
        """The acting user's public identity: age recipient, signing key, fingerprint."""
        public = self.vault.file.user_by_id(self.user.user_id)
        signer = self.signing_key()
        if public is None:
            raise SessionClosed()
        return UserIdentity(public.user_id, public.name, public.recipient, signer.public)

    def key(self, compartment: str) -> bytes:
        if self._db is None:
            raise SessionClosed()
        return bytes(self._keys[compartment])

    def holds(self, compartment: str) -> bool:
        return self._db is not None and compartment in self._keys

    def audit_key(self) -> bytes:
        """The audit chain's MAC key, for an incident package whose recipient recomputes
        the chain (`incident.py`). Whoever holds the registry key can read it anyway."""
        if self._db is None:
            raise SessionClosed()
        return bytes(self._audit_key)

    def replace_key(self, compartment: str, new_key: bytearray) -> None:
        old = self._keys.get(compartment)
        self._keys[compartment] = new_key
        if old is not None:
            zero(old)

    # -- permission and audit ----------------------------------------------------------
    def emergency_active(self) -> bool:
        return self.emergency_until is not None and clock.now() < self.emergency_until

    def allowed(self, operation: Operation) -> bool:
        if self.user.role is Role.EMERGENCY and not self.emergency_active():
            # The emergency account is inert until activated with a reason.
            return operation in (Operation.POLICY_VIEW, Operation.EMERGENCY_ACTIVATE)
        return is_allowed(self.user.role, operation)

    def require(self, operation: Operation, *, patient_id: str | None = None,
                target: str | None = None, message: Message | None = None) -> None:
        """Pass, or refuse (audited) when the role may not do `operation`. `message`
        replaces the generic refusal where the caller can say more helpfully why."""
        if self.pending_enrolment:
            raise EnrolmentRequired(_enrolment_message(self.pending_enrolment))
        if self.read_only and operation not in read_only.READ_ONLY_OPERATIONS:
            raise read_only.refused(operation.value)
        if self.allowed(operation):
            return
        if message is None and self.user.role is Role.EMERGENCY:
            message = messages.message("perm.emergency_inactive")
        if message is None:
            message = messages.message("perm.role_denied",
                                       role=messages.word("role", self.user.role.value),
                                       operation=operation.value)
        raise self.refuse(operation, message, patient_id=patient_id, target=target)

    def refuse(self, operation: Operation, message: Message, *, why: str | None = None,
               patient_id: str | None = None, target: str | None = None,
               action: str = "permission.denied",
               detail: dict[str, Any] | None = None) -> PermissionDenied:
        """Record a refusal and return the error to raise: the one path every refusal in
        core takes, so none goes unaudited. The entry is always flagged for review.

        `why` names a refusal other than the permission matrix's (``no_key``,
        ``owner_account``, ``not_author``, ``role_edited_offline``, ...); the matrix's own
        refusals carry the operation alone. `action` is ``restricted.denied`` for a
        restricted record refused without a break-glass grant."""
        details: dict[str, Any] = {"operation": operation.value}
        if why is not None:
            details["why"] = why
        details.update(detail or {})
        entry = {"action": action, "patient_id": patient_id, "target": target,
                 "detail": details}
        self.record(action, patient_id=patient_id, target=target, detail=details,
                    flagged=True)
        if self.db.in_transaction:
            self._refusals.append(entry)
        return PermissionDenied.saying(message)

    def record(self, action: str, *, patient_id: str | None = None, target: str | None = None,
               reason: str | None = None, flagged: bool = False,
               detail: dict[str, Any] | None = None) -> AuditEntry:
        """Append an audit entry; joins an open transaction or commits on its own.

        A read-only session cannot write one: the few actions it may perform go into
        `not_recorded` (so the user is told), anything else is refused."""
        if self.read_only:
            self.db  # noqa: B018 - raises when closed
            if action not in read_only.UNRECORDED_ACTIONS:
                raise read_only.refused(action)
            self.not_recorded.append(action)
            return AuditEntry(0, clock.now().isoformat(timespec="milliseconds"),
                              self.user.user_id, self.user.name, self.user.role.value,
                              action, patient_id, target, reason, flagged,
                              json.dumps(detail or {}), b"")
        with self.db.transaction():
            return self._audit.append(
                actor_id=self.user.user_id, actor=self.user.name, role=self.user.role.value,
                action=action, patient_id=patient_id, target=target, reason=reason,
                flagged=flagged or self.emergency_active(), detail=detail)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        outermost = not self.db.in_transaction
        try:
            with self.db.transaction() as conn:
                yield conn
        except BaseException:
            if outermost:
                self._rerecord_refusals()
            raise
        finally:
            if outermost:
                self._refusals.clear()

    def _rerecord_refusals(self) -> None:
        """The transaction a refusal was recorded in rolled back: write it on its own."""
        pending, self._refusals = self._refusals, []
        for entry in pending:
            with contextlib.suppress(DatabaseError, SessionClosed):
                self.record(entry["action"], patient_id=entry["patient_id"],
                            target=entry["target"], detail=entry["detail"], flagged=True)

    def integrity_alerts(self) -> list[str]:
        """Tampering findings the owner must be told about at sign-in (an audit head the
        log no longer extends). Shown to the owner only; `audit_heads.acknowledge_alerts`
        marks them seen."""
        if self.user.role is not Role.OWNER:
            return []
        return audit_heads.integrity_alerts(self.vault.file)

    def audit_head(self) -> AuditHead | None:
        return self.audit.head()

    # -- lifetime --------------------------------------------------------------------
    def on_close(self, callback: Callable[[], None]) -> None:
        self._on_close.append(callback)

    def close(self, reason: str = "lock") -> None:
        """Audit and seal the session, move the head in vault.json forward (after checking
        the log still extends it), then drop every key."""
        if self._db is None:
            return
        try:
            if self.read_only:
                self.not_recorded.append(f"session.{reason}")
                return  # nothing can be written; the keys are still dropped below
            sealed = self._signer is not None
            with self.db.transaction():
                closing = self.record(f"session.{reason}", detail={"sealed": sealed})
                if sealed:
                    # Signed with this user's own key: someone else holding the registry
                    # key can recompute MACs but cannot re-sign this.
                    self._audit.append(
                        actor_id=self.user.user_id, actor=self.user.name,
                        role=self.user.role.value, action=audit_heads.SEAL_ACTION,
                        detail=audit_heads.seal_detail(self, closing))
            audit_heads.advance_saved_head(self)
        except DatabaseError:
            pass  # a damaged file cannot take the entry; the keys must still be dropped
        finally:
            for callback in self._on_close:
                with contextlib.suppress(Exception):
                    callback()
            self._db.close()
            self.vault.attach_database(None)
            self._db = None
            self._identity = None
            self._signer = None
            for key in self._keys.values():
                zero(key)
            self._keys.clear()
            zero(self._audit_key)


def _enrolment_message(pending: set[str]) -> str:
    parts = []
    if "password" in pending:
        parts.append("choose your own password in place of the temporary one "
                     "(medvault password change)")
    if "totp" in pending:
        parts.append("set up an authenticator app (medvault totp enrol)")
    if "workstation" in pending:
        parts.append("enrol this workstation (medvault workstation enrol)")
    # A temporary password is the account's own rule; factors are the policy's.
    lead = ("You must first " if "password" in pending
            else "The machine policy requires you to ")
    return (lead + " and ".join(parts)
            + " before you can use the vault.")
