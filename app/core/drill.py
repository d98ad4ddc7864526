"""The restore drill: prove that a backup restores, without touching the vault.

`drill_backup` restores a backup (the newest by default) into a hidden temporary folder
beside it, verifies the restored copy with the session's keys (every page and the audit
chain up to the backup's head), deletes the copy, and records `backup.drill` with the
outcome. GDPR Art. 32(1)(d) asks for "regularly testing" the measures; the health check
reads the date of the last drill from the audit log.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.backup import (
    MANIFEST,
    BackupInfo,
    default_backup_dir,
    list_backups,
    restore_backup,
    verify_backup,
)
from app.core.errors import MedVaultError, UsageError
from app.core.leftovers import DRILL_PREFIX, staging_tag
from app.core.progress import ProgressCallback, no_progress
from app.core.roles import Operation
from app.core.session import Session


@dataclass(frozen=True)
class DrillResult:
    backup: Path
    ok: bool
    problem: str
    seconds: float


def newest_backup(session: Session) -> BackupInfo | None:
    vf = session.vault.file
    folders = [default_backup_dir(session.vault.directory),
               *(Path(p) for p in getattr(vf, "backup_dirs", []))]
    found = [info for folder in dict.fromkeys(folders)
             for info in list_backups(folder, vf.vault_id)]
    dated = [info for info in found if info.created_at is not None]
    return max(dated, key=lambda i: i.created_at or datetime.min.replace(tzinfo=UTC)) \
        if dated else None


def drill_backup(session: Session, backup: Path | None = None, *,
                 progress: ProgressCallback = no_progress) -> DrillResult:
    session.require(Operation.BACKUP_DRILL)
    if backup is None:
        newest = newest_backup(session)
        if newest is None:
            raise UsageError("There is no backup of this vault to test. Make one first "
                             "(medvault backup).")
        backup = newest.path
    backup = backup.expanduser().absolute()
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(
        prefix=f"{DRILL_PREFIX}{staging_tag(session.vault.file.vault_id)}.", dir=backup.parent))
    ok, problem = True, ""
    try:
        restored = scratch / "restored"
        restore_backup(backup, restored, progress=progress)
        shutil.copyfile(backup / MANIFEST, restored / MANIFEST)
        verify_backup(session, restored, progress=progress)
    except MedVaultError as exc:
        # A failed drill is the finding, not an error of the command: it is recorded.
        ok, problem = False, str(exc)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    seconds = round(time.monotonic() - started, 2)
    session.record("backup.drill", flagged=not ok,
                   detail={"backup": backup.name, "ok": ok, "seconds": seconds})
    return DrillResult(backup, ok, problem, seconds)
