"""Break-glass grants: time-limited, reasoned access to restricted records.

One table serves two uses. A *restricted* grant lets one user open one restricted patient
(or one restricted entry) until it expires; an *emergency* grant records an activation of
the emergency account. Both are flagged in the audit log and wait, unreviewed, in the
owner's review queue (HIPAA 164.312(a)(2)(ii): emergency access with accountability).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.records import clock

if TYPE_CHECKING:
    from app.core.database import Connection
    from app.core.session import Session

GrantKind = Literal["restricted", "emergency"]
MAX_MINUTES = 12 * 60  # one long shift; anything longer should be a change of role
#: The durations a reason prompt offers, before the machine policy's cap is applied.
DURATIONS = (15, 30, 60, 120, 240, 480, 720)
_COLUMNS = ("id, kind, user_id, user_name, patient_id, entry_id, reason, granted_at, "
            "expires_at, reviewed_by, reviewed_at, review_note")


@dataclass(frozen=True)
class AccessGrant:
    id: str
    kind: str
    user_id: str
    user_name: str
    patient_id: str | None
    entry_id: str | None
    reason: str
    granted_at: str
    expires_at: str
    reviewed_by: str | None
    reviewed_at: str | None
    review_note: str | None

    @property
    def active(self) -> bool:
        return clock.now_iso() < self.expires_at

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "active": self.active}


@dataclass(frozen=True)
class AccessScope:
    """What a user's active restricted grants open for one patient, right now."""

    patient: bool
    entries: frozenset[str]
    grant_ids: tuple[str, ...]

    def covers(self, entry_id: str | None, *, entry_restricted: bool,
               patient_restricted: bool) -> bool:
        if patient_restricted and not self.patient:
            return False
        if entry_restricted and entry_id is not None:
            return self.patient or entry_id in self.entries
        return True


def check_reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if len(cleaned) < 4:
        raise UsageError("Give a reason of a few words; it is recorded for the owner's review.")
    if len(cleaned) > 500:
        raise UsageError("Keep the reason under 500 characters.")
    return cleaned


def longest_minutes(session: Session) -> int:
    """The longest break-glass access anyone may choose: the machine policy's
    `break_glass_max_minutes`, never above the built-in 12 hours."""
    return min(MAX_MINUTES, int(session.vault.policy.policy.break_glass_max_minutes))


def duration_choices(session: Session) -> tuple[int, ...]:
    """The durations a reason prompt offers: the usual ones up to the policy's cap, and
    the cap itself when it is not one of them (so the longest allowed can be chosen)."""
    cap = longest_minutes(session)
    offered = tuple(m for m in DURATIONS if m <= cap)
    return offered if cap in offered else (*offered, cap)


def check_minutes(session: Session, minutes: float) -> float:
    """The duration, or a UsageError naming the limit: a prompt only offers allowed ones,
    but a script or an old window may ask for more."""
    cap = longest_minutes(session)
    if not 1 <= minutes <= cap:
        why = (" (the machine policy's break_glass_max_minutes)" if cap < MAX_MINUTES
               else "")
        raise UsageError(f"Access lasts between 1 and {cap} minutes{why}; choose a shorter "
                         "time and ask again when it ends.")
    return float(minutes)


@dataclass(frozen=True)
class ActiveAccess:
    """Break-glass access the acting user has right now on a chart: the emergency
    account's activation, or a restricted grant on this patient. Shown as a banner with
    the time left."""

    kind: str  # "emergency" or "restricted"
    grant_id: str
    expires_at: str  # UTC ISO time
    reason: str

    def seconds_left(self) -> int:
        # Rounded up: a banner says "1 minute left" until the access has really ended.
        ends = datetime.fromisoformat(self.expires_at)
        return max(0, math.ceil((ends - clock.now()).total_seconds()))


def active_access(session: Session, patient_id: str | None) -> ActiveAccess | None:
    """The break-glass access in force for the acting user on `patient_id` (or, with None,
    anywhere): the one ending last. Reading one's own grants is not audited (they were
    audited when made); nothing clinical is read."""
    now = clock.now_iso()
    # An activation counts only in the session it was made in (Session.emergency_until):
    # signing in again leaves the emergency account inert.
    emergency = 1 if session.emergency_active() else 0
    rows = session.conn.execute(
        "SELECT id, kind, expires_at, reason FROM access_grants WHERE user_id = ? "
        "AND expires_at > ? AND ((kind = 'emergency' AND ?) OR (kind = 'restricted' "
        "AND patient_id = ? AND ? IS NOT NULL)) ORDER BY expires_at DESC, id",
        (session.user.user_id, now, emergency, patient_id, patient_id)).fetchall()
    if not rows:
        return None
    grant_id, kind, expires_at, reason = rows[0]
    return ActiveAccess(str(kind), str(grant_id), str(expires_at), str(reason))


def insert_grant(conn: Connection, *, kind: GrantKind, user_id: str, user_name: str,
                 patient_id: str | None, entry_id: str | None, reason: str,
                 minutes: float) -> AccessGrant:
    grant = AccessGrant(new_id(), kind, user_id, user_name, patient_id, entry_id,
                        reason, clock.now_iso(), clock.later_iso(minutes), None, None, None)
    conn.execute(f"INSERT INTO access_grants ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                 tuple(asdict(grant).values()))
    return grant


def grant_by_id(conn: Connection, grant_id: str) -> AccessGrant | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM access_grants WHERE id = ?",
                       (grant_id,)).fetchone()
    return AccessGrant(*row) if row else None


def grants(conn: Connection, *, unreviewed_only: bool) -> list[AccessGrant]:
    sql = f"SELECT {_COLUMNS} FROM access_grants"
    if unreviewed_only:
        sql += " WHERE reviewed_at IS NULL"
    return [AccessGrant(*row) for row in conn.execute(sql + " ORDER BY granted_at, id")]


def scope_for(conn: Connection, user_id: str, patient_id: str) -> AccessScope:
    rows = conn.execute(
        "SELECT id, entry_id FROM access_grants WHERE user_id = ? AND patient_id = ? "
        "AND kind = 'restricted' AND expires_at > ?",
        (user_id, patient_id, clock.now_iso())).fetchall()
    return AccessScope(patient=any(r[1] is None for r in rows),
                       entries=frozenset(r[1] for r in rows if r[1] is not None),
                       grant_ids=tuple(r[0] for r in rows))
