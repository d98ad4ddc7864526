"""Backups: consistent ciphertext copies, verified by opening them, kept in rotation.

A backup is a folder `medvault-backup-<UTC time>` holding the two compartment files and
vault.json exactly as encrypted, plus `backup.json` with each file's SHA-256 and the audit
chain head at the time of the copy. Nothing is ever decrypted to disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.core import clock, faults
from app.core.atomic import atomic_write_bytes, fsync_dir
from app.core.audit import AuditChain, AuditHead
from app.core.audit_heads import remember_place
from app.core.database import VaultDatabase
from app.core.errors import MedVaultError, UsageError, VaultDamaged
from app.core.leftovers import clean_backup_staging, staging_tag
from app.core.progress import ProgressCallback, no_progress
from app.core.roles import Operation
from app.core.session import Session
from app.core.vault_file import VAULT_FILE, VaultFile

MANIFEST = "backup.json"
PREFIX = "medvault-backup-"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: str
    vault_id: str
    head: AuditHead | None
    files: dict[str, str]

    @property
    def created_at(self) -> datetime | None:
        """When the copy was made (UTC), or None if the manifest's stamp is unreadable."""
        try:
            return datetime.strptime(self.created, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
        except ValueError:
            return None


def default_backup_dir(vault_dir: Path) -> Path:
    return vault_dir.parent / f"{vault_dir.name}-backups"


_BLOCK = 1 << 20


class _Meter:
    """Counts bytes across several files and reports them as one figure."""

    def __init__(self, total: int, progress: ProgressCallback) -> None:
        self.done, self.total, self._progress = 0, total, progress

    def add(self, count: int) -> None:
        self.done += count
        self._progress(self.done, self.total, "")


def _sha256(path: Path, meter: _Meter | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            digest.update(block)
            if meter is not None:
                meter.add(len(block))
    return digest.hexdigest()


def _copy_durably(source: Path, target: Path, meter: _Meter | None = None) -> None:
    # Block by block rather than shutil.copyfile, so a large vault reports progress and
    # can be cancelled between blocks; the caller deletes the partial copy.
    with source.open("rb") as src, target.open("xb") as dst:
        os.chmod(target, 0o600)
        for block in iter(lambda: src.read(_BLOCK), b""):
            dst.write(block)
            if meter is not None:
                meter.add(len(block))
        dst.flush()
        os.fsync(dst.fileno())


def read_manifest(path: Path) -> BackupInfo:
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        head = AuditHead.from_json(data["audit_head"]) if data.get("audit_head") else None
        files = {str(k): str(v) for k, v in data["files"].items()}
        return BackupInfo(path, str(data["created"]), str(data["vault_id"]), head, files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise VaultDamaged.coded("backup.unreadable", path=str(path),
                                 manifest=MANIFEST) from exc


def check_files(info: BackupInfo, progress: ProgressCallback = no_progress) -> None:
    for name in info.files:
        if "/" in name or "\\" in name or name.startswith("."):
            raise VaultDamaged.coded("backup.unsafe_name", path=str(info.path), name=repr(name))
    files = [info.path / name for name in info.files]
    meter = _Meter(sum(f.stat().st_size for f in files if f.is_file()), progress)
    for name, expected in info.files.items():
        file = info.path / name
        if not file.is_file() or _sha256(file, meter) != expected:
            raise VaultDamaged.coded("backup.checksum", path=str(info.path), name=name)


def create_backup(session: Session, to: Path | None = None, *,
                  progress: ProgressCallback = no_progress) -> BackupInfo:
    """Copy, checksum and verify. If `progress` raises (Cancel), the partial copy is
    deleted, the failure is audited and the exception goes on to the caller."""
    session.require(Operation.BACKUP_CREATE)
    vault = session.vault
    default = default_backup_dir(vault.directory)
    target_dir = (to or default).expanduser().absolute()
    # Compared after resolving links: a symlink must not lead a backup into the vault.
    real_target, real_vault = target_dir.resolve(), vault.directory.resolve()
    if real_target == real_vault or real_vault in real_target.parents:
        raise UsageError("Keep backups outside the vault folder: choose another --to.")
    created = not target_dir.exists()
    target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if created or target_dir == default.expanduser().absolute():
        # Owner-only whatever the umask, so other accounts cannot delete or swap backups.
        os.chmod(target_dir, 0o700)
    clean_backup_staging(target_dir, vault.file.vault_id)
    # Verification reads the head of every backup in every folder ever used.
    if remember_place(vault.file, "backup", target_dir):
        vault.save()
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    final = target_dir / f"{PREFIX}{stamp}"
    staging = Path(tempfile.mkdtemp(
        prefix=f".{final.name}.{staging_tag(vault.file.vault_id)}.", dir=target_dir))
    try:
        session.record("backup.create", detail={"name": final.name})
        names = [info.file for info in vault.file.compartments.values()]
        # An open write transaction keeps every other connection from changing the files
        # while they are copied; this process is the only writer (vault.lock).
        with session.transaction():
            head = session.audit.head()
            sources = [vault.directory / name for name in [*names, VAULT_FILE]]
            meter = _Meter(sum(source.stat().st_size for source in sources), progress)
            for source in sources:
                _copy_durably(source, staging / source.name, meter)
                faults.point(f"backup:copied:{source.name}")
        files = {name: _sha256(staging / name) for name in [*names, VAULT_FILE]}
        manifest: dict[str, Any] = {
            "format": "medvault-backup", "format_version": 1, "medvault": __version__,
            "vault_id": vault.file.vault_id, "created": stamp,
            "audit_head": head.to_json() if head else None, "files": files,
        }
        atomic_write_bytes(staging / MANIFEST, json.dumps(manifest, indent=2).encode())
        fsync_dir(staging)
        os.replace(staging, final)
        faults.point("backup:renamed")
        fsync_dir(target_dir)
        verify_backup(session, final, progress=progress)
        # The page checks cannot stop half-way; Cancel pressed meanwhile is honoured here.
        progress(1, 1, "")
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(final, ignore_errors=True)  # moved into place, then not verified
        with contextlib.suppress(MedVaultError, sqlite3.Error):
            session.record("backup.abandoned", detail={"name": final.name,
                                                       "why": type(exc).__name__})
        raise
    info = read_manifest(final)
    _rotate(target_dir, vault.file.vault_id, vault.policy.policy.backup_keep, keep=final)
    return info


def verify_backup(session: Session, path: Path, *,
                  progress: ProgressCallback = no_progress) -> BackupInfo:
    """Checksums, then open each compartment with the session's keys and check every page
    and the audit chain up to the recorded head."""
    info = read_manifest(path)
    check_files(info, progress)
    progress(0, 0, "")  # page and chain checks: one long call each, no measure
    if info.vault_id != session.vault.file.vault_id:
        raise UsageError.coded("backup.other_vault")
    copy = VaultFile.load(path)
    keys = {c: bytearray(session.key(c)) for c in ("registry", "clinical") if session.holds(c)}
    files = {name: c.file for name, c in copy.compartments.items()}
    try:
        db = VaultDatabase.open(
            path, files, keys, readonly=True,
            memory_security=session.vault.policy.policy.sqlcipher_memory_security)
    except VaultDamaged:
        raise VaultDamaged.coded("backup.does_not_open", path=str(path)) from None
    try:
        problems = db.integrity_problems()
        key = db.conn.execute("SELECT value FROM meta WHERE key='audit_key'").fetchone()[0]
        audit = AuditChain(db.conn, bytes(key)).verify([info.head] if info.head else None)
        problems += audit.problems
    finally:
        db.close()
    if problems:
        raise VaultDamaged.coded("backup.failed_verification", path=str(path),
                                 problem=problems[0])
    return info


def list_backups(directory: Path, vault_id: str | None = None) -> list[BackupInfo]:
    found: list[BackupInfo] = []
    if not directory.is_dir():
        return found
    for entry in sorted(directory.iterdir()):
        if entry.is_dir() and entry.name.startswith(PREFIX):
            try:
                info = read_manifest(entry)
            except MedVaultError:
                continue
            if vault_id is None or info.vault_id == vault_id:
                found.append(info)
    return found


def _rotate(directory: Path, vault_id: str, keep_count: int, *, keep: Path) -> None:
    backups = list_backups(directory, vault_id)
    for old in backups[: max(0, len(backups) - keep_count)]:
        if old.path != keep:
            shutil.rmtree(old.path, ignore_errors=True)


def restore_backup(backup: Path, to: Path, *, replace: bool = False,
                   progress: ProgressCallback = no_progress) -> Path | None:
    """Copy a verified backup into place. An existing vault is moved aside, never deleted;
    returns where it went."""
    backup = backup.expanduser().absolute()
    to = to.expanduser().absolute()
    info = read_manifest(backup)
    check_files(info, progress)
    VaultFile.load(backup)  # refuse a backup whose index does not parse
    moved: Path | None = None
    if to.exists() and any(to.iterdir()):
        if not replace:
            raise UsageError(f"{to} already holds files. Restore to a new folder, or pass "
                             "--replace to move the current vault aside first.")
        from app.core.lockfile import VaultLock

        lock = VaultLock(to)
        lock.acquire()  # refuse while a MedVault has it open
        lock.release()
        stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
        moved = to.with_name(f"{to.name}.before-restore-{stamp}")
        os.replace(to, moved)
    elif to.exists():
        to.rmdir()
    to.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{to.name}.restoring-", dir=to.parent))
    try:
        meter = _Meter(sum((backup / name).stat().st_size for name in info.files), progress)
        for name in info.files:
            _copy_durably(backup / name, staging / name, meter)
        os.chmod(staging, 0o700)
        os.replace(staging, to)
        fsync_dir(to.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if moved is not None and not to.exists():
            os.replace(moved, to)  # stopped half-way: put the vault that was there back
        raise
    return moved
