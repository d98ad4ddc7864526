"""What an insider with the registry key and the files can do offline, as test helpers.

They sign in once (which any staff member may), keep the registry key, and afterwards
edit `registry.db` and `vault.json` with ordinary tools: recompute audit MACs with the key
kept in the registry, renumber, cut, and rewrite vault.json's head."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from app.core.audit import _COLUMNS, GENESIS, _mac
from app.core.database import key_literal
from app.core.vault import OpenVault
from app.core.vault_file import VaultFile

Row = list[Any]


def registry_key(vault_dir: Path, name: str, password: str) -> bytes:
    with OpenVault.open(vault_dir) as vault:
        session = vault.unlock(name, password)
        key = session.key("registry")
        session.close()
    return key


@contextlib.contextmanager
def raw_registry(vault_dir: Path, key: bytes) -> Iterator[Any]:
    conn = sqlcipher3.connect(str(vault_dir / "registry.db"), isolation_level=None)
    try:
        conn.execute(f'PRAGMA key = "{key_literal(key)}"')
        conn.execute("BEGIN")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def rewrite_log(vault_dir: Path, key: bytes, change: Callable[[list[Row]], list[Row]],
                *, fix_vault_json: bool = True) -> None:
    """Replace the whole log by `change(rows)`, renumbered and re-MACed, as an insider
    would; optionally also set vault.json's head to the forged one."""
    with raw_registry(vault_dir, key) as conn:
        audit_key = bytes(conn.execute("SELECT value FROM meta WHERE key='audit_key'"
                                       ).fetchone()[0])
        rows = [list(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY seq")]
        rows = change(rows)
        conn.execute("DELETE FROM audit")
        prev = GENESIS
        for seq, row in enumerate(rows, start=1):
            row[0] = seq
            row[11] = _mac(audit_key, prev, seq, row[1], row[2], row[3], row[4], row[5],
                           row[6], row[7], row[8], bool(row[9]), row[10])
            prev = row[11]
            conn.execute(f"INSERT INTO audit ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                         row)
    if fix_vault_json:
        vf = VaultFile.load(vault_dir)
        vf.audit_head = {"seq": len(rows), "mac": bytes(prev).hex()} if rows else None
        vf.save(vault_dir)
