"""Compartment keys sealed to users' age (X25519) recipients.

Anyone holding a compartment key can grant it to another user by sealing it to their public
recipient, without knowing that user's password (1Password-style vault keys).
"""

from __future__ import annotations

import pyrage

from app.core.errors import VaultDamaged


def new_identity() -> tuple[str, str]:
    """Return (secret identity, public recipient) as age strings."""
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def recipient_of(identity: str) -> str:
    return str(pyrage.x25519.Identity.from_str(identity).to_public())


def seal(key: bytes, recipient: str) -> bytes:
    return pyrage.encrypt(key, [pyrage.x25519.Recipient.from_str(recipient)])


def unseal(sealed: bytes, identity: str) -> bytes:
    try:
        return pyrage.decrypt(sealed, [pyrage.x25519.Identity.from_str(identity)])
    except pyrage.DecryptError as exc:
        # The identity came out of a slot whose tag verified, so it is right: the sealed
        # blob itself must be damaged.
        raise VaultDamaged("A sealed compartment key in vault.json is damaged.") from exc
