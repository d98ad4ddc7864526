"""`medvault health`: the security health check, for the owner and the auditor.

Exit codes for monitoring scripts: 0 every check ok (an "unknown", which the machine
cannot tell, does not count against it), 1 warnings, 12 problems (8 and 11 mean other
things: see the README), 4 not permitted.
"""

from __future__ import annotations

import argparse

from app.cli.common import Subparsers, add_vault_args, print_json, signed_in

EXIT_HEALTH_WARNINGS = 1
EXIT_HEALTH_PROBLEMS = 12
_MARK = {"ok": "ok     ", "warning": "WARNING", "problem": "PROBLEM", "unknown": "unknown"}


def cmd_health(args: argparse.Namespace) -> int:
    from app.core.health import health_check

    with signed_in(args) as session:
        report = health_check(session)
    if args.json:
        print_json(report.to_json())
    else:
        for finding in report.findings:
            print(f"{_MARK[finding.status]}  {finding.check}: {finding.evidence}")
            if finding.status != "ok" and finding.action:
                print(f"         → {finding.action}")
    if report.worst == "problem":
        return EXIT_HEALTH_PROBLEMS
    return EXIT_HEALTH_WARNINGS if report.worst == "warning" else 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("health", help="the security health check (owner, auditor)")
    add_vault_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_health)
