"""Settings the owner chooses for one vault, kept encrypted in the registry.

The machine policy always wins: it can add TOTP roles and cap the idle lock, never the
other way round.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from app.core.errors import UsageError
from app.core.policy import ROLE_NAMES, Policy
from app.core.roles import Operation
from app.core.session import Session

_KEY = "vault_settings"


@dataclass(frozen=True)
class VaultSettings:
    totp_required_roles: frozenset[str] = frozenset()
    autolock_minutes: int = 5
    lock_on_minimise: bool = False
    pin_unlock: bool = False

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["totp_required_roles"] = sorted(self.totp_required_roles)
        return data


def defaults_for(kind: str) -> VaultSettings:
    # A patient at home is interrupted less than a shared front desk.
    return VaultSettings(autolock_minutes=15 if kind == "personal" else 5)


def load_settings(conn: Any, kind: str) -> VaultSettings:
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
        )
    except (ValueError, KeyError, TypeError):
        return base


def effective(settings: VaultSettings, policy: Policy) -> VaultSettings:
    """The settings after the machine policy has had its say."""
    return replace(
        settings,
        totp_required_roles=settings.totp_required_roles | policy.totp_required_roles,
        autolock_minutes=policy.effective_autolock_minutes(settings.autolock_minutes),
        lock_on_minimise=(policy.lock_on_minimise if policy.lock_on_minimise is not None
                          else settings.lock_on_minimise),
    )


def current_settings(session: Session) -> VaultSettings:
    return effective(load_settings(session.conn, session.vault.file.kind),
                     session.vault.policy.policy)


def save_settings(session: Session, settings: VaultSettings) -> VaultSettings:
    session.require(Operation.SETTINGS_EDIT)
    bad = sorted(settings.totp_required_roles - ROLE_NAMES)
    if bad:
        raise UsageError(f"Unknown role {bad[0]!r} in the TOTP roles.")
    if settings.autolock_minutes < 1:
        raise UsageError("The idle lock needs at least one minute.")
    with session.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (_KEY, json.dumps(settings.to_json())))
        session.record("settings.change", detail=settings.to_json())
    return effective(settings, session.vault.policy.policy)
