"""The machine-wide policy that IT sets and users cannot weaken.

Read from the platform's system location (or `MEDVAULT_POLICY`, for tests and scripted
roll-outs). A broken file never yields something weaker: any error means every built-in
default, plus a message naming the file, the key and what to do. Half-applying a file
would leave a machine in a state nobody wrote down, so it is all or nothing.
"""

from __future__ import annotations

import difflib
import os
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

POLICY_ENV = "MEDVAULT_POLICY"
ROLE_NAMES = frozenset({"owner", "admin", "clinician", "reception", "auditor", "emergency"})
TEMPLATE_NAME = "policy-template.toml"


@dataclass(frozen=True)
class Policy:
    min_password_length: int = 12
    totp_required_roles: frozenset[str] = frozenset()
    autolock_max_minutes: int | None = None
    kdf_min_memory_kib: int = 65536
    kdf_min_time_cost: int = 1
    workstation_factor: Literal["allowed", "required", "disabled"] = "allowed"
    erasure: Literal["erase", "refuse"] = "refuse"
    backup_keep: int = 10
    lock_on_minimise: bool | None = None
    # SQLCipher's memory security locks its own buffers out of swap and wipes them when
    # freed. It costs 5-14x on busy workloads (an mlock/munlock per allocation) and cannot
    # cover the Python objects that hold the same records, so it is off by default; the
    # process is kept out of crash dumps instead (hardening.py). IT may turn it on.
    sqlcipher_memory_security: bool = False

    def effective_autolock_minutes(self, requested: int) -> int:
        """The idle lock the user gets: their choice, capped by the policy. An idle lock
        of zero minutes would lock while typing, so one minute is the least."""
        requested = max(1, requested)
        if self.autolock_max_minutes is None:
            return requested
        return min(requested, self.autolock_max_minutes)


@dataclass(frozen=True)
class PolicyLoad:
    policy: Policy
    source: Path | None
    errors: tuple[str, ...]
    managed: frozenset[str]


def system_policy_path() -> Path:
    if sys.platform == "win32":
        base = os.environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(base) / "MedVault" / "policy.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/MedVault/policy.toml")
    return Path("/etc/medvault/policy.toml")


class _Invalid(ValueError):
    pass


def _shown(value: object) -> str:
    # A fuzzed or mangled file can hold a huge value; the message must stay readable.
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _whole_number(floor: int, ceiling: int) -> Callable[[str, object], object]:
    """Floors are absolute (below them a setting stops protecting anything); ceilings catch
    typos such as an extra zero that would lock everyone out or exhaust memory."""

    def check(key: str, value: object) -> object:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Invalid(f"{key} must be a whole number, not {_shown(value)}.")
        if not floor <= value <= ceiling:
            raise _Invalid(f"{key} must be between {floor} and {ceiling}, not {value}.")
        return value

    return check


def _one_of(*options: str) -> Callable[[str, object], object]:
    def check(key: str, value: object) -> object:
        if value not in options:
            listed = ", ".join(f'"{o}"' for o in options)
            raise _Invalid(f"{key} must be one of {listed}, not {_shown(value)}.")
        return value

    return check


def _roles(key: str, value: object) -> object:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid(f'{key} must be a list of role names, such as ["owner", "clinician"].')
    unknown = sorted(set(value) - ROLE_NAMES)
    if unknown:
        raise _Invalid(f"{key} names an unknown role {_shown(unknown[0])}; the roles are "
                       f"{', '.join(sorted(ROLE_NAMES))}.")
    return frozenset(value)


def _flag(key: str, value: object) -> object:
    if not isinstance(value, bool):
        raise _Invalid(f"{key} must be true or false, not {_shown(value)}.")
    return value


_CHECKS: dict[str, Callable[[str, object], object]] = {
    # NIST 800-63B: never below 8; above 128 nobody could comply.
    "min_password_length": _whole_number(8, 128),
    "totp_required_roles": _roles,
    "autolock_max_minutes": _whole_number(1, 24 * 60),
    # Below 8 MiB Argon2id is cheap to attack on a GPU; above 4 GiB vault creation fails
    # on ordinary workstations.
    "kdf_min_memory_kib": _whole_number(8192, 4 * 1024 * 1024),
    "kdf_min_time_cost": _whole_number(1, 64),
    "workstation_factor": _one_of("allowed", "required", "disabled"),
    "erasure": _one_of("erase", "refuse"),
    "backup_keep": _whole_number(1, 1000),
    "lock_on_minimise": _flag,
    "sqlcipher_memory_security": _flag,
}


def _parse(data: dict[str, object]) -> tuple[Policy, frozenset[str], list[str]]:
    values: dict[str, object] = {}
    problems: list[str] = []
    for key, value in data.items():
        check = _CHECKS.get(key)
        if check is None:
            close = difflib.get_close_matches(key, list(_CHECKS), n=1)
            hint = f' Did you mean "{close[0]}"?' if close else ""
            problems.append(f"{_shown(key)} is not a policy setting.{hint}")
            continue
        try:
            values[key] = check(key, value)
        except _Invalid as exc:
            problems.append(str(exc))
    if problems:
        return Policy(), frozenset(), problems
    return Policy(**values), frozenset(values), []  # type: ignore[arg-type]


def load_policy(path: Path | None = None) -> PolicyLoad:
    """Load the machine policy. Never raises: a missing file means the defaults, a broken
    one means the defaults plus the errors to show."""
    if path is None:
        # The variable serves tests and machines without a managed policy. Once IT has
        # installed a system file, it alone counts, so a user cannot point elsewhere.
        system = system_policy_path()
        env = os.environ.get(POLICY_ENV)
        path = Path(env) if env and not system.exists() else system
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return PolicyLoad(Policy(), None, (), frozenset())
    except OSError as exc:
        return _broken(path, [f"it cannot be read ({exc.strerror or exc})."])
    try:
        # utf-8-sig: Windows editors often save a byte-order mark, which TOML forbids.
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _broken(path, ["it is not valid TOML: save it as UTF-8 text."])
    except tomllib.TOMLDecodeError as exc:
        return _broken(path, [f"it is not valid TOML ({exc})."])
    except RecursionError:
        # tomllib recurses on nested arrays and tables; a mangled file must not crash start-up.
        return _broken(path, ["it is not valid TOML (values nested too deeply)."])
    policy, managed, problems = _parse(data)
    if problems:
        return _broken(path, problems)
    return PolicyLoad(policy, path, (), managed)


def _broken(path: Path, problems: list[str]) -> PolicyLoad:
    advice = (" MedVault is using its built-in defaults for every setting until the file is "
              f"fixed. Ask IT to correct it; {TEMPLATE_NAME} lists every key and its values.")
    errors = tuple(f"The machine policy {path} is invalid: {p}{advice}" for p in problems)
    return PolicyLoad(Policy(), path, errors, frozenset())
