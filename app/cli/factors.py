"""`medvault totp enrol` and `workstation enrol`: sign-in factors beyond the password."""

from __future__ import annotations

import argparse
import contextlib
import sys

from app.cli.common import SecretInput, Subparsers, add_vault_args, signed_in


def cmd_totp_enrol(args: argparse.Namespace) -> int:
    from app.core.factors import totp_begin, totp_confirm

    secrets = SecretInput(args.password_stdin)
    password = secrets.secret(f"Password for {args.user}: ", "the password")
    with signed_in(args, secrets, password) as session:
        enrolment = totp_begin(session)
        with contextlib.suppress(Exception):
            import segno

            segno.make(enrolment.uri, error="m").terminal(compact=True)
        print(f"Or enter this key in your authenticator app: {enrolment.secret}")
        sys.stdout.flush()
        code = secrets.text("Code shown by the app: ", "the authenticator code")
        totp_confirm(session, password, enrolment, code)
    print("Authenticator enrolled; each code now works once.")
    return 0


def cmd_workstation_enrol(args: argparse.Namespace) -> int:
    from app.core.factors import workstation_enrol

    secrets = SecretInput(args.password_stdin)
    password = secrets.secret(f"Password for {args.user}: ", "the password")
    with signed_in(args, secrets, password) as session:
        workstation_enrol(session, password)
    print("This workstation's keychain now holds a secret that your sign-in needs.")
    return 0


def register(sub: Subparsers) -> None:
    totp = sub.add_parser("totp", help="authenticator codes").add_subparsers(dest="action",
                                                                             required=True)
    p = totp.add_parser("enrol")
    add_vault_args(p)
    p.set_defaults(handler=cmd_totp_enrol)

    ws = sub.add_parser("workstation", help="the workstation factor").add_subparsers(
        dest="action", required=True)
    p = ws.add_parser("enrol")
    add_vault_args(p)
    p.set_defaults(handler=cmd_workstation_enrol)
