"""`medvault init`, `recover` and `verify`: creating a vault, regaining it, checking it."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import (
    SecretInput,
    Subparsers,
    add_vault_args,
    add_wait_arg,
    heads_from,
    print_json,
    report_problems,
    signed_in,
    warn_if_test_kdf,
)


def cmd_init(args: argparse.Namespace) -> int:
    from app.core.vault import create_vault

    if args.group:
        from app.core.shared_folder import group_id

        group_id(args.group)  # an unknown group fails before anything is created
    own = None
    if args.me_given or args.me_family or args.me_born:
        # A personal vault's owner, filed as its first person (their own record).
        from app.core.errors import UsageError
        from app.core.records.patients import PatientInput

        if not args.personal:
            raise UsageError("--me-given, --me-family and --me-born describe the owner of a "
                             "personal vault; add --personal.")
        own = PatientInput(family=args.me_family or "", given=args.me_given or "",
                           birth_date=args.me_born)
    secrets = SecretInput(args.password_stdin)
    password = secrets.new_secret(f"New password for {args.owner}: ", "the owner's password")
    warn_if_test_kdf()
    created = create_vault(Path(args.vault), owner_name=args.owner, password=password,
                           kind="personal" if args.personal else "practice",
                           full_name=args.full_name or "", use_workstation=args.workstation,
                           own_record=own)
    if args.group:
        from app.core.shared_folder import share_with_group

        share_with_group(created.path, args.group)
    if args.json:
        # The recovery key as a field of its own: scripts must never scrape it from text.
        print_json({"vault": str(created.path), "vault_id": created.vault_id,
                    "owner": args.owner, "group": args.group,
                    "recovery_key": created.recovery_key})
        return 0
    print(f"Created the vault at {created.path}" + (f", shared with the OS group "
                                                    f"{args.group}." if args.group else "."))
    print()
    print("RECOVERY KEY (shown once; print it or write it down and keep it safe):")
    print(f"    {created.recovery_key}")
    print()
    print("With this key the owner can set a new password if the current one is lost")
    print("(medvault recover). Anyone holding it and the vault files can open the vault.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from app.core.vault import OpenVault

    secrets = SecretInput(args.password_stdin)
    with OpenVault.open(Path(args.vault)) as vault:
        key = secrets.secret("Recovery key: ", "the recovery key")
        new_password = secrets.new_secret("New owner password: ", "the new password")
        session = vault.unlock_with_recovery(key, new_password)
        owner = session.user.name
        session.close("close")
    if args.json:
        print_json({"owner": owner, "password_replaced": True, "totp_reset": True})
        return 0
    print("The owner's password was replaced. Authenticator (TOTP) enrolment was reset; "
          "enrol again after signing in.")
    return 0


def cmd_recovery_key_new(args: argparse.Namespace) -> int:
    from app.core.recovery_key import regenerate_recovery_key

    secrets = SecretInput(args.password_stdin)
    password = secrets.secret(f"Password for {args.user}: ", "the password")
    with signed_in(args, secrets, password) as session:
        key = regenerate_recovery_key(session, password)
    if args.json:
        print_json({"recovery_key": key, "old_key_void": True})
        return 0
    print("NEW RECOVERY KEY (shown once; print it or write it down and keep it safe):")
    print(f"    {key}")
    print()
    print("The old recovery key no longer opens the vault: destroy the old emergency kit.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.core.verification import verify_vault

    # Works in place on read-only media too (app/core/read_only.py), saying so.
    with signed_in(args, read_only_ok=True) as session:
        report = verify_vault(session, heads_from(args.head))
    if args.json:
        print_json({"ok": report.ok, "checked": report.checked, "problems": report.problems,
                    "read_only": session.read_only, "not_recorded": session.not_recorded})
        return 0 if report.ok else 5
    if report.ok:
        print(f"The vault is intact. Checked: {', '.join(report.checked)}.")
        return 0
    return report_problems(report.problems,
                           "The vault is damaged. Restore it from a backup (medvault restore).")


def register(sub: Subparsers) -> None:
    p = sub.add_parser("init", help="create a vault")
    add_vault_args(p, acting=False)
    p.add_argument("--owner", required=True, metavar="NAME")
    p.add_argument("--full-name", metavar="TEXT")
    p.add_argument("--personal", action="store_true", help="a patient's own vault")
    p.add_argument("--me-given", metavar="NAME", help="personal vault: the owner's given name "
                   "(their own record is made with the vault)")
    p.add_argument("--me-family", metavar="NAME", help="personal vault: the owner's family name")
    p.add_argument("--me-born", metavar="DATE", help="personal vault: the owner's birth date")
    p.add_argument("--workstation", action="store_true",
                   help="also require this workstation's keychain secret")
    p.add_argument("--group", metavar="GROUP",
                   help="share the vault folder with this OS group (several OS accounts)")
    p.add_argument("--json", action="store_true",
                   help="print the vault id and the recovery key as JSON")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("recover", help="set a new owner password with the recovery key")
    add_vault_args(p, acting=False)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_recover)

    p = sub.add_parser("recovery-key", help="the owner's recovery key").add_subparsers(
        dest="action", required=True).add_parser(
            "new", help="replace the recovery key; the old one stops working")
    add_vault_args(p)
    p.add_argument("--json", action="store_true",
                   help="print the new recovery key as JSON")
    p.set_defaults(handler=cmd_recovery_key_new)

    p = sub.add_parser("verify", help="check pages, audit chain and key slots")
    add_vault_args(p)
    p.add_argument("--head", metavar="FILE", help="a saved audit head to check against")
    add_wait_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_verify)
