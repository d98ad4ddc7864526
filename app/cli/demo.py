"""`medvault demo`: a new vault full of invented patients, for trying MedVault out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import SecretInput, Subparsers, add_vault_args, print_json, warn_if_test_kdf
from app.core.errors import UsageError


def cmd_demo(args: argparse.Namespace) -> int:
    from app.core.records.demo import MAX_PATIENTS, fill_demo
    from app.core.vault import OpenVault, create_vault

    # Checked before anything is created: a refused size must leave no vault behind.
    if not 1 <= args.patients <= MAX_PATIENTS:
        raise UsageError(f"Ask for between 1 and {MAX_PATIENTS:,} demo patients.")
    secrets = SecretInput(args.password_stdin)
    password = secrets.new_secret("New password for the demo owner: ",
                                  "the demo owner's password")
    warn_if_test_kdf()
    created = create_vault(Path(args.vault), owner_name="demo", password=password,
                           kind="practice", vault_name="MedVault demo")
    # With --json, standard output carries the one result object; progress goes to stderr.
    say = sys.stderr if args.json else sys.stdout
    if not args.json:
        print(f"Created the demo vault at {created.path}; its owner is \"demo\".")
        print(f"Recovery key (shown once): {created.recovery_key}")
    step = max(1, args.patients // 20)
    shown = [0]

    def progress(done: int, total: int, _stage: str) -> None:
        if done - shown[0] >= step or done == total:
            shown[0] = done
            print(f"  {done:,} of {total:,} patients", file=say, flush=True)

    with OpenVault.open(created.path) as vault:
        session = vault.unlock("demo", password)
        try:
            summary = fill_demo(session, args.patients, seed=args.seed, progress=progress)
        finally:
            session.close("close")
    if args.json:
        print_json({"vault": str(created.path), "owner": "demo",
                    "recovery_key": created.recovery_key, "patients": summary.patients,
                    "counts": summary.counts, "seconds": round(summary.seconds, 3)})
        return 0
    rows = ", ".join(f"{n:,} {section}" for section, n in summary.counts.items() if n)
    print(f"Filled in {summary.seconds:.1f} s: {summary.patients:,} patients, {rows}. "
          "All invented; no real person is in it.")
    return 0


def register(sub: Subparsers) -> None:
    p = sub.add_parser("demo", help="create a new vault full of invented patients")
    add_vault_args(p, acting=False)
    p.add_argument("--patients", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_demo)
