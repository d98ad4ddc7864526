"""Unsealing a user's compartment keys and opening the databases with them.

A rotation seals the new key (as `pending_version`) before `PRAGMA rekey`, so a file whose
compartment has a pending version may be at either key. Each such file is asked which key
opens it: the pending one finishes the rotation, the current one proves the pending
version stale and clears it. Each compartment is settled on its own, so any mix of
interrupted rotations comes apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.database import VaultDatabase, key_opens
from app.core.errors import MedVaultError, VaultDamaged
from app.core.sealing import unseal
from app.core.session import zero
from app.core.vault_file import COMPARTMENT_FILES, CompartmentInfo, VaultUser

if TYPE_CHECKING:
    from app.core.vault import OpenVault


def unseal_keys(vault: OpenVault, user: VaultUser, identity: str) -> dict[str, bytearray]:
    """The user's key for each compartment they hold, settling any interrupted rotation."""
    keys: dict[str, bytearray] = {}
    try:
        for name, info in vault.file.compartments.items():
            key = settle_compartment(vault, user, identity, name, info)
            if key is not None:
                keys[name] = key
    except BaseException:
        for key in keys.values():
            zero(key)
        raise
    if "registry" not in keys:
        for key in keys.values():
            zero(key)
        raise MedVaultError.coded("signin.no_key")
    return keys


def settle_compartment(vault: OpenVault, user: VaultUser, identity: str, name: str,
                       info: CompartmentInfo) -> bytearray | None:
    candidates: list[tuple[int, bytearray]] = []
    for version in (info.key_version, info.pending_version):
        sealed = None if version is None else vault.file.sealed_for(user.user_id, name,
                                                                    version)
        if version is not None and sealed is not None:
            candidates.append((version, bytearray(unseal(sealed.sealed, identity))))
    if not candidates:
        return None
    if info.pending_version is None:
        return candidates[0][1]  # nothing to settle; opening the file checks the key
    path = vault.directory / COMPARTMENT_FILES[name]
    winner = next(((v, k) for v, k in candidates if key_opens(path, k)), None)
    for version, key in candidates:
        if winner is None or version != winner[0]:
            zero(key)
    if winner is None:
        raise VaultDamaged(
            f"The {name} compartment of this vault is damaged (neither its current nor "
            "its new key opens it). Your password was accepted. Restore the vault from "
            "a backup with “Restore from backup…” or `medvault restore`.")
    version, key = winner
    if version == info.pending_version:
        old = info.key_version
        info.key_version, info.pending_version = version, None
    else:
        old, info.pending_version = info.pending_version, None
    vault.file.sealed = [s for s in vault.file.sealed
                         if not (s.compartment == name and s.key_version == old)]
    # The rotation's intent (saved with its pending version) gets its entry once the
    # session is up: `intents.reconcile` reads how it ended from the versions. Read-only,
    # the settled versions hold in memory for this session and the file waits.
    if not vault.read_only:
        vault.save()
    return key


def open_database(vault: OpenVault, user: VaultUser,
                  identity: str) -> tuple[VaultDatabase, dict[str, bytearray]]:
    keys = unseal_keys(vault, user, identity)
    try:
        db = VaultDatabase.open(
            vault.directory, COMPARTMENT_FILES, keys, readonly=vault.read_only,
            memory_security=vault.policy.policy.sqlcipher_memory_security)
    except BaseException:
        for key in keys.values():
            zero(key)
        raise
    return db, keys
