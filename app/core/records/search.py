"""Finding patients and finding text in notes and documents.

Patient search answers a birth date (YYYY-MM-DD), an MRN, or name prefixes in any order
("zoe gar" finds García, Zoë), forgiving about accents and case, from indexes only.
Full-text search runs FTS5 inside the encrypted clinical file, ranked by bm25 with a
snippet around the match. Both leave out what the user may not see (restricted records
without a grant, other people's drafts), and both are audited without the query text,
which could itself name a person or a diagnosis.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.records import clock
from app.core.records.guard import need_clinical_key
from app.core.records.normalise import TOP, query_tokens
from app.core.records.patients import SUMMARY_COLUMNS, PatientSummary, summary_from_row
from app.core.roles import Operation
from app.core.session import Session

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MARK = ("[", "]")  # snippet markers around matched words; the GUI may pass its own


@dataclass(frozen=True)
class _Grants:
    patients: frozenset[str]
    entries: frozenset[str]


def _grants(conn: Connection, user_id: str) -> _Grants:
    rows = conn.execute("SELECT patient_id, entry_id FROM access_grants WHERE user_id = ? "
                        "AND kind = 'restricted' AND expires_at > ?",
                        (user_id, clock.now_iso())).fetchall()
    return _Grants(frozenset(r[0] for r in rows if r[1] is None),
                   frozenset(r[1] for r in rows if r[1] is not None))


# -- patients ----------------------------------------------------------------------------
def find_patients(session: Session, query: str, *, limit: int = 50) -> list[PatientSummary]:
    session.require(Operation.PATIENT_SEARCH)
    text = query.strip()
    if not text:
        raise UsageError("Type part of a name, a birth date (YYYY-MM-DD) or an MRN.")
    limit = max(1, min(limit, 500))
    cols = ", ".join(f"p.{c.strip()}" for c in SUMMARY_COLUMNS.split(","))
    with session.transaction() as conn:
        granted = _grants(conn, session.user.user_id).patients
        rows: list[tuple[Any, ...]] = []
        if _DATE.match(text):
            by = "birth_date"
            try:
                day = date.fromisoformat(text).isoformat()
            except ValueError:
                raise UsageError(f"{text} is not a date.") from None
            rows = conn.execute(f"SELECT {cols} FROM patients p WHERE p.birth_date = ? "
                                "ORDER BY p.search_key LIMIT ?", (day, limit)).fetchall()
            # A restricted patient is found by name only: a birth date or MRN would confirm
            # who they are without the break-glass step.
            rows = [r for r in rows if not r[6] or r[0] in granted]
        else:
            by = "name"
            rows = [r for r in conn.execute(
                f"SELECT {cols} FROM patients p WHERE p.mrn = ? COLLATE NOCASE",
                (text,)).fetchall() if not r[6] or r[0] in granted]
            if rows:
                by = "mrn"
            tokens = query_tokens(text)[:8]
            if tokens:
                subqueries = " INTERSECT ".join(
                    "SELECT patient_id FROM patient_name_keys WHERE key >= ? AND key < ?"
                    for _ in tokens)
                params: list[Any] = [v for t in tokens for v in (t, t + TOP)]
                seen = {r[0] for r in rows}
                rows += [r for r in conn.execute(
                    f"SELECT {cols} FROM patients p WHERE p.id IN ({subqueries}) "
                    "ORDER BY p.search_key, p.id LIMIT ?", (*params, limit)).fetchall()
                    if r[0] not in seen]
        rows = rows[:limit]
        session.record("patient.search", detail={"by": by, "results": len(rows)})
    return [summary_from_row(r, masked=bool(r[6]) and r[0] not in granted) for r in rows]


# -- full text ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TextHit:
    kind: str  # note or document
    entry_id: str
    patient_id: str
    patient_name: str
    title: str
    snippet: str
    rank: float  # bm25: lower is a better match
    date: str
    status: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def fts_query(query: str) -> str:
    """Quote every word, so that no input is parsed as FTS5 syntax; a trailing * on a word
    keeps its meaning of "words starting with"."""
    terms = []
    for word in query.split():
        prefix = word.endswith("*")
        word = word.rstrip("*").replace('"', '""')
        if word.strip('"'):
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    if not terms:
        raise UsageError("Type one or more words to search for.")
    return " ".join(terms)


def _visibility(alias: str, grants: _Grants) -> tuple[str, list[str]]:
    """SQL keeping rows that are unrestricted (entry and patient) or covered by a grant."""
    patients = sorted(grants.patients)
    entries = sorted(grants.entries)
    clause = f"(({alias}.restricted = 0 AND p.restricted = 0)"
    if patients:
        clause += f" OR {alias}.patient_id IN ({','.join('?' * len(patients))})"
    if entries:
        clause += (f" OR ({alias}.id IN ({','.join('?' * len(entries))}) AND "
                   f"p.restricted = 0)")
    return clause + ")", [*patients, *entries]


def search_text(session: Session, query: str, *, limit: int = 50,
                patient_id: str | None = None,
                mark: tuple[str, str] = MARK) -> list[TextHit]:
    """Notes (signed, and the user's own drafts) and documents matching every word."""
    session.require(Operation.CLINICAL_SEARCH, patient_id=patient_id)
    need_clinical_key(session)
    match = fts_query(query)
    limit = max(1, min(limit, 500))
    me = session.user.user_id
    with session.transaction() as conn:
        grants = _grants(conn, me)
        only = " AND n.patient_id = ?" if patient_id else ""
        visible, vparams = _visibility("n", grants)
        notes = conn.execute(
            "SELECT 'note', n.id, n.patient_id, p.family || ', ' || p.given, n.title, "
            "snippet(notes_fts, -1, ?, ?, '…', 12), bm25(notes_fts, 3.0), "
            "coalesce(n.signed_at, n.updated_at), n.status "
            "FROM clinical.notes_fts JOIN clinical.notes n ON n.rid = notes_fts.rowid "
            "JOIN patients p ON p.id = n.patient_id "
            f"WHERE notes_fts MATCH ? AND (n.status = 'signed' OR n.author_id = ?){only} "
            f"AND {visible} ORDER BY bm25(notes_fts, 3.0) LIMIT ?",
            (*mark, match, me, *([patient_id] if patient_id else []), *vparams, limit)
        ).fetchall()
        only = " AND d.patient_id = ?" if patient_id else ""
        visible, vparams = _visibility("d", grants)
        documents = conn.execute(
            "SELECT 'document', d.id, d.patient_id, p.family || ', ' || p.given, d.title, "
            "snippet(documents_fts, -1, ?, ?, '…', 12), bm25(documents_fts, 3.0), "
            "coalesce(d.doc_date, d.created_at), d.status "
            "FROM clinical.documents_fts JOIN clinical.documents d "
            "ON d.rid = documents_fts.rowid JOIN patients p ON p.id = d.patient_id "
            f"WHERE documents_fts MATCH ?{only} AND {visible} "
            "ORDER BY bm25(documents_fts, 3.0) LIMIT ?",
            (*mark, match, *([patient_id] if patient_id else []), *vparams, limit)
        ).fetchall()
        # bm25 scores from two indexes are on comparable scales (same formula, similar
        # text); merging by score keeps the best of both at the top.
        hits = sorted((TextHit(*row) for row in [*notes, *documents]), key=lambda h: h.rank)
        hits = hits[:limit]
        session.record("clinical.search", patient_id=patient_id,
                       detail={"results": len(hits), "terms": len(match.split())})
    return hits
