"""Entered in error: any clinical entry can be marked as recorded by mistake.

A mistaken entry is never deleted, nor silently changed: it stays in the record, with who
marked it, when and why, so the history shows what was believed and when it was withdrawn.
What changes is what it counts for. A marked entry leaves the active lists (the chart's
tables, the allergy banner, the prescribing checks, the latest results) and leaves a FHIR
export as active: it is exported with its resource's own entered-in-error status
(`Kind.error_status` in the registry), as FHIR R4 asks of a record that was wrong.

The marks live in one clinical table (`entry_errors`), not in a column of each kind's
table: a signed note's row may not change (a trigger guards it), and a new kind is covered
without a migration of its own. Readers exclude marked rows with `ACTIVE_SQL`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.messages import Moment
from app.core.records import clock
from app.core.records.guard import CLINICAL_TABLES, entry_access
from app.core.roles import Operation
from app.core.session import Session

#: A condition on a kind table's rows (aliased or not, column `id`) that keeps the active
#: ones: `f"... AND {ACTIVE_SQL}"`.
ACTIVE_SQL = "id NOT IN (SELECT entry_id FROM clinical.entry_errors)"
MAX_REASON = 500


def active_sql(alias: str = "") -> str:
    """`ACTIVE_SQL` for a table given an alias (`n.id NOT IN ...`)."""
    return f"{alias}.{ACTIVE_SQL}" if alias else ACTIVE_SQL


@dataclass(frozen=True)
class ErrorMark:
    """An entry marked entered in error: which, by whom, when and why."""

    entry_id: str
    kind: str
    patient_id: str
    marked_by: str  # user id
    marked_at: str
    reason: str
    summary: str  # the entry's own words (its code's text, a note's title), for history
    restricted: bool = False  # the entry's flag: a chart shows the mark only if it may

    def to_json(self) -> dict[str, Any]:
        return {"entry_id": self.entry_id, "kind": self.kind, "patient_id": self.patient_id,
                "marked_by": self.marked_by, "marked_at": self.marked_at,
                "reason": self.reason, "summary": self.summary}


def check_error_reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if len(cleaned) < 4:
        raise UsageError.coded("entries.error_reason_missing")
    if len(cleaned) > MAX_REASON:
        raise UsageError.coded("entries.error_reason_long", limit=MAX_REASON)
    return cleaned


def mark_entered_in_error(session: Session, entry_id: str, reason: str) -> ErrorMark:
    """Mark any clinical entry (of any kind in the registry) entered in error."""
    kind, access = entry_access(session, Operation.ENTRY_MARK_ERROR, entry_id)
    patient_id = access.patient_id
    reason = check_error_reason(reason)
    existing = mark_of(session.conn, entry_id)
    if existing is not None:
        raise UsageError.coded("entries.already_in_error", when=Moment(existing.marked_at))
    if kind == "note":
        status = session.conn.execute("SELECT status FROM clinical.notes WHERE id = ?",
                                      (entry_id,)).fetchone()
        if status is not None and status[0] != "signed":
            raise UsageError.coded("entries.draft_not_record")
    now = clock.now_iso()
    with session.transaction() as conn:
        conn.execute("INSERT INTO clinical.entry_errors (entry_id, kind, patient_id, "
                     "marked_by, marked_at, reason) VALUES (?,?,?,?,?,?)",
                     (entry_id, kind, patient_id, session.user.user_id, now, reason))
        # Changed now, so an export of what changed since (FHIR `since`) carries the mark.
        conn.execute(f"UPDATE clinical.{CLINICAL_TABLES[kind]} SET updated_at = ? "
                     "WHERE id = ?", (now, entry_id))
        # The reason stays with the entry (clinical file); the log names the entry only.
        session.record(f"{kind}.error", patient_id=patient_id, target=entry_id,
                       flagged=access.via_grant, detail=access.audit_detail())
    mark = mark_of(session.conn, entry_id)
    assert mark is not None
    return mark


def mark_of(conn: Connection, entry_id: str) -> ErrorMark | None:
    row = conn.execute("SELECT entry_id, kind, patient_id, marked_by, marked_at, reason "
                       "FROM clinical.entry_errors WHERE entry_id = ?", (entry_id,)).fetchone()
    return _mark(conn, row) if row else None


def marks_for(conn: Connection, patient_id: str) -> list[ErrorMark]:
    """Every mark on a patient's entries, oldest first. Unaudited: for a chart that audits
    its own read and shows only the marks on entries the user may see (`restricted`)."""
    rows = conn.execute("SELECT entry_id, kind, patient_id, marked_by, marked_at, reason "
                        "FROM clinical.entry_errors WHERE patient_id = ? "
                        "ORDER BY marked_at, entry_id", (patient_id,)).fetchall()
    return [_mark(conn, row) for row in rows]


def _mark(conn: Connection, row: Any) -> ErrorMark:
    summary, restricted = _summary(conn, str(row[1]), str(row[0]))
    return ErrorMark(str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]),
                     str(row[5]), summary, restricted)


def marked_ids(conn: Connection, patient_ids: Sequence[str] | None = None) -> dict[str, str]:
    """Marked entry ids -> kind, for exports (marks are few; a whole vault's fit in memory)."""
    if patient_ids is None:
        rows = conn.execute("SELECT entry_id, kind FROM clinical.entry_errors")
        return {str(r[0]): str(r[1]) for r in rows}
    out: dict[str, str] = {}
    for pid in patient_ids:
        for entry_id, kind in conn.execute(
                "SELECT entry_id, kind FROM clinical.entry_errors WHERE patient_id = ?",
                (pid,)):
            out[str(entry_id)] = str(kind)
    return out


def _summary(conn: Connection, kind: str, entry_id: str) -> tuple[str, bool]:
    """The entry's own words and its restricted flag."""
    table = CLINICAL_TABLES.get(kind)
    if table is None:
        return "", False
    column = {"note": "coalesce(nullif(title, ''), substr(body, 1, 80))",
              "document": "title"}.get(kind, "code_text")
    row = conn.execute(f"SELECT {column}, restricted FROM clinical.{table} WHERE id = ?",
                       (entry_id,)).fetchone()
    return (str(row[0] or ""), bool(row[1])) if row else ("", False)
