"""Settings the owner chooses for one vault, kept encrypted in the registry.

The machine policy always wins: it can add TOTP roles and cap the idle lock, never the
other way round. The limits (the longest idle lock, what the policy fixes) are answered
here, so the CLI and the settings page offer and refuse the same values.
"""

from __future__ import annotations

import json
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


@dataclass(frozen=True)
class VaultSettings:
    totp_required_roles: frozenset[str] = frozenset()
    autolock_minutes: int = 5
    lock_on_minimise: bool = False
    pin_unlock: bool = False
    # The units laboratory results are shown and entered in (records/units.py): "si"
    # (mmol/L, µmol/L, mmol/mol) or "conventional" (mg/dL, %).
    lab_units: str = "conventional"

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


def load_settings(conn: Connection, kind: str) -> VaultSettings:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_KEY,)).fetchone()
    base = defaults_for(kind)
    if row is None:
        return base
    try:
        data = json.loads(row[0])
        return VaultSettings(
            totp_required_roles=frozenset(str(r) for r in data["totp_required_roles"]
                                          if r in ROLE_NAMES),
            autolock_minutes=max(1, int(data["autolock_minutes"])),
            lock_on_minimise=bool(data["lock_on_minimise"]),
            pin_unlock=bool(data.get("pin_unlock", False)),
            lab_units="si" if data.get("lab_units") == "si" else "conventional",
        )
    except (ValueError, KeyError, TypeError):
        return base


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
        raise UsageError("Laboratory units are si (mmol/L) or conventional (mg/dL).")
    if settings.autolock_minutes < 1:
        raise UsageError("The idle lock needs at least one minute.")
    limit = autolock_limit(session.vault.policy.policy)
    if settings.autolock_minutes > limit:
        raise UsageError(f"The idle lock can be at most {limit} minutes here; choose "
                         f"{limit} or fewer. Nothing was changed.")
    with session.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (_KEY, json.dumps(settings.to_json())))
        session.record("settings.change", detail=settings.to_json())
    return effective(settings, session.vault.policy.policy)
