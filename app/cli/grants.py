"""`medvault grant …`: key grants waiting for a holder's approval (or rejection)."""

from __future__ import annotations

import argparse

from app.cli.common import Subparsers, add_vault_args, print_json, signed_in
from app.core.errors import UsageError


def cmd_grant_list(args: argparse.Namespace) -> int:
    from app.core.grants import list_grants

    with signed_in(args) as session:
        grants = list_grants(session)
    if args.json:
        print_json([g.to_json() for g in grants])
    elif not grants:
        print("No pending grants.")
    for g in grants if not args.json else []:
        print(f"{g.name:20} {g.compartment:9} requested by {g.requested_by} at {g.requested_at}")
    return 0


def cmd_grant_approve(args: argparse.Namespace) -> int:
    from app.core.grants import approve_grant

    if not args.name:
        raise UsageError("Name the user whose grant to approve with --name.")
    with signed_in(args) as session:
        approve_grant(session, args.name, args.compartment)
    if args.json:
        print_json({"approved": args.name, "compartment": args.compartment})
        return 0
    print(f"Approved: {args.name} now holds the {args.compartment} key.")
    return 0


def cmd_grant_reject(args: argparse.Namespace) -> int:
    from app.core.grants import reject_grant

    if not args.name:
        raise UsageError("Name the user whose grant to reject with --name.")
    with signed_in(args) as session:
        reject_grant(session, args.name, args.compartment)
    if args.json:
        print_json({"rejected": args.name, "compartment": args.compartment})
        return 0
    print(f"Rejected: {args.name} does not get the {args.compartment} key.")
    return 0


def register(sub: Subparsers) -> None:
    grant = sub.add_parser("grant", help="pending key grants").add_subparsers(
        dest="action", required=True)
    for action, handler in (("list", cmd_grant_list), ("approve", cmd_grant_approve),
                            ("reject", cmd_grant_reject)):
        p = grant.add_parser(action)
        add_vault_args(p)
        p.add_argument("--name")
        p.add_argument("--compartment", default="clinical", choices=["clinical", "registry"])
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
