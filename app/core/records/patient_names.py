"""Patients' names for lists that say whose record something concerns: the audit viewer
and the owner's emergency review queue.

Those lists hold patient ids. Showing names means reading the registry, which must be
permitted and audited like any other read; but a list of 200 audit rows must not add 200
entries to the very log being read. So one call resolves a whole page of ids, checks the
permission once and records one entry (the count, never the ids or names).
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.roles import Operation
from app.core.session import Session

_CHUNK = 500  # well under SQLite's limit on bound parameters


def patient_names(session: Session, patient_ids: Iterable[str | None]) -> dict[str, str]:
    """Display names ("Family, Given") by patient id. Ids of erased or unknown patients are
    left out, so callers fall back to showing the id.

    Needs PATIENT_SEARCH: whoever may find a patient by name in the list may see it here.
    Restricted patients' names are included, as in search results; nothing else about
    them is read.
    """
    session.require(Operation.PATIENT_SEARCH)
    ids = sorted({i for i in patient_ids if i})
    if not ids:
        return {}
    names: dict[str, str] = {}
    with session.transaction() as conn:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for pid, family, given in conn.execute(
                    f"SELECT id, family, given FROM patients WHERE id IN ({marks})", chunk):
                names[pid] = f"{family}, {given}" if given else family
        session.record("patient.names", detail={"requested": len(ids),
                                                "results": len(names)})
    return names
