"""`medvault share …` and `medvault export`: sharing packages and the full encrypted export.

Secrets never go on the command line: with --password-stdin the acting user's password is
the first line of standard input and a package or export passphrase (--passphrase-stdin)
the next; without a vault (`share open --passphrase-stdin`) the passphrase is the first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import (
    SecretInput,
    Subparsers,
    add_vault_args,
    print_json,
    read_small_file,
    signed_in,
)
from app.core.errors import UsageError


def _passphrase(secrets: SecretInput) -> str:
    phrase = secrets.new_secret("Passphrase for the file: ", "the passphrase")
    if len(phrase) < 12:
        raise UsageError("A passphrase for a file that leaves the vault needs at least 12 "
                         "characters (several words are easiest to pass on).")
    return phrase


def _package_bytes(path: str) -> bytes:
    from app.core.sharing.package import MAX_PACKAGE_BYTES

    return read_small_file(path, "sharing package", MAX_PACKAGE_BYTES)


def cmd_share_create(args: argparse.Namespace) -> int:
    from app.core.atomic import atomic_write_bytes
    from app.core.sharing.share import create_share

    if sum(bool(x) for x in (args.to, args.to_recipient, args.passphrase_stdin)) != 1:
        raise UsageError("Give exactly one of --to, --to-recipient or --passphrase-stdin.")
    secrets = SecretInput(args.password_stdin)
    password = secrets.secret(f"Password for {args.user}: ", "the password")
    phrase = _passphrase(secrets) if args.passphrase_stdin else None
    out = Path(args.out)
    if out.exists():
        raise UsageError(f"{out} already exists; choose a new file name.")
    with signed_in(args, secrets, password) as session:
        created = create_share(
            session, args.patient, contact_id=args.to, recipient=args.to_recipient,
            passphrase=phrase,
            sections=args.sections.split(",") if args.sections else None, since=args.since,
            purpose=args.purpose, expires=args.expires,
            include_restricted=args.include_restricted or (),
            override_reason=args.override_reason, allow_unverified=args.allow_unverified,
            practice=args.practice or "")
        atomic_write_bytes(out, created.package)
    if args.json:
        print_json({**created.to_json(), "out": str(out)})
    else:
        print(f"Sharing package {created.package_id} written to {out} "
              f"({', '.join(created.sections)}).")
        if created.overridden:
            print("Sent without a matching consent: the override is flagged for review.")
    return 0


def _print_preview(shown: dict[str, object]) -> None:
    sender = shown["sender"]
    assert isinstance(sender, dict)
    trust = shown.get("sender_trust")
    state = trust["state"] if isinstance(trust, dict) else "no vault to compare with"
    print(f"Package:     {shown['package_id']}")
    print(f"From:        {sender['name']}, {sender['practice'] or 'no practice named'}")
    print(f"Fingerprint: {shown['sender_fingerprint']} ({state})")
    print(f"Purpose:     {shown['purpose']}; sections: {', '.join(shown['sections'])}")  # type: ignore[arg-type]
    print(f"Patient:     {shown['patient']}")
    print(f"Expires:     {shown['expires']}{'  EXPIRED' if shown['expired'] else ''}")
    contents = shown["contents"]
    assert isinstance(contents, dict)
    print("Contents:    " + ", ".join(f"{n} {k}" for k, n in sorted(contents.items())))


def cmd_share_open(args: argparse.Namespace) -> int:
    from app.core.sharing.package import open_package
    from app.core.sharing.share import open_in_vault, preview

    data = _package_bytes(args.file)
    if args.vault:
        if not args.user:
            raise UsageError("With --vault, say who you are (--as USER).")
        with signed_in(args) as session:
            _, shown = open_in_vault(session, data)
    elif args.identity:
        text = read_small_file(args.identity, "identity file", 64 * 1024).decode()
        keys = [line.strip() for line in text.splitlines()
                if line.strip().upper().startswith("AGE-SECRET-KEY-1")]
        shown = preview(open_package(data, identities=keys), None)
    elif args.passphrase_stdin:
        phrase = SecretInput(True).secret("", "the passphrase")
        shown = preview(open_package(data, passphrase=phrase), None)
    else:
        raise UsageError("Open with --vault VAULT --as USER, --identity FILE or "
                         "--passphrase-stdin.")
    if args.json:
        print_json(shown.to_json())
    else:
        _print_preview(shown.to_json())
    return 0


def cmd_share_import(args: argparse.Namespace) -> int:
    from app.core.sharing.share import import_share

    data = _package_bytes(args.file)
    with signed_in(args) as session:
        result = import_share(session, data, patient_id=args.patient,
                              new_patient=args.new_patient,
                              expired_reason=args.accept_expired,
                              unknown_sender_reason=args.accept_unknown_sender,
                              dry_run=args.dry_run)
    if args.json:
        print_json(result.to_json())
        return 0
    report = result.report.to_json()
    verb = "Would import" if args.dry_run else "Imported"
    print(f"{verb} package {result.package_id} (sender {result.trust.state}): "
          + ", ".join(f"{n} {k}" for k, n in report["imported"].items())
          + f"; {len(report['duplicates'])} duplicates skipped.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.core.sharing.export import export_vault

    if bool(args.to_recipient) == bool(args.passphrase_stdin):
        raise UsageError("Give --to-recipient age1… or --passphrase-stdin.")
    secrets = SecretInput(args.password_stdin)
    password = secrets.secret(f"Password for {args.user}: ", "the password")
    phrase = _passphrase(secrets) if args.passphrase_stdin else None

    def progress(done: int, total: int, text: str) -> None:
        if total and sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    with signed_in(args, secrets, password) as session:
        result = export_vault(session, Path(args.out), patient_id=args.patient,
                              everything=args.all,
                              recipients=[args.to_recipient] if args.to_recipient else None,
                              passphrase=phrase, progress=progress)
    if args.json:
        print_json(result.to_json())
    else:
        total = sum(result.counts.values())
        print(f"Export {result.export_id} written to {result.path}: {result.patients} "
              f"patients, {total} FHIR resources, {result.documents} documents.")
    return 0


def register(sub: Subparsers) -> None:
    share = sub.add_parser("share", help="sharing packages").add_subparsers(
        dest="action", required=True)
    p = share.add_parser("create", help="write an encrypted, signed package for a recipient")
    add_vault_args(p)
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--to", metavar="CONTACT", help="a contact id (their card's key)")
    p.add_argument("--to-recipient", metavar="AGE1…", help="a bare age public key")
    p.add_argument("--passphrase-stdin", action="store_true",
                   help="encrypt to a passphrase read from standard input")
    p.add_argument("--sections", metavar="A,B", help="sections to send (default: all)")
    p.add_argument("--since", metavar="DATE", help="only entries from this date on")
    p.add_argument("--purpose", default="referral")
    p.add_argument("--expires", metavar="DATE", help="default: 30 days from now")
    p.add_argument("--include-restricted", nargs="+", metavar="ID")
    p.add_argument("--override-reason", metavar="TEXT",
                   help="send without a matching consent (flagged for review)")
    p.add_argument("--allow-unverified", action="store_true",
                   help="send to a contact whose key nobody has verified yet")
    p.add_argument("--practice", metavar="NAME", help="your practice, as the package names it")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_share_create)

    p = share.add_parser("open", help="verify a package and show what is inside")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--vault", metavar="VAULT")
    p.add_argument("--as", dest="user", metavar="USER")
    p.add_argument("--totp", metavar="CODE")
    p.add_argument("--password-stdin", action="store_true")
    p.add_argument("--identity", metavar="FILE", help="an age identity file")
    p.add_argument("--passphrase-stdin", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_share_open)

    p = share.add_parser("import", help="import a package through the FHIR import")
    add_vault_args(p)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--patient", metavar="ID", help="file it under this existing patient")
    p.add_argument("--new-patient", action="store_true")
    p.add_argument("--accept-expired", metavar="REASON")
    p.add_argument("--accept-unknown-sender", metavar="REASON")
    p.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_share_import)

    p = sub.add_parser("export", help="the full encrypted export (GDPR Art. 15/20)")
    add_vault_args(p)
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--patient", metavar="ID")
    scope.add_argument("--all", action="store_true", help="every patient (owner only)")
    p.add_argument("--to-recipient", metavar="AGE1…")
    p.add_argument("--passphrase-stdin", action="store_true")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_export)
