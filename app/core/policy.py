"""The machine-wide policy that IT sets and users cannot weaken.

Read from the platform's system location. It fails safe, the way sshd treats its own
configuration:

- every key is checked on its own, and a key IT wrote correctly always applies;
- an unknown key (say, from a newer template) is a warning, never a reason to drop the file;
- a key with an invalid value, or a file that cannot be read or parsed, is an error, and
  while any error stands MedVault opens no vault on the machine (`PolicyInvalid`). Running
  on built-in defaults instead would quietly drop every rule IT meant to set.

`MEDVAULT_POLICY` may name a further file (a user's or a script's own). It can only tighten
what is in force: a looser value is ignored with a warning. Every message names the file,
the line, the key and the fix.

The test suite points the system location elsewhere through
`use_system_policy_path_for_tests`, a Python call that no environment variable, option or
file of the shipped program reaches.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from app.core.errors import PolicyInvalid

POLICY_ENV = "MEDVAULT_POLICY"
ROLE_NAMES = frozenset({"owner", "admin", "clinician", "reception", "auditor", "emergency",
                        "backup"})
TEMPLATE_NAME = "policy-template.toml"
# A policy is a few dozen lines; anything larger is not one, and is not read into memory.
MAX_POLICY_BYTES = 64 * 1024
# Windows' FOLDERID_ProgramData (KnownFolders.h).
FOLDERID_PROGRAM_DATA = "62AB5D82-FDC1-4DC3-A9DD-070D1D495D97"


@dataclass(frozen=True)
class Policy:
    min_password_length: int = 12
    totp_required_roles: frozenset[str] = frozenset()
    autolock_max_minutes: int | None = None
    # The longest time anything MedVault copied may stay on the clipboard (seconds).
    clipboard_max_seconds: int | None = None
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
    # The longest break-glass access (a restricted record opened with a reason, or the
    # emergency account activated) that anyone may choose; shorter is stricter.
    break_glass_max_minutes: int = 12 * 60

    def effective_autolock_minutes(self, requested: int) -> int:
        """The idle lock the user gets: their choice, capped by the policy. An idle lock
        of zero minutes would lock while typing, so one minute is the least."""
        requested = max(1, requested)
        if self.autolock_max_minutes is None:
            return requested
        return min(requested, self.autolock_max_minutes)


@dataclass(frozen=True)
class PolicyIssue:
    """One thing wrong with a policy file, located so IT can go straight to it."""

    severity: Literal["error", "warning"]
    path: Path
    line: int | None
    key: str | None
    problem: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        key = f" ({self.key})" if self.key else ""
        return f"{where}{key}: {self.problem} Fix: {self.fix}"

    def to_json(self) -> dict[str, object]:
        return {"severity": self.severity, "file": str(self.path), "line": self.line,
                "key": self.key, "problem": self.problem, "fix": self.fix}


@dataclass(frozen=True)
class PolicyLoad:
    policy: Policy
    source: Path | None
    issues: tuple[PolicyIssue, ...] = ()
    managed: frozenset[str] = frozenset()
    # Every file that was read, the system file first.
    sources: tuple[Path, ...] = field(default=())

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(str(i) for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(str(i) for i in self.issues if i.severity == "warning")

    @property
    def blocking(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    def refusal(self) -> str:
        """What to tell someone who tried to open a vault while the policy is broken."""
        return ("MedVault will not open a vault on this machine until its machine policy is "
                "fixed (an IT rule could otherwise be silently dropped):\n"
                + "\n".join(f"- {e}" for e in self.errors)
                + "\nCheck the file with `medvault policy check FILE`; "
                f"{TEMPLATE_NAME} lists every setting and its values.")

    def require_valid(self) -> None:
        if self.blocking:
            raise PolicyInvalid(self.refusal(), self.errors)


# -- where the system file lives --------------------------------------------------------

_test_system_path: Path | None = None


def use_system_policy_path_for_tests(path: Path | None) -> None:
    """Point the system policy location at `path` (None: the real one again).

    Only the test suite calls this (its conftest, and its sitecustomize for child
    processes), so a machine where IT installed a policy still runs the suite. The shipped
    program has no variable, option or file that reaches it.
    """
    global _test_system_path
    _test_system_path = path


class PolicyPathUnknown(OSError):
    pass


def windows_program_data(shell32: Any = None, ole32: Any = None) -> Path:
    """ProgramData from the Known Folder API. `%PROGRAMDATA%` is the user's to change, so
    reading it would let anyone point MedVault at a policy of their own."""
    import ctypes
    import uuid

    if shell32 is None or ole32 is None:
        if sys.platform != "win32":
            raise PolicyPathUnknown("the Known Folder API exists only on Windows")
        shell32, ole32 = ctypes.windll.shell32, ctypes.windll.ole32

    class GUID(ctypes.Structure):
        _fields_ = [("Data1", ctypes.c_uint32), ("Data2", ctypes.c_uint16),
                    ("Data3", ctypes.c_uint16), ("Data4", ctypes.c_ubyte * 8)]

    folder_id = GUID.from_buffer_copy(uuid.UUID(FOLDERID_PROGRAM_DATA).bytes_le)
    found = ctypes.c_wchar_p()
    result = shell32.SHGetKnownFolderPath(ctypes.byref(folder_id), 0, None, ctypes.byref(found))
    try:
        if result != 0 or not found.value:
            raise PolicyPathUnknown(f"SHGetKnownFolderPath failed (HRESULT {result:#x})")
        return Path(found.value)
    finally:
        # The API allocates the string even on some failures; the caller frees it.
        ole32.CoTaskMemFree(found)


def system_policy_path() -> Path:
    if _test_system_path is not None:
        return _test_system_path
    if sys.platform == "win32":
        return windows_program_data() / "MedVault" / "policy.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/MedVault/policy.toml")
    return Path("/etc/medvault/policy.toml")


# -- checking values -------------------------------------------------------------------


class _Invalid(ValueError):
    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem, self.fix = problem, fix


def _shown(value: object) -> str:
    # A fuzzed or mangled file can hold a huge value; the message must stay readable.
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _whole_number(floor: int, ceiling: int, example: int) -> Callable[[str, object], object]:
    """Floors are absolute (below them a setting stops protecting anything); ceilings catch
    typos such as an extra zero that would lock everyone out or exhaust memory."""

    def check(key: str, value: object) -> object:
        fix = f"write a whole number from {floor} to {ceiling}, such as {key} = {example}."
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Invalid(f"{key} must be a whole number, not {_shown(value)}.", fix)
        if not floor <= value <= ceiling:
            raise _Invalid(f"{key} must be between {floor} and {ceiling}, not {value}.", fix)
        return value

    return check


def _one_of(*options: str) -> Callable[[str, object], object]:
    def check(key: str, value: object) -> object:
        listed = ", ".join(f'"{o}"' for o in options)
        if value not in options:
            raise _Invalid(f"{key} must be one of {listed}, not {_shown(value)}.",
                           f'write one of {listed} in quotes, such as {key} = "{options[0]}".')
        return value

    return check


def _role_list(allowed: frozenset[str]) -> Callable[[str, object], object]:
    def check(key: str, value: object) -> object:
        fix = f"write a list of these role names: {', '.join(sorted(allowed))}."
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Invalid(f"{key} must be a list of role names, not {_shown(value)}.", fix)
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise _Invalid(f"{key} names a role it cannot take, {_shown(unknown[0])}.", fix)
        return frozenset(value)

    return check


def _flag(key: str, value: object) -> object:
    if not isinstance(value, bool):
        raise _Invalid(f"{key} must be true or false, not {_shown(value)}.",
                       f"write {key} = true or {key} = false (no quotes).")
    return value


_CHECKS: dict[str, Callable[[str, object], object]] = {
    # NIST 800-63B: never below 8; above 128 nobody could comply.
    "min_password_length": _whole_number(8, 128, 12),
    "totp_required_roles": _role_list(ROLE_NAMES),
    "autolock_max_minutes": _whole_number(1, 24 * 60, 10),
    # Under 5 s nobody can paste in time; over 10 min a copy is simply left behind.
    "clipboard_max_seconds": _whole_number(5, 600, 30),
    # Below 8 MiB Argon2id is cheap to attack on a GPU; above 4 GiB vault creation fails
    # on ordinary workstations.
    "kdf_min_memory_kib": _whole_number(8192, 4 * 1024 * 1024, 262144),
    "kdf_min_time_cost": _whole_number(1, 64, 3),
    "workstation_factor": _one_of("allowed", "required", "disabled"),
    "erasure": _one_of("refuse", "erase"),
    "backup_keep": _whole_number(1, 1000, 10),
    "lock_on_minimise": _flag,
    "sqlcipher_memory_security": _flag,
    # Below 5 minutes nobody could finish what they opened the record for; 12 hours is
    # one long shift, and longer should be a change of role.
    "break_glass_max_minutes": _whole_number(5, 12 * 60, 60),
}

_RANKS: dict[str, tuple[object, ...]] = {
    # From loosest to strictest, for the keys that are a choice rather than a number.
    "workstation_factor": ("disabled", "allowed", "required"),
    "erasure": ("erase", "refuse"),
    # Unset leaves it to the vault owner; false forces it off for everyone.
    "lock_on_minimise": (False, None, True),
    "sqlcipher_memory_security": (False, True),
}


def _tighter(key: str, current: object, proposed: object) -> object | None:
    """The value a tighten-only file may set, or None when `proposed` would loosen."""
    if key == "totp_required_roles":
        assert isinstance(current, frozenset) and isinstance(proposed, frozenset)
        return current | proposed
    if key in ("autolock_max_minutes", "clipboard_max_seconds"):
        if current is None:
            return proposed
        return proposed if proposed <= current else None  # type: ignore[operator]
    if key == "break_glass_max_minutes":  # a shorter longest access is stricter
        return proposed if proposed <= current else None  # type: ignore[operator]
    if key in _RANKS:
        rank = _RANKS[key]
        return proposed if rank.index(proposed) >= rank.index(current) else None
    return proposed if proposed >= current else None  # type: ignore[operator]


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(r"^\s*(?:\[\s*)?[\"']?" + re.escape(key) + r"[\"']?\s*[=\]]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _suggest(key: str) -> str:
    import difflib  # only an unknown key needs it; keep start-up light

    close = difflib.get_close_matches(key, list(_CHECKS), n=1)
    if close:
        return f'did you mean "{close[0]}"? Correct the name, or remove the line.'
    return f"remove the line, or check the key against {TEMPLATE_NAME} of this version."


def _read(path: Path) -> tuple[str | None, list[PolicyIssue]]:
    """The file's text (None if there is no file) or the reason it cannot be used."""

    def error(problem: str, fix: str, line: int | None = None) -> tuple[None, list[PolicyIssue]]:
        return None, [PolicyIssue("error", path, line, None, problem, fix)]

    readable = ("make it a regular file that every user can read and only administrators "
                "can change (on Linux: root-owned, mode 644).")
    try:
        # O_NONBLOCK: a FIFO planted at the path must not hang every program that starts.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None, []
    except IsADirectoryError:
        return error("it is a folder, not a file.", readable)
    except OSError as exc:
        return error(f"it cannot be read ({exc.strerror or exc}).", readable)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return error("it is not a regular file.", readable)
        if info.st_size > MAX_POLICY_BYTES:
            return error(f"it is larger than {MAX_POLICY_BYTES // 1024} KiB, so it is not a "
                         "policy file.", f"start again from {TEMPLATE_NAME}.")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_POLICY_BYTES + 1)
    except OSError as exc:
        return error(f"it cannot be read ({exc.strerror or exc}).", readable)
    finally:
        os.close(fd)
    try:
        # utf-8-sig: Windows editors often save a byte-order mark, which TOML forbids.
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return error("it is not UTF-8 text.", "save it as UTF-8 text.", line)


def _parse_file(path: Path, text: str) -> tuple[dict[str, Any], list[PolicyIssue]]:
    """The valid settings of one file and the issues of the rest."""
    syntax_fix = (f"correct the TOML syntax on that line (compare with {TEMPLATE_NAME}), "
                  "then run `medvault policy check FILE`.")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        return {}, [PolicyIssue("error", path, int(found.group(1)) if found else None, None,
                                f"it is not valid TOML ({exc}).", syntax_fix)]
    except RecursionError:
        # tomllib recurses on nested arrays and tables; a mangled file must not crash start-up.
        return {}, [PolicyIssue("error", path, None, None,
                                "it is not valid TOML (values nested too deeply).", syntax_fix)]
    values: dict[str, Any] = {}
    issues: list[PolicyIssue] = []
    for key, value in data.items():
        line = _line_of(text, key)
        check = _CHECKS.get(key)
        if check is None:
            issues.append(PolicyIssue("warning", path, line, _shown(key)[1:-1][:40],
                                      f"{_shown(key)} is not a setting this version knows, so "
                                      "it is ignored.", _suggest(key)))
            continue
        try:
            values[key] = check(key, value)
        except _Invalid as exc:
            issues.append(PolicyIssue("error", path, line, key, exc.problem, exc.fix))
    return values, issues


def check_policy_file(path: Path) -> PolicyLoad:
    """Validate one file as if it were the system policy (`medvault policy check`). A
    missing file is itself an error here: IT asked about that file."""
    if not os.path.lexists(path):
        return PolicyLoad(Policy(), path, (PolicyIssue(
            "error", path, None, None, "there is no such file.",
            "give the path of the policy file to check."),), frozenset(), (path,))
    return load_policy(path)


def load_policy(path: Path | None = None) -> PolicyLoad:
    """The policy in force. Never raises; callers that open vaults call `require_valid`.

    With `path`, that one file is read as the system policy (tests and `policy check`).
    """
    if path is None:
        try:
            system = system_policy_path()
        except OSError as exc:
            # Without the real location, a policy IT installed there would go unseen.
            unknown = Path("<system policy folder>")
            return PolicyLoad(Policy(), None, (PolicyIssue(
                "error", unknown, None, None, f"its location cannot be found ({exc}).",
                "check that this Windows account can see the ProgramData folder."),))
        env = os.environ.get(POLICY_ENV)
        extra = Path(env) if env else None
    else:
        system, extra = path, None

    issues: list[PolicyIssue] = []
    sources: list[Path] = []

    def read(file: Path) -> tuple[str, dict[str, Any]]:
        text, read_issues = _read(file)
        issues.extend(read_issues)
        if text is not None or read_issues:
            sources.append(file)
        if text is None:
            return "", {}
        values, parse_issues = _parse_file(file, text)
        issues.extend(parse_issues)
        return text, values

    _, values = read(system)
    policy = replace(Policy(), **values)
    managed = set(values)
    if extra is not None and extra != system:
        text, user_values = read(extra)
        for key, proposed in user_values.items():
            current = getattr(policy, key)
            merged = _tighter(key, current, proposed)
            if merged is None:
                issues.append(PolicyIssue(
                    "warning", extra, _line_of(text, key), key,
                    f"{key} = {_shown(proposed)} would loosen the policy in force "
                    f"({_shown(current)}), so it is ignored: a file named by {POLICY_ENV} "
                    "may only tighten it.",
                    f"ask IT to change the machine policy {system}, or remove the line."))
                continue
            tightened: dict[str, Any] = {key: merged}
            policy = replace(policy, **tightened)
            managed.add(key)
    return PolicyLoad(policy, sources[0] if sources else None, tuple(issues),
                      frozenset(managed), tuple(sources))
