"""The tamper-evident audit log: a keyed hash chain in the registry compartment.

Each entry's MAC (keyed BLAKE2b-256) covers the previous entry's MAC and all its own
fields, so an edit, a deletion or a reordering breaks the chain from that point on.
Truncation of the tail is found against a saved head (seq + MAC), which backups, exports
and vault.json carry.
Entries name ids and actions, never clinical content.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import clock
from app.core.progress import ProgressCallback, no_progress
from app.core.safe_files import write_file_safely

if TYPE_CHECKING:
    from app.core.database import Connection

GENESIS = b"\x00" * 32
_COLUMNS = ("seq, ts, actor_id, actor, role, action, patient_id, target, reason, flagged, "
            "detail, mac")
#: SQL for an entry's time as milliseconds since the epoch (UTC), NULL where `ts` is not a
#: time. SQLite reads the zone as `clock.parse_utc` does (none means UTC), so rules that
#: count in SQL agree with code that parses in Python.
TS_MILLIS = "CAST(round((julianday(ts) - 2440587.5) * 86400000) AS INTEGER)"


def utc_now() -> str:
    return clock.now().isoformat(timespec="milliseconds")


def _earlier(value: str | None, now: str) -> str | None:
    """`value` in the log's format when it is a valid time not after `now`, else None."""
    if not value or len(value) > 64:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text if text <= now else None


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    actor_id: str
    actor: str
    role: str
    action: str
    patient_id: str | None
    target: str | None
    reason: str | None
    flagged: bool
    detail: str
    mac: bytes

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> AuditEntry:
        return cls(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                   bool(row[9]), row[10], bytes(row[11]))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["mac"] = self.mac.hex()
        data["detail"] = json.loads(self.detail)
        return data


@dataclass(frozen=True)
class AuditHead:
    seq: int
    mac: str  # hex

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "mac": self.mac}

    @classmethod
    def from_json(cls, data: Any) -> AuditHead:
        if not isinstance(data, dict):
            raise ValueError("an audit head is an object with seq and mac")
        seq, mac = data.get("seq"), data.get("mac")
        if not isinstance(seq, int) or not isinstance(mac, str):
            raise ValueError("an audit head is an object with seq and mac")
        return cls(seq, mac)


@dataclass
class AuditReport:
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    head: AuditHead | None = None
    heads_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


SEPARATOR = "\x1f"  # ASCII unit separator; `_clean` keeps it out of every field


def _clean(value: str | None) -> str | None:
    return None if value is None else value.replace(SEPARATOR, " ")


def _mac(key: bytes, prev: bytes, seq: int, ts: str, actor_id: str, actor: str, role: str,
         action: str, patient_id: str | None, target: str | None, reason: str | None,
         flagged: bool, detail: str) -> bytes:
    # Keyed BLAKE2b is a standard MAC and about three times faster per entry here than
    # HMAC-SHA256, which matters when verifying a million entries. Fields are joined with
    # a separator that no stored field contains, so the encoding is unambiguous.
    fields = (str(seq), ts, actor_id, actor, role, action, patient_id or "", target or "",
              reason or "", "1" if flagged else "0", detail)
    message = prev + SEPARATOR.join(fields).encode()
    return hashlib.blake2b(message, key=key, digest_size=32).digest()


def new_audit_key() -> bytes:
    return secrets.token_bytes(32)


_PROGRESS_EVERY = 10_000


class AuditChain:
    """Appends and verifies entries on a registry connection (`audit` table)."""

    def __init__(self, conn: Connection, key: bytes) -> None:
        self._conn = conn
        self._key = key

    def append(self, *, actor_id: str, actor: str, role: str, action: str,
               patient_id: str | None = None, target: str | None = None,
               reason: str | None = None, flagged: bool = False,
               detail: dict[str, Any] | None = None, happened_at: str | None = None
               ) -> AuditEntry:
        """Append inside the caller's transaction, so the entry commits with the change.

        `happened_at` is for an event that could not be written when it happened (a failed
        sign-in, recorded at the next successful one): the entry then carries that time.
        A time that does not parse or lies in the future is ignored, so an entry can never
        claim to be newer than its writing."""
        last = self._conn.execute("SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1"
                                  ).fetchone()
        seq, prev = (last[0] + 1, bytes(last[1])) if last else (1, GENESIS)
        ts = utc_now()
        earlier = _earlier(happened_at, ts)
        if earlier is not None:
            ts = earlier
        actor, action = _clean(actor) or "", _clean(action) or ""
        patient_id, target, reason = _clean(patient_id), _clean(target), _clean(reason)
        detail_text = json.dumps(detail or {}, sort_keys=True, separators=(",", ":"))
        mac = _mac(self._key, prev, seq, ts, actor_id, actor, role, action, patient_id, target,
                   reason, flagged, detail_text)
        self._conn.execute(
            f"INSERT INTO audit ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (seq, ts, actor_id, actor, role, action, patient_id, target, reason, int(flagged),
             detail_text, mac),
        )
        return AuditEntry(seq, ts, actor_id, actor, role, action, patient_id, target, reason,
                          flagged, detail_text, mac)

    def head(self) -> AuditHead | None:
        row = self._conn.execute("SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1"
                                 ).fetchone()
        return AuditHead(row[0], bytes(row[1]).hex()) if row else None

    def verify(self, saved_heads: list[AuditHead] | None = None, *,
               progress: ProgressCallback = no_progress) -> AuditReport:
        """Walk the whole chain. `progress` hears every 10,000 entries and may raise to stop."""
        report = AuditReport()
        prev, expected_seq = GENESIS, 1
        wanted = {h.seq for h in saved_heads or []}
        seen: dict[int, str] = {}
        key = self._key
        total = int(self._conn.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0])
        progress(0, total, "")
        cursor = self._conn.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY seq")
        for row in cursor:
            seq = row[0]
            if seq % _PROGRESS_EVERY == 0:
                progress(seq, total, "")
            if seq != expected_seq:
                report.problems.append(
                    f"Entries {expected_seq}–{seq - 1} are missing (deleted)."
                    if seq > expected_seq else f"Entry {seq} appears out of order.")
            mac = _mac(key, prev, seq, row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                       row[8], bool(row[9]), row[10])
            stored = bytes(row[11])
            if not hmac.compare_digest(mac, stored):
                report.problems.append(
                    f"Entry {seq} was altered, or an entry before it was removed or moved.")
            if seq in wanted:
                seen[seq] = stored.hex()
            prev, expected_seq = stored, seq + 1
            report.entries += 1
            if len(report.problems) >= 50:
                report.problems.append("Stopped after 50 problems.")
                break
        last_seq = expected_seq - 1
        report.head = AuditHead(last_seq, prev.hex()) if last_seq else None
        for head in sorted(saved_heads or [], key=lambda h: h.seq):
            if head.seq > last_seq:
                report.problems.append(
                    f"The log ends at entry {last_seq}, but a saved head shows entry "
                    f"{head.seq} existed: the log was truncated.")
            elif seen.get(head.seq) != head.mac:
                report.problems.append(
                    f"Entry {head.seq} differs from the saved head: the log was rewritten.")
        return report

    def entries(self, *, patient_id: str | None = None, action_prefix: str | None = None,
                actor_id: str | None = None, since: str | None = None, until: str | None = None,
                flagged_only: bool = False, seqs: tuple[int, ...] | None = None,
                limit: int | None = None, offset: int = 0,
                newest_first: bool = False) -> Iterator[AuditEntry]:
        clauses, params = _filters(patient_id, action_prefix, actor_id, since, until,
                                   flagged_only, seqs)
        sql = f"SELECT {_COLUMNS} FROM audit"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY seq DESC" if newest_first else " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        for row in self._conn.execute(sql, params):
            yield AuditEntry.from_row(row)

    def count(self, **filters: Any) -> int:
        clauses, params = _filters(**filters)
        sql = "SELECT count(*) FROM audit" + (" WHERE " + " AND ".join(clauses)
                                              if clauses else "")
        return int(self._conn.execute(sql, params).fetchone()[0])

    def export(self, path: Path, fmt: str, **filters: Any) -> int:
        """Write the log as CSV or JSON (atomically); returns the number of entries."""
        entries = [e.to_json() for e in self.entries(**filters)]
        head = self.head()
        if fmt == "json":
            payload = {"head": head.to_json() if head else None, "entries": entries}
            data = json.dumps(payload, indent=2, ensure_ascii=False).encode()
        elif fmt == "csv":
            import io

            buffer = io.StringIO()
            names = ["seq", "ts", "actor_id", "actor", "role", "action", "patient_id",
                     "target", "reason", "flagged", "detail", "mac"]
            writer = csv.DictWriter(buffer, fieldnames=names)
            writer.writeheader()
            for entry in entries:
                row = dict(entry)
                row["detail"] = json.dumps(row["detail"], sort_keys=True)
                writer.writerow({k: _csv_safe(row[k]) for k in names})
            data = buffer.getvalue().encode()
        else:
            raise ValueError(f"Unknown audit export format {fmt!r}; use csv or json.")
        # Never through a symlink or over a device (safe_files.py).
        write_file_safely(path, data, what="audit export")
        return len(entries)


def _csv_safe(value: object) -> object:
    # Spreadsheet programs run cells that start with = + - @ as formulas; defuse them.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _filters(patient_id: str | None = None, action_prefix: str | None = None,
             actor_id: str | None = None, since: str | None = None, until: str | None = None,
             flagged_only: bool = False,
             seqs: tuple[int, ...] | None = None) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if patient_id is not None:
        clauses.append("patient_id = ?")
        params.append(patient_id)
    if action_prefix:
        clauses.append("action LIKE ? ESCAPE '\\'")
        params.append(action_prefix.replace("%", "\\%").replace("_", "\\_") + "%")
    if actor_id is not None:
        clauses.append("actor_id = ?")
        params.append(actor_id)
    if since:
        clauses.append("ts >= ?")
        params.append(since)
    if until:
        clauses.append("ts <= ?")
        params.append(until)
    if flagged_only:
        clauses.append("flagged = 1")
    if seqs is not None:
        # One parameter however many entries a monitoring flag names (a JSON list), so a
        # flag over thousands of chart opens never meets SQLite's variable limit.
        clauses.append("seq IN (SELECT value FROM json_each(?))")
        params.append(json.dumps([int(s) for s in seqs]))
    return clauses, params
