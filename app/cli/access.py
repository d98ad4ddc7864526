"""`medvault restricted open`, `review …` and `access-report`: who may see a record, and who did."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import (
    Subparsers,
    add_vault_args,
    password_first,
    phi_value,
    print_json,
    signed_in,
)


def cmd_restricted_open(args: argparse.Namespace) -> int:
    from app.core.records.restricted import open_restricted

    secrets, password = password_first(args)
    reason = phi_value(args.reason, "a break-glass reason", "--reason") or ""
    with signed_in(args, secrets, password) as session:
        grant = open_restricted(session, args.patient, reason, args.minutes,
                                entry_id=args.entry)
    if args.json:
        print_json({"grant": grant.id, "patient": grant.patient_id, "entry": grant.entry_id,
                    "expires_at": grant.expires_at, "flagged_for_review": True})
        return 0
    print(f"Access granted until {grant.expires_at}. It is flagged for the owner's review.")
    return 0


def cmd_review_list(args: argparse.Namespace) -> int:
    from app.core.records.emergency import review_queue

    with signed_in(args) as session:
        queue = review_queue(session, include_reviewed=args.all)
    if args.json:
        print_json([g.to_json() for g in queue])
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
    if args.json:
        print_json({"reviewed": args.id})
        return 0
    print("Marked as reviewed.")
    return 0


def cmd_access_report(args: argparse.Namespace) -> int:
    from app.core.records.access_report import access_report, export_access_report, render

    with signed_in(args) as session:
        report = access_report(session, args.patient)
        if args.out:
            path = export_access_report(session, report, Path(args.out), args.format)
    if args.json:
        if args.out:
            print_json({"written": str(path), "events": len(report.events)})
        else:
            sys.stdout.write(render(report, "json").decode() + "\n")
        return 0
    if args.out:
        print(f"Wrote the access report ({len(report.events)} events) to {path}.")
    else:
        sys.stdout.write(render(report, args.format or "text").decode())
    return 0


def register(sub: Subparsers) -> None:
    restricted = sub.add_parser("restricted", help="restricted records (break-glass)"
                                ).add_subparsers(dest="action", required=True)
    p = restricted.add_parser("open", help="open a restricted record with a reason")
    add_vault_args(p)
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--entry", metavar="ID")
    p.add_argument("--reason", required=True,
                   help="why you need the record; - reads it from standard input")
    p.add_argument("--minutes", type=float, default=60)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_restricted_open)

    review = sub.add_parser("review", help="the owner's break-glass review queue"
                            ).add_subparsers(dest="action", required=True)
    p = review.add_parser("list")
    add_vault_args(p)
    p.add_argument("--all", action="store_true", help="include reviewed entries")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_review_list)
    p = review.add_parser("mark")
    add_vault_args(p)
    p.add_argument("id", metavar="GRANT")
    p.add_argument("--note")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_review_mark)

    p = sub.add_parser("access-report", help="who opened or changed a patient's record")
    add_vault_args(p)
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--out", metavar="FILE", help=".csv, .json or .html (else text)")
    p.add_argument("--format", choices=["csv", "json", "html", "text"])
    p.add_argument("--json", action="store_true",
                   help="the report as JSON on standard output, or with --out a summary")
    p.set_defaults(handler=cmd_access_report)
