"""`medvault user …` and `password change`: accounts and their passwords."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import SecretInput, Subparsers, add_vault_args, print_json, signed_in
from app.core.errors import UsageError


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.core.roles import parse_role
    from app.core.users import add_user

    try:
        role = parse_role(args.role)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    secrets = SecretInput(args.password_stdin)
    with signed_in(args, secrets) as session:
        password = secrets.new_secret(f"Password for the new user {args.name}: ",
                                      "the new user's password")
        info = add_user(session, name=args.name, role=role, password=password,
                        full_name=args.full_name or "")
    if args.json:
        print_json(info.to_json())
    else:
        print(f"Added {info.name} as {info.role}.")
        if info.pending_grants:
            print(f"Their {', '.join(info.pending_grants)} access waits for approval by a "
                  "holder: medvault grant approve VAULT --as HOLDER --name " + info.name)
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from app.core.users import list_users

    with signed_in(args) as session:
        users = list_users(session)
    if args.json:
        print_json([u.to_json() for u in users])
        return 0
    for u in users:
        extra = f" (pending: {', '.join(u.pending_grants)})" if u.pending_grants else ""
        print(f"{u.name:20} {u.role:10} {u.status:8} keys: {', '.join(u.compartments) or '-'}"
              f"{' totp' if u.totp else ''}{extra}")
    return 0


def cmd_user_import(args: argparse.Namespace) -> int:
    from app.core.safe_files import read_regular_file
    from app.core.user_import import MAX_CSV_BYTES, import_users

    try:
        data = read_regular_file(Path(args.csv), max_bytes=MAX_CSV_BYTES, what="staff list")
    except FileNotFoundError:
        raise UsageError(f"There is no file {args.csv}.") from None
    except OSError as exc:
        raise UsageError(f"The staff list {args.csv} cannot be read "
                         f"({exc.strerror or exc}).") from None
    out = Path(args.passwords_out) if args.passwords_out else None
    with signed_in(args) as session:
        result = import_users(session, data, dry_run=args.dry_run, passwords_file=out,
                              days=args.valid_days)
    if args.json:
        print_json(result.to_json())
        return 0
    count = len(result.users)
    if result.dry_run:
        print(f"Dry run: the file is valid. These {count} users would be added; nothing "
              "was changed.")
    else:
        print(f"Imported {count} users (import {result.import_id}). Each must choose their "
              f"own password at first sign-in; unused temporary passwords stop working on "
              f"{result.expires[:10]}.")
    shown = any(u.temporary_password for u in result.users)
    if shown:
        print("Temporary passwords, shown only this once:")
    for user in result.users:
        waits = [c for c, state in user.keys.items() if state == "pending"]
        notes = ([f"{', '.join(waits)} access waits for approval"] if waits else []) + (
            ["must set up an authenticator"] if user.totp_pending else [])
        password = f"  {user.temporary_password}" if user.temporary_password else ""
        print(f"  {user.name:20} {user.role.value:10}{password}"
              + (f"  ({'; '.join(notes)})" if notes else ""))
    if result.passwords_file is not None:
        print(f"The temporary passwords are in {result.passwords_file}, readable only by "
              "you. Hand each one over in person, then delete the file.")
    if not result.dry_run and any(u.keys.get("clinical") == "pending" for u in result.users):
        print("A clinical key holder approves clinical access: medvault grant approve "
              "VAULT --as HOLDER --name NAME")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from app.core.rotation import rotate_key, rotation_rights
    from app.core.users import disable_user

    def say(line: str) -> None:
        # Said at once in text mode: if a rotation then fails, the disabling already stands.
        if not args.json:
            print(line, flush=True)

    rotated: dict[str, int] = {}
    still_to_rotate: list[str] = []
    with signed_in(args) as session:
        held = disable_user(session, args.name)
        say(f"Disabled {args.name}; their key slots and sealed keys are removed.")
        rights = rotation_rights(session)
        for compartment in held:
            if args.rotate and rights[compartment].may:
                rotated[compartment] = rotate_key(session, compartment)
                say(f"Rotated the {compartment} key (now version {rotated[compartment]}).")
                continue
            still_to_rotate.append(compartment)
            if args.rotate:
                say(f"They held the {compartment} key, which you may not rotate. Ask the vault "
                    f"owner to run: medvault keys rotate VAULT --as OWNER "
                    f"--compartment {compartment}")
            else:
                say(f"They held the {compartment} key. To make any copy they kept useless, "
                    f"run: medvault keys rotate VAULT --as OWNER --compartment {compartment}")
    if args.json:
        print_json({"disabled": args.name, "held": sorted(held), "rotated": rotated,
                    "still_to_rotate": still_to_rotate})
    return 0


def cmd_user_role(args: argparse.Namespace) -> int:
    from app.core.roles import parse_role
    from app.core.rotation import rotate_key, rotation_rights
    from app.core.users import change_role

    try:
        role = parse_role(args.role)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    rotated: dict[str, int] = {}
    with signed_in(args) as session:
        change = change_role(session, args.name, role)
        rights = rotation_rights(session)
        for compartment in change.revoked if args.rotate else ():
            if rights[compartment].may:
                rotated[compartment] = rotate_key(session, compartment)
    still = [c for c in change.revoked if c not in rotated]
    if args.json:
        print_json({**change.to_json(), "rotated": rotated, "still_to_rotate": still})
        return 0
    print(f"{change.name} is now {change.new_role} (was {change.old_role}).")
    for compartment in change.revoked:
        if compartment in rotated:
            print(f"Their {compartment} key was taken away and the key rotated (now version "
                  f"{rotated[compartment]}).")
        else:
            print(f"Their {compartment} key was taken away. To make any copy they kept "
                  f"useless, run: medvault keys rotate VAULT --as OWNER --compartment "
                  f"{compartment}")
    for compartment in change.pending:
        print(f"Their {compartment} access waits for approval by a holder: medvault grant "
              f"approve VAULT --as HOLDER --name {change.name}")
    return 0


def cmd_user_reset(args: argparse.Namespace) -> int:
    from app.core.users import reset_password

    secrets = SecretInput(args.password_stdin)
    with signed_in(args, secrets) as session:
        new_password = secrets.new_secret(f"New password for {args.name}: ", "the new password")
        until = reset_password(session, args.name, new_password)
    if args.json:
        print_json({"reset": args.name, "told_at_next_sign_in": True,
                    "must_change_password": until is not None,
                    "temporary_password_until": until})
        return 0
    print(f"Reset {args.name}'s password. Clinical access, if any, waits for a holder's "
          "approval again.")
    if until is not None:
        print(f"It is a temporary password: {args.name} must choose their own at the next "
              f"sign-in, and it stops working unused after {until[:10]}.")
    return 0


def cmd_password_change(args: argparse.Namespace) -> int:
    from app.core.users import change_own_password

    secrets = SecretInput(args.password_stdin)
    password = secrets.secret(f"Current password for {args.user}: ", "the password")
    with signed_in(args, secrets, password) as session:
        new_password = secrets.new_secret("New password: ", "the new password")
        change_own_password(session, password, new_password)
    if args.json:
        print_json({"user": args.user, "password_changed": True})
        return 0
    print("Password changed.")
    return 0


def register(sub: Subparsers) -> None:
    user = sub.add_parser("user", help="manage users").add_subparsers(dest="action",
                                                                      required=True)
    p = user.add_parser("add")
    add_vault_args(p)
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True)
    p.add_argument("--full-name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_add)
    p = user.add_parser("list")
    add_vault_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_list)
    p = user.add_parser("import", help="add staff from a CSV file (name, full_name, role, "
                        "email) with temporary passwords; all or nothing")
    add_vault_args(p)
    p.add_argument("csv", metavar="CSV", help="the staff list")
    p.add_argument("--dry-run", action="store_true",
                   help="check the whole file against the vault; change nothing")
    p.add_argument("--passwords-out", metavar="FILE",
                   help="write the temporary passwords to this new file (mode 0600) "
                        "instead of showing them")
    p.add_argument("--valid-days", type=int, default=14, metavar="N",
                   help="days an unused temporary password works (1-90, default 14)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_import)
    p = user.add_parser("disable")
    add_vault_args(p)
    p.add_argument("--name", required=True)
    p.add_argument("--rotate", action="store_true", help="rotate every key they held")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_disable)
    p = user.add_parser("role", help="give a user another role; their keys follow it")
    add_vault_args(p)
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True)
    p.add_argument("--rotate", action="store_true",
                   help="rotate every key the new role takes away")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_role)
    p = user.add_parser("reset-password")
    add_vault_args(p)
    p.add_argument("--name", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_reset)

    p = sub.add_parser("password", help="change your own password").add_subparsers(
        dest="action", required=True).add_parser("change")
    add_vault_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_password_change)
