"""`medvault --self-test [--json]` (or `medvault self-test`): is this machine ready? No
vault and no credentials.

Exit codes: 0 every check passed (warnings allowed), 11 a check failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from app.cli.common import Subparsers, print_json
from app.core.selftest import Check, run_self_test

EXIT_SELF_TEST_FAILED = 11
QT_PROBE_ENV = "MEDVAULT_QT_PROBE"
QT_PROBE_TIMEOUT_S = 60


HELP = "check this machine (SQLCipher, Argon2, keychain, policy, folders, Qt) and exit"


def add_arguments(parser: argparse.ArgumentParser, *, flag: bool = True) -> None:
    group = parser.add_argument_group("self-test")
    if flag:
        group.add_argument("--self-test", action="store_true", help=HELP)
    group.add_argument("--json", dest="self_test_json", action="store_true",
                       help="with --self-test: print the results as JSON")
    group.add_argument("--vault-dir", type=Path, metavar="DIR",
                       help="with --self-test: the folder vaults will live in")
    group.add_argument("--backup-dir", type=Path, metavar="DIR",
                       help="with --self-test: the folder backups will go to")


def register(sub: Subparsers) -> None:
    p = sub.add_parser("self-test", help=HELP)
    add_arguments(p, flag=False)
    p.set_defaults(handler=run)


def _program() -> list[str]:
    # The frozen build is one executable; from source the package runs as a module.
    return [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "app"]


def qt_platform_check() -> Check:
    """Start Qt in a child process: a platform plugin that cannot load aborts its process,
    and the message it leaves on stderr is the most useful thing to show."""
    env = {**os.environ, QT_PROBE_ENV: "1"}
    try:
        done = subprocess.run(_program(), env=env, capture_output=True, text=True,  # noqa: S603
                              timeout=QT_PROBE_TIMEOUT_S, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return Check("qt", "failed", f"Qt did not start within {QT_PROBE_TIMEOUT_S} s.")
    except OSError as exc:
        return Check("qt", "failed", f"the program could not be started again ({exc}).")
    found = [line.split(":", 1)[1].strip() for line in done.stdout.splitlines()
             if line.startswith("qt-platform:")]
    if done.returncode == 0 and found:
        return Check("qt", "ok", f"the {found[0]!r} platform plugin starts")
    last = [line for line in done.stderr.splitlines() if line.strip()][-3:]
    advice = " On Linux, install the libraries the .deb depends on (libxcb-cursor0, libegl1, "
    advice += "libxkbcommon-x11-0)."
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        advice = (" There is no display here: run the self-test in a desktop session, or "
                  "with QT_QPA_PLATFORM=offscreen to check only Qt's own libraries.")
    return Check("qt", "failed", f"Qt could not start a window (exit {done.returncode}): "
                 f"{' '.join(last) or 'no message'}.{advice}")


def run(args: argparse.Namespace) -> int:
    import platformdirs

    data = Path(platformdirs.user_data_dir("MedVault", appauthor=False))
    vault_dir = args.vault_dir or data
    backup_dir = args.backup_dir or data
    checks = run_self_test([("vault", vault_dir), ("backup", backup_dir)], qt_platform_check)
    failed = [c for c in checks if c.status == "failed"]
    code = EXIT_SELF_TEST_FAILED if failed else 0
    if args.self_test_json:
        print_json({"ok": not failed, "exit_code": code,
                    "checks": [c.to_json() for c in checks]})
        return code
    width = max(len(c.name) for c in checks)
    for check in checks:
        mark = {"ok": "ok  ", "warning": "warn", "failed": "FAIL"}[check.status]
        print(f"[{mark}] {check.name.ljust(width)}  {check.detail}")
    if failed:
        print(f"Self-test failed: {', '.join(c.name for c in failed)}.", file=sys.stderr)
    return code
