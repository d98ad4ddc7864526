"""`medvault settings …`: the vault's own settings (the machine's are in `policy`)."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import Subparsers, add_vault_args, print_json, signed_in


def cmd_settings(args: argparse.Namespace) -> int:
    import dataclasses

    from app.core.vault_settings import (
        current_settings,
        save_settings,
        show_settings,
        stored_settings,
    )

    with signed_in(args) as session:
        if args.action == "set":
            stored = stored_settings(session)
            changes: dict[str, Any] = {}
            if args.totp_roles is not None:
                changes["totp_required_roles"] = frozenset(
                    r.strip() for r in args.totp_roles.split(",") if r.strip())
            if args.autolock_minutes is not None:
                changes["autolock_minutes"] = args.autolock_minutes
            if args.clipboard_seconds is not None:
                changes["clipboard_seconds"] = args.clipboard_seconds
            if args.lock_on_minimise is not None:
                changes["lock_on_minimise"] = args.lock_on_minimise == "yes"
            if args.lab_units is not None:
                changes["lab_units"] = args.lab_units
            save_settings(session, dataclasses.replace(stored, **changes))
            shown = current_settings(session)  # save_settings checked and audited
        else:
            shown = show_settings(session)  # permission-checked and audited
        print_json(shown.to_json())
    return 0


def register(sub: Subparsers) -> None:
    settings = sub.add_parser("settings", help="this vault's settings (owner)").add_subparsers(
        dest="action", required=True)
    p = settings.add_parser("show")
    add_vault_args(p)
    # Settings always print as JSON; the option is accepted so scripts can pass it to all.
    p.add_argument("--json", action="store_true", help="(always JSON)")
    p.set_defaults(handler=cmd_settings)
    p = settings.add_parser("set")
    add_vault_args(p)
    p.add_argument("--totp-roles", metavar="ROLES", help="comma-separated roles that need TOTP")
    p.add_argument("--autolock-minutes", type=int, metavar="N")
    p.add_argument("--clipboard-seconds", type=int, metavar="N",
                   help="clear what MedVault copied after N seconds (5 to 300, or the "
                        "policy's limit)")
    p.add_argument("--lock-on-minimise", choices=["yes", "no"])
    p.add_argument("--lab-units", choices=["si", "conventional"],
                   help="laboratory results in SI (mmol/L) or conventional (mg/dL) units")
    p.add_argument("--json", action="store_true", help="(always JSON)")
    p.set_defaults(handler=cmd_settings)

