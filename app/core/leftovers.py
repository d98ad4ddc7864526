"""Removing what interrupted writes leave behind, once it is safe.

A crash can leave, in the vault folder, temp files of atomic writes
(`.vault.json.*.tmp`, `.signin-attempts.json.*.tmp`) and SQLite super-journals
(`registry.db-mj*`); in the backups folder, hidden `.medvault-backup-*` staging folders,
each a full ciphertext copy of the vault. Nothing reads them again, so they only take space
(and a staging folder is one more copy of the vault lying around).

It is safe to remove them while holding the vault lock: no other MedVault writes to this
vault meanwhile. A super-journal is kept while any compartment journal exists, because a
hot journal may still name it (SQLite needs it to decide whether to roll back).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from pathlib import Path

from app.core.errors import MedVaultError
from app.core.safe_files import read_regular_file

_TEMP_PREFIXES = (".vault.json.", ".signin-attempts.json.")
_SUPER_JOURNAL_PREFIXES = ("registry.db-mj", "clinical.db-mj")
STAGING_PREFIX = ".medvault-backup-"
# A restore drill's scratch copy (drill.py); it holds a restored vault.json of this vault.
DRILL_PREFIX = ".medvault-drill-"
# A staging folder that does not say which vault it belongs to is only removed once it is
# clearly abandoned: no backup takes a day.
_ANONYMOUS_STAGING_AGE_S = 24 * 3600


def staging_tag(vault_id: str) -> str:
    """Part of a backup staging folder's name, so cleaning can tell whose it is."""
    return f"v{vault_id[:16]}"


def clean_vault_folder(directory: Path) -> list[str]:
    """Call with the vault lock held. Returns the names removed."""
    removed: list[str] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    journals = any(n.endswith("-journal") for n in names)
    for name in names:
        temp = name.startswith(_TEMP_PREFIXES) and name.endswith(".tmp")
        orphan_super = name.startswith(_SUPER_JOURNAL_PREFIXES) and not journals
        if temp or orphan_super:
            path = directory / name
            if path.is_symlink() or not path.is_file():
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(name)
    return removed


def clean_backup_staging(backups: Path, vault_id: str, *, now: float | None = None) -> list[str]:
    """Remove abandoned backup staging folders of this vault (call with its lock held)."""
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = list(os.scandir(backups))
    except OSError:
        return removed
    mine = staging_tag(vault_id)
    for entry in entries:
        if not entry.name.startswith((STAGING_PREFIX, DRILL_PREFIX)) \
                or not entry.is_dir(follow_symlinks=False):
            continue
        path = Path(entry.path)
        ours = f"{mine}." in entry.name or _names_vault(path, vault_id)
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > _ANONYMOUS_STAGING_AGE_S
        except OSError:
            continue
        if ours or (old and not _names_other_vault(path, vault_id)):
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(entry.name)
    return removed


def _vault_id_in(path: Path) -> str | None:
    try:
        data = json.loads(read_regular_file(path / "vault.json", max_bytes=16 << 20))
    except (OSError, ValueError, RecursionError, MedVaultError):
        return None
    value = data.get("vault_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _names_vault(path: Path, vault_id: str) -> bool:
    return _vault_id_in(path) == vault_id


def _names_other_vault(path: Path, vault_id: str) -> bool:
    found = _vault_id_in(path)
    return found is not None and found != vault_id


def clean_leftovers(directory: Path, vault_id: str) -> None:
    """At open, with the lock held: the vault folder and its default backups folder."""
    from app.core.backup import default_backup_dir

    clean_vault_folder(directory)
    clean_backup_staging(default_backup_dir(directory), vault_id)
