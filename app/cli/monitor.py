"""`medvault monitor`: the insider-monitoring flags (owner and auditor), and reviewing one
(owner and auditor)."""

from __future__ import annotations

import argparse

from app.cli.common import Subparsers, add_vault_args, print_json, signed_in


def cmd_monitor(args: argparse.Namespace) -> int:
    from app.core.monitoring import review_flag, run_rules, unreviewed

    with signed_in(args) as session:
        if args.review:
            review = review_flag(session, args.review, args.note or "")
            if args.json:
                print_json({"id": review.flag_id, "by": review.by, "at": review.at})
                return 0
            print(f"Flag {args.review} marked as reviewed.")
            return 0
        flags = run_rules(session)
        shown = flags if args.all else unreviewed(session, flags)
    if args.json:
        print_json([f.to_json() for f in shown])
        return 0
    if not shown:
        print("No unreviewed flags." if not args.all else "No flags.")
    for flag in shown:
        print(f"{flag.flag_id}  {flag.rule:22} {flag.actor:16} {flag.when}  {flag.evidence}")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("monitor", help="flags of unusual access from the audit log")
    add_vault_args(p)
    p.add_argument("--all", action="store_true", help="include flags already reviewed")
    p.add_argument("--review", metavar="FLAG_ID",
                   help="mark a flag as reviewed (owner or auditor; never a flag about "
                        "yourself while someone else may)")
    p.add_argument("--note", help="with --review: a note (kept out of the log)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_monitor)
