"""`medvault backup` and `restore`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import Subparsers, add_vault_args, add_wait_arg, print_json, signed_in
from app.core.errors import UsageError


def cmd_backup(args: argparse.Namespace) -> int:
    from app.core.backup import create_backup

    if args.vault == "drill":
        return _drill(args)
    if args.drill_vault is not None:
        raise UsageError("Give one vault folder: medvault backup VAULT, or medvault backup "
                         "drill VAULT.")
    with signed_in(args) as session:
        info = create_backup(session, Path(args.to) if args.to else None)
    if args.json:
        print_json({"backup": str(info.path), "created": info.created,
                    "vault_id": info.vault_id, "verified": True,
                    "files": sorted(info.files)})
        return 0
    print(f"Backed up and verified: {info.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.core.backup import restore_backup

    moved = restore_backup(Path(args.backup), Path(args.to), replace=args.replace)
    if args.json:
        print_json({"restored": str(Path(args.to).expanduser().absolute()),
                    "from": str(Path(args.backup).expanduser().absolute()),
                    "previous_vault_moved_to": str(moved) if moved else None})
        return 0
    if moved:
        print(f"The previous vault was moved to {moved}.")
    print(f"Restored the backup to {args.to}. Sign in to check it with `medvault verify`.")
    return 0


def _drill(args: argparse.Namespace) -> int:
    """`medvault backup drill VAULT`: restore a backup into a temporary folder and verify it
    (GDPR Art. 32(1)(d)); the outcome is audited and read by `medvault health`."""
    from app.core.drill import drill_backup

    if args.drill_vault is None:
        raise UsageError("Say which vault: medvault backup drill VAULT --as USER.")
    args.vault = args.drill_vault
    with signed_in(args) as session:
        result = drill_backup(session, Path(args.backup) if args.backup else None)
    if args.json:
        print_json({"backup": str(result.backup), "ok": result.ok, "problem": result.problem,
                    "seconds": round(result.seconds, 3)})
        return 0 if result.ok else 5
    if not result.ok:
        print(f"The restore test of {result.backup} FAILED: {result.problem}", file=sys.stderr)
        return 5
    print(f"Restored {result.backup} into a temporary folder and verified it in "
          f"{result.seconds:.1f} s; the copy was deleted.")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("backup", help="make a verified backup (backup drill VAULT: test a "
                                      "restore)")
    add_vault_args(p)
    # `backup drill VAULT`: argparse reads "drill" as VAULT and the folder as this.
    p.add_argument("drill_vault", nargs="?", metavar="DRILL_VAULT", help=argparse.SUPPRESS)
    p.add_argument("--backup", metavar="PATH",
                   help="with drill: the backup to test (default: the newest)")
    p.add_argument("--to", metavar="DIR")
    add_wait_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="restore a backup into a folder")
    p.add_argument("backup", metavar="BACKUP")
    p.add_argument("--to", required=True, metavar="VAULT")
    p.add_argument("--replace", action="store_true",
                   help="move an existing vault at VAULT aside first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_restore)
