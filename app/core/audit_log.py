"""Reading the audit log, for people: a permission-checked, audited cursor over pages.

The log grows without bound (every chart read adds an entry), so a reader pages through
it newest first. Opening the log is where the rule lives: `open_log` checks AUDIT_READ
(a refusal is itself audited, through `Session.require`) and writes one `audit.read`
entry per query, not one per page. The viewer only pages through what it returns.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from app.core.audit import AuditEntry
from app.core.roles import Operation
from app.core.session import Session

PAGE_SIZE = 200


@dataclass(frozen=True)
class LogFilters:
    """Which entries to show. Times are ISO 8601 strings, compared as text (UTC)."""

    action_prefix: str | None = None
    actor_id: str | None = None
    since: str | None = None
    until: str | None = None
    flagged_only: bool = False
    # The entries a monitoring flag names (`monitoring.Flag.log_filters`); None: any.
    seqs: tuple[int, ...] | None = None

    def as_kwargs(self) -> dict[str, Any]:
        """Only the filters that are set, as `AuditChain.entries` and `export_audit` take
        them (an empty `seqs` is set: it matches nothing)."""
        return {k: v for k, v in asdict(self).items()
                if v or (k == "seqs" and v is not None)}


@dataclass(frozen=True)
class LogRow:
    """One entry, with the names a person reads in place of ids where they may see them."""

    entry: AuditEntry
    patient_name: str | None  # None: show the id (unknown, erased, or not permitted)
    target_name: str | None


class AuditLog:
    """A query over the log, pinned when opened: entries appended while someone scrolls
    (this query's own `audit.read`, for one) do not shift the pages under them."""

    def __init__(self, session: Session, filters: LogFilters, total: int,
                 page_size: int) -> None:
        self._session = session
        self._filters = filters.as_kwargs()
        self.filters = filters
        self.total = total
        self.page_size = page_size
        # Targets that are user ids read better as names (vault.json is public).
        self._user_names = {u.user_id: u.name for u in session.vault.file.users}
        self._patient_names: dict[str, str] = {}
        # An auditor investigating must know whose record was opened, and the owner
        # reviews the same log; both may search patients by name anyway. So names are
        # shown to every role that may search patients (PATIENT_SEARCH), resolved a page
        # at a time with one audit entry per page. Any other role sees ids only.
        self._may_name_patients = session.allowed(Operation.PATIENT_SEARCH)

    @property
    def is_open(self) -> bool:
        """False once the session is locked: no further page can be read."""
        return self._session.is_open

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.page_size)

    def page(self, index: int) -> list[LogRow]:
        """Page `index` (0 is the newest entries)."""
        if index < 0:
            raise IndexError(index)
        return self.rows(index * self.page_size, self.page_size)

    def rows(self, offset: int, limit: int) -> list[LogRow]:
        """Up to `limit` rows from `offset` (newest first), never past the pinned total."""
        limit = max(0, min(limit, self.total - offset))
        if limit == 0:
            return []
        batch = list(self._session.audit.entries(limit=limit, offset=offset,
                                                 newest_first=True, **self._filters))
        self._name_patients(batch)
        return [LogRow(e, self._patient_names.get(e.patient_id or ""),
                       self._user_names.get(e.target or "")
                       or self._patient_names.get(e.target or ""))
                for e in batch]

    def _name_patients(self, batch: list[AuditEntry]) -> None:
        if not self._may_name_patients:
            return
        from app.core.records.patient_names import patient_names

        # Targets are often patient ids too (chart.open, patient.update).
        wanted = {i for e in batch for i in (e.patient_id, e.target)
                  if i and i not in self._patient_names and i not in self._user_names}
        if wanted:
            self._patient_names.update(patient_names(self._session, wanted))


def open_log(session: Session, filters: LogFilters | None = None, *,
             page_size: int = PAGE_SIZE) -> AuditLog:
    """Check AUDIT_READ, count the matching entries, and record one `audit.read`."""
    session.require(Operation.AUDIT_READ)
    filters = filters or LogFilters()
    newest = next(session.audit.entries(limit=1, newest_first=True), None)
    pinned = filters
    if newest is not None:
        until = filters.until
        pinned = LogFilters(**{**asdict(filters),
                               "until": min(until, newest.ts) if until else newest.ts})
    log = AuditLog(session, pinned, session.audit.count(**pinned.as_kwargs()),
                   max(1, page_size))
    session.record("audit.read", detail={"entries": log.total,
                                         "filtered": bool(filters.as_kwargs())})
    return log
