"""Merging two records of one person, and undoing a merge.

Reception sometimes creates a second record for someone already in the vault (the
duplicate check stops most, not all). A clinician or the owner merges the duplicate
(`merged`) into the record to keep (`keep`): every clinical entry of every kind in the
registry, their FHIR provenance and entered-in-error marks, and the registry's
appointments, consents and FHIR sources move to the kept record. The duplicate stays as a
tombstone (`patients.merged_into`): it is found by no search or list, refuses changes,
and keeps its own audit trail and break-glass history, which stay true as they were.

Nothing is lost and the merge is reversible: which rows moved is recorded (clinical ids in
the clinical file, registry ids in the registry), so `undo_merge` moves exactly those back.
That is safe only while the kept record has not changed since (the moved entries may have
been edited, amended or joined by new ones): undo is refused once any change to either
record is in the audit log after the merge.

A restricted duplicate makes the kept record restricted (the stricter wins, or its
entries would become visible to everyone); undo restores the kept record's flag.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.records import clock, kinds
from app.core.records.emergency import is_change
from app.core.records.guard import RecordNotFound, patient_access
from app.core.records.patients import PatientSummary
from app.core.roles import Operation
from app.core.session import Session

#: (table, key column) of every clinical row that belongs to a patient, registry-driven:
#: a new kind in `kinds.KINDS` moves without a change here. Document bytes hang off their
#: document (document_data.document_id) and move with it.
CLINICAL_MOVES: tuple[tuple[str, str], ...] = (
    *((k.table, "id") for k in kinds.KINDS),
    ("fhir_provenance", "entry_id"),
    ("entry_errors", "entry_id"),
)
#: The registry's rows about a patient that move. Grants, imported-package records and the
#: audit log are history of the duplicate and stay with it.
REGISTRY_MOVES: tuple[tuple[str, str], ...] = (
    ("appointments", "id"),
    ("consents", "id"),
    ("fhir_patient_sources", "import_id || char(31) || source_ref"),
)
MAX_REASON = 500


@dataclass(frozen=True)
class MergeResult:
    merge_id: str
    keep_id: str
    merged_id: str
    moved: dict[str, int]  # rows moved, by table
    merged_at: str
    undone_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"merge_id": self.merge_id, "keep_id": self.keep_id,
                "merged_id": self.merged_id, "moved": self.moved,
                "merged_at": self.merged_at, "undone_at": self.undone_at}


def _reason(reason: str) -> str:
    cleaned = " ".join(reason.split())
    if len(cleaned) > MAX_REASON:
        raise UsageError(f"Keep the reason under {MAX_REASON} characters.")
    return cleaned


def merge_patients(session: Session, keep_id: str, merged_id: str, reason: str = ""
                   ) -> MergeResult:
    """Move everything of `merged_id` to `keep_id` (see the module docstring)."""
    session.require(Operation.PATIENT_MERGE, patient_id=keep_id, target=merged_id)
    if keep_id == merged_id:
        raise UsageError("Choose two different records: a record cannot be merged into "
                         "itself.")
    # The role, the clinical key (entries move), existence, and restriction of both.
    keep = patient_access(session, Operation.PATIENT_MERGE, keep_id, clinical=True,
                          required=True)
    merged = patient_access(session, Operation.PATIENT_MERGE, merged_id, clinical=True,
                            required=True)
    reason = _reason(reason)
    conn = session.conn
    for pid in (keep_id, merged_id):
        row = conn.execute("SELECT merged_into FROM patients WHERE id = ?", (pid,)).fetchone()
        if row[0] is not None:
            raise UsageError(f"The record {pid} was already merged into another one "
                             f"({row[0]}); merge into that one instead.")
    merge_id, now = new_id(), clock.now_iso()
    restrict = merged.restricted and not keep.restricted
    with session.transaction() as conn:
        # First, so the moves can name it; its audit position is set once recorded.
        conn.execute("INSERT INTO patient_merges (id, keep_id, merged_id, merged_by, "
                     "merged_at, reason, audit_seq, restricted_kept) VALUES (?,?,?,?,?,?,?,?)",
                     (merge_id, keep_id, merged_id, session.user.user_id, now, reason or None,
                      0, int(restrict)))
        moved = _move_all(conn, _move, merge_id, merged_id, keep_id)
        if restrict:
            conn.execute("UPDATE patients SET restricted = 1 WHERE id = ?", (keep_id,))
        conn.execute("UPDATE patients SET merged_into = ? WHERE id = ?", (keep_id, merged_id))
        # The duplicate's name keys go, so no search finds the tombstone by name.
        conn.execute("DELETE FROM patient_name_keys WHERE patient_id = ?", (merged_id,))
        detail = {"merge": merge_id, "moved": moved, "restricted_kept": restrict}
        session.record("patient.merged", patient_id=merged_id, target=keep_id,
                       flagged=keep.via_grant or merged.via_grant, detail=detail)
        session.record("patient.merge", patient_id=keep_id, target=merged_id,
                       flagged=keep.via_grant or merged.via_grant, detail=detail)
        # Undo is allowed while no change to either record follows this point.
        seq = int(conn.execute("SELECT max(seq) FROM audit").fetchone()[0])
        conn.execute("UPDATE patient_merges SET audit_seq = ? WHERE id = ?", (seq, merge_id))
    return MergeResult(merge_id, keep_id, merged_id, moved, now)


_Mover = Callable[[Connection, str, str, str, str, str, str, str], int]


def _move_all(conn: Connection, mover: _Mover, merge_id: str, source: str, target: str
              ) -> dict[str, int]:
    """Every table's rows from `source` to `target` (a merge, or with `_move_back` its
    undo); rows moved by table."""
    moved: dict[str, int] = {}
    # Signed notes may not change patient; this marker is what their trigger yields to.
    conn.execute("INSERT INTO clinical.clinical_meta (key, value) VALUES ('merging', ?)",
                 (merge_id,))
    for table, key in CLINICAL_MOVES:
        moved[table] = mover(conn, f"clinical.{table}", key, source, target,
                             "clinical.merge_moves", merge_id, table)
    conn.execute("DELETE FROM clinical.clinical_meta WHERE key = 'merging'")
    for table, key in REGISTRY_MOVES:
        moved[table] = mover(conn, table, key, source, target, "patient_merge_moves",
                             merge_id, table)
    return moved


def _move(conn: Connection, table: str, key: str, source: str, target: str, log: str,
          merge_id: str, name: str) -> int:
    keys = [str(r[0]) for r in conn.execute(f"SELECT {key} FROM {table} WHERE patient_id = ?",
                                            (source,))]
    conn.executemany(f"INSERT INTO {log} (merge_id, tbl, row_key) VALUES (?,?,?)",
                     [(merge_id, name, k) for k in keys])
    conn.execute(f"UPDATE {table} SET patient_id = ? WHERE patient_id = ?", (target, source))
    return len(keys)


def last_merge(session: Session, patient_id: str) -> MergeResult | None:
    """The newest merge into `patient_id` that was not undone (what Undo offers)."""
    session.require(Operation.PATIENT_READ, patient_id=patient_id)
    row = session.conn.execute(
        "SELECT id, keep_id, merged_id, merged_at FROM patient_merges WHERE keep_id = ? "
        "AND undone_at IS NULL ORDER BY audit_seq DESC LIMIT 1", (patient_id,)).fetchone()
    if row is None:
        return None
    return MergeResult(row[0], row[1], row[2], _counts(session, row[0]), row[3])


def _counts(session: Session, merge_id: str) -> dict[str, int]:
    counts = dict(session.conn.execute(
        "SELECT tbl, count(*) FROM patient_merge_moves WHERE merge_id = ? GROUP BY tbl",
        (merge_id,)).fetchall())
    if session.holds("clinical"):
        counts.update(session.conn.execute(
            "SELECT tbl, count(*) FROM clinical.merge_moves WHERE merge_id = ? GROUP BY tbl",
            (merge_id,)).fetchall())
    return {str(k): int(v) for k, v in counts.items()}


def undo_blocker(session: Session, merge_id: str) -> str | None:
    """Why this merge can no longer be undone, or None if it can."""
    row = session.conn.execute(
        "SELECT keep_id, merged_id, audit_seq, undone_at FROM patient_merges WHERE id = ?",
        (merge_id,)).fetchone()
    if row is None:
        raise RecordNotFound(f"There is no merge with id {merge_id!r}.")
    keep_id, merged_id, seq, undone_at = row
    if undone_at is not None:
        return f"This merge was already undone at {undone_at}."
    later = session.conn.execute(
        "SELECT action, ts FROM audit WHERE seq > ? AND patient_id IN (?, ?) ORDER BY seq",
        (seq, keep_id, merged_id))
    for action, ts in later:
        if is_change(str(action)):
            return (f"The record was changed after the merge ({action} at {ts}), so the "
                    "merge can no longer be undone safely. Move entries by hand, or mark "
                    "them entered in error.")
    return None


def undo_merge(session: Session, merge_id: str) -> MergeResult:
    """Move back exactly what a merge moved, while neither record has changed since."""
    session.require(Operation.PATIENT_MERGE, target=merge_id)
    row = session.conn.execute(
        "SELECT keep_id, merged_id, merged_at, restricted_kept FROM patient_merges "
        "WHERE id = ?", (merge_id,)).fetchone()
    if row is None:
        raise RecordNotFound(f"There is no merge with id {merge_id!r}.")
    keep_id, merged_id, merged_at, restricted_kept = row
    keep = patient_access(session, Operation.PATIENT_MERGE, keep_id, clinical=True,
                          required=True)
    blocker = undo_blocker(session, merge_id)
    if blocker is not None:
        raise UsageError(blocker)
    from app.core.records.patients import load, write_name_keys

    now = clock.now_iso()
    with session.transaction() as conn:
        moved = _move_all(conn, _move_back, merge_id, keep_id, merged_id)
        if restricted_kept:
            conn.execute("UPDATE patients SET restricted = 0 WHERE id = ?", (keep_id,))
        conn.execute("UPDATE patients SET merged_into = NULL WHERE id = ?", (merged_id,))
        restored = load(conn, merged_id)
        assert restored is not None
        write_name_keys(conn, merged_id, restored)
        conn.execute("UPDATE patient_merges SET undone_at = ?, undone_by = ? WHERE id = ?",
                     (now, session.user.user_id, merge_id))
        detail = {"merge": merge_id, "moved": moved}
        session.record("patient.merge.undo", patient_id=keep_id, target=merged_id,
                       flagged=keep.via_grant, detail=detail)
        session.record("patient.merge.undone", patient_id=merged_id, target=keep_id,
                       flagged=keep.via_grant, detail=detail)
    return MergeResult(merge_id, keep_id, merged_id, moved, merged_at, now)


def _move_back(conn: Connection, table: str, key: str, source: str, target: str, log: str,
               merge_id: str, name: str) -> int:
    keys = [str(r[0]) for r in conn.execute(
        f"SELECT row_key FROM {log} WHERE merge_id = ? AND tbl = ?", (merge_id, name))]
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"UPDATE {table} SET patient_id = ? WHERE patient_id = ? AND "
                     f"{key} IN ({marks})", (target, source, *chunk))
    return len(keys)


def possible_duplicates(session: Session, patient_id: str) -> list[PatientSummary]:
    """Other records that look like the same person as `patient_id` (same MRN, or the same
    birth date and folded names: the duplicate check's rule), for choosing what to merge.
    Restricted ones appear by name only, as in search."""
    from app.core.records.patients import find_duplicates, load

    # The patient's own birth date and names are read: a restricted one needs a grant.
    patient_access(session, Operation.PATIENT_SEARCH, patient_id)
    with session.transaction() as conn:
        patient = load(conn, patient_id)
        assert patient is not None
        found = find_duplicates(conn, patient, session.user.user_id, exclude=patient_id)
        session.record("patient.duplicates", patient_id=patient_id,
                       detail={"results": len(found)})
    return found
