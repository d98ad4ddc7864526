"""The SQLCipher connection over a vault's compartments.

`registry` is the main database; `clinical` is attached only when the user holds its key.
Rollback-journal mode (not WAL) is deliberate: SQLite commits across attached databases
atomically only with a rollback journal, and a clinical change must land together with its
audit entry in the registry, or neither.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from app.core import faults
from app.core.errors import DiskFull, MedVaultError, VaultDamaged
from app.core.journal import check_journal, check_not_sparse
from app.core.schema import migrate
from app.core.vault_file import CIPHER_SETTINGS

Connection = Any  # sqlcipher3 ships no type information

# sqlcipher3 binds str, int, float and bytearray directly, but treats None as a type to
# adapt: with no adapter registered it asks None for `__conform__` through a failed
# attribute lookup (an exception built and thrown away), about 5 microseconds per NULL
# parameter. A clinical row has a dozen NULL columns, so a 10,000-resource FHIR import
# spent a fifth of its time there. Registered once, for the whole process (the registry
# is sqlcipher3's, not per connection): None still binds as NULL, found in one lookup.
sqlcipher3.register_adapter(type(None), lambda value: value)
DatabaseError = sqlcipher3.DatabaseError
_PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
_PAGE = 4096  # CIPHER_SETTINGS["page_size"], the SQLCipher 4 default every vault uses
# Bumped in both compartments in the same transaction whenever clinical rows change, so a
# lone older copy of either file no longer matches the other (see `_bind_compartments`).
_CHANGE_KEY = "clinical_change"


def key_literal(key: bytes | bytearray) -> str:
    return f"x'{bytes(key).hex()}'"


def _damaged(name: str, why: str) -> VaultDamaged:
    return VaultDamaged(
        f"The {name} compartment of this vault is damaged ({why}). Your password was "
        "accepted. Restore the vault from a backup with “Restore from backup…” or "
        "`medvault restore`."
    )


_SQLITE_FULL = 13
_SQLITE_READONLY = 8


def is_disk_full(exc: BaseException) -> bool:
    """SQLite says SQLITE_FULL when a write hits ENOSPC (or the quota)."""
    if getattr(exc, "sqlite_errorcode", None) == _SQLITE_FULL:
        return True
    return "database or disk is full" in str(exc)


def damage_from(exc: Exception) -> MedVaultError:
    """A SQLCipher error on a connection whose key opened page 1 means damaged pages:
    SQLCipher reports a failed page HMAC as 'malformed' and then refuses writes.

    A full disk is the exception: it is reported as itself, because "restore from a
    backup" would make someone throw away newer data that is perfectly intact."""
    if is_disk_full(exc):
        return DiskFull()
    if getattr(exc, "sqlite_errorcode", None) == _SQLITE_READONLY:
        return MedVaultError("The vault's files cannot be written (read-only media, or no "
                             "permission). Nothing is damaged; copy the vault folder to a "
                             "writable place and open it there.")
    return VaultDamaged(
        f"The vault is damaged: a page failed its check ({exc}). Your password was accepted. "
        "Restore the vault from a backup with “Restore from backup…” or `medvault restore`."
    )


def check_encrypted_file(path: Path, name: str) -> None:
    """Refuse a missing file (SQLite would create an empty one) or a plaintext database."""
    if not path.is_file():
        raise _damaged(name, f"{path.name} is missing")
    with path.open("rb") as handle:
        if handle.read(16) == _PLAIN_SQLITE_HEADER:
            raise _damaged(name, f"{path.name} is an unencrypted database")
    # Before SQLite may replay a hot journal: a damaged one could inflate the file.
    check_journal(path, name)
    check_not_sparse(path, name)
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size > 0:
        return  # the journal's replay restores the file's true size
    size = path.stat().st_size
    # SQLCipher would take an empty file for a new database and fill it with empty
    # tables; a vault's compartment always holds whole pages.
    if size == 0:
        raise _damaged(name, f"{path.name} is empty")
    if size < _PAGE or size % _PAGE:
        raise _damaged(name, f"{path.name} is cut short ({size} bytes)")


def _check_cipher(conn: Connection, schema: str, name: str) -> None:
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        raise MedVaultError("This build of SQLite has no SQLCipher; refusing to continue.")
    try:
        conn.execute(f"SELECT count(*) FROM {schema}.sqlite_master").fetchone()
    except DatabaseError as exc:
        if is_disk_full(exc):  # rolling back a hot journal can need space
            raise DiskFull() from exc
        raise _damaged(name, "its pages fail their authentication check") from exc
    page = conn.execute(f"PRAGMA {schema}.cipher_page_size").fetchone()[0]
    hmac = conn.execute(f"PRAGMA {schema}.cipher_hmac_algorithm").fetchone()[0]
    if int(page) != CIPHER_SETTINGS["page_size"] or hmac != CIPHER_SETTINGS["hmac_algorithm"]:
        raise _damaged(name, "its cipher settings are not the ones this vault requires")


def key_opens(path: Path, key: bytes | bytearray) -> bool:
    """Does `key` open this compartment file? Used only to tell which of a rotation's two
    key versions a file is at. Read-write on purpose: a hot journal left by a rekey that
    was killed is rolled back first, so the answer is about the file as it really is."""
    check_encrypted_file(path, path.stem)
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f'PRAGMA key = "{key_literal(key)}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except DatabaseError:
        return False
    finally:
        conn.close()


def _check_not_empty(conn: Connection, schemas: list[str]) -> None:
    """An existing vault's compartment has its tables. One without (a file replaced by a
    fresh database) is damage: never fill it with empty tables as if it were new."""
    for schema in schemas:
        if int(conn.execute(f"PRAGMA {schema}.user_version").fetchone()[0]) == 0:
            name = "registry" if schema == "main" else "clinical"
            raise _damaged(name, "it holds no tables: the file was emptied or replaced")


def _check_bound(conn: Connection) -> None:
    """Both files must carry the same clinical change count."""
    row = conn.execute("SELECT value FROM main.meta WHERE key = ?", (_CHANGE_KEY,)).fetchone()
    expected = int(row[0]) if row else 0
    row = conn.execute("SELECT value FROM clinical.clinical_meta WHERE key = 'change'"
                       ).fetchone()
    found = int(row[0]) if row else 0
    if found != expected:
        older = "clinical.db" if found < expected else "registry.db"
        raise VaultDamaged(
            f"The vault's files do not belong together: {older} is an older copy of itself "
            f"(clinical changes: registry.db has seen {expected}, clinical.db holds {found}). "
            "Newer records would be missing. Your password was accepted. Restore the whole "
            "vault from a backup with “Restore from backup…” or `medvault restore`.")


def _watch_clinical(conn: Connection) -> None:
    """Temporary triggers (this connection only, nothing stored) note that a transaction
    changed clinical rows; `_bind_compartments` then counts it in both files."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS medvault_dirty(dirty INTEGER NOT NULL)")
    conn.execute("INSERT INTO temp.medvault_dirty SELECT 0 "
                 "WHERE NOT EXISTS (SELECT 1 FROM temp.medvault_dirty)")
    rows = conn.execute("SELECT name, sql FROM clinical.sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite%'").fetchall()
    virtual = [name for name, sql in rows if str(sql).upper().startswith("CREATE VIRTUAL")]
    for name, _sql in rows:
        if name == "clinical_meta" or any(name == v or name.startswith(v + "_")
                                          for v in virtual):
            continue  # the count itself, and full-text indexes fed by real tables
        for event in ("INSERT", "UPDATE", "DELETE"):
            # The WHEN clause: once the transaction is marked, further rows (a FHIR import
            # writes tens of thousands) only read the mark instead of writing it again.
            conn.execute(
                f'CREATE TEMP TRIGGER IF NOT EXISTS "medvault_{event.lower()}_{name}" '
                f'AFTER {event} ON clinical."{name}" '
                "WHEN (SELECT dirty FROM temp.medvault_dirty) = 0 "
                "BEGIN UPDATE temp.medvault_dirty SET dirty = 1; END")


def _bind_compartments(conn: Connection) -> None:
    """Inside the transaction, just before COMMIT: if clinical rows changed, count the
    change in both files. SQLite commits attached databases atomically (rollback journal),
    so the two counts can only differ when a file was swapped for an older copy."""
    row = conn.execute("SELECT dirty FROM temp.medvault_dirty").fetchone()
    if not row or not row[0]:
        return
    conn.execute("INSERT INTO main.meta(key, value) VALUES (?, 1) "
                 "ON CONFLICT(key) DO UPDATE SET value = value + 1", (_CHANGE_KEY,))
    conn.execute("INSERT OR REPLACE INTO clinical.clinical_meta(key, value) "
                 "SELECT 'change', value FROM main.meta WHERE key = ?", (_CHANGE_KEY,))
    conn.execute("UPDATE temp.medvault_dirty SET dirty = 0")


class VaultDatabase:
    """One connection; `clinical` tables are addressed as `clinical.<table>`."""

    def __init__(self, conn: Connection, compartments: frozenset[str]) -> None:
        self.conn = conn
        self.compartments = compartments
        self._depth = 0
        self.watching_clinical = False  # set once `_watch_clinical` has run

    @classmethod
    def open(cls, directory: Path, files: dict[str, str],
             keys: dict[str, bytearray], *, create: bool = False,
             readonly: bool = False, memory_security: bool = True) -> VaultDatabase:
        """Open and check both compartments; `readonly` is for verifying backup copies."""
        registry_path = directory / files["registry"]
        if not create:
            check_encrypted_file(registry_path, "registry")
        target = f"{registry_path.as_uri()}?mode=ro" if readonly else str(registry_path)
        conn = sqlcipher3.connect(target, isolation_level=None, check_same_thread=False,
                                  uri=readonly)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f'PRAGMA key = "{key_literal(keys["registry"])}"')
            if memory_security:
                # Process-wide in SQLCipher, and once on it stays on.
                conn.execute("PRAGMA cipher_memory_security = ON")
            _check_cipher(conn, "main", "registry")
            if "clinical" in keys:
                clinical_path = directory / files["clinical"]
                if not create:
                    check_encrypted_file(clinical_path, "clinical")
                attach = f"{clinical_path.as_uri()}?mode=ro" if readonly else str(clinical_path)
                try:
                    conn.execute("ATTACH DATABASE ? AS clinical KEY ?",
                                 (attach, key_literal(keys["clinical"])))
                except DatabaseError as exc:
                    if is_disk_full(exc):
                        raise DiskFull() from exc
                    raise _damaged("clinical", "its pages fail their authentication check") \
                        from exc
                _check_cipher(conn, "clinical", "clinical")
            schemas = ["main", *(["clinical"] if "clinical" in keys else [])]
            if not create:
                _check_not_empty(conn, schemas)
                if "clinical" in keys:
                    _check_bound(conn)
            if readonly:
                return cls(conn, frozenset(keys))
            for schema in schemas:
                conn.execute(f"PRAGMA {schema}.journal_mode = DELETE")
                conn.execute(f"PRAGMA {schema}.synchronous = FULL")
                # Deleted rows are overwritten, so erasure leaves no recoverable text.
                conn.execute(f"PRAGMA {schema}.secure_delete = ON")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA foreign_keys = ON")
            db = cls(conn, frozenset(keys))
            try:
                with db.transaction():
                    for schema in schemas:
                        migrate(conn, "registry" if schema == "main" else "clinical", schema)
            except DatabaseError as exc:
                raise damage_from(exc) from exc
            if "clinical" in keys:
                _watch_clinical(conn)
                db.watching_clinical = True
            if create:
                # SQLite creates files by the umask (often 0644); journals copy the mode.
                for name in keys:
                    path = directory / files[name]
                    if path.exists():
                        os.chmod(path, 0o600)
            return db
        except BaseException:
            conn.close()
            raise

    def has(self, compartment: str) -> bool:
        return compartment in self.compartments

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """BEGIN IMMEDIATE … COMMIT; nested uses join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.conn
            if self.watching_clinical:
                _bind_compartments(self.conn)
            faults.point("commit:begin")
            self.conn.execute("COMMIT")
            faults.point("commit:done")
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        # On some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM…) SQLite has already
        # rolled the transaction back itself. A ROLLBACK then fails with "no transaction
        # is active", and raising that would hide the real error (a full disk was once
        # reported as damage this way). Roll back only what is still open, and never let
        # the rollback's own failure replace the error that caused it.
        if self.conn.in_transaction:
            with contextlib.suppress(DatabaseError):
                self.conn.execute("ROLLBACK")

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def integrity_problems(self) -> list[str]:
        problems = []
        for schema, name in (("main", "registry"), ("clinical", "clinical")):
            if name not in self.compartments:
                continue
            try:
                rows = self.conn.execute(f"PRAGMA {schema}.cipher_integrity_check").fetchall()
                problems += [f"{name}: {row[0]}" for row in rows]
                rows = self.conn.execute(f"PRAGMA {schema}.integrity_check").fetchall()
                problems += [f"{name}: {row[0]}" for row in rows if row[0] != "ok"]
            except DatabaseError as exc:
                problems.append(f"{name}: {exc}")
        return problems

    def close(self) -> None:
        with contextlib.suppress(DatabaseError):
            self.conn.close()
