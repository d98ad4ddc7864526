"""`medvault appointment …`: the appointment book from the command line.

Reception runs all of it without the clinical key. Times are ISO 8601 (a time without an
offset is local time); the book stores them in UTC. Reasons of restricted patients stay
hidden, as core hides them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import Subparsers, add_vault_args, print_json, signed_in

if TYPE_CHECKING:
    from app.core.records.practice_hours import DayHours


def _show(appointments: list[Any], as_json: bool) -> None:
    if as_json:
        print_json([a.to_json() for a in appointments])
        return
    if not appointments:
        print("No appointments.")
    for a in appointments:
        print(f"{a.id}  {a.starts_at[:16]}–{a.ends_at[11:16]}  {a.status:10}  "
              f"patient {a.patient_id}  {a.reason or ''}".rstrip())


def _conflict(exc: Any) -> int:
    print(str(exc), file=sys.stderr)
    for a in exc.conflicts:
        print(f"  {a.id}  {a.starts_at[:16]}–{a.ends_at[11:16]}  {a.status}", file=sys.stderr)
    print("Add --double-book to book it anyway.", file=sys.stderr)
    return 1


def cmd_add(args: argparse.Namespace) -> int:
    from datetime import datetime, timedelta

    from app.core.records import clock
    from app.core.records.appointments import AppointmentConflict, book_appointment

    start = clock.moment(args.start, "start")
    end = clock.iso(datetime.fromisoformat(start) + timedelta(minutes=args.minutes))
    with signed_in(args) as session:
        try:
            appointment = book_appointment(
                session, args.patient, start, end, practitioner_id=args.practitioner,
                reason=args.reason, location=args.location, allow_conflict=args.double_book)
        except AppointmentConflict as exc:
            return _conflict(exc)
    if args.json:
        print_json(appointment.to_json())
    else:
        print(f"Booked {appointment.id} at {appointment.starts_at[:16]} UTC.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.core.records.appointments import day_bounds, export_day_list, list_appointments

    since = until = None
    if args.day:
        since, until = day_bounds(args.day)
    with signed_in(args) as session:
        if args.out is not None:
            if not args.day:
                print("Say which day to export with --day.", file=sys.stderr)
                return 2
            rows = export_day_list(session, args.day, args.out,
                                   practitioner_id=args.practitioner)
            print(f"Wrote {rows} appointments to {args.out} (the export is audited).")
            return 0
        found = list_appointments(session, patient_id=args.patient, since=since, until=until,
                                  practitioner_id=args.practitioner)
    _show(found, args.json)
    return 0


def cmd_move(args: argparse.Namespace) -> int:
    from app.core.records.appointments import AppointmentConflict, move_appointment

    with signed_in(args) as session:
        try:
            moved = move_appointment(session, args.id, args.start,
                                     allow_conflict=args.double_book)
        except AppointmentConflict as exc:
            return _conflict(exc)
    if args.json:
        print_json(moved.to_json())
    else:
        print(f"Moved {moved.id} to {moved.starts_at[:16]} UTC.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from app.core.records.appointments import set_appointment_status

    with signed_in(args) as session:
        updated = set_appointment_status(session, args.id, args.status)
    if args.json:
        print_json(updated.to_json())
    else:
        print(f"Appointment {updated.id} is now {updated.status}.")
    return 0


def _day_hours(text: str) -> tuple[str, DayHours | None]:
    """DAY=HH:MM-HH:MM or DAY=closed (DAY: mon, tuesday, ...), as typed; core checks the
    bounds."""
    from datetime import time

    from app.core.errors import UsageError
    from app.core.records.practice_hours import DAY_NAMES, DayHours

    day, _, value = text.partition("=")
    day = day.strip().lower()
    name = next((n for n in DAY_NAMES if len(day) >= 2 and n.startswith(day)), None)
    value = value.strip().lower()
    if name is None or not value:
        raise UsageError(f"--set takes DAY=HH:MM-HH:MM or DAY=closed (such as "
                         f"mon=08:00-18:00), not {text!r}.")
    if value == "closed":
        return name, None
    opens, _, closes = value.partition("-")
    try:
        return name, DayHours(time.fromisoformat(opens.strip()),
                              time.fromisoformat(closes.strip()))
    except ValueError:
        raise UsageError(f"{text!r}: write the hours as HH:MM-HH:MM, such as "
                         "08:00-18:00.") from None


def cmd_hours(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from app.core.records.practice_hours import (
        DAY_NAMES,
        practice_hours,
        save_practice_hours,
    )

    changes = dict(_day_hours(item) for item in args.set or [])
    with signed_in(args) as session:
        hours = practice_hours(session)
        if changes or args.slot is not None:
            days = tuple(changes.get(name, day)
                         for name, day in zip(DAY_NAMES, hours.days, strict=True))
            # Core checks every bound and audits the change (appointment.setup).
            hours = save_practice_hours(session, replace(
                hours, days=days,
                slot_minutes=args.slot if args.slot is not None else hours.slot_minutes))
    if args.json:
        print_json(hours.to_json())
        return 0
    for name, day in zip(DAY_NAMES, hours.days, strict=True):
        print(f"{name:10} {'closed' if day is None else '–'.join(day.to_json())}")
    print(f"slots of {hours.slot_minutes} minutes")
    return 0


def register(sub: Subparsers) -> None:
    book = sub.add_parser("appointment", help="the appointment book").add_subparsers(
        dest="action", required=True)
    p = book.add_parser("add", help="book an appointment")
    add_vault_args(p)
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--start", required=True, metavar="YYYY-MM-DDTHH:MM")
    p.add_argument("--minutes", type=int, default=15, help="length (default 15)")
    p.add_argument("--practitioner", metavar="USER_ID")
    p.add_argument("--reason")
    p.add_argument("--location")
    p.add_argument("--double-book", action="store_true",
                   help="book although the slot overlaps another appointment")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_add)
    p = book.add_parser("list", help="a day's list, a patient's appointments (--out: CSV)")
    add_vault_args(p)
    p.add_argument("--day", metavar="YYYY-MM-DD")
    p.add_argument("--patient", metavar="ID")
    p.add_argument("--practitioner", metavar="USER_ID")
    p.add_argument("--out", type=Path, metavar="FILE", help="export the day's list as CSV")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = book.add_parser("move", help="move an appointment to a new start (same length)")
    add_vault_args(p)
    p.add_argument("id", metavar="ID")
    p.add_argument("--start", required=True, metavar="YYYY-MM-DDTHH:MM")
    p.add_argument("--double-book", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_move)
    p = book.add_parser("cancel", help="cancel an appointment")
    add_vault_args(p)
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_status, status="cancelled")
    p = book.add_parser("status", help="arrived, noshow, fulfilled, booked…")
    add_vault_args(p)
    p.add_argument("id", metavar="ID")
    p.add_argument("status", choices=["booked", "arrived", "checked-in", "fulfilled",
                                      "noshow", "cancelled", "entered-in-error"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_status)
    p = book.add_parser("hours", help="the practice's opening hours and slot length "
                                      "(owner or admin to change them)")
    add_vault_args(p)
    p.add_argument("--set", action="append", metavar="DAY=HH:MM-HH:MM|closed",
                   help="one day's hours, such as mon=08:00-18:00 or sat=closed (repeat)")
    p.add_argument("--slot", type=int, metavar="MINUTES",
                   help="slot length: 5, 10, 15, 20, 30, 45 or 60")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_hours)
