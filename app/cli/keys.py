"""`medvault keys rotate`: a new compartment key, sealed to every remaining holder."""

from __future__ import annotations

import argparse

from app.cli.common import Subparsers, add_vault_args, print_json, signed_in


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from app.core.rotation import rotate_key

    with signed_in(args) as session:
        version = rotate_key(session, args.compartment)
    if args.json:
        print_json({"rotated": args.compartment, "key_version": version})
        return 0
    print(f"Rotated the {args.compartment} key; it is now version {version} and sealed to "
          "every remaining holder.")
    return 0


def register(sub: Subparsers) -> None:
    keys = sub.add_parser("keys", help="compartment keys").add_subparsers(dest="action",
                                                                          required=True)
    p = keys.add_parser("rotate")
    add_vault_args(p)
    p.add_argument("--compartment", required=True, choices=["clinical", "registry"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_keys_rotate)
