"""The machine-wide policy that IT sets and users cannot weaken.

Read from the platform's system location (or `MEDVAULT_POLICY`, for tests and scripted
roll-outs). A broken file never yields something weaker: any error means the built-in
defaults, plus a message naming the file, the key and what to do.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

POLICY_ENV = "MEDVAULT_POLICY"
ROLE_NAMES = frozenset({"owner", "admin", "clinician", "reception", "auditor", "emergency"})


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

    def effective_autolock_minutes(self, requested: int) -> int:
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
        base = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(base) / "MedVault" / "policy.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/MedVault/policy.toml")
    return Path("/etc/medvault/policy.toml")


class _Invalid(ValueError):
    pass


def _int_at_least(key: str, value: Any, floor: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Invalid(f"{key} must be a whole number")
    if value < floor:
        raise _Invalid(f"{key} must be at least {floor}")
    return value


def _choice(key: str, value: Any, options: tuple[str, ...]) -> str:
    if value not in options:
        raise _Invalid(f"{key} must be one of {', '.join(repr(o) for o in options)}")
    return str(value)


def _parse(data: dict[str, Any]) -> tuple[Policy, frozenset[str]]:
    known = {f.name for f in fields(Policy)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise _Invalid(f"unknown key {unknown[0]!r}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "min_password_length":
            # NIST 800-63B: never below 8, whatever the file says.
            values[key] = _int_at_least(key, value, 8)
        elif key == "totp_required_roles":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _Invalid(f"{key} must be a list of role names")
            bad = sorted(set(value) - ROLE_NAMES)
            if bad:
                raise _Invalid(f"{key} names an unknown role {bad[0]!r}")
            values[key] = frozenset(value)
        elif key == "autolock_max_minutes":
            values[key] = _int_at_least(key, value, 1)
        elif key == "kdf_min_memory_kib":
            values[key] = _int_at_least(key, value, 8192)
        elif key == "kdf_min_time_cost":
            values[key] = _int_at_least(key, value, 1)
        elif key == "workstation_factor":
            values[key] = _choice(key, value, ("allowed", "required", "disabled"))
        elif key == "erasure":
            values[key] = _choice(key, value, ("erase", "refuse"))
        elif key == "backup_keep":
            values[key] = _int_at_least(key, value, 1)
        elif key == "lock_on_minimise":
            if not isinstance(value, bool):
                raise _Invalid(f"{key} must be true or false")
            values[key] = value
    return Policy(**values), frozenset(values)


def load_policy(path: Path | None = None) -> PolicyLoad:
    if path is None:
        env = os.environ.get(POLICY_ENV)
        path = Path(env) if env else system_policy_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return PolicyLoad(Policy(), None, (), frozenset())
    except OSError as exc:
        return _broken(path, f"it cannot be read ({exc.strerror})")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return _broken(path, f"it is not valid TOML ({exc})")
    try:
        policy, managed = _parse(data)
    except _Invalid as exc:
        return _broken(path, str(exc))
    return PolicyLoad(policy, path, (), managed)


def _broken(path: Path, why: str) -> PolicyLoad:
    message = (f"The machine policy {path} is invalid: {why}. MedVault is using its built-in "
               "defaults. Ask IT to correct the file (see packaging/policy-template.toml).")
    return PolicyLoad(Policy(), path, (message,), frozenset())
