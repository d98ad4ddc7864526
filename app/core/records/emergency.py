"""The emergency account and the owner's review queue.

The emergency account (role `emergency`) can do nothing until someone activates it with a
reason; activation lasts a limited time, flags every audit entry made meanwhile, and adds
a row to the review queue. The queue also holds every restricted-record grant, so the owner
reviews all break-glass use in one place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.core import emergency_rearm
from app.core.errors import UsageError
from app.core.messages import message
from app.core.records import clock
from app.core.records.breakglass import (
    AccessGrant,
    check_minutes,
    check_reason,
    grant_by_id,
    grants,
    insert_grant,
)
from app.core.records.guard import RecordNotFound
from app.core.roles import Operation, Role, is_allowed
from app.core.session import Session


def activate_emergency(session: Session, reason: str, minutes: float = 60) -> AccessGrant:
    # Its own operation, which the inactive emergency account has (Session.allowed).
    session.require(Operation.EMERGENCY_ACTIVATE,
                    message=message("perm.emergency_activate_only"))
    reason, minutes = check_reason(reason), check_minutes(session, minutes)
    # After an activation the account's secrets count as spent (emergency_rearm.py).
    emergency_rearm.check_armed(session)
    with session.transaction():
        grant = insert_grant(session.conn, kind="emergency", user_id=session.user.user_id,
                             user_name=session.user.name, patient_id=None, entry_id=None,
                             reason=reason, minutes=minutes)
        session.record("emergency.activate", reason=reason, flagged=True,
                       detail={"grant": grant.id, "minutes": minutes})
        emergency_rearm.note_activation(session, grant.granted_at)
    # Only after the commit: an activation that was not recorded must not take effect.
    session.emergency_until = datetime.fromisoformat(grant.expires_at)
    return grant


def review_queue(session: Session, *, include_reviewed: bool = False) -> list[AccessGrant]:
    """Break-glass grants and emergency activations, oldest first."""
    session.require(Operation.EMERGENCY_REVIEW)
    with session.transaction() as conn:
        found = grants(conn, unreviewed_only=not include_reviewed)
        session.record("emergency.queue", detail={"results": len(found)})
    return found


def other_reviewers(session: Session, grant: AccessGrant) -> list[str]:
    """Names of active users, other than the one who used the grant, who may review it:
    the review role and the clinical key."""
    holders = set(session.vault.file.holders("clinical"))
    names = []
    for user_id, name, role, status in session.conn.execute(
            "SELECT id, name, role, status FROM users"):
        try:
            may_review = is_allowed(Role(role), Operation.EMERGENCY_REVIEW)
        except ValueError:
            may_review = False
        if (user_id != grant.user_id and user_id in holders and status == "active"
                and may_review):
            names.append(str(name))
    return names


def grant_activity(session: Session, grant: AccessGrant) -> list[dict[str, Any]]:
    """What the grant's user opened and changed while it was in force: the audit entries
    of that user between its start and its expiry (ids and actions, no clinical text)."""
    session.require(Operation.EMERGENCY_REVIEW, target=grant.id)
    found = [e for e in session.audit.entries(actor_id=grant.user_id,
                                              since=grant.granted_at,
                                              until=grant.expires_at)
             if e.patient_id is not None and e.action != "restricted.open"
             and (grant.patient_id is None or e.patient_id == grant.patient_id)]
    session.record("emergency.activity", patient_id=grant.patient_id, target=grant.id,
                   detail={"entries": len(found)})
    return [{"seq": e.seq, "ts": e.ts, "action": e.action, "patient_id": e.patient_id,
             "target": e.target, "changed": is_change(e.action)}
            for e in found]


# The last part of an audit action that changes a record (the rest read it).
_CHANGES = frozenset({"create", "update", "sign", "amend", "restrict", "erase", "withdraw",
                      "move", "status", "save", "discard", "error", "acknowledged", "merge",
                      "merged", "undo", "undone"})


def is_change(action: str) -> bool:
    """Whether an audit action changed a record (rather than read it)."""
    return action.rsplit(".", 1)[-1] in _CHANGES


def mark_reviewed(session: Session, grant_id: str, note: str) -> AccessGrant:
    session.require(Operation.EMERGENCY_REVIEW, target=grant_id)
    grant = grant_by_id(session.conn, grant_id)
    if grant is None:
        raise RecordNotFound(f"There is no break-glass grant with id {grant_id!r}.")
    if grant.reviewed:
        raise UsageError(f"This access was already reviewed by {grant.reviewed_by} at "
                         f"{grant.reviewed_at}.")
    others = other_reviewers(session, grant)
    if grant.user_id == session.user.user_id and others:
        # Reviewing one's own break-glass use would make the review meaningless. Only a
        # vault with no one else who may review (a personal vault) reviews its own.
        raise session.refuse(Operation.EMERGENCY_REVIEW, message(
            "review.own_emergency", others=", ".join(sorted(others)[:3])),
            why="self_review", patient_id=grant.patient_id, target=grant_id)
    if not session.holds("clinical"):
        raise session.refuse(Operation.EMERGENCY_REVIEW,
                             message("review.emergency_needs_key"),
            why="no_key", patient_id=grant.patient_id, target=grant_id)
    note = " ".join(note.split())
    if len(note) > 2000:
        raise UsageError("Keep the review note under 2000 characters.")
    now = clock.now_iso()
    with session.transaction() as conn:
        conn.execute("UPDATE access_grants SET reviewed_by = ?, reviewed_at = ?, "
                     "review_note = ? WHERE id = ?",
                     (session.user.name, now, note or None, grant_id))
        # The review note stays in the queue's table; the log names the grant only.
        session.record("emergency.reviewed", patient_id=grant.patient_id, target=grant_id,
                       detail={"grant": grant_id,
                               "self_review": grant.user_id == session.user.user_id})
    reviewed = grant_by_id(session.conn, grant_id)
    assert reviewed is not None
    return reviewed
