"""`medvault identity …` and `medvault contact …`: keys people exchange before sharing.

`identity show` prints the acting user's age recipient, signing key and the fingerprint
two people read to each other; `identity export` writes their signed contact card.
`contact import` adds a card's person as an unverified contact and prints the fingerprint
to compare; `contact verify` records that it matched (audited).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import Subparsers, add_vault_args, print_json, read_small_file, signed_in

MAX_CARD_FILE = 16 * 1024


def cmd_identity_show(args: argparse.Namespace) -> int:
    from app.core.sharing.identity import show_identity

    with signed_in(args) as session:
        me = show_identity(session)
    if args.json:
        print_json(me.to_json())
    else:
        print(f"Name:         {me.name}")
        print(f"Age recipient: {me.recipient}")
        print(f"Signing key:  {me.signing_key}")
        print(f"Fingerprint:  {me.fingerprint}")
    return 0


def cmd_identity_export(args: argparse.Namespace) -> int:
    from app.core.atomic import atomic_write_bytes
    from app.core.sharing.identity import export_card, parse_card

    with signed_in(args) as session:
        card = export_card(session, practice=args.practice or "")
    atomic_write_bytes(Path(args.out), card, mode=0o644)
    if args.json:
        print_json({"card": args.out, "fingerprint": parse_card(card).fingerprint})
        return 0
    print(f"Contact card written to {args.out}. Fingerprint: {parse_card(card).fingerprint}")
    return 0


def cmd_contact_import(args: argparse.Namespace) -> int:
    from app.core.sharing.identity import import_card

    data = read_small_file(args.card, "contact card", MAX_CARD_FILE)
    with signed_in(args) as session:
        contact, created = import_card(session, data)
    if args.json:
        print_json({**contact.to_json(), "created": created})
        return 0
    state = "verified" if contact.key_verified else "UNVERIFIED"
    print(f"{'Added' if created else 'Already known:'} {contact.name} (contact {contact.id}), "
          f"{state}.")
    print(f"Fingerprint: {contact.fingerprint}")
    if not contact.key_verified:
        print("Compare it with the contact by phone or in person, then run: medvault contact "
              f"verify VAULT --as USER --contact {contact.id} --fingerprint '…'")
    return 0


def cmd_contact_verify(args: argparse.Namespace) -> int:
    from app.core.records.contacts import verify_contact_key

    with signed_in(args) as session:
        contact = verify_contact_key(session, args.contact, args.fingerprint)
    if args.json:
        print_json({"contact": contact.id, "name": contact.name, "verified": True})
        return 0
    print(f"The key of {contact.name} is now verified.")
    return 0


def register(sub: Subparsers) -> None:
    identity = sub.add_parser("identity", help="your keys for sharing").add_subparsers(
        dest="action", required=True)
    p = identity.add_parser("show", help="print your age recipient, signing key and "
                                         "fingerprint")
    add_vault_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_identity_show)
    p = identity.add_parser("export", help="write your signed contact card")
    add_vault_args(p)
    p.add_argument("--out", required=True, metavar="CARD")
    p.add_argument("--practice", metavar="NAME", help="the practice named on the card")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_identity_export)

    contact = sub.add_parser("contact", help="contacts' keys").add_subparsers(
        dest="action", required=True)
    p = contact.add_parser("import", help="add a contact from their card (unverified)")
    add_vault_args(p)
    p.add_argument("card", metavar="CARD")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_contact_import)
    p = contact.add_parser("verify", help="record that the fingerprint you compared matches")
    add_vault_args(p)
    p.add_argument("--contact", required=True, metavar="ID")
    p.add_argument("--fingerprint", required=True, metavar="DIGITS")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_contact_verify)
