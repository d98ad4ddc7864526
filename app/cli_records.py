"""Records subcommands for `medvault`: patients, notes, search, access reports, demo data.

Thin, like the rest of the CLI: parse, call `app.core.records`, print. Clinical text given
on the command line is visible to other local users (process list, shell history), so
`--text -` reads it from standard input instead (after the password, with
--password-stdin).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import _add_vault_args, _print_json, signed_in
from app.cli_io import SecretInput
from app.core.errors import UsageError


def _text_argument(value: str, what: str) -> str:
    if value != "-":
        return value
    text = sys.stdin.read()
    if not text.strip():
        raise UsageError(f"Expected {what} on standard input.")
    return text


# -- patients ----------------------------------------------------------------------------
def cmd_patient_add(args: argparse.Namespace) -> int:
    from app.core.records.patients import PatientInput, add_patient

    data = PatientInput(family=args.family, given=args.given, birth_date=args.birth_date,
                        mrn=args.mrn, sex=args.sex, phone=args.phone, email=args.email,
                        restricted=args.restricted)
    with signed_in(args) as session:
        patient = add_patient(session, data)
    if args.json:
        _print_json(patient.to_json())
    else:
        print(f"Added {patient.display_name} with id {patient.id}.")
    return 0


def cmd_patient_find(args: argparse.Namespace) -> int:
    from app.core.records.search import find_patients

    with signed_in(args) as session:
        found = find_patients(session, args.query, limit=args.limit)
    if args.json:
        _print_json([p.to_json() for p in found])
        return 0
    if not found:
        print("No patients found.")
    for p in found:
        flag = "  [restricted]" if p.restricted else ""
        print(f"{p.id}  {p.display_name:40} {p.birth_date or '-':10}  {p.mrn or '-'}{flag}")
    return 0


def cmd_patient_show(args: argparse.Namespace) -> int:
    from app.core.records.chart import open_chart
    from app.core.records.patients import get_patient

    with signed_in(args) as session:
        chart = open_chart(session, args.id) if args.chart else None
        patient = chart.patient if chart else get_patient(session, args.id)
    if args.json:
        _print_json(chart.to_json() if chart else patient.to_json())
        return 0
    print(f"{patient.display_name}  (id {patient.id})")
    for label, value in (("Born", patient.birth_date), ("Sex", patient.sex),
                         ("Gender", patient.gender), ("MRN", patient.mrn),
                         ("Phone", patient.phone), ("Email", patient.email)):
        if value:
            print(f"  {label + ':':8} {value}")
    if patient.restricted:
        print("  This record is restricted.")
    if chart is not None:
        _print_chart(chart)
    return 0


def _print_chart(chart: Any) -> None:
    sections = (("Allergies", chart.allergies), ("Problems", chart.conditions),
                ("Medications", chart.medications), ("Immunizations", chart.immunizations))
    for title, entries in sections:
        print(f"{title}: " + (", ".join(e.data.code.text for e in entries) or "none recorded"))
    print(f"Latest of {chart.observation_count} observations:")
    for e in chart.latest_observations:
        value = e.data.value if e.data.value is not None else e.data.value_text
        print(f"  {e.data.code.text}: {value} {e.data.unit or ''}  ({e.data.effective[:10]})")
    print(f"Notes: {len(chart.notes)}; documents: {len(chart.documents)}")
    if chart.hidden_restricted:
        print(f"{chart.hidden_restricted} restricted entries are not shown; open them with a "
              "reason (medvault restricted open).")


def cmd_patient_erase(args: argparse.Namespace) -> int:
    from app.core.records.erasure import erase_patient

    with signed_in(args) as session:
        result = erase_patient(session, args.id, args.reason)
    print(f"Erased patient {result.patient_id}: {sum(result.rows.values())} rows removed "
          "from both compartments, and the files rewritten.")
    return 0


# -- notes -------------------------------------------------------------------------------
def cmd_note_add(args: argparse.Namespace) -> int:
    from app.core.records.notes import NoteContent, add_note

    secrets = SecretInput(args.password_stdin)
    password = secrets.secret(f"Password for {args.user}: ", "the password")
    text = _text_argument(args.text, "the note's text")
    with signed_in(args, secrets, password) as session:
        note = add_note(session, args.patient, NoteContent(title=args.title or "", body=text),
                        sign=not args.draft, restricted=args.restricted)
    if args.json:
        _print_json(note.to_json())
    else:
        state = "saved as a draft" if note.status == "draft" else "signed"
        print(f"Note {note.id} {state}.")
    return 0


def cmd_note_search(args: argparse.Namespace) -> int:
    from app.core.records.search import search_text

    with signed_in(args) as session:
        hits = search_text(session, args.query, limit=args.limit, patient_id=args.patient)
    if args.json:
        _print_json([h.to_json() for h in hits])
        return 0
    if not hits:
        print("Nothing found.")
    for h in hits:
        print(f"{h.date[:10]}  {h.patient_name}  {h.kind} {h.entry_id}")
        print(f"    {h.snippet}")
    return 0


# -- restricted access, review queue, access report ----------------------------------------
def cmd_restricted_open(args: argparse.Namespace) -> int:
    from app.core.records.restricted import open_restricted

    with signed_in(args) as session:
        grant = open_restricted(session, args.patient, args.reason, args.minutes,
                                entry_id=args.entry)
    print(f"Access granted until {grant.expires_at}. It is flagged for the owner's review.")
    return 0


def cmd_review_list(args: argparse.Namespace) -> int:
    from app.core.records.emergency import review_queue

    with signed_in(args) as session:
        queue = review_queue(session, include_reviewed=args.all)
    if args.json:
        _print_json([g.to_json() for g in queue])
        return 0
    if not queue:
        print("Nothing waits for review.")
    for g in queue:
        what = f"patient {g.patient_id}" if g.patient_id else "emergency account activation"
        done = f"  reviewed by {g.reviewed_by}" if g.reviewed else ""
        print(f"{g.id}  {g.granted_at[:16]}  {g.user_name}: {what} ({g.reason}){done}")
    return 0


def cmd_review_mark(args: argparse.Namespace) -> int:
    from app.core.records.emergency import mark_reviewed

    with signed_in(args) as session:
        mark_reviewed(session, args.id, args.note or "")
    print("Marked as reviewed.")
    return 0


def cmd_access_report(args: argparse.Namespace) -> int:
    from app.core.records.access_report import access_report, export_access_report, render

    with signed_in(args) as session:
        report = access_report(session, args.patient)
        if args.out:
            path = export_access_report(session, report, Path(args.out), args.format)
    if args.out:
        print(f"Wrote the access report ({len(report.events)} events) to {path}.")
    else:
        sys.stdout.write(render(report, args.format or "text").decode())
    return 0


# -- demo --------------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    from app.core.records.demo import fill_demo
    from app.core.vault import OpenVault, create_vault

    if args.patients < 1:
        raise UsageError("Ask for at least one demo patient.")
    secrets = SecretInput(args.password_stdin)
    password = secrets.new_secret("New password for the demo owner: ",
                                  "the demo owner's password")
    created = create_vault(Path(args.vault), owner_name="demo", password=password,
                           kind="practice", vault_name="MedVault demo")
    print(f"Created the demo vault at {created.path}; its owner is \"demo\".")
    print(f"Recovery key (shown once): {created.recovery_key}")
    step = max(1, args.patients // 20)
    shown = [0]

    def progress(done: int, total: int) -> None:
        if done - shown[0] >= step or done == total:
            shown[0] = done
            print(f"  {done:,} of {total:,} patients", flush=True)

    with OpenVault.open(created.path) as vault:
        session = vault.unlock("demo", password)
        try:
            summary = fill_demo(session, args.patients, seed=args.seed, progress=progress)
        finally:
            session.close("close")
    print(f"Filled in {summary.seconds:.1f} s: {summary.patients:,} patients, "
          f"{summary.encounters:,} encounters, {summary.notes:,} notes, "
          f"{summary.observations:,} observations, {summary.medications:,} medications, "
          f"{summary.allergies:,} allergies. All invented; no real person is in it.")
    return 0


def register(sub: Any) -> None:
    """Add the records subcommands to `medvault`'s subparsers."""
    patient = sub.add_parser("patient", help="patients in the registry").add_subparsers(
        dest="action", required=True)
    p = patient.add_parser("add", help="register a patient")
    _add_vault_args(p)
    p.add_argument("--family", required=True, metavar="F")
    p.add_argument("--given", required=True, metavar="G")
    p.add_argument("--birth-date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--mrn", metavar="M")
    p.add_argument("--sex", choices=["female", "male", "other", "unknown"])
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument("--restricted", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patient_add)
    p = patient.add_parser("find", help="find by name prefix, birth date or MRN")
    _add_vault_args(p)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patient_find)
    p = patient.add_parser("show", help="a patient's details (--chart: the clinical chart)")
    _add_vault_args(p)
    p.add_argument("id", metavar="ID")
    p.add_argument("--chart", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_patient_show)
    p = patient.add_parser("erase", help="erase a patient, if the machine policy allows")
    _add_vault_args(p)
    p.add_argument("id", metavar="ID")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_patient_erase)

    note = sub.add_parser("note", help="clinical notes").add_subparsers(dest="action",
                                                                        required=True)
    p = note.add_parser("add", help="write a note (signed unless --draft)")
    _add_vault_args(p)
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--text", required=True, metavar="TEXT",
                   help="the note; - reads it from standard input")
    p.add_argument("--title")
    p.add_argument("--draft", action="store_true")
    p.add_argument("--restricted", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_note_add)
    p = note.add_parser("search", help="full-text search over notes and documents")
    _add_vault_args(p)
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--patient", metavar="ID")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_note_search)

    restricted = sub.add_parser("restricted", help="restricted records (break-glass)"
                                ).add_subparsers(dest="action", required=True)
    p = restricted.add_parser("open", help="open a restricted record with a reason")
    _add_vault_args(p)
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--entry", metavar="ID")
    p.add_argument("--reason", required=True)
    p.add_argument("--minutes", type=float, default=60)
    p.set_defaults(handler=cmd_restricted_open)

    review = sub.add_parser("review", help="the owner's break-glass review queue"
                            ).add_subparsers(dest="action", required=True)
    p = review.add_parser("list")
    _add_vault_args(p)
    p.add_argument("--all", action="store_true", help="include reviewed entries")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_review_list)
    p = review.add_parser("mark")
    _add_vault_args(p)
    p.add_argument("id", metavar="GRANT")
    p.add_argument("--note")
    p.set_defaults(handler=cmd_review_mark)

    p = sub.add_parser("access-report", help="who opened or changed a patient's record")
    _add_vault_args(p)
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--out", metavar="FILE", help=".csv, .json or .html (else text)")
    p.add_argument("--format", choices=["csv", "json", "html", "text"])
    p.set_defaults(handler=cmd_access_report)

    p = sub.add_parser("demo", help="create a new vault full of invented patients")
    _add_vault_args(p, acting=False)
    p.add_argument("--patients", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(handler=cmd_demo)
