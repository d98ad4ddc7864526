"""Opening restricted records (break-glass) and marking entries restricted.

Restriction is for what a person would want fewer eyes on: a patient who is staff or
famous, a psychiatric note, an HIV result. Anyone whose role allows it can still open such
a record, but only by giving a reason; the grant lasts minutes, is flagged, and waits in
the owner's review queue.
"""

from __future__ import annotations

from app.core.records.breakglass import (
    AccessGrant,
    check_minutes,
    check_reason,
    insert_grant,
)
from app.core.records.guard import (
    CLINICAL_TABLES,
    RecordNotFound,
    entry_access,
    entry_owner,
    need_clinical_key,
)
from app.core.roles import Operation
from app.core.session import Session


def open_restricted(session: Session, patient_id: str, reason: str, minutes: float = 60, *,
                    entry_id: str | None = None) -> AccessGrant:
    """Grant the acting user time-limited access to a restricted patient (all of their
    record) or, with `entry_id`, to one restricted entry."""
    session.require(Operation.RESTRICTED_ACCESS, patient_id=patient_id, target=entry_id)
    reason, minutes = check_reason(reason), check_minutes(session, minutes)
    if session.conn.execute("SELECT 1 FROM patients WHERE id = ?",
                            (patient_id,)).fetchone() is None:
        raise RecordNotFound(f"There is no patient with id {patient_id!r} in this vault.")
    if entry_id is not None:
        need_clinical_key(session, Operation.RESTRICTED_ACCESS, patient_id=patient_id)
        owner = entry_owner(session, entry_id)
        if owner is None or owner[1] != patient_id:
            raise RecordNotFound(f"There is no entry {entry_id!r} for this patient.")
    with session.transaction():
        grant = insert_grant(session.conn, kind="restricted", user_id=session.user.user_id,
                             user_name=session.user.name, patient_id=patient_id,
                             entry_id=entry_id, reason=reason, minutes=minutes)
        session.record("restricted.open", patient_id=patient_id, target=entry_id,
                       reason=reason, flagged=True,
                       detail={"grant": grant.id, "minutes": minutes})
    return grant


def set_entry_restricted(session: Session, entry_id: str, restricted: bool) -> None:
    """Mark any clinical entry (note, document, observation, ...) restricted or not.
    Lifting a restriction means seeing the entry, so it needs an active grant."""
    kind, access = entry_access(session, Operation.CLINICAL_WRITE, entry_id)
    patient_id = access.patient_id
    with session.transaction() as conn:
        conn.execute(f"UPDATE clinical.{CLINICAL_TABLES[kind]} SET restricted = ? WHERE id = ?",
                     (int(restricted), entry_id))
        session.record(f"{kind}.restrict", patient_id=patient_id, target=entry_id,
                       flagged=access.via_grant,
                       detail=access.audit_detail(restricted=restricted))
