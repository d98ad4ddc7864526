"""Checking a compartment's rollback journal before SQLite plays it back.

After a crash, `registry.db-journal` (or `clinical.db-journal`) holds the pages to put back
and, in each segment header, the size the database had before the change. SQLite trusts
that size: it truncates the database to it, and a damaged header (one flipped byte) can
"truncate" a few-MiB file up to terabytes of sparse space, after which verify and backup
never finish. So before opening, each header is read and its original size checked
against what a sound journal could say: the vault never shrinks a database (no
auto-vacuum), so the original size is at most the current file's size.

The header layout is SQLite's documented journal format (all integers big-endian): 8 bytes
magic, page count, checksum seed, original size in pages, sector size, page size.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from app.core.errors import VaultDamaged

MAGIC = bytes.fromhex("d9d505f920a163d7")
_HEADER = struct.Struct(">8sIIIII")
_MAX_HEADERS = 100_000


def _damaged(name: str, why: str) -> VaultDamaged:
    return VaultDamaged(
        f"The {name} compartment's record of an interrupted change ({why}) is damaged, so "
        "the change cannot be safely undone. Your password was not checked. Restore the "
        "vault from a backup with “Restore from backup…” or `medvault restore`.")


def check_journal(db_path: Path, name: str) -> None:
    """Raise VaultDamaged if a journal beside `db_path` would replay to an absurd size."""
    journal = db_path.with_name(db_path.name + "-journal")
    try:
        journal_size = journal.stat().st_size
        db_size = db_path.stat().st_size
    except FileNotFoundError:
        return
    if journal_size < _HEADER.size:
        return  # SQLite treats a journal without a whole header as empty
    with journal.open("rb") as handle:
        offset = 0
        for _ in range(_MAX_HEADERS):
            handle.seek(offset)
            raw = handle.read(_HEADER.size)
            if len(raw) < _HEADER.size:
                return
            magic, records, _seed, original, sector, page = _HEADER.unpack(raw)
            if magic != MAGIC:
                return  # SQLite stops replaying at the first header that is not one
            if not (512 <= sector <= 65536 and 512 <= page <= 65536):
                return  # SQLite also ignores a header with impossible sizes
            # The database may hold at most what it holds now (it never shrinks) plus the
            # pages this journal could put back.
            limit = db_size + journal_size
            if original * page > limit:
                raise _damaged(name, f"{journal.name} says the file had {original * page} "
                                     f"bytes; it has {db_size}")
            if records in (0, 0xFFFFFFFF):
                return  # the rest of the file is one segment
            segment = sector + records * (page + 8)
            offset += (segment + sector - 1) // sector * sector
            if offset >= journal_size:
                return
    raise _damaged(name, f"{journal.name} has too many segments")


def check_not_sparse(path: Path, name: str) -> None:
    """A compartment that is mostly holes was grown by a bad replay, never written."""
    info = os.stat(path)
    blocks = getattr(info, "st_blocks", None)
    if blocks is None:  # Windows: no block count to compare against
        return
    if info.st_size > blocks * 512 + 64 * 1024 * 1024:
        raise VaultDamaged(
            f"The {name} compartment ({path.name}) claims {info.st_size} bytes but holds "
            f"only {blocks * 512}: it was inflated by a damaged journal. Restore the vault "
            "from a backup with “Restore from backup…” or `medvault restore`.")
