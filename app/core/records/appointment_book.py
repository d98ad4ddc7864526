"""What the appointment book's screens ask core: who can be booked, what a stretch of the
book holds (with names), whether a slot is free and within the opening hours, what a
patient opened from the day list goes to, and the audited printed day list.

The rules stay in `appointments.py` (conflicts, statuses) and `practice_hours.py`
(opening hours); this module puts them in the shape the GUI and the CLI show, so neither
re-derives a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from app.core.records.appointments import Appointment, conflicts_with, list_appointments
from app.core.records.patients import (
    SUMMARY_COLUMNS,
    PatientSummary,
    granted_patients,
    summary_from_row,
)
from app.core.records.practice_hours import load_hours, local_day_bounds, outside_hours
from app.core.roles import Operation, Role
from app.core.session import Session

#: Roles whose accounts appear as practitioners in the book: the people patients see.
PRACTITIONER_ROLES = (Role.OWNER, Role.CLINICIAN)
#: A printed or shown stretch of the book holds at most this many appointments; a busy
#: practice books a few hundred a week.
MAX_LISTED = 2000


@dataclass(frozen=True)
class Practitioner:
    user_id: str
    name: str  # the full name where one was given, else the account name


@dataclass(frozen=True)
class BookEntry:
    """One appointment as the book shows it. `reason` is already None for a restricted
    patient the user holds no grant for (core hides it)."""

    appointment: Appointment
    #: As search shows the patient: a restricted one without a grant by name only.
    patient: PatientSummary

    @property
    def id(self) -> str:
        return self.appointment.id

    @property
    def patient_name(self) -> str:
        return self.patient.display_name

    @property
    def restricted(self) -> bool:
        return self.patient.restricted

    @property
    def holds_slot(self) -> bool:
        """Cancelled, no-show and entered-in-error appointments free their slot."""
        return self.appointment.status not in ("cancelled", "noshow", "entered-in-error")


@dataclass(frozen=True)
class SlotCheck:
    """What booking or moving to a slot would run into: overlapping appointments of the
    same practitioner or patient, and whether the slot is outside the opening hours."""

    conflicts: list[Appointment]
    outside_hours: bool

    @property
    def clear(self) -> bool:
        return not self.conflicts and not self.outside_hours


def practitioners(session: Session) -> list[Practitioner]:
    """Active owners and clinicians, by name. Whoever reads the book may see whom it books
    (reception included, who may not list users); not audited on its own, because the
    book's read (`appointment.list`) is, and it names no patient."""
    session.require(Operation.APPOINTMENT_READ)
    rows = session.conn.execute(
        f"SELECT id, name, full_name FROM users WHERE status = 'active' AND role IN "
        f"({', '.join('?' * len(PRACTITIONER_ROLES))}) ORDER BY COALESCE(NULLIF(full_name, "
        "''), name) COLLATE NOCASE", [r.value for r in PRACTITIONER_ROLES]).fetchall()
    return [Practitioner(r[0], r[2] or r[1]) for r in rows]


def book_entries(session: Session, since: str, until: str, *,
                 practitioner_id: str | None = None,
                 patient_id: str | None = None) -> list[BookEntry]:
    """The appointments starting in [since, until), with patient names (restricted
    patients by name only, as search shows them). Audited by `list_appointments`."""
    found = list_appointments(session, since=since, until=until,
                              practitioner_id=practitioner_id, patient_id=patient_id,
                              limit=MAX_LISTED)
    ids = sorted({a.patient_id for a in found})
    rows: list[tuple[Any, ...]] = []
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        rows += session.conn.execute(f"SELECT {SUMMARY_COLUMNS} FROM patients WHERE id IN "
                                     f"({', '.join('?' * len(chunk))})", chunk).fetchall()
    granted = granted_patients(session.conn, session.user.user_id,
                               [r[0] for r in rows if r[6]])
    people = {r[0]: summary_from_row(r, masked=bool(r[6]) and r[0] not in granted)
              for r in rows}
    return [BookEntry(a, people[a.patient_id]) for a in found]


def day_entries(session: Session, day: date, *,
                practitioner_id: str | None = None) -> list[BookEntry]:
    """One local day of the book."""
    since, until = local_day_bounds(day)
    return book_entries(session, since, until, practitioner_id=practitioner_id)


def check_slot(session: Session, patient_id: str, starts_at: str, ends_at: str, *,
               practitioner_id: str | None, exclude: str | None = None) -> SlotCheck:
    """Ask before booking or moving: core's conflict rule and the opening hours. Booking
    still enforces the conflict rule itself (a double booking must be asked for)."""
    from app.core.records import clock

    session.require(Operation.APPOINTMENT_READ)
    start, end = clock.moment(starts_at, "start"), clock.moment(ends_at, "end")
    clash = conflicts_with(session.conn, start, end, patient_id=patient_id,
                           practitioner_id=practitioner_id, exclude=exclude)
    # A personal vault keeps no opening hours: its appointments are at other places.
    practice = session.vault.file.kind == "practice"
    return SlotCheck(clash, practice and outside_hours(load_hours(session.conn), start, end))


OpenTarget = Literal["chart", "details"]


def open_target(session: Session) -> OpenTarget | None:
    """Where opening a patient from the day list leads this user: the chart for someone
    who reads clinical records and holds the key, the registry details for reception and
    admins, nothing for a role that reads neither."""
    if session.allowed(Operation.CLINICAL_READ) and session.holds("clinical"):
        return "chart"
    if session.allowed(Operation.PATIENT_READ):
        return "details"
    return None


PrintOutput = Literal["printer", "pdf"]


def day_list_for_print(session: Session, day: date, output: PrintOutput, *,
                       practitioner_id: str | None = None) -> list[BookEntry]:
    """The day list to print or save as PDF, audited as `appointment.list.print` (a
    printed list leaves the vault). The CSV export is `appointments.export_day_list`."""
    entries = day_entries(session, day, practitioner_id=practitioner_id)
    session.record("appointment.list.print", detail={
        "day": day.isoformat(), "rows": len(entries), "output": output,
        **({"practitioner": practitioner_id} if practitioner_id else {})})
    return entries

