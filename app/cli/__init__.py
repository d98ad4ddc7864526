"""The `medvault` command: the GUI by default, subcommands for IT and scripting.

Exit codes: 0 success, 2 usage, 3 wrong credentials, 4 permission denied, 5 vault damaged,
6 vault in use, 7 refused by the machine policy, 8 enrol first, 9 machine policy invalid,
10 policy warnings only, 11 self-test failed, 1 anything else.
Messages are plain sentences on stderr.

Each command group is a module in this package with a `register(subparsers)` function;
`COMMAND_MODULES` lists them. They are imported by name, and an import that fails stops
`medvault` with its traceback: a group must never silently vanish from the command.
Shared helpers (secrets, signing in, JSON) are in `app.cli.common`.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import sys
from collections.abc import Sequence

from app.core.errors import DiskFull, MedVaultError

# The order is the order of `medvault --help`. Add a new group's module here.
COMMAND_MODULES: tuple[str, ...] = (
    "vault",      # init, recover, recovery-key new, verify
    "users",      # user add/list/disable/role/reset-password, password change
    "grants",     # grant list/approve/reject
    "keys",       # keys rotate
    "audit",      # audit verify/export
    "backup",     # backup, backup drill, restore
    "health",     # health
    "monitor",    # monitor
    "report",     # report security
    "incident",   # incident export/verify
    "factors",    # totp enrol, workstation enrol
    "settings",   # settings show/set
    "policy",     # policy show/check
    "selftest",   # self-test (also the --self-test option)
    "patients",   # patient add/find/show/erase
    "notes",      # note add/search
    "appointments",  # appointment add/list/move/cancel/status
    "access",     # restricted open, review list/mark, access-report
    "identity",   # identity show/export, contact import/verify
    "fhir",       # fhir export/bundle/import
    "share",      # share create/open/import, export
    "demo",       # demo
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="medvault", description="MedVault health-record vault")
    parser.add_argument("--version", action="store_true", help="show versions and exit")
    from app.cli import selftest

    selftest.add_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def _run_gui() -> int:
    # The one place the CLI reaches the GUI (tests/core/test_layering.py holds it to that).
    from app.ui.launch import run_gui

    return run_gui(sys.argv[:1])


def _report_error(args: argparse.Namespace, exc: Exception, code: int) -> None:
    """The message on stderr; with --json, as a JSON object there, so a script reads the
    error the same way it reads the result."""
    if getattr(args, "json", False):
        import json

        print(json.dumps({"error": str(exc), "kind": type(exc).__name__, "exit_code": code},
                         ensure_ascii=False), file=sys.stderr)
    else:
        print(str(exc), file=sys.stderr)


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
        return _run_gui()
    bad = _not_utf8(sys.argv[1:] if argv is None else list(argv))
    if bad is not None:
        print(bad, file=sys.stderr)
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from app.core.versions import versions

        for name, value in versions().items():
            print(f"{name}: {value}")
        return 0
    if args.self_test:
        from app.cli import selftest

        return selftest.run(args)
    if not args.command:
        return _run_gui()
    # Imported here, not at the top: the GUI path above must not pay for SQLCipher.
    from app.cli.common import Handler
    from app.core.database import DatabaseError, damage_from

    handler: Handler = args.handler
    if args.command != "policy":
        # A policy that applies but has something ignored in it (an unknown key, a looser
        # user file) is said on every command, so IT notices before a rollout goes wide.
        from app.core.policy import load_policy

        for warning in load_policy().warnings:
            print(f"Warning: {warning}", file=sys.stderr)
    try:
        return handler(args)
    except MedVaultError as exc:
        _report_error(args, exc, exc.exit_code)
        return exc.exit_code
    except DatabaseError as exc:
        damage = damage_from(exc)
        _report_error(args, damage, damage.exit_code)
        return damage.exit_code
    except KeyboardInterrupt:
        print("Interrupted; nothing further was changed.", file=sys.stderr)
        return 1
    except UnicodeError:
        # Standard input (passwords, note text, queries) must be UTF-8 like the arguments.
        print("Standard input is not UTF-8 text. Nothing was changed; convert the input "
              "to UTF-8 and try again.", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`medvault policy show | head -1`): nothing to report.
        _silence_stdout()
        return 0
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            print(DiskFull(exc.filename or ""), file=sys.stderr)
            return DiskFull.exit_code
        print(f"A file could not be read or written: {exc}", file=sys.stderr)
        return 1


def _not_utf8(argv: Sequence[str]) -> str | None:
    """Python hands undecodable argument bytes over as lone surrogates; say so plainly
    (exit 2) instead of failing later wherever the text is first encoded."""
    for index, arg in enumerate(argv, start=1):
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in arg):
            shown = arg.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            return (f"Argument {index} ({shown}) is not UTF-8 text. MedVault needs names, "
                    "queries, passwords and folders in UTF-8. Nothing was changed.")
    return None


def _silence_stdout() -> None:
    # Python flushes stdout again at exit, which would raise a second BrokenPipeError.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
