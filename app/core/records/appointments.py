"""Appointments: a registry record that reception books without any clinical key.

Statuses are FHIR Appointment's. The reason for a visit is kept short and is hidden in
day lists for restricted patients, whose details need a grant to read.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from typing import Any

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.records import clock
from app.core.records.guard import RecordNotFound, patient_access
from app.core.records.patients import granted_patients
from app.core.roles import Operation
from app.core.session import Session

STATUSES = frozenset({"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled",
                      "noshow", "entered-in-error", "checked-in", "waitlist"})


@dataclass(frozen=True)
class Appointment:
    id: str
    patient_id: str
    practitioner_id: str | None
    starts_at: str
    ends_at: str
    status: str
    reason: str | None
    location: str | None
    created_at: str
    created_by: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_COLUMNS = ("id, patient_id, practitioner_id, starts_at, ends_at, status, reason, location, "
            "created_at, created_by")


def _load(conn: Connection, appointment_id: str) -> Appointment | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM appointments WHERE id = ?",
                       (appointment_id,)).fetchone()
    return Appointment(*row) if row else None


def book_appointment(session: Session, patient_id: str, starts_at: str, ends_at: str, *,
                     practitioner_id: str | None = None, reason: str | None = None,
                     location: str | None = None, status: str = "booked") -> Appointment:
    patient_access(session, Operation.APPOINTMENT_WRITE, patient_id)
    start, end = clock.moment(starts_at, "start"), clock.moment(ends_at, "end")
    if end <= start:
        raise UsageError("An appointment must end after it starts.")
    if status not in STATUSES:
        raise UsageError(f"Appointment status is one of: {', '.join(sorted(STATUSES))}.")
    if reason is not None and len(reason) > 500:
        raise UsageError("Keep the reason for the visit under 500 characters.")
    now, me = clock.now_iso(), session.user.user_id
    appointment = Appointment(uuid.uuid4().hex, patient_id, practitioner_id, start, end, status,
                              reason, location, now, me)
    with session.transaction() as conn:
        conn.execute(
            f"INSERT INTO appointments ({_COLUMNS}, updated_at, updated_by) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (*asdict(appointment).values(), now, me))
        session.record("appointment.create", patient_id=patient_id, target=appointment.id)
    return appointment


def set_appointment_status(session: Session, appointment_id: str, status: str) -> Appointment:
    session.require(Operation.APPOINTMENT_WRITE, target=appointment_id)
    if status not in STATUSES:
        raise UsageError(f"Appointment status is one of: {', '.join(sorted(STATUSES))}.")
    appointment = _load(session.conn, appointment_id)
    if appointment is None:
        raise RecordNotFound(f"There is no appointment with id {appointment_id!r}.")
    patient_access(session, Operation.APPOINTMENT_WRITE, appointment.patient_id, required=True)
    with session.transaction() as conn:
        conn.execute("UPDATE appointments SET status = ?, updated_at = ?, updated_by = ? "
                     "WHERE id = ?",
                     (status, clock.now_iso(), session.user.user_id, appointment_id))
        session.record("appointment.status", patient_id=appointment.patient_id,
                       target=appointment_id, detail={"status": status})
        updated = _load(conn, appointment_id)
    assert updated is not None
    return updated


def list_appointments(session: Session, *, patient_id: str | None = None,
                      since: str | None = None, until: str | None = None,
                      limit: int = 500) -> list[Appointment]:
    """One patient's appointments, or everyone's in a time window (a day list)."""
    if patient_id is not None:
        patient_access(session, Operation.APPOINTMENT_READ, patient_id)
    else:
        session.require(Operation.APPOINTMENT_READ)
    sql = (f"SELECT {', '.join('a.' + c.strip() for c in _COLUMNS.split(','))}, p.restricted "
           "FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE 1 = 1")
    params: list[Any] = []
    if patient_id is not None:
        sql += " AND a.patient_id = ?"
        params.append(patient_id)
    if since:
        sql += " AND a.starts_at >= ?"
        params.append(clock.moment(since, "since"))
    if until:
        sql += " AND a.starts_at < ?"
        params.append(clock.moment(until, "until"))
    with session.transaction() as conn:
        rows = conn.execute(sql + " ORDER BY a.starts_at LIMIT ?",
                            (*params, max(1, limit))).fetchall()
        granted = granted_patients(conn, session.user.user_id, [r[1] for r in rows if r[10]])
        session.record("appointment.list", patient_id=patient_id,
                       detail={"results": len(rows)})
    out = []
    for row in rows:
        appointment = Appointment(*row[:10])
        if row[10] and row[1] not in granted:
            appointment = replace(appointment, reason=None)
        out.append(appointment)
    return out
