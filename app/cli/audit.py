"""`medvault audit …`: checking the audit chain and exporting the log."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.common import (
    Subparsers,
    add_vault_args,
    add_wait_arg,
    heads_from,
    print_json,
    report_problems,
    signed_in,
)
from app.core.errors import UsageError


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app.core.verification import verify_audit

    # Works in place on read-only media too (app/core/read_only.py), saying so.
    with signed_in(args, read_only_ok=True) as session:
        report = verify_audit(session, heads_from(args.head))
    if args.json:
        print_json({"ok": report.ok, "entries": report.entries,
                    "heads_checked": report.heads_checked, "problems": report.problems,
                    "head": report.head.to_json() if report.head else None})
        return 0 if report.ok else 5
    if report.ok:
        head = report.head.to_json() if report.head else None
        print(f"The audit chain is intact: {report.entries} entries. Head: {json.dumps(head)}")
        return 0
    return report_problems(report.problems, "The audit log has been tampered with or damaged.")


def cmd_audit_export(args: argparse.Namespace) -> int:
    from app.core.verification import export_audit

    if not args.out:
        raise UsageError("Say where to write the log with --out FILE.")
    out = Path(args.out)
    fmt = args.format or ("json" if out.suffix.lower() == ".json" else "csv")
    with signed_in(args) as session:
        count = export_audit(session, out, fmt)
    if args.json:
        print_json({"written": str(out), "format": fmt, "entries": count})
        return 0
    print(f"Wrote {count} audit entries to {out}.")
    return 0


def register(sub: Subparsers) -> None:
    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="action",
                                                                         required=True)
    p = audit.add_parser("verify")
    add_vault_args(p)
    p.add_argument("--head", metavar="FILE", help="a saved head (backup.json or export)")
    add_wait_arg(p)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit_verify)
    p = audit.add_parser("export")
    add_vault_args(p)
    p.add_argument("--out", metavar="FILE")
    p.add_argument("--format", choices=["csv", "json"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit_export)
