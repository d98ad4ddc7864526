"""`medvault report security`: the compliance statement (owner and auditor)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import Subparsers, add_vault_args, signed_in


def cmd_report_security(args: argparse.Namespace) -> int:
    from app.core.compliance import format_for, write_statement

    out = Path(args.out)
    format_for(out)  # a wrong suffix is a usage error before anyone signs in
    with signed_in(args) as session:
        statement = write_statement(session, out)
    counts = statement.counts()
    if args.json:
        import json

        print(json.dumps({"out": str(out), "controls": counts}))
        return 0
    print(f"Wrote the compliance statement to {out}: {counts['met']} controls met, "
          f"{counts['partly']} partly met, {counts['not covered']} not covered. Complete "
          "the fields of the record of processing marked for the controller.")
    return 0


def register(sub: Subparsers) -> None:
    report = sub.add_parser("report", help="statements about this vault").add_subparsers(
        dest="action", required=True)
    p = report.add_parser("security", help="the compliance statement and GDPR Art. 30 "
                                           "record (owner, auditor)")
    add_vault_args(p)
    p.add_argument("--out", metavar="FILE", required=True,
                   help="FILE.pdf, FILE.html or FILE.json")
    p.add_argument("--json", action="store_true", help="say what was written as JSON")
    p.set_defaults(handler=cmd_report_security)
