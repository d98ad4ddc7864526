"""`medvault policy show|check`: the machine policy in force, and a file checked before
rollout (`sshd -t` for MedVault).

Exit codes: 0 nothing to report, 9 an error (no vault opens while it stands), 10 warnings
only (the policy applies; something in it is ignored).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from app.cli.common import Subparsers, print_json
from app.core.policy import PolicyLoad, check_policy_file, load_policy

EXIT_POLICY_WARNINGS = 10


def _exit_code(loaded: PolicyLoad) -> int:
    from app.core.errors import PolicyInvalid

    if loaded.blocking:
        return PolicyInvalid.exit_code
    return EXIT_POLICY_WARNINGS if loaded.issues else 0


def _values(loaded: PolicyLoad) -> dict[str, object]:
    return {k: (sorted(v) if isinstance(v, frozenset) else v)
            for k, v in dataclasses.asdict(loaded.policy).items()}


def _report(loaded: PolicyLoad, as_json: bool, checking: Path | None = None) -> int:
    code = _exit_code(loaded)
    if as_json:
        print_json({"ok": not loaded.issues, "exit_code": code,
                    "source": str(loaded.source) if loaded.source else None,
                    "sources": [str(p) for p in loaded.sources],
                    "managed": sorted(loaded.managed),
                    "errors": [i.to_json() for i in loaded.issues if i.severity == "error"],
                    "warnings": [i.to_json() for i in loaded.issues
                                 if i.severity == "warning"],
                    "policy": _values(loaded)})
        return code
    if checking is None:
        print("Machine policy: " + (", then ".join(map(str, loaded.sources))
                                    if loaded.sources else "none (built-in defaults)"))
    for key, value in _values(loaded).items():
        origin = "set by policy" if key in loaded.managed else "default"
        print(f"  {key} = {value!r}  ({origin})")
    for issue in loaded.issues:
        print(f"{issue.severity.capitalize()}: {issue}", file=sys.stderr)
    if loaded.blocking:
        print("While any error stands, MedVault opens no vault on a machine with this policy.",
              file=sys.stderr)
    elif checking is not None and not loaded.issues:
        print(f"{checking}: no problems found.")
    return code


def cmd_policy_show(args: argparse.Namespace) -> int:
    return _report(load_policy(), args.json)


def cmd_policy_check(args: argparse.Namespace) -> int:
    path = Path(args.file)
    return _report(check_policy_file(path), args.json, checking=path)


def register(sub: Subparsers) -> None:
    policy = sub.add_parser("policy", help="the machine policy").add_subparsers(
        dest="action", required=True)
    p = policy.add_parser("show", help="the policy in force, and anything wrong with it")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_policy_show)
    p = policy.add_parser("check", help="validate a policy file before rolling it out")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_policy_check)
