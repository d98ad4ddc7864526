"""Settings the owner chooses for one vault, kept encrypted in the registry.

The machine policy always wins: it can add TOTP roles and cap the idle lock, never the
other way round. The limits (the longest idle lock, what the policy fixes) are answered
here, so the CLI and the settings page offer and refuse the same values.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from app.core.errors import UsageError
from app.core.policy import ROLE_NAMES, Policy, PolicyLoad
from app.core.roles import Operation
from app.core.session import Session

if TYPE_CHECKING:
    from app.core.database import Connection

_KEY = "vault_settings"

# The longest idle lock a vault may choose: a workstation left unlocked longer than a
# half-day shift is a workstation left open. A machine policy can only lower it.
AUTOLOCK_MAX_MINUTES = 240

# How long something MedVault copied (an MRN, a passphrase, note text) stays on the
# clipboard. Five seconds is the least that leaves time to paste; five minutes the most a
# vault may choose (a machine policy can only lower it). An unreadable stored value gives
# the shortest time, never the default: the default may be longer than what was chosen.
CLIPBOARD_DEFAULT_SECONDS = 30
CLIPBOARD_MIN_SECONDS = 5
CLIPBOARD_MAX_SECONDS = 300


@dataclass(frozen=True)
class VaultSettings:
    totp_required_roles: frozenset[str] = frozenset()
    autolock_minutes: int = 5
    lock_on_minimise: bool = False
    pin_unlock: bool = False
    # The units laboratory results are shown and entered in (records/units.py): "si"
    # (mmol/L, µmol/L, mmol/mol) or "conventional" (mg/dL, %).
    lab_units: str = "conventional"
    clipboard_seconds: int = CLIPBOARD_DEFAULT_SECONDS

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["totp_required_roles"] = sorted(self.totp_required_roles)
        return data


def defaults_for(kind: str) -> VaultSettings:
    # A patient at home is interrupted less than a shared front desk.
    return VaultSettings(autolock_minutes=15 if kind == "personal" else 5)


def autolock_limit(policy: Policy) -> int:
    """The longest idle lock anyone may choose here: the vault's cap, or the machine
    policy's if that is lower."""
    if policy.autolock_max_minutes is None:
        return AUTOLOCK_MAX_MINUTES
    return min(AUTOLOCK_MAX_MINUTES, policy.autolock_max_minutes)


def clipboard_limit(policy: Policy) -> int:
    """The longest clipboard time anyone may choose here: the vault's cap, or the machine
    policy's if that is lower."""
    if policy.clipboard_max_seconds is None:
        return CLIPBOARD_MAX_SECONDS
    return max(CLIPBOARD_MIN_SECONDS, min(CLIPBOARD_MAX_SECONDS, policy.clipboard_max_seconds))


def read_clipboard_seconds(value: object) -> int:
    """A stored clipboard time as the rule allows it: within the bounds, and the shortest
    time for anything that is not a whole number (a flag, text, a fraction, nothing)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return CLIPBOARD_MIN_SECONDS
    return max(CLIPBOARD_MIN_SECONDS, min(CLIPBOARD_MAX_SECONDS, value))


def clipboard_seconds(settings: VaultSettings | None, policy: Policy) -> int:
    """How long a copy stays: the vault's choice (the default before anyone signed in),
    bounded by the vault's cap and the machine policy's."""
    chosen = CLIPBOARD_DEFAULT_SECONDS if settings is None else settings.clipboard_seconds
    return min(read_clipboard_seconds(chosen), clipboard_limit(policy))


# What a damaged field reads as: the strictest value, never the (possibly looser) default.
# TOTP for every role asks each person to enrol at next sign-in, as a newly required factor
# does; the idle lock at its shortest; locking on minimise; no PIN unlock.
STRICTEST = VaultSettings(totp_required_roles=frozenset(ROLE_NAMES), autolock_minutes=1,
                          lock_on_minimise=True, pin_unlock=False,
                          clipboard_seconds=CLIPBOARD_MIN_SECONDS)


def _roles(value: object) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
        raise TypeError("not a list of role names")
    return frozenset(r for r in value if r in ROLE_NAMES)


def _minutes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TypeError("not a whole number of minutes")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not true or false")
    return value


def load_settings(conn: Connection, kind: str) -> VaultSettings:
    """The stored settings, each field read on its own: a missing field takes the default
    (a vault saved before the field existed), a damaged one takes its strictest value, so
    damage anywhere never loosens anything the owner chose."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_KEY,)).fetchone()
    base = defaults_for(kind)
    if row is None:
        return base
    try:
        data = json.loads(row[0])
    except (ValueError, TypeError):
        data = None
    if not isinstance(data, dict):
        return replace(STRICTEST, lab_units=base.lab_units)

    def field(name: str, read: Callable[[object], Any]) -> Any:
        if name not in data:
            return getattr(base, name)
        try:
            return read(data[name])
        except (TypeError, ValueError):
            return getattr(STRICTEST, name)

    return VaultSettings(
        totp_required_roles=field("totp_required_roles", _roles),
        autolock_minutes=field("autolock_minutes", _minutes),
        lock_on_minimise=field("lock_on_minimise", _flag),
        pin_unlock=field("pin_unlock", _flag),
        lab_units="si" if data.get("lab_units") == "si" else "conventional",
        clipboard_seconds=read_clipboard_seconds(data.get("clipboard_seconds",
                                                          CLIPBOARD_DEFAULT_SECONDS)),
    )


def effective(settings: VaultSettings, policy: Policy) -> VaultSettings:
    """The settings after the machine policy has had its say."""
    return replace(
        settings,
        totp_required_roles=settings.totp_required_roles | policy.totp_required_roles,
        # A value stored before the cap existed (the CLI once took any) is capped too.
        autolock_minutes=min(policy.effective_autolock_minutes(settings.autolock_minutes),
                             autolock_limit(policy)),
        lock_on_minimise=(policy.lock_on_minimise if policy.lock_on_minimise is not None
                          else settings.lock_on_minimise),
        clipboard_seconds=clipboard_seconds(settings, policy),
    )


def machine_policy(session: Session) -> PolicyLoad:
    """The machine policy this vault runs under, where it came from and what in it failed
    to parse. Every role may see it (it explains the limits they meet); asking still goes
    through the permission matrix, so a pending TOTP or workstation enrolment comes first."""
    session.require(Operation.POLICY_VIEW)
    return session.vault.policy


def stored_settings(session: Session) -> VaultSettings:
    """What the owner chose, before the machine policy has its say (for editing them)."""
    return load_settings(session.conn, session.vault.file.kind)


def current_settings(session: Session) -> VaultSettings:
    return effective(stored_settings(session), session.vault.policy.policy)


def show_settings(session: Session) -> VaultSettings:
    """The settings as a person asked to see them: permission-checked and audited
    (`current_settings` is the unchecked read the program itself needs at sign-in)."""
    session.require(Operation.SETTINGS_VIEW)
    session.record("settings.view")
    return current_settings(session)


def save_settings(session: Session, settings: VaultSettings) -> VaultSettings:
    session.require(Operation.SETTINGS_EDIT)
    bad = sorted(settings.totp_required_roles - ROLE_NAMES)
    if bad:
        raise UsageError(f"Unknown role {bad[0]!r} in the TOTP roles.")
    if settings.lab_units not in ("si", "conventional"):
        raise UsageError.coded("settings.lab_units")
    if settings.autolock_minutes < 1:
        raise UsageError.coded("settings.idle_lock_min")
    limit = autolock_limit(session.vault.policy.policy)
    if settings.autolock_minutes > limit:
        raise UsageError.coded("settings.idle_lock_max", limit=limit)
    most = clipboard_limit(session.vault.policy.policy)
    if (isinstance(settings.clipboard_seconds, bool)
            or not isinstance(settings.clipboard_seconds, int)
            or not CLIPBOARD_MIN_SECONDS <= settings.clipboard_seconds <= most):
        raise UsageError.coded("settings.clipboard_range", least=CLIPBOARD_MIN_SECONDS,
                               most=most)
    with session.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (_KEY, json.dumps(settings.to_json())))
        session.record("settings.change", detail=settings.to_json())
    return effective(settings, session.vault.policy.policy)
