"""Clinical notes: SOAP or free text, autosaved drafts, signing, and amendments.

A note starts as a draft that only its author sees and that autosave overwrites (it is
encrypted at rest like everything in the clinical file). Signing makes it final: a
trigger in the database refuses any later change to a signed note's content, so a
correction is an amendment, a new note whose `amends` names the original. The history of
a note is the original and its amendments, in order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.messages import message
from app.core.records import clock
from app.core.records.breakglass import scope_for
from app.core.records.codes import Concept
from app.core.records.entries import check_encounter
from app.core.records.guard import (
    PatientAccess,
    RecordNotFound,
    check_entry,
    need_clinical_key,
    patient_access,
)
from app.core.records.in_error import active_sql
from app.core.roles import Operation
from app.core.session import Session

MAX_NOTE_CHARS = 1_000_000
SOAP = ("subjective", "objective", "assessment", "plan")


@dataclass(frozen=True)
class NoteContent:
    """What the editor holds. Any SOAP field makes it a SOAP note; else `body` is free text."""

    title: str = ""
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    body: str = ""

    @property
    def kind(self) -> str:
        return "soap" if any(getattr(self, f).strip() for f in SOAP) else "text"

    @property
    def empty(self) -> bool:
        return not any(v.strip() for v in asdict(self).values())

    def checked(self) -> NoteContent:
        if sum(len(v) for v in asdict(self).values()) > MAX_NOTE_CHARS:
            raise UsageError.coded("notes.too_long")
        return replace(self, title=" ".join(self.title.split())[:300])


@dataclass(frozen=True)
class Note:
    id: str
    patient_id: str
    encounter_id: str | None
    kind: str
    content: NoteContent
    status: str  # draft or signed
    author_id: str
    signed_by: str | None
    signed_at: str | None
    amends: str | None
    restricted: bool
    code: Concept | None
    created_at: str
    updated_at: str
    amendment_count: int = 0

    @property
    def text(self) -> str:
        """The whole note as plain text, SOAP headings included."""
        c = self.content
        parts = [c.title] if c.title else []
        parts += [f"{f.capitalize()}: {getattr(c, f)}" for f in SOAP if getattr(c, f).strip()]
        if c.body.strip():
            parts.append(c.body)
        return "\n".join(parts)

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k not in ("content", "code")}
        data.update(asdict(self.content))
        data["code"] = self.code.to_json() if self.code else None
        return data


@dataclass(frozen=True)
class NoteList:
    notes: list[Note]
    hidden_restricted: int


_COLUMNS = ("id, patient_id, encounter_id, kind, title, subjective, objective, assessment, "
            "plan, body, status, author_id, signed_by, signed_at, amends, restricted, code, "
            "code_system, code_text, code_display, code_more, created_at, updated_at")
_SELECT = (f"SELECT {_COLUMNS}, (SELECT count(*) FROM clinical.notes a WHERE a.amends = n.id "
           "AND a.status = 'signed') FROM clinical.notes n")


def _from_row(row: tuple[Any, ...]) -> Note:
    return Note(row[0], row[1], row[2], row[3], NoteContent(*row[4:10]), row[10], row[11],
                row[12], row[13], row[14], bool(row[15]), Concept.from_values(*row[16:21]),
                row[21], row[22], row[23] if len(row) > 23 else 0)


def _fetch(conn: Connection, note_id: str) -> Note | None:
    row = conn.execute(_SELECT + " WHERE n.id = ?", (note_id,)).fetchone()
    return _from_row(row) if row else None


def fetch_notes(conn: Connection, access: PatientAccess, user_id: str) -> NoteList:
    """Signed notes and the user's own drafts, newest first. Unaudited (for the chart)."""
    rows = conn.execute(
        _SELECT + " WHERE n.patient_id = ? AND (n.status = 'signed' OR n.author_id = ?) "
        f"AND {active_sql('n')} ORDER BY coalesce(n.signed_at, n.updated_at) DESC",
        (access.patient_id, user_id))
    notes, hidden = [], 0
    for row in rows:
        note = _from_row(row)
        if access.sees(note.id, note.restricted):
            notes.append(note)
        else:
            hidden += 1
    return NoteList(notes, hidden)


def _insert(conn: Connection, session: Session, patient_id: str, content: NoteContent, *,
            encounter_id: str | None, restricted: bool, code: Concept | None,
            amends: str | None) -> str:
    note_id, now = new_id(), clock.now_iso()
    me = session.user.user_id
    code_values = code.values() if code else (None, None, None, None, "[]")
    conn.execute(
        "INSERT INTO clinical.notes (id, patient_id, encounter_id, kind, title, subjective, "
        "objective, assessment, plan, body, status, author_id, amends, restricted, code, "
        "code_system, code_text, code_display, code_more, extra, created_at, created_by, "
        "updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,'draft',?,?,?,?,?,?,?,?,'{}',"
        "?,?,?,?)",
        (note_id, patient_id, encounter_id, content.kind, content.title, content.subjective,
         content.objective, content.assessment, content.plan, content.body, me, amends,
         int(restricted), *code_values, now, me, now, me))
    return note_id


def _sign(conn: Connection, session: Session, note_id: str) -> None:
    conn.execute("UPDATE clinical.notes SET status = 'signed', signed_by = ?, signed_at = ?, "
                 "updated_at = ? WHERE id = ?",
                 (session.user.user_id, clock.now_iso(), clock.now_iso(), note_id))


def start_note(session: Session, patient_id: str, content: NoteContent | None = None, *,
               encounter_id: str | None = None, restricted: bool = False,
               code: Concept | None = None) -> Note:
    """Open a new draft (autosave then calls `save_draft`)."""
    return add_note(session, patient_id, content or NoteContent(), sign=False,
                    encounter_id=encounter_id, restricted=restricted, code=code)


def add_note(session: Session, patient_id: str, content: NoteContent, *, sign: bool = True,
             encounter_id: str | None = None, restricted: bool = False,
             code: Concept | None = None) -> Note:
    """Write a note in one step; signed unless `sign=False` leaves it a draft."""
    if sign:
        session.require(Operation.NOTE_SIGN, patient_id=patient_id)
    access = patient_access(session, Operation.CLINICAL_WRITE, patient_id, clinical=True)
    content = content.checked()
    if sign and content.empty:
        raise UsageError.coded("notes.empty_unsigned")
    with session.transaction() as conn:
        check_encounter(conn, patient_id, encounter_id)
        note_id = _insert(conn, session, patient_id, content, encounter_id=encounter_id,
                          restricted=restricted, code=code, amends=None)
        if sign:
            _sign(conn, session, note_id)
        session.record("note.create", patient_id=patient_id, target=note_id,
                       flagged=access.via_grant,
                       detail=access.audit_detail(signed=sign, restricted=restricted))
        note = _fetch(conn, note_id)
    assert note is not None
    return note


def _load(session: Session, note_id: str, operation: Operation) -> tuple[Note, PatientAccess]:
    session.require(operation, target=note_id)
    need_clinical_key(session, operation)
    note = _fetch(session.conn, note_id)
    if note is None:
        raise RecordNotFound(f"There is no note with id {note_id!r}.")
    access = patient_access(session, operation, note.patient_id, required=True)
    if note.status == "draft" and note.author_id != session.user.user_id:
        raise session.refuse(operation, message("notes.hidden_draft"),
                             why="not_author", patient_id=note.patient_id, target=note.id)
    check_entry(session, access, note.id, note.restricted, "note")
    return note, access


def _own_draft(session: Session, note: Note, operation: Operation) -> None:
    if note.status != "draft":
        raise UsageError.coded("notes.signed_fixed")
    if note.author_id != session.user.user_id:
        raise session.refuse(operation, message("notes.author_only"),
                             why="not_author", patient_id=note.patient_id, target=note.id)


def save_draft(session: Session, note_id: str, content: NoteContent) -> Note:
    """Autosave: overwrite the draft's content (the draft lives encrypted in the vault)."""
    note, access = _load(session, note_id, Operation.CLINICAL_WRITE)
    _own_draft(session, note, Operation.CLINICAL_WRITE)
    content = content.checked()
    with session.transaction() as conn:
        conn.execute(
            "UPDATE clinical.notes SET kind = ?, title = ?, subjective = ?, objective = ?, "
            "assessment = ?, plan = ?, body = ?, updated_at = ? WHERE id = ?",
            (content.kind, content.title, content.subjective, content.objective,
             content.assessment, content.plan, content.body, clock.now_iso(), note_id))
        session.record("note.draft.save", patient_id=note.patient_id, target=note_id,
                       flagged=access.via_grant, detail=access.audit_detail())
        saved = _fetch(conn, note_id)
    assert saved is not None
    return saved


def sign_note(session: Session, note_id: str) -> Note:
    note, access = _load(session, note_id, Operation.NOTE_SIGN)
    _own_draft(session, note, Operation.NOTE_SIGN)
    if note.content.empty:
        raise UsageError.coded("notes.empty_unsigned")
    with session.transaction() as conn:
        _sign(conn, session, note_id)
        session.record("note.sign", patient_id=note.patient_id, target=note_id,
                       flagged=access.via_grant, detail=access.audit_detail(amends=note.amends))
        signed = _fetch(conn, note_id)
    assert signed is not None
    return signed


def discard_draft(session: Session, note_id: str) -> None:
    note, access = _load(session, note_id, Operation.CLINICAL_WRITE)
    _own_draft(session, note, Operation.CLINICAL_WRITE)
    with session.transaction() as conn:
        conn.execute("DELETE FROM clinical.notes WHERE id = ?", (note_id,))
        session.record("note.draft.discard", patient_id=note.patient_id, target=note_id,
                       flagged=access.via_grant, detail=access.audit_detail())


def amend_note(session: Session, note_id: str, content: NoteContent, *,
               sign: bool = True) -> Note:
    """Correct a signed note: a new note pointing at the original, which stays as it was."""
    if sign:
        session.require(Operation.NOTE_SIGN, target=note_id)
    original, access = _load(session, note_id, Operation.CLINICAL_WRITE)
    if original.status != "signed":
        raise UsageError.coded("notes.draft_edited")
    content = content.checked()
    if sign and content.empty:
        raise UsageError.coded("notes.empty_amendment")
    root = original.amends or original.id  # amendments of amendments hang off the original
    with session.transaction() as conn:
        new_id = _insert(conn, session, original.patient_id, content,
                         encounter_id=original.encounter_id, restricted=original.restricted,
                         code=original.code, amends=root)
        if sign:
            _sign(conn, session, new_id)
        session.record("note.amend", patient_id=original.patient_id, target=new_id,
                       flagged=access.via_grant,
                       detail=access.audit_detail(amends=root, signed=sign))
        amended = _fetch(conn, new_id)
    assert amended is not None
    return amended


def get_note(session: Session, note_id: str) -> Note:
    note, access = _load(session, note_id, Operation.CLINICAL_READ)
    session.record("note.read", patient_id=note.patient_id, target=note_id,
                   flagged=access.via_grant, detail=access.audit_detail())
    return note


def list_notes(session: Session, patient_id: str) -> NoteList:
    access = patient_access(session, Operation.CLINICAL_READ, patient_id, clinical=True)
    with session.transaction() as conn:
        result = fetch_notes(conn, access, session.user.user_id)
        session.record("note.list", patient_id=patient_id, flagged=access.via_grant,
                       detail=access.audit_detail(results=len(result.notes)))
    return result


def note_history(session: Session, note_id: str) -> list[Note]:
    """The original and its amendments, oldest first (drafts only for their author)."""
    note, access = _load(session, note_id, Operation.CLINICAL_READ)
    root = note.amends or note.id
    with session.transaction() as conn:
        rows = conn.execute(
            _SELECT + " WHERE (n.id = ? OR n.amends = ?) AND (n.status = 'signed' OR "
            "n.author_id = ?) ORDER BY coalesce(n.signed_at, n.updated_at)",
            (root, root, session.user.user_id)).fetchall()
        session.record("note.history", patient_id=note.patient_id, target=root,
                       flagged=access.via_grant, detail=access.audit_detail(
                           versions=len(rows)))
    return [n for n in map(_from_row, rows) if access.sees(n.id, n.restricted)]


def my_drafts(session: Session) -> list[Note]:
    """The acting user's unsigned drafts, to reopen after an unlock or a crash. Drafts of
    restricted records stay out of the list unless a grant is active."""
    session.require(Operation.CLINICAL_WRITE)
    need_clinical_key(session, Operation.CLINICAL_WRITE)
    me = session.user.user_id
    with session.transaction() as conn:
        rows = conn.execute(
            _SELECT + " WHERE n.author_id = ? AND n.status = 'draft' "
            "ORDER BY n.updated_at DESC", (me,)).fetchall()
        drafts = []
        for row in rows:
            note = _from_row(row)
            patient = conn.execute("SELECT restricted FROM patients WHERE id = ?",
                                   (note.patient_id,)).fetchone()
            access = PatientAccess(note.patient_id, bool(patient is None or patient[0]),
                                   scope_for(conn, me, note.patient_id))
            if access.sees(note.id, note.restricted):
                drafts.append(note)
        session.record("note.drafts", detail={"results": len(drafts)})
    return drafts
