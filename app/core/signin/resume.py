"""Signing in again with slot contents the caller already holds.

The GUI's PIN quick unlock (`app/core/quick_unlock.py`) keeps the user's slot contents
sealed under the PIN; once the PIN opens them, only the shared tail runs: the password
slot is not opened again, but the account must still be active and have one, and TOTP
is still asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core import read_only
from app.core.errors import WrongCredentials
from app.core.keyslots import SlotSecrets
from app.core.session import Session
from app.core.signin.start import start_session
from app.core.vault_file import VaultUser

if TYPE_CHECKING:
    from app.core.vault import OpenVault


def resume_with_contents(vault: OpenVault, user: VaultUser, contents: SlotSecrets,
                         totp: str | None) -> Session:
    if vault.read_only:
        raise read_only.refused("a PIN unlock")
    vault.refresh_policy()
    slots = vault.file.slots_for(user.user_id, "password")
    if user.status != "active" or not slots:
        raise WrongCredentials.coded("signin.use_password")
    return start_session(vault, user, contents, totp, slots[0])
