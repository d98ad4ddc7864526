"""Appointments: a registry record that reception books without any clinical key.

Statuses are FHIR Appointment's. The reason for a visit is kept short and is hidden in
day lists for restricted patients, whose details need a grant to read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from types import EllipsisType
from typing import Any

from app.core.atomic import atomic_write_bytes
from app.core.database import Connection
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.messages import message
from app.core.records import clock
from app.core.records.guard import RecordNotFound, patient_access
from app.core.records.patients import granted_patients
from app.core.roles import Operation
from app.core.session import Session

STATUSES = frozenset({"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled",
                      "noshow", "entered-in-error", "checked-in", "waitlist"})
# Statuses that no longer hold a slot: they never conflict with a booking.
_FREE = ("cancelled", "noshow", "entered-in-error")


class AppointmentConflict(UsageError):
    """The slot overlaps another appointment of the same practitioner or patient. Book
    anyway with `allow_conflict=True` (a double booking the desk chose)."""

    def __init__(self, conflicts: list[Appointment]) -> None:
        self.conflicts = conflicts
        first = conflicts[0]
        self.message = message("appointments.conflict", count=len(conflicts),
                               start=first.starts_at[11:16], end=first.ends_at[11:16],
                               day=first.starts_at[:10])
        super().__init__(self.message.english())


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


def conflicts_with(conn: Connection, start: str, end: str, *, patient_id: str,
                   practitioner_id: str | None, exclude: str | None = None
                   ) -> list[Appointment]:
    """Appointments holding a slot that overlaps [start, end) for the same practitioner
    or the same patient."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM appointments WHERE starts_at < ? AND ends_at > ? "
        f"AND status NOT IN ({', '.join('?' * len(_FREE))}) AND id IS NOT ? "
        "AND (patient_id = ? OR (practitioner_id IS NOT NULL AND practitioner_id = ?)) "
        "ORDER BY starts_at",
        (end, start, *_FREE, exclude, patient_id, practitioner_id)).fetchall()
    return [Appointment(*r) for r in rows]


def _load(conn: Connection, appointment_id: str) -> Appointment | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM appointments WHERE id = ?",
                       (appointment_id,)).fetchone()
    return Appointment(*row) if row else None


def book_appointment(session: Session, patient_id: str, starts_at: str, ends_at: str, *,
                     practitioner_id: str | None = None, reason: str | None = None,
                     location: str | None = None, status: str = "booked",
                     allow_conflict: bool = False) -> Appointment:
    """Book a slot. An overlap with the practitioner's or the patient's other appointments
    raises AppointmentConflict unless `allow_conflict` (recorded in the audit entry)."""
    patient_access(session, Operation.APPOINTMENT_WRITE, patient_id)
    start, end = clock.moment(starts_at, "start"), clock.moment(ends_at, "end")
    if end <= start:
        raise UsageError.coded("appointments.end_after_start")
    if status not in STATUSES:
        raise UsageError(f"Appointment status is one of: {', '.join(sorted(STATUSES))}.")
    if reason is not None and len(reason) > 500:
        raise UsageError.coded("appointments.reason_too_long")
    now, me = clock.now_iso(), session.user.user_id
    appointment = Appointment(new_id(), patient_id, practitioner_id, start, end, status,
                              reason, location, now, me)
    with session.transaction() as conn:
        clash = conflicts_with(conn, start, end, patient_id=patient_id,
                               practitioner_id=practitioner_id)
        if clash and not allow_conflict and status not in _FREE:
            raise AppointmentConflict(clash)
        conn.execute(
            f"INSERT INTO appointments ({_COLUMNS}, updated_at, updated_by) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (*asdict(appointment).values(), now, me))
        session.record("appointment.create", patient_id=patient_id, target=appointment.id,
                       detail={"double_booked": [a.id for a in clash]} if clash else None)
    return appointment


def move_appointment(session: Session, appointment_id: str, starts_at: str,
                     ends_at: str | None = None, *, allow_conflict: bool = False,
                     practitioner_id: str | EllipsisType | None = ...) -> Appointment:
    """Move to a new start (keeping the length unless `ends_at` is given), and to another
    practitioner when `practitioner_id` is given (None: nobody in particular)."""
    session.require(Operation.APPOINTMENT_WRITE, target=appointment_id)
    appointment = _load(session.conn, appointment_id)
    if appointment is None:
        raise RecordNotFound(f"There is no appointment with id {appointment_id!r}.")
    patient_access(session, Operation.APPOINTMENT_WRITE, appointment.patient_id, required=True)
    if appointment.status in _FREE or appointment.status == "fulfilled":
        raise UsageError.coded("appointments.closed", status=appointment.status)
    start = clock.moment(starts_at, "start")
    if ends_at is None:
        length = (datetime.fromisoformat(appointment.ends_at)
                  - datetime.fromisoformat(appointment.starts_at))
        end = clock.iso(datetime.fromisoformat(start) + length)
    else:
        end = clock.moment(ends_at, "end")
    if end <= start:
        raise UsageError.coded("appointments.end_after_start")
    practitioner = (appointment.practitioner_id if isinstance(practitioner_id, EllipsisType)
                    else practitioner_id)
    with session.transaction() as conn:
        clash = conflicts_with(conn, start, end, patient_id=appointment.patient_id,
                               practitioner_id=practitioner, exclude=appointment_id)
        if clash and not allow_conflict:
            raise AppointmentConflict(clash)
        conn.execute("UPDATE appointments SET starts_at = ?, ends_at = ?, "
                     "practitioner_id = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                     (start, end, practitioner, clock.now_iso(), session.user.user_id,
                      appointment_id))
        detail: dict[str, Any] = {}
        if clash:
            detail["double_booked"] = [a.id for a in clash]
        if practitioner != appointment.practitioner_id:
            detail["practitioner"] = practitioner
        session.record("appointment.move", patient_id=appointment.patient_id,
                       target=appointment_id, detail=detail or None)
        moved = _load(conn, appointment_id)
    assert moved is not None
    return moved


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
                      practitioner_id: str | None = None,
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
    if practitioner_id:
        sql += " AND a.practitioner_id = ?"
        params.append(practitioner_id)
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


def day_bounds(day: str) -> tuple[str, str]:
    """The UTC times of the local midnights that begin `day` (YYYY-MM-DD or DD.MM.YYYY)
    and the next day: a day list is the practice's day, not UTC's."""
    from app.core.records.practice_hours import local_day_bounds

    return local_day_bounds(clock.day(day))


def export_day_list(session: Session, day: str, path: Path, *,
                    practitioner_id: str | None = None) -> int:
    """Write one day's list as CSV (time, patient, status, reason), atomically, and audit
    it: a printed or exported list leaves the vault. Reasons of restricted patients stay
    hidden, as on screen; their names are shown as in search. Returns the row count."""
    since, until = day_bounds(day)
    appointments = list_appointments(session, since=since, until=until,
                                     practitioner_id=practitioner_id)
    names = {row[0]: f"{row[1]}, {row[2]}" if row[2] else row[1] for row in
             session.conn.execute(
                 "SELECT id, family, given FROM patients WHERE id IN "
                 f"({', '.join('?' * len(appointments))})",
                 [a.patient_id for a in appointments])} if appointments else {}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["start (UTC)", "end (UTC)", "patient", "practitioner", "status",
                     "reason"])
    for a in appointments:
        writer.writerow([_cell(v) for v in (a.starts_at, a.ends_at,
                                            names.get(a.patient_id, a.patient_id),
                                            a.practitioner_id or "", a.status,
                                            a.reason or "")])
    session.require(Operation.APPOINTMENT_READ)
    atomic_write_bytes(path, buffer.getvalue().encode())
    session.record("appointment.list.export", detail={"day": clock.day(day).isoformat(),
                                                      "rows": len(appointments)})
    return len(appointments)


def _cell(value: str) -> str:
    # Spreadsheets run cells starting with = + - @ as formulas; defuse them.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
