"""Finding patients and finding text in notes and documents.

Patient search answers a birth date (YYYY-MM-DD, or DD.MM.YYYY), an MRN, or name prefixes
in any order ("zoe gar" finds García, Zoë), forgiving about accents and case, from indexes
only.
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
# Day first, as written across most of Europe (27.03.1999). Slashes are left out on
# purpose: 03/04/1999 means different days in different countries.
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
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
    dotted = _DOTTED_DATE.match(text)
    if dotted:
        day, month, year = dotted.groups()
        text = f"{year}-{int(month):02d}-{int(day):02d}"
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
            # A record merged into another (records/merge.py) is found by no search.
            rows = conn.execute(f"SELECT {cols} FROM patients p WHERE p.birth_date = ? "
                                "AND p.merged_into IS NULL ORDER BY p.search_key LIMIT ?",
                                (day, limit)).fetchall()
            # A restricted patient is found by name only: a birth date or MRN would confirm
            # who they are without the break-glass step.
            rows = [r for r in rows if not r[6] or r[0] in granted]
        else:
            by = "name"
            rows = [r for r in conn.execute(
                f"SELECT {cols} FROM patients p WHERE p.mrn = ? COLLATE NOCASE "
                "AND p.merged_into IS NULL",
                (text,)).fetchall() if not r[6] or r[0] in granted]
            if rows:
                by = "mrn"
            tokens = query_tokens(text)[:8]
            if len(tokens) == 1:
                # One word: walk the name-key index in order and stop at the limit, so a
                # two-letter prefix matching thousands of people costs no more than a
                # rare one. Results come in order of the matched name word.
                seen = {r[0] for r in rows}
                for row in conn.execute(
                        f"SELECT {cols} FROM patient_name_keys k JOIN patients p "
                        "ON p.id = k.patient_id WHERE k.key >= ? AND k.key < ? "
                        "ORDER BY k.key, k.patient_id LIMIT ?",
                        (tokens[0], tokens[0] + TOP, limit * 2)):
                    if row[0] not in seen:
                        seen.add(row[0])
                        rows.append(row)
            elif tokens:
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
    # Marked entered in error (in_error.py): still found, as history is, but said so and
    # listed after every active hit.
    entered_in_error: bool = False

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


# Scoring every match of a common word ("pain" in 30,000 notes) costs a lookup per match,
# far over a search's time budget. So a search scores the newest matches only, a window
# that widens when too few of them are visible; a word rarer than the window is ranked
# exactly. Within one patient, all their matches are scored.
WINDOW = 400
MAX_WINDOW = 25_600


@dataclass(frozen=True)
class _Index:
    fts: str
    table: str
    kind: str
    when: str  # the date shown for a hit


_INDEXES = (_Index("notes_fts", "notes", "note", "coalesce(e.signed_at, e.updated_at)"),
            _Index("documents_fts", "documents", "document",
                   "coalesce(e.doc_date, e.created_at)"))


def _scored(conn: Connection, index: _Index, match: str, patient_id: str | None,
            window: int) -> list[tuple[int, float]]:
    score = f"bm25({index.fts}, 3.0)"
    if patient_id is not None:
        rows: list[tuple[int, float]] = conn.execute(
            f"SELECT rowid, {score} FROM clinical.{index.fts} WHERE {index.fts} MATCH ? AND "
            f"rowid IN (SELECT rid FROM clinical.{index.table} WHERE patient_id = ?) "
            "ORDER BY 2 LIMIT ?", (match, patient_id, window)).fetchall()
        return rows
    # FTS5 walks its doclists in rowid order, so "newest first" costs nothing and the
    # score is computed for the window's rows only.
    rows = conn.execute(f"SELECT rowid, {score} FROM clinical.{index.fts} "
                        f"WHERE {index.fts} MATCH ? ORDER BY rowid DESC LIMIT ?",
                        (match, window)).fetchall()
    return rows


def _visible(conn: Connection, index: _Index, scored: list[tuple[int, float]], me: str,
             grants: _Grants) -> list[tuple[float, tuple[Any, ...]]]:
    if not scored:
        return []
    scores = dict(scored)
    # Other people's drafts are private; documents have no drafts.
    draft, params = (("e.status = 'draft' AND e.author_id != ?", [me])
                     if index.kind == "note" else ("0", []))
    rows = conn.execute(
        f"SELECT e.rid, e.id, e.patient_id, p.family || ', ' || p.given, e.title, {index.when},"
        f" e.status, e.restricted, p.restricted, {draft},"
        f" e.id IN (SELECT entry_id FROM clinical.entry_errors) FROM clinical.{index.table} e "
        f"JOIN patients p ON p.id = e.patient_id WHERE e.rid IN "
        f"({','.join('?' * len(scores))})", (*params, *scores)).fetchall()
    shown = []
    for row in rows:
        entry_restricted, patient_restricted, others_draft = row[7], row[8], row[9]
        if others_draft:
            continue
        if patient_restricted and row[2] not in grants.patients:
            continue
        if entry_restricted and row[2] not in grants.patients and row[1] not in grants.entries:
            continue
        shown.append((scores[row[0]], row))
    return shown


def _snippets(conn: Connection, index: _Index, match: str, rids: list[int],
              mark: tuple[str, str]) -> dict[int, str]:
    if not rids:
        return {}
    rows = conn.execute(
        f"SELECT rowid, snippet({index.fts}, -1, ?, ?, '…', 12) FROM clinical.{index.fts} "
        f"WHERE {index.fts} MATCH ? AND rowid IN ({','.join('?' * len(rids))})",
        (*mark, match, *rids)).fetchall()
    return {r[0]: r[1] for r in rows}


def search_text(session: Session, query: str, *, limit: int = 50,
                patient_id: str | None = None,
                mark: tuple[str, str] = MARK) -> list[TextHit]:
    """Notes (signed, and the user's own drafts) and documents matching every word, best
    bm25 score first."""
    session.require(Operation.CLINICAL_SEARCH, patient_id=patient_id)
    need_clinical_key(session, Operation.CLINICAL_SEARCH, patient_id=patient_id)
    match = fts_query(query)
    limit = max(1, min(limit, 500))
    me = session.user.user_id
    hits: list[TextHit] = []
    with session.transaction() as conn:
        grants = _grants(conn, me)
        for index in _INDEXES:
            window = max(WINDOW, 4 * limit)
            while True:
                scored = _scored(conn, index, match, patient_id, window)
                shown = _visible(conn, index, scored, me, grants)
                if len(shown) >= limit or len(scored) < window or window >= MAX_WINDOW:
                    break
                window *= 4
            best = sorted(shown, key=lambda item: item[0])[:limit]
            snippets = _snippets(conn, index, match, [row[0] for _, row in best], mark)
            hits += [TextHit(index.kind, row[1], row[2], row[3], row[4], snippets.get(row[0], ""),
                             score, row[5], row[6], bool(row[10])) for score, row in best]
        # bm25 scores from the two indexes use the same formula on similar text, so
        # merging by score keeps the best of both at the top; entries marked entered in
        # error come after every active one.
        hits = sorted(hits, key=lambda h: (h.entered_in_error, h.rank))[:limit]
        session.record("clinical.search", patient_id=patient_id,
                       detail={"results": len(hits), "terms": len(match.split())})
    return hits
