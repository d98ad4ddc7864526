"""Managing the people who sign in: add, list, disable, change roles, reset and change
passwords."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from app.core import emergency_rearm, intents, temporary_passwords
from app.core.audit import utc_now
from app.core.errors import PolicyViolation, UsageError, WrongCredentials
from app.core.grants import request_or_seal
from app.core.ids import new_id
from app.core.keyslots import SlotSecrets
from app.core.messages import message, word
from app.core.notices import note_password_reset
from app.core.passwords import normalise_password
from app.core.roles import ASSIGNABLE_ROLES, Operation, Role, may_hold, may_reset
from app.core.sealing import new_identity
from app.core.session import Session
from app.core.signing import SigningKey
from app.core.slot_rules import enforce_password
from app.core.temporary_passwords import PENDING as TEMPORARY_PENDING
from app.core.temporary_passwords import clear_temporary, temporary_until
from app.core.usernames import check_new_user_name
from app.core.vault_file import COMPARTMENTS, VaultUser


@dataclass(frozen=True)
class UserInfo:
    user_id: str
    name: str
    full_name: str
    role: str
    status: str
    created: str
    totp: bool
    compartments: tuple[str, ...]
    pending_grants: tuple[str, ...]
    email: str = ""
    # Set while the account still has the temporary password of an import (its expiry).
    temporary_password_until: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.user_id, "name": self.name, "full_name": self.full_name,
            "role": self.role, "status": self.status, "created": self.created,
            "totp": self.totp, "compartments": list(self.compartments),
            "pending_grants": list(self.pending_grants), "email": self.email,
            "must_change_password": self.temporary_password_until is not None,
            "temporary_password_until": self.temporary_password_until,
        }


def list_users(session: Session) -> list[UserInfo]:
    session.require(Operation.USER_LIST)
    result = sorted(_all(session), key=lambda u: u.name.casefold())
    session.record("user.list")
    return result


def gains_accounts(kind: str) -> bool:
    """A practice vault gains accounts; a personal vault has one user, its owner (family
    members are added as patients)."""
    return kind != "personal"


@dataclass(frozen=True)
class AccountRights:
    """What the acting user may do to accounts in this vault (the users page asks)."""

    gains_accounts: bool
    may_add: bool
    may_disable: bool
    may_reset_password: bool
    may_change_role: bool


def account_rights(session: Session) -> AccountRights:
    more = gains_accounts(session.vault.file.kind)
    return AccountRights(
        gains_accounts=more,
        may_add=more and session.allowed(Operation.USER_ADD),
        may_disable=more and session.allowed(Operation.USER_DISABLE),
        may_reset_password=more and session.allowed(Operation.USER_RESET_PASSWORD),
        may_change_role=more and session.allowed(Operation.USER_CHANGE_ROLE))


def add_user(session: Session, *, name: str, role: Role, password: str,
             full_name: str = "") -> UserInfo:
    session.require(Operation.USER_ADD, target=name)
    vault = session.vault
    if not gains_accounts(vault.file.kind):
        raise UsageError.coded("users.personal_single_owner")
    if role not in ASSIGNABLE_ROLES:
        raise UsageError.coded("users.role_not_given", role=word("role", role.value))
    name = check_new_user_name(name, [u.name for u in vault.file.users])
    enforce_password(password, vault.policy, name, vault.file.name)
    user_id = new_id()
    identity, recipient = new_identity()
    signer = SigningKey.generate()
    with session.transaction() as conn:
        conn.execute(
            "INSERT INTO users(id, name, full_name, role, status, created) "
            "VALUES (?,?,?,?, 'active', ?)", (user_id, name, full_name, role.value, utc_now()))
        user = VaultUser(user_id, name, recipient, signing_key=signer.public)
        vault.file.users.append(user)
        vault.write_password_slot(
            user_id, password,
            SlotSecrets(identity=identity, signing_key=signer.private_hex), workstation=False)
        granted = [c for c in vault.file.compartments if may_hold(role, c)]
        outcome = {c: request_or_seal(session, user, c) for c in granted}
        session.record("user.add", target=user_id,
                       detail={"name": name, "role": role.value, "keys": outcome})
    vault.save()
    return next(u for u in _all(session) if u.user_id == user_id)


def _all(session: Session) -> list[UserInfo]:
    # Internal re-read for return values; the public listing is audited separately.
    vf = session.vault.file
    out = []
    for row in session.conn.execute(
            "SELECT id, name, full_name, role, status, created, email, "
            "temporary_password_until FROM users").fetchall():
        public = vf.user_by_id(row[0])
        out.append(UserInfo(row[0], row[1], row[2], row[3], row[4], row[5],
                            bool(public and public.totp),
                            tuple(c for c in COMPARTMENTS if row[0] in vf.holders(c)),
                            tuple(g.compartment for g in vf.grants if g.user_id == row[0]),
                            email=row[6], temporary_password_until=row[7]))
    return out


def _target(session: Session, name: str) -> VaultUser:
    user = session.vault.file.user_by_name(name)
    if user is None:
        raise UsageError(f"There is no user called {name!r}. `medvault user list` shows them.")
    return user


def disable_user(session: Session, name: str) -> list[str]:
    """Disable a user: remove their slots, sealed keys and grants.

    Returns the compartments whose key they held, which the caller should offer to rotate:
    a removed holder may have kept a copy of the key.
    """
    session.require(Operation.USER_DISABLE, target=name)
    user = _target(session, name)
    role = _role_of(session, user.user_id)
    if role is Role.OWNER:
        raise session.refuse(Operation.USER_DISABLE, message("users.owner_not_disabled"),
                             why="owner_account", target=user.user_id)
    if user.user_id == session.user.user_id:
        raise UsageError.coded("users.not_self_disable")
    vf = session.vault.file
    held = [c for c in vf.compartments if user.user_id in vf.holders(c)]
    with session.transaction() as conn:
        conn.execute("UPDATE users SET status = 'disabled' WHERE id = ?", (user.user_id,))
        user.status = "disabled"
        vf.slots = [s for s in vf.slots if s.user_id != user.user_id]
        vf.sealed = [s for s in vf.sealed if s.user_id != user.user_id]
        vf.grants = [g for g in vf.grants if g.user_id != user.user_id]
        intent = intents.begin(session.vault, session, "user.disable", target=user.user_id,
                               detail={"held": held})
        session.vault.save()
        intents.complete(session, intent)
    # No keychain item (the common case) or no keychain at all are both fine here.
    with contextlib.suppress(Exception):
        session.vault.workstation.delete(vf.vault_id, user.user_id)
    return held


@dataclass(frozen=True)
class RoleChange:
    name: str
    old_role: str
    new_role: str
    # Keys the new role may not hold, which they held: taken away now; offer to rotate.
    revoked: tuple[str, ...]
    # Keys the new role may hold and the old did not: waiting for a holder's approval.
    pending: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "from": self.old_role, "to": self.new_role,
                "revoked": list(self.revoked), "pending": list(self.pending)}


def roles_assignable_to(session: Session, name: str) -> tuple[Role, ...]:
    """The roles the acting user may give this account now (the GUI offers these; the
    same rules refuse anything else in `change_role`). Empty when none may be given."""
    user = session.vault.file.user_by_name(name)
    if (user is None or user.status != "active" or user.user_id == session.user.user_id
            or not session.allowed(Operation.USER_CHANGE_ROLE)):
        return ()
    current = _role_of(session, user.user_id)
    if current in _FIXED_ROLES or not may_reset(session.user.role, current):
        return ()
    return tuple(r for r in ASSIGNABLE_ROLES
                 if r not in _FIXED_ROLES and r is not current
                 and may_reset(session.user.role, r))


# The owner (one per vault, holder of the recovery key), the emergency account (a
# sealed break-glass secret whose password opens the clinical key) and the backup account
# (a scheduled job's credential, exempt from TOTP) are accounts of their own kind: nobody
# is moved into or out of them (a person's account made a backup one would shed TOTP).
_FIXED_ROLES = frozenset({Role.OWNER, Role.EMERGENCY, Role.BACKUP})


def change_role(session: Session, name: str, new_role: Role) -> RoleChange:
    """Give an account another role. Keys follow the role (least privilege): a key the new
    role may not hold is taken away at once, its sealed copy and any pending grant with
    it, and the caller should offer to rotate it (they may have kept a copy); a key the
    new role newly may hold waits as a pending grant for a holder's approval, as for a new
    account. Only a role above both the old and the new role may do it (`RESETTABLE_BY`),
    never on one's own account; the owner is never demoted. Audited, flagged."""
    session.require(Operation.USER_CHANGE_ROLE, target=name)
    user = _target(session, name)
    old_role = _role_of(session, user.user_id)
    if old_role is Role.OWNER:
        raise session.refuse(
            Operation.USER_CHANGE_ROLE,
            message("users.owner_role_fixed"), why="owner_account", target=user.user_id)
    if user.user_id == session.user.user_id:
        raise session.refuse(Operation.USER_CHANGE_ROLE,
                             message("users.not_own_role"), why="own_account", target=user.user_id)
    if new_role is Role.OWNER:
        raise UsageError.coded("users.one_owner")
    if Role.EMERGENCY in (old_role, new_role):
        raise UsageError.coded("users.emergency_role_fixed")
    if Role.BACKUP in (old_role, new_role):
        raise UsageError.coded("users.backup_role_fixed")
    if not (may_reset(session.user.role, old_role) and may_reset(session.user.role, new_role)):
        raise session.refuse(
            Operation.USER_CHANGE_ROLE,
            message("users.role_not_above", actor=word("role", session.user.role.value),
                    old=word("role", old_role.value), new=word("role", new_role.value)),
            why="role_not_above", target=user.user_id,
            detail={"from": old_role.value, "to": new_role.value})
    if user.status != "active":
        raise UsageError.coded("users.disabled", name=name)
    if new_role is old_role:
        raise UsageError.coded("users.has_role", name=name, role=word("role", new_role.value))
    vf = session.vault.file
    lost = [c for c in vf.compartments if may_hold(old_role, c) and not may_hold(new_role, c)]
    revoked = tuple(c for c in lost if user.user_id in vf.holders(c))
    with session.transaction() as conn:
        conn.execute("UPDATE users SET role = ? WHERE id = ?", (new_role.value, user.user_id))
        vf.sealed = [s for s in vf.sealed
                     if not (s.user_id == user.user_id and s.compartment in lost)]
        vf.grants = [g for g in vf.grants
                     if not (g.user_id == user.user_id and g.compartment in lost)]
        gained = {c: request_or_seal(session, user, c) for c in vf.compartments
                  if may_hold(new_role, c) and not may_hold(old_role, c)}
        pending = tuple(c for c, outcome in gained.items() if outcome == "pending")
        intent = intents.begin(session.vault, session, "user.role_change",
                               target=user.user_id,
                               detail={"from": old_role.value, "to": new_role.value,
                                       "revoked": list(revoked), "pending": list(pending)})
        session.vault.save()
        intents.complete(session, intent, flagged=True)
    return RoleChange(user.name, old_role.value, new_role.value, revoked, pending)


def _role_of(session: Session, user_id: str) -> Role:
    row = session.conn.execute("SELECT role FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        raise UsageError("That user is not in the registry.")
    return Role(row[0])


def reset_password(session: Session, name: str, new_password: str) -> str | None:
    """For a user who forgot their password. Their old keypair is unrecoverable, so they
    get a new one: the registry key is resealed now, other keys go back to pending grants.

    The person who reset it knows the new password, so a person's account gets it as a
    temporary one (temporary_passwords.py): usable until the returned deadline, and only
    to choose their own. The emergency and backup accounts keep theirs (None)."""
    session.require(Operation.USER_RESET_PASSWORD, target=name)
    user = _target(session, name)
    role = _role_of(session, user.user_id)
    if not may_reset(session.user.role, role):
        # Separation of duties (roles.RESETTABLE_BY): only a role above the target's.
        if role is Role.OWNER:
            raise session.refuse(Operation.USER_RESET_PASSWORD,
                                 message("users.owner_reset_by_recovery"),
                                 why="owner_account", target=user.user_id)
        raise session.refuse(
            Operation.USER_RESET_PASSWORD,
            message("users.reset_not_above", actor=word("role", session.user.role.value),
                    role=word("role", role.value)),
            why="role_not_above", target=user.user_id, detail={"target_role": role.value})
    if user.status != "active":
        raise UsageError.coded("users.disabled", name=name)
    vault = session.vault
    enforce_password(new_password, vault.policy, name, vault.file.name)
    identity, recipient = new_identity()
    signer = SigningKey.generate()
    vf = vault.file
    until = temporary_passwords.deadline() if temporary_passwords.is_personal(role) else None
    with session.transaction():
        # The deadline rides in the intent: a crash between vault.json and the registry
        # still leaves the new password temporary (intents.reconcile applies it).
        intent = intents.begin(vault, session, "user.reset_password", target=user.user_id,
                               detail={"temporary_until": until} if until else None)
        user.recipient = recipient
        user.totp = False
        # Their old signing key went with the old slot; the old public key stays so what
        # they signed before can still be checked.
        user.replace_signing_key(signer.public)
        vf.sealed = [s for s in vf.sealed if s.user_id != user.user_id]
        vault.write_password_slot(
            user.user_id, new_password,
            SlotSecrets(identity=identity, signing_key=signer.private_hex), workstation=False)
        outcome = {c: request_or_seal(session, user, c)
                   for c in vf.compartments if may_hold(role, c)}
        intent.detail.update({"keys": outcome, "target_role": role.value})
        # Flagged, and told to the user at their next sign-in (notices.py).
        note_password_reset(session.conn, user.user_id, session.user.name,
                            session.user.role.value)
        emergency_rearm.note_password_reset(session, user.user_id)
        if until is not None:
            temporary_passwords.mark_temporary(session.conn, user.user_id, until)
        else:
            temporary_passwords.clear_temporary(session.conn, user.user_id)
        vault.save()
        intents.complete(session, intent, flagged=True)
    return until


def change_own_password(session: Session, old_password: str, new_password: str) -> None:
    vault = session.vault
    user = vault.file.user_by_id(session.user.user_id)
    assert user is not None
    try:
        contents, _slot = vault.open_password_slot(user, old_password)
    except WrongCredentials:
        session.record("password.change.failed", target=user.user_id, flagged=True)
        raise
    enforce_password(new_password, vault.policy, user.name, vault.file.name)
    temporary = temporary_until(session.conn, user.user_id) is not None
    if temporary and normalise_password(new_password) == normalise_password(old_password):
        raise PolicyViolation("Choose a password of your own: the temporary password was "
                              "seen by whoever set up your account.")
    intent = intents.begin(vault, session, "password.change", target=user.user_id,
                           detail={"was_temporary": True} if temporary else None)
    vault.write_password_slot(user.user_id, new_password, contents)
    # The slot is rewritten first: a crash in between only asks for a new password again.
    with session.transaction() as conn:
        clear_temporary(conn, user.user_id)
        intents.complete(session, intent)
    session.pending_enrolment.discard(TEMPORARY_PENDING)


def reopen_own_slot(session: Session, password: str) -> SlotSecrets:
    """Re-check the password right before a sensitive change (Electrum's @protected)."""
    user = session.vault.file.user_by_id(session.user.user_id)
    assert user is not None
    contents, _slot = session.vault.open_password_slot(user, password)
    return contents
