"""`medvault incident export|verify`: the incident evidence package (owner and auditor).

With --password-stdin the acting user's password is the first line of standard input and
the package passphrase (--passphrase-stdin) the next; `incident verify --passphrase-stdin`
reads the passphrase as the first line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import SecretInput, Subparsers, add_vault_args, print_json, signed_in
from app.core.errors import UsageError


def cmd_incident_export(args: argparse.Namespace) -> int:
    from app.core import clock
    from app.core.incident import export_incident, parse_time

    if bool(args.to_recipient) == bool(args.passphrase_stdin):
        raise UsageError("Give --to-recipient age1… or --passphrase-stdin.")
    start = parse_time(args.start)
    end = parse_time(args.end, end_of_day=True)
    discovered = parse_time(args.discovered) if args.discovered != "now" else clock.now()
    secrets = SecretInput(args.password_stdin)
    password = secrets.secret(f"Password for {args.user}: ", "the password")
    phrase = None
    if args.passphrase_stdin:
        phrase = secrets.new_secret("Passphrase for the package: ", "the passphrase")
        if len(phrase) < 12:
            raise UsageError("A passphrase for evidence that leaves the vault needs at "
                             "least 12 characters.")
    with signed_in(args, secrets, password) as session:
        result = export_incident(session, Path(args.out), start=start, end=end,
                                 discovered=discovered, user=args.account,
                                 patient_id=args.patient,
                                 recipients=args.to_recipient or None, passphrase=phrase)
    if args.json:
        print_json(result.to_json())
    else:
        print(f"Incident package {result.package_id} written to {result.path}: "
              f"{result.entries} audit entries, {result.patients} patients affected "
              f"({result.records} records), {result.flags} monitoring flags.")
        print(f"Notify the supervisory authority by {result.notify_by} (72 hours after "
              "discovery). The worksheet inside is pre-filled; complete it.")
    return 0


def cmd_incident_verify(args: argparse.Namespace) -> int:
    from app.cli.common import read_small_file
    from app.core.incident import MAX_PACKAGE_BYTES, open_incident

    if bool(args.identity) == bool(args.passphrase_stdin):
        raise UsageError("Give --identity FILE or --passphrase-stdin.")
    identities = None
    phrase = None
    if args.identity:
        text = read_small_file(args.identity, "identity file", 64 * 1024).decode()
        identities = [line.strip() for line in text.splitlines()
                      if line.strip().upper().startswith("AGE-SECRET-KEY-1")]
    else:
        phrase = SecretInput(True).secret("", "the passphrase")
    path = Path(args.file)
    if not path.is_file() or path.stat().st_size > MAX_PACKAGE_BYTES + 1024 * 1024:
        raise UsageError(f"{path} is not an incident package file.")
    with path.open("rb") as source:
        _members, result = open_incident(source, identities=identities, passphrase=phrase)
    if args.json:
        print_json({"verified": result.verified, "entries": result.entries,
                    "seals": result.seals, "problems": result.problems,
                    "notes": result.notes})
    else:
        for line in result.notes + [f"PROBLEM: {p}" for p in result.problems]:
            print(line)
        if result.verified:
            print(f"Verified: {result.entries} audit entries form an unbroken part of the "
                  f"vault's chain; {result.seals} session seals verified; every file "
                  "matches the signed manifest.")
    return 0 if result.verified else 5


def register(sub: Subparsers) -> None:
    incident = sub.add_parser("incident", help="incident evidence packages").add_subparsers(
        dest="action", required=True)
    p = incident.add_parser("export", help="write an encrypted evidence package for a "
                                           "window of time (owner, auditor)")
    add_vault_args(p)
    p.add_argument("--from", dest="start", required=True, metavar="TIME",
                   help="start of the window: 2025-03-01 or 2025-03-01T14:30 (local time)")
    p.add_argument("--to", dest="end", required=True, metavar="TIME",
                   help="end of the window (a bare date means the end of that day)")
    p.add_argument("--discovered", required=True, metavar="TIME",
                   help="when the incident was discovered (or 'now'); the 72-hour "
                        "deadline runs from it")
    p.add_argument("--user", dest="account", metavar="NAME",
                   help="narrow the affected patients to what this account did")
    p.add_argument("--patient", metavar="ID", help="narrow to one patient")
    p.add_argument("--to-recipient", action="append", metavar="AGE1…",
                   help="encrypt to this age public key (repeatable)")
    p.add_argument("--passphrase-stdin", action="store_true",
                   help="encrypt to a passphrase read from standard input")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_incident_export)
    p = incident.add_parser("verify", help="check a package: signature, hashes, the "
                                           "audit chain and its seals")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--identity", metavar="FILE", help="an age identity file")
    p.add_argument("--passphrase-stdin", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_incident_verify)
