"""What a session needs of the open vault it was started from.

`Session` holds its vault through this small protocol instead of the concrete `OpenVault`,
so `session` never imports `vault` (which imports `session` to start one): the two modules
no longer form a type cycle, and a test can hand a session any object that fits.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from app.core.audit import AuditHead
    from app.core.database import VaultDatabase
    from app.core.kdf import KdfParams
    from app.core.keyslots import KeySlot, SlotSecrets
    from app.core.policy import PolicyLoad
    from app.core.vault_file import VaultFile, VaultUser
    from app.core.workstation import WorkstationKeychain


class VaultAccess(Protocol):
    """Implemented by `app.core.vault.OpenVault`."""

    directory: Path
    file: VaultFile
    policy: PolicyLoad
    workstation: WorkstationKeychain
    # Intents this process saved before a session existed (see intents.py).
    intents_in_flight: set[str]

    def save(self) -> None:
        """Write vault.json atomically (and tell the registry its generation)."""

    def save_audit_head(self, head: AuditHead) -> None: ...

    def attach_database(self, db: VaultDatabase | None) -> None: ...

    def open_password_slot(self, user: VaultUser,
                           password: str) -> tuple[SlotSecrets, KeySlot]: ...

    def slot_template(self) -> KdfParams:
        """Argon2 parameters for a new password slot (creation's, raised to the floor)."""

    def write_password_slot(self, user_id: str, password: str, contents: SlotSecrets,
                            *, workstation: bool | None = None) -> None: ...
