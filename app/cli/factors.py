"""`medvault factors`, `totp enrol` and `workstation enrol`: sign-in factors beyond the
password, and which of them the acting user may change (core's answer)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys

from app.cli.common import Subparsers, add_vault_args, password_first, print_json, signed_in

_WHY_NOT = {"policy_disabled": "the machine policy turns it off",
            "policy_required": "the machine policy requires it",
            "role_required": "this vault requires it for your role",
            "no_keychain": "this computer has no keychain MedVault can use"}


def cmd_factors(args: argparse.Namespace) -> int:
    from app.core.factors import FactorChoice, sign_in_factors

    with signed_in(args) as session:
        factors = sign_in_factors(session)
    if args.json:
        print_json(factors.to_json())
        return 0

    def line(name: str, choice: FactorChoice, how: str) -> str:
        state = "on" if choice.enrolled else "off"
        if choice.enrolled:
            change = ("you may turn it off" if choice.may_remove else
                      f"it stays on: {_WHY_NOT[choice.why_not_remove or '']}")
        else:
            change = (f"you may turn it on ({how})" if choice.may_add else
                      f"it cannot be turned on: {_WHY_NOT[choice.why_not_add or '']}")
        return f"{name:13} {state:4} {change}"

    print(line("authenticator", factors.totp, "medvault totp enrol"))
    print(line("workstation", factors.workstation, "medvault workstation enrol"))
    print(f"{'PIN unlock':13} {'allowed' if factors.pin_allowed else 'not allowed'} by the "
          "vault's settings (set in the window, after an idle lock)")
    return 0


def cmd_totp_enrol(args: argparse.Namespace) -> int:
    from app.core.factors import totp_begin, totp_confirm

    secrets, password = password_first(args)
    with signed_in(args, secrets, password) as session:
        enrolment = totp_begin(session)
        if args.json:
            # JSON Lines: this object first (a script gives the key to the authenticator
            # and writes its code to standard input), the outcome on the next line.
            print(json.dumps({"step": "enter_code", "secret": enrolment.secret,
                              "uri": enrolment.uri}), flush=True)
        else:
            with contextlib.suppress(Exception):
                import segno

                segno.make(enrolment.uri, error="m").terminal(compact=True)
            print(f"Or enter this key in your authenticator app: {enrolment.secret}")
            sys.stdout.flush()
        code = secrets.text("Code shown by the app: ", "the authenticator code")
        totp_confirm(session, password, enrolment, code)
        user = session.user.name
    if args.json:
        print(json.dumps({"step": "done", "user": user, "totp": True}))
        return 0
    print("Authenticator enrolled; each code now works once.")
    return 0


def cmd_workstation_enrol(args: argparse.Namespace) -> int:
    from app.core.factors import workstation_enrol

    secrets, password = password_first(args)
    with signed_in(args, secrets, password) as session:
        workstation_enrol(session, password)
        user = session.user.name
    if args.json:
        print_json({"user": user, "workstation": True})
        return 0
    print("This workstation's keychain now holds a secret that your sign-in needs.")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("factors", help="your sign-in factors and which you may change")
    add_vault_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_factors)

    totp = sub.add_parser("totp", help="authenticator codes").add_subparsers(dest="action",
                                                                             required=True)
    p = totp.add_parser("enrol")
    add_vault_args(p)
    p.add_argument("--json", action="store_true",
                   help="JSON Lines: the key first, then the outcome once the code is read")
    p.set_defaults(handler=cmd_totp_enrol)

    ws = sub.add_parser("workstation", help="the workstation factor").add_subparsers(
        dest="action", required=True)
    p = ws.add_parser("enrol")
    add_vault_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_workstation_enrol)
