"""Failed sign-in throttling and the record of failures awaiting the audit chain.

A failed sign-in cannot write to the encrypted audit log (no key opened), so failures wait
in `signin-attempts.json` and move into the chain at the next successful sign-in. The file
names user ids and times only. Throttling guards the program's door; Argon2 and the
workstation factor guard the file itself against offline guessing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.atomic import atomic_write_bytes
from app.core.errors import Throttled

ATTEMPTS_FILE = "signin-attempts.json"
#: The `why` of the audit entry that says the record of failures could not be read.
RECORD_DAMAGED = "attempts-record-damaged"
FREE_ATTEMPTS = 3
MAX_DELAY_S = 300.0


def _utc_now() -> str:
    from datetime import UTC, datetime

    # Milliseconds, as the audit log: several failures in one second keep their order.
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def delay_after(failures: int) -> float:
    """No delay for the first few typos, then 1, 2, 4 … seconds up to five minutes."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_S))


@dataclass
class PendingFailure:
    user: str
    ts: str
    why: str


class SigninThrottle:
    def __init__(self, directory: Path) -> None:
        self._path = directory / ATTEMPTS_FILE

    def _read(self) -> dict[str, Any]:
        try:
            text = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"users": {}, "pending": []}
        except (OSError, ValueError):
            text = ""
        try:
            data = json.loads(text)
            if isinstance(data, dict) and isinstance(data.get("users"), dict):
                return data
        except ValueError:
            pass
        # A garbled file must not lock anyone out, but its counts are lost, and garbling
        # it would be a way to reset them. So it is not silent: a flagged entry waits for
        # the audit chain, and the next write replaces the file with a sound one.
        return {"users": {}, "pending": [{"user": "", "ts": _utc_now(), "why": RECORD_DAMAGED}]}

    def _write(self, data: dict[str, Any]) -> None:
        atomic_write_bytes(self._path, json.dumps(data, indent=1).encode())

    def retry_after(self, user_key: str, now: float | None = None) -> float:
        now = time.time() if now is None else now
        record = self._read()["users"].get(user_key)
        if not isinstance(record, dict):
            return 0.0
        wait = delay_after(int(record.get("failures", 0))) - (now - float(record.get("last", 0)))
        return max(0.0, wait)

    def check(self, user_key: str) -> None:
        wait = self.retry_after(user_key)
        if wait > 0:
            raise Throttled(wait)

    def record_failure(self, user_key: str, label: str, why: str, ts: str) -> float:
        """Count a failure; returns the delay now in force before the next try."""
        data = self._read()
        record = data["users"].setdefault(user_key, {"failures": 0, "last": 0})
        record["failures"] = int(record.get("failures", 0)) + 1
        record["last"] = time.time()
        pending = data.setdefault("pending", [])
        if len(pending) < 10_000:  # bounded: a script hammering the door cannot fill the disk
            pending.append({"user": label, "ts": ts, "why": why})
        self._write(data)
        return delay_after(record["failures"])

    def pending(self) -> list[PendingFailure]:
        """Failures waiting to be written into the audit chain."""
        return [PendingFailure(str(p.get("user")), str(p.get("ts")), str(p.get("why")))
                for p in self._read().get("pending", []) if isinstance(p, dict)]

    def succeeded(self, user_key: str, recorded: int) -> None:
        """Reset the user's counter and drop the failures the audit chain now holds.

        Called after the audit commit, so a crash in between repeats entries rather than
        losing them.
        """
        data = self._read()
        data["users"].pop(user_key, None)
        data["pending"] = list(data.get("pending", []))[recorded:]
        self._write(data)
