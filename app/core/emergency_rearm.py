"""After the emergency account is used, it is re-armed only once its secrets are renewed.

The emergency password unseals the clinical key: whoever has read it can open the notes
offline, without activation and without an audit entry. No key design can make a lone
offline password audited. So MedVault treats the account as a sealed break-glass secret:
once it is activated, the secret is considered spent, and the account stays unusable until
the owner has

1. rotated the clinical key (so a copy of the old key opens nothing new), and
2. reset the emergency account's password (so the paper in the safe is replaced).

The state is a row in the registry's `meta` table, written in the activation's
transaction. It records the clinical key version at activation; the rotation is done
once the current version is higher. The reset is marked by `users.reset_password`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.messages import Message, Moment, message
from app.core.roles import Operation
from app.core.session import Session

if TYPE_CHECKING:
    from app.core.database import Connection

_KEY = "emergency.rearm"


@dataclass(frozen=True)
class RearmState:
    user_id: str
    activated_at: str
    clinical_version: int
    password_reset: bool

    def to_json(self) -> dict[str, Any]:
        return {"user_id": self.user_id, "activated_at": self.activated_at,
                "clinical_version": self.clinical_version,
                "password_reset": self.password_reset}


def _load(conn: Connection) -> RearmState | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_KEY,)).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row[0])
        return RearmState(str(data["user_id"]), str(data["activated_at"]),
                          int(data["clinical_version"]), bool(data["password_reset"]))
    except (ValueError, TypeError, KeyError):
        # Unreadable state must not re-arm the account: treat everything as still to do.
        return RearmState("", "an unknown time", 1 << 30, False)


def _save(conn: Connection, state: RearmState) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                 (_KEY, json.dumps(state.to_json())))


def _clinical_version(session: Session) -> int:
    return session.vault.file.compartments["clinical"].key_version


def pending(session: Session) -> RearmState | None:
    """The unfinished clean-up after an activation, or None when the account is armed.

    Clears the state (and audits it) once both steps are done."""
    state = _load(session.conn)
    if state is None:
        return None
    rotated = _clinical_version(session) > state.clinical_version
    if rotated and state.password_reset:
        with session.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (_KEY,))
            session.record("emergency.rearmed", target=state.user_id)
        return None
    return state


def still_to_do(session: Session, state: RearmState) -> Message:
    """The clean-up left, as one phrase for a sentence."""
    steps = []
    if _clinical_version(session) <= state.clinical_version:
        steps.append(message("rearm.rotate"))
    if not state.password_reset:
        steps.append(message("rearm.new_password"))
    if len(steps) == 2:
        return message("rearm.both", first=steps[0], second=steps[1])
    # A pending state has a step left (pending() drops one with none); name both if not.
    return steps[0] if steps else message("rearm.both", first=message("rearm.rotate"),
                                                     second=message("rearm.new_password"))


def check_armed(session: Session) -> None:
    """Called before an activation: refuse while the last one is not cleaned up.

    Within a session whose activation is still in force, activating again only extends
    the same use (flagged and audited like the first); the secrets are spent already."""
    if session.emergency_active():
        return
    state = pending(session)
    if state is None:
        return
    raise session.refuse(
        Operation.EMERGENCY_ACTIVATE,
        message("perm.rearm_pending", at=Moment(state.activated_at),
                steps=still_to_do(session, state)),
        why="rearm_pending")


def note_activation(session: Session, activated_at: str) -> None:
    """Inside the activation's transaction."""
    _save(session.conn, RearmState(session.user.user_id, activated_at,
                                   _clinical_version(session), False))


def note_password_reset(session: Session, user_id: str) -> None:
    """Inside a password reset's transaction: the reset emergency password counts."""
    state = _load(session.conn)
    if state is not None and state.user_id == user_id and not state.password_reset:
        _save(session.conn, RearmState(state.user_id, state.activated_at,
                                       state.clinical_version, True))


def owner_notice(session: Session) -> Message | None:
    from app.core.roles import Role

    if session.user.role is not Role.OWNER:
        return None
    state = pending(session)
    if state is None:
        return None
    return message("notice.rearm_pending", at=Moment(state.activated_at),
                   steps=still_to_do(session, state))
