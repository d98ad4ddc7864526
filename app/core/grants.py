"""Granting compartment keys: sealing them to a user's public recipient.

An admin can add a clinician but never holds the clinical key, so the clinician's access
waits as a pending grant until a clinical holder approves it. No role outside
`COMPARTMENTS_BY_ROLE` can be granted a key, whoever asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core import intents
from app.core.audit import utc_now
from app.core.errors import UsageError
from app.core.messages import message, word
from app.core.roles import Operation, Role, may_hold
from app.core.sealing import seal
from app.core.session import Session
from app.core.vault_file import PendingGrant, SealedKey, VaultUser


@dataclass(frozen=True)
class GrantInfo:
    user_id: str
    name: str
    compartment: str
    requested_by: str
    requested_at: str

    def to_json(self) -> dict[str, str]:
        return {"user_id": self.user_id, "name": self.name, "compartment": self.compartment,
                "requested_by": self.requested_by, "requested_at": self.requested_at}


def _seal_current(session: Session, user: VaultUser, compartment: str) -> None:
    vf = session.vault.file
    version = vf.compartments[compartment].key_version
    vf.sealed.append(SealedKey(user.user_id, compartment, version,
                               seal(session.key(compartment), user.recipient)))


def request_or_seal(session: Session, user: VaultUser, compartment: str) -> str:
    """Registry keys are sealed at once by whoever adds the user (they hold it). Clinical
    keys always wait for a holder's explicit approval. Caller saves vault.json."""
    if compartment == "registry" and session.holds("registry"):
        _seal_current(session, user, compartment)
        return "sealed"
    vf = session.vault.file
    if not any(g.user_id == user.user_id and g.compartment == compartment for g in vf.grants):
        vf.grants.append(PendingGrant(user.user_id, compartment, session.user.user_id,
                                      utc_now()))
    return "pending"


def list_grants(session: Session) -> list[GrantInfo]:
    session.require(Operation.GRANT_LIST)
    vf = session.vault.file
    out = []
    for g in vf.grants:
        user = vf.user_by_id(g.user_id)
        requester = vf.user_by_id(g.requested_by)
        out.append(GrantInfo(g.user_id, user.name if user else "?", g.compartment,
                             requester.name if requester else "?", g.requested_at))
    # Who waits for which key is read like the user list, and audited like it.
    session.record("grant.list", detail={"results": len(out)})
    return out


def _pending(session: Session, name: str, compartment: str) -> tuple[VaultUser, PendingGrant]:
    vf = session.vault.file
    user = vf.user_by_name(name)
    grant = next((g for g in vf.grants
                  if user and g.user_id == user.user_id and g.compartment == compartment), None)
    if user is None or grant is None:
        raise UsageError(f"No pending {compartment} grant for {name!r}. "
                         "`medvault grant list` shows the pending ones.")
    return user, grant


def approve_grant(session: Session, name: str, compartment: str = "clinical") -> None:
    session.require(Operation.GRANT_APPROVE, target=name)
    vf = session.vault.file
    user, grant = _pending(session, name, compartment)
    if not session.holds(compartment):
        raise session.refuse(
            Operation.GRANT_APPROVE,
            message("grants.no_key", compartment=word("compartment", compartment)),
            why="no_key", target=user.user_id, detail={"compartment": compartment})
    row = session.conn.execute("SELECT role, status FROM users WHERE id = ?",
                               (user.user_id,)).fetchone()
    if row is None or row[1] != "active" or user.status != "active":
        raise UsageError(f"{name} is not an active user.")
    if not may_hold(Role(row[0]), compartment):
        # A user whose role may not hold this key cannot have a pending grant for it
        # (add_user never asks for one): the role in the registry was changed outside
        # MedVault, by someone with the files and the registry key. Refuse, and flag it
        # as that, for the owner's review.
        raise session.refuse(
            Operation.GRANT_APPROVE,
            message("grants.role_never_holds", role=word("role", row[0]),
                    compartment=word("compartment", compartment)),
            why="role_edited_offline", target=user.user_id,
            detail={"compartment": compartment, "role": row[0]})
    with session.transaction():
        intent = intents.begin(session.vault, session, "grant.approve", target=user.user_id,
                               detail={"compartment": compartment})
        _seal_current(session, user, compartment)
        vf.grants.remove(grant)
        session.vault.save()
        intents.complete(session, intent)


def reject_grant(session: Session, name: str, compartment: str = "clinical") -> None:
    """Turn down a pending grant: the key is never sealed to them. Their account stays as
    it is; giving them the key later means a new request (a role change or a password
    reset makes one). Audited, through an intent, like an approval."""
    session.require(Operation.GRANT_REJECT, target=name)
    vf = session.vault.file
    user, grant = _pending(session, name, compartment)
    with session.transaction():
        intent = intents.begin(session.vault, session, "grant.reject", target=user.user_id,
                               detail={"compartment": compartment})
        vf.grants.remove(grant)
        session.vault.save()
        intents.complete(session, intent)


def may_approve_now(session: Session, compartment: str = "clinical") -> bool:
    """Whether the acting user could approve a grant of `compartment` right away (the
    matrix allows it and they hold the key): the add-user dialog then offers to."""
    return session.allowed(Operation.GRANT_APPROVE) and session.holds(compartment)
