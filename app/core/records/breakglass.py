"""Break-glass grants: time-limited, reasoned access to restricted records.

One table serves two uses. A *restricted* grant lets one user open one restricted patient
(or one restricted entry) until it expires; an *emergency* grant records an activation of
the emergency account. Both are flagged in the audit log and wait, unreviewed, in the
owner's review queue (HIPAA 164.312(a)(2)(ii): emergency access with accountability).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from app.core.errors import UsageError
from app.core.records import clock

if TYPE_CHECKING:
    from app.core.database import Connection

GrantKind = Literal["restricted", "emergency"]
MAX_MINUTES = 12 * 60  # one long shift; anything longer should be a change of role
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


def check_minutes(minutes: float) -> float:
    if not 1 <= minutes <= MAX_MINUTES:
        raise UsageError(f"Access lasts between 1 and {MAX_MINUTES} minutes.")
    return float(minutes)


def insert_grant(conn: Connection, *, kind: GrantKind, user_id: str, user_name: str,
                 patient_id: str | None, entry_id: str | None, reason: str,
                 minutes: float) -> AccessGrant:
    grant = AccessGrant(uuid.uuid4().hex, kind, user_id, user_name, patient_id, entry_id,
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
