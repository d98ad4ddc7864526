"""Failed sign-in throttling and the record of failures awaiting the audit chain.

A failed sign-in cannot write to the encrypted audit log (no key opened), so failures wait
in `signin-attempts.json` and move into the chain at the next successful sign-in. The file
names user ids and times only. Throttling guards the program's door; Argon2 and the
workstation factor guard the file itself against offline guessing.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import clock, strict_json
from app.core.atomic import atomic_write_bytes
from app.core.errors import MedVaultError, Throttled
from app.core.safe_files import read_regular_file
from app.core.strict_json import StrictJsonError

ATTEMPTS_FILE = "signin-attempts.json"
#: The `why` of the audit entry that says the record of failures could not be read.
RECORD_DAMAGED = "attempts-record-damaged"
#: What the audit log names when the typed account name matches no account.
UNKNOWN_ACCOUNT = "unknown account"
FREE_ATTEMPTS = 3
MAX_DELAY_S = 300.0

# Bounds on the file, each checked before the value is used. A sound file is a few KiB.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_USERS = 2_000
MAX_PENDING = 10_000
MAX_FAILURES = 1_000_000
_MAX_TEXT = 80
# A correlation tag of 24 bits: enough to see that the same unknown name was tried again,
# too short to confirm a guess of what was typed (often a password) with confidence.
TAG_HEX_CHARS = 6


def _utc_now() -> str:
    # Milliseconds, as the audit log: several failures in one second keep their order.
    return clock.now().isoformat(timespec="milliseconds")


def delay_after(failures: int) -> float:
    """No delay for the first few typos, then 1, 2, 4 … seconds up to five minutes."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    # Capping the exponent first: 2 ** 10**18 would never finish.
    exponent = min(failures - FREE_ATTEMPTS, 16)
    return float(min(2 ** exponent, MAX_DELAY_S))


@dataclass
class PendingFailure:
    user: str
    ts: str
    why: str
    #: For an unknown account: the keyed tag of what was typed, never the text.
    account: str = ""


@dataclass(frozen=True)
class Account:
    """Who a sign-in attempt is counted against, and how the audit log names it."""

    key: str
    label: str
    tag: str = ""


@dataclass
class _Record:
    key: bytes
    users: dict[str, tuple[int, float]] = field(default_factory=dict)
    pending: list[PendingFailure] = field(default_factory=list)
    damaged: bool = False


class _Garbled(ValueError):
    pass


def _text(value: Any, limit: int = _MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise _Garbled
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise _Garbled  # lone surrogates cannot be encoded into the audit chain
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Garbled
    number = float(value)
    if not math.isfinite(number):
        raise _Garbled
    return number


class SigninThrottle:
    def __init__(self, directory: Path) -> None:
        self._path = directory / ATTEMPTS_FILE

    # -- reading: every field checked, every number bounded ------------------------------
    def _read(self, now: float | None = None) -> _Record:
        now = clock.timestamp() if now is None else now
        try:
            raw = read_regular_file(self._path, max_bytes=MAX_FILE_BYTES,
                                    what="record of failed sign-ins")
        except FileNotFoundError:
            return _Record(key=secrets.token_bytes(32))
        except (OSError, MedVaultError):
            raw = b""
        try:
            # Core's one strict JSON reader: NaN, duplicate keys, hostile depth or
            # numbers refused like any other garbling.
            data = strict_json.loads(raw, max_bytes=MAX_FILE_BYTES)
        except StrictJsonError:
            data = None
        if not isinstance(data, dict):
            return self._damaged_record()
        record = _Record(key=b"")
        try:
            record.key = bytes.fromhex(_text(data.get("key"), 64))
            if len(record.key) != 32:
                raise _Garbled
        except (_Garbled, ValueError):
            # An older file has no key; a new one is made (only correlation is lost).
            record.key = secrets.token_bytes(32)
            record.damaged = "key" in data
        users = data.get("users")
        if not isinstance(users, dict):
            users = {}
            record.damaged = True
        for name, entry in users.items():
            try:
                if not isinstance(entry, dict):
                    raise _Garbled
                failures = int(min(max(_number(entry.get("failures")), 0), MAX_FAILURES))
                last = _number(entry.get("last"))
                if last < 0:
                    raise _Garbled
                # A time in the future (the clock was set back, or the file was edited)
                # counts from now, so the wait is never longer than MAX_DELAY_S.
                record.users[_text(name)] = (failures, min(last, now))
            except _Garbled:
                record.damaged = True
        if len(record.users) > MAX_USERS:
            keep = sorted(record.users.items(), key=lambda kv: kv[1][1])[-MAX_USERS:]
            record.users = dict(keep)
        pending = data.get("pending", [])
        if not isinstance(pending, list):
            pending, record.damaged = [], True
        for item in pending[:MAX_PENDING]:
            try:
                if not isinstance(item, dict):
                    raise _Garbled
                record.pending.append(PendingFailure(
                    _text(item.get("user")), _text(item.get("ts")), _text(item.get("why")),
                    _text(item.get("account", ""), TAG_HEX_CHARS)))
            except _Garbled:
                record.damaged = True
        if record.damaged:
            record.pending.append(self._damage_note())
        return record

    def _damaged_record(self) -> _Record:
        # A garbled file must not lock anyone out, but its counts are lost, and garbling
        # it would be a way to reset them. So it is not silent: a flagged entry waits for
        # the audit chain, and the next write replaces the file with a sound one.
        return _Record(key=secrets.token_bytes(32), pending=[self._damage_note()],
                       damaged=True)

    @staticmethod
    def _damage_note() -> PendingFailure:
        return PendingFailure("", _utc_now(), RECORD_DAMAGED)

    def _write(self, record: _Record) -> None:
        data = {
            "key": record.key.hex(),
            "users": {k: {"failures": f, "last": last} for k, (f, last) in record.users.items()},
            "pending": [{"user": p.user, "ts": p.ts, "why": p.why,
                         **({"account": p.account} if p.account else {})}
                        for p in record.pending[:MAX_PENDING]],
        }
        atomic_write_bytes(self._path, json.dumps(data, indent=1).encode("ascii"))

    # -- who an attempt counts against -------------------------------------------------
    def account(self, typed_name: str, known: Any | None) -> Account:
        """The throttle key and audit label for a sign-in attempt.

        A known account is named by its id and stored name. For an unknown name, which is
        often a password typed into the wrong field, only a keyed tag is kept: the same
        unknown name gets the same tag (so repeated tries are throttled and can be
        correlated), but the text itself is never written anywhere. The key sits beside
        the tag, so the tag is short and costly to compute (scrypt) to resist guessing."""
        if known is not None:
            return Account(str(known.user_id), str(known.name))
        record = self._read()
        if not self._path.exists():
            self._write(record)  # keep the key, or the next try would get another tag
        folded = typed_name.strip().casefold().encode("utf-8", "surrogatepass")
        tag = hashlib.scrypt(folded, salt=record.key, n=2 ** 14, r=8, p=1,
                             dklen=16).hex()[:TAG_HEX_CHARS]
        return Account(f"unknown:{tag}", UNKNOWN_ACCOUNT, tag)

    # -- the throttle ------------------------------------------------------------------
    def retry_after(self, user_key: str, now: float | None = None) -> float:
        now = clock.timestamp() if now is None else now
        entry = self._read(now).users.get(user_key)
        if entry is None:
            return 0.0
        failures, last = entry
        return max(0.0, delay_after(failures) - (now - last))

    def check(self, user_key: str) -> None:
        wait = self.retry_after(user_key)
        if wait > 0:
            raise Throttled(wait)

    def record_failure(self, user_key: str, label: str, why: str, ts: str,
                       account: str = "") -> float:
        """Count a failure; returns the delay now in force before the next try."""
        now = clock.timestamp()
        record = self._read(now)
        failures = min(record.users.pop(user_key, (0, 0.0))[0] + 1, MAX_FAILURES)
        record.users[user_key] = (failures, now)
        if len(record.users) > MAX_USERS:
            oldest = min(record.users, key=lambda k: record.users[k][1])
            record.users.pop(oldest)
        if len(record.pending) < MAX_PENDING:  # a script hammering the door cannot fill the disk
            record.pending.append(PendingFailure(label[:_MAX_TEXT], ts[:_MAX_TEXT],
                                                 why[:_MAX_TEXT], account))
        self._write(record)
        return delay_after(failures)

    def pending(self) -> list[PendingFailure]:
        """Failures waiting to be written into the audit chain."""
        return list(self._read().pending)

    def succeeded(self, user_key: str, recorded: int) -> None:
        """Reset the user's counter and drop the failures the audit chain now holds.

        Called after the audit commit, so a crash in between repeats entries rather than
        losing them.
        """
        record = self._read()
        record.users.pop(user_key, None)
        record.pending = record.pending[recorded:]
        record.damaged = False
        self._write(record)
