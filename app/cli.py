"""The `medvault` command: the GUI by default, subcommands for IT and scripting.

Exit codes: 0 success, 2 usage, 3 wrong credentials, 4 permission denied, 5 vault damaged,
6 vault in use, 1 anything else. Messages are plain sentences on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from app import __version__
from app.cli_io import SecretInput
from app.core.errors import MedVaultError, UsageError

Handler = Callable[[argparse.Namespace], int]


def versions() -> dict[str, str]:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
        sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        conn.close()
    from importlib.metadata import version

    return {"medvault": __version__, "sqlcipher": cipher, "sqlite": sqlite,
            "argon2": f"argon2-cffi {version('argon2-cffi')} (Argon2id v1.3)"}


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


@contextlib.contextmanager
def signed_in(args: argparse.Namespace, secrets: SecretInput | None = None,
              password: str | None = None) -> Iterator[Any]:
    """Open the vault, sign `--as` in, yield the session, and always lock afterwards."""
    from app.core.vault import OpenVault, TotpRequired

    secrets = secrets or SecretInput(args.password_stdin)
    vault = OpenVault.open(Path(args.vault))
    try:
        if password is None:
            password = secrets.secret(f"Password for {args.user}: ", "the password")
        try:
            session = vault.unlock(args.user, password, args.totp)
        except TotpRequired:
            if args.password_stdin or not sys.stdin.isatty():
                raise
            session = vault.unlock(args.user, password, input("Authenticator code: "))
        try:
            yield session
        finally:
            session.close("close")
    finally:
        vault.close()


def _add_vault_args(p: argparse.ArgumentParser, *, acting: bool = True) -> None:
    p.add_argument("vault", metavar="VAULT", help="the vault folder")
    if acting:
        p.add_argument("--as", dest="user", required=True, metavar="USER",
                       help="the user who acts")
        p.add_argument("--totp", metavar="CODE", help="authenticator code, where TOTP is on")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password (then any new password) from standard input")


# -- vault and users ---------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    from app.core.vault import create_vault

    secrets = SecretInput(args.password_stdin)
    password = secrets.new_secret(f"New password for {args.owner}: ", "the owner's password")
    created = create_vault(Path(args.vault), owner_name=args.owner, password=password,
                           kind="personal" if args.personal else "practice",
                           full_name=args.full_name or "", use_workstation=args.workstation)
    print(f"Created the vault at {created.path}.")
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
        session.close("close")
    print("The owner's password was replaced. Authenticator (TOTP) enrolment was reset; "
          "enrol again after signing in.")
    return 0


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
        _print_json(info.to_json())
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
        _print_json([u.to_json() for u in users])
        return 0
    for u in users:
        extra = f" (pending: {', '.join(u.pending_grants)})" if u.pending_grants else ""
        print(f"{u.name:20} {u.role:10} {u.status:8} keys: {', '.join(u.compartments) or '-'}"
              f"{' totp' if u.totp else ''}{extra}")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from app.core.rotation import rotate_key
    from app.core.users import disable_user

    with signed_in(args) as session:
        held = disable_user(session, args.name)
        print(f"Disabled {args.name}; their key slots and sealed keys are removed.")
        for compartment in held:
            if args.rotate:
                version = rotate_key(session, compartment)
                print(f"Rotated the {compartment} key (now version {version}).")
            else:
                print(f"They held the {compartment} key. To make any copy they kept useless, "
                      f"run: medvault keys rotate VAULT --as OWNER --compartment {compartment}")
    return 0


def cmd_user_reset(args: argparse.Namespace) -> int:
    from app.core.users import reset_password

    secrets = SecretInput(args.password_stdin)
    with signed_in(args, secrets) as session:
        new_password = secrets.new_secret(f"New password for {args.name}: ", "the new password")
        reset_password(session, args.name, new_password)
    print(f"Reset {args.name}'s password. Clinical access, if any, waits for a holder's "
          "approval again.")
    return 0


def cmd_password_change(args: argparse.Namespace) -> int:
    from app.core.users import change_own_password

    secrets = SecretInput(args.password_stdin)
    password = secrets.secret(f"Current password for {args.user}: ", "the password")
    with signed_in(args, secrets, password) as session:
        new_password = secrets.new_secret("New password: ", "the new password")
        change_own_password(session, password, new_password)
    print("Password changed.")
    return 0


def cmd_grant_list(args: argparse.Namespace) -> int:
    from app.core.grants import list_grants

    with signed_in(args) as session:
        grants = list_grants(session)
    if args.json:
        _print_json([g.to_json() for g in grants])
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
    print(f"Approved: {args.name} now holds the {args.compartment} key.")
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from app.core.rotation import rotate_key

    with signed_in(args) as session:
        version = rotate_key(session, args.compartment)
    print(f"Rotated the {args.compartment} key; it is now version {version} and sealed to "
          "every remaining holder.")
    return 0


# -- audit, verify, backup ---------------------------------------------------------------
def _heads_from(path: str | None) -> list[Any]:
    from app.core.audit import AuditHead

    if not path:
        return []
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        # backup.json keeps it as "audit_head", an audit export as "head".
        head = data.get("audit_head") or data.get("head") or data
        return [AuditHead.from_json(head)]
    except (OSError, ValueError, AttributeError) as exc:
        raise UsageError(f"Cannot read a saved audit head from {path}: {exc}") from None


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app.core.verification import verify_audit

    with signed_in(args) as session:
        report = verify_audit(session, _heads_from(args.head))
    if report.ok:
        head = report.head.to_json() if report.head else None
        print(f"The audit chain is intact: {report.entries} entries. Head: {json.dumps(head)}")
        return 0
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print("The audit log has been tampered with or damaged.", file=sys.stderr)
    return 5


def cmd_audit_export(args: argparse.Namespace) -> int:
    from app.core.verification import export_audit

    if not args.out:
        raise UsageError("Say where to write the log with --out FILE.")
    out = Path(args.out)
    fmt = args.format or ("json" if out.suffix.lower() == ".json" else "csv")
    with signed_in(args) as session:
        count = export_audit(session, out, fmt)
    print(f"Wrote {count} audit entries to {out}.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.core.verification import verify_vault

    with signed_in(args) as session:
        report = verify_vault(session, _heads_from(args.head))
    if report.ok:
        print(f"The vault is intact. Checked: {', '.join(report.checked)}.")
        return 0
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print("The vault is damaged. Restore it from a backup (medvault restore).", file=sys.stderr)
    return 5


def cmd_backup(args: argparse.Namespace) -> int:
    from app.core.backup import create_backup

    with signed_in(args) as session:
        info = create_backup(session, Path(args.to) if args.to else None)
    print(f"Backed up and verified: {info.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.core.backup import restore_backup

    moved = restore_backup(Path(args.backup), Path(args.to), replace=args.replace)
    if moved:
        print(f"The previous vault was moved to {moved}.")
    print(f"Restored the backup to {args.to}. Sign in to check it with `medvault verify`.")
    return 0


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


def cmd_policy_show(args: argparse.Namespace) -> int:
    import dataclasses

    from app.core.policy import load_policy

    loaded = load_policy()
    data = {k: (sorted(v) if isinstance(v, frozenset) else v)
            for k, v in dataclasses.asdict(loaded.policy).items()}
    _print_json({"source": str(loaded.source) if loaded.source else None,
                 "managed": sorted(loaded.managed), "errors": list(loaded.errors),
                 "policy": data})
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    import dataclasses

    from app.core.vault_settings import current_settings, load_settings, save_settings

    with signed_in(args) as session:
        if args.action == "set":
            stored = load_settings(session.conn, session.vault.file.kind)
            changes: dict[str, Any] = {}
            if args.totp_roles is not None:
                changes["totp_required_roles"] = frozenset(
                    r.strip() for r in args.totp_roles.split(",") if r.strip())
            if args.autolock_minutes is not None:
                changes["autolock_minutes"] = args.autolock_minutes
            if args.lock_on_minimise is not None:
                changes["lock_on_minimise"] = args.lock_on_minimise == "yes"
            save_settings(session, dataclasses.replace(stored, **changes))
        _print_json(current_settings(session).to_json())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="medvault", description="MedVault health-record vault")
    parser.add_argument("--version", action="store_true", help="show versions and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a vault")
    _add_vault_args(p, acting=False)
    p.add_argument("--owner", required=True, metavar="NAME")
    p.add_argument("--full-name", metavar="TEXT")
    p.add_argument("--personal", action="store_true", help="a patient's own vault")
    p.add_argument("--workstation", action="store_true",
                   help="also require this workstation's keychain secret")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("recover", help="set a new owner password with the recovery key")
    _add_vault_args(p, acting=False)
    p.set_defaults(handler=cmd_recover)

    user = sub.add_parser("user", help="manage users").add_subparsers(dest="action",
                                                                      required=True)
    p = user.add_parser("add")
    _add_vault_args(p)
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True)
    p.add_argument("--full-name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_add)
    p = user.add_parser("list")
    _add_vault_args(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_user_list)
    p = user.add_parser("disable")
    _add_vault_args(p)
    p.add_argument("--name", required=True)
    p.add_argument("--rotate", action="store_true", help="rotate every key they held")
    p.set_defaults(handler=cmd_user_disable)
    p = user.add_parser("reset-password")
    _add_vault_args(p)
    p.add_argument("--name", required=True)
    p.set_defaults(handler=cmd_user_reset)

    p = sub.add_parser("password", help="change your own password").add_subparsers(
        dest="action", required=True).add_parser("change")
    _add_vault_args(p)
    p.set_defaults(handler=cmd_password_change)

    grant = sub.add_parser("grant", help="pending key grants").add_subparsers(
        dest="action", required=True)
    for action, handler in (("list", cmd_grant_list), ("approve", cmd_grant_approve)):
        p = grant.add_parser(action)
        _add_vault_args(p)
        p.add_argument("--name")
        p.add_argument("--compartment", default="clinical", choices=["clinical", "registry"])
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)

    keys = sub.add_parser("keys", help="compartment keys").add_subparsers(dest="action",
                                                                          required=True)
    p = keys.add_parser("rotate")
    _add_vault_args(p)
    p.add_argument("--compartment", required=True, choices=["clinical", "registry"])
    p.set_defaults(handler=cmd_keys_rotate)

    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="action",
                                                                         required=True)
    p = audit.add_parser("verify")
    _add_vault_args(p)
    p.add_argument("--head", metavar="FILE", help="a saved head (backup.json or export)")
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_audit_verify)
    p = audit.add_parser("export")
    _add_vault_args(p)
    p.add_argument("--out", metavar="FILE")
    p.add_argument("--format", choices=["csv", "json"])
    p.set_defaults(handler=cmd_audit_export)

    p = sub.add_parser("verify", help="check pages, audit chain and key slots")
    _add_vault_args(p)
    p.add_argument("--head", metavar="FILE", help="a saved audit head to check against")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("backup", help="make a verified backup")
    _add_vault_args(p)
    p.add_argument("--to", metavar="DIR")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup into a folder")
    p.add_argument("backup", metavar="BACKUP")
    p.add_argument("--to", required=True, metavar="VAULT")
    p.add_argument("--replace", action="store_true",
                   help="move an existing vault at VAULT aside first")
    p.set_defaults(handler=cmd_restore)

    totp = sub.add_parser("totp", help="authenticator codes").add_subparsers(dest="action",
                                                                             required=True)
    p = totp.add_parser("enrol")
    _add_vault_args(p)
    p.set_defaults(handler=cmd_totp_enrol)

    ws = sub.add_parser("workstation", help="the workstation factor").add_subparsers(
        dest="action", required=True)
    p = ws.add_parser("enrol")
    _add_vault_args(p)
    p.set_defaults(handler=cmd_workstation_enrol)

    settings = sub.add_parser("settings", help="this vault's settings (owner)").add_subparsers(
        dest="action", required=True)
    p = settings.add_parser("show")
    _add_vault_args(p)
    p.set_defaults(handler=cmd_settings)
    p = settings.add_parser("set")
    _add_vault_args(p)
    p.add_argument("--totp-roles", metavar="ROLES", help="comma-separated roles that need TOTP")
    p.add_argument("--autolock-minutes", type=int, metavar="N")
    p.add_argument("--lock-on-minimise", choices=["yes", "no"])
    p.set_defaults(handler=cmd_settings)

    policy = sub.add_parser("policy", help="the machine policy").add_subparsers(
        dest="action", required=True)
    p = policy.add_parser("show")
    p.set_defaults(handler=cmd_policy_show)

    for register in _extensions():
        register(sub)
    return parser


def _extensions() -> list[Callable[[Any], None]]:
    """Subcommands contributed by other modules (records, sharing, demo)."""
    found: list[Callable[[Any], None]] = []
    with contextlib.suppress(ImportError):
        from app.cli_records import register

        found.append(register)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    # Passwords piped to --password-stdin must decode the same on every platform (Windows
    # consoles default to an ANSI code page), or an accented password would not match.
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(encoding="utf-8")
    from app.core.hardening import harden_process

    harden_process()
    if not (sys.argv[1:] if argv is None else argv):
        # No arguments: the GUI, without building the parser first. Every subcommand's
        # parser costs ~12 ms, and start-up has a target (within 1.5x a bare PySide6
        # window, bench/startup_figures.py).
        from app.ui.launch import run_gui

        return run_gui(sys.argv[:1])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        for name, value in versions().items():
            print(f"{name}: {value}")
        return 0
    if not args.command:
        from app.ui.launch import run_gui

        return run_gui(sys.argv[:1])
    # Imported here, not at the top: the GUI path above must not pay for SQLCipher.
    from app.core.database import DatabaseError, damage_from

    handler: Handler = args.handler
    try:
        return handler(args)
    except MedVaultError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except DatabaseError as exc:
        damage = damage_from(exc)
        print(str(damage), file=sys.stderr)
        return damage.exit_code
    except KeyboardInterrupt:
        print("Interrupted; nothing further was changed.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"A file could not be read or written: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
