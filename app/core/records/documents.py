"""Documents: PDFs and images kept as blobs inside the encrypted clinical file.

The type is decided by the file's first bytes, never by its name or what the caller says:
a file that claims to be a PDF but is not one is refused. Only PDF, PNG and JPEG are taken,
the formats the viewer renders from memory (no temp files). The bytes live in their own
table so listing documents never reads them. Extracted text, when the caller has it, is
indexed for full-text search.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from typing import Any

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.records import clock
from app.core.records.codes import Concept
from app.core.records.entries import check_encounter
from app.core.records.guard import (
    PatientAccess,
    RecordNotFound,
    check_entry,
    need_clinical_key,
    patient_access,
)
from app.core.records.in_error import ACTIVE_SQL
from app.core.roles import Operation
from app.core.session import Session

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"),
          (b"\xff\xd8\xff", "image/jpeg"))
STATUSES = frozenset({"current", "superseded", "entered-in-error"})


def sniff_content_type(data: bytes) -> str | None:
    """The MIME type from the magic bytes, or None for anything we do not accept."""
    for magic, content_type in _MAGIC:
        if data.startswith(magic):
            return content_type
    return None


@dataclass(frozen=True)
class Document:
    """FHIR DocumentReference metadata; the bytes come from `read_document_data`."""

    id: str
    patient_id: str
    encounter_id: str | None
    title: str
    description: str | None
    content_type: str
    size: int
    sha256: str
    has_text: bool
    status: str
    doc_date: str | None
    restricted: bool
    code: Concept | None
    created_at: str
    created_by: str

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["code"] = self.code.to_json() if self.code else None
        return data


@dataclass(frozen=True)
class DocumentList:
    documents: list[Document]
    hidden_restricted: int


_COLUMNS = ("id, patient_id, encounter_id, title, description, content_type, size, sha256, "
            "text IS NOT NULL, status, doc_date, restricted, code, code_system, code_text, "
            "code_display, code_more, created_at, created_by")


def _from_row(row: tuple[Any, ...]) -> Document:
    return Document(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                    bool(row[8]), row[9], row[10], bool(row[11]),
                    Concept.from_values(*row[12:17]), row[17], row[18])


def _fetch(conn: Connection, document_id: str) -> Document | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM clinical.documents WHERE id = ?",
                       (document_id,)).fetchone()
    return _from_row(row) if row else None


def fetch_documents(conn: Connection, access: PatientAccess) -> DocumentList:
    """Unaudited listing for callers that audit the whole view (the chart)."""
    documents, hidden = [], 0
    for row in conn.execute(f"SELECT {_COLUMNS} FROM clinical.documents WHERE patient_id = ? "
                            f"AND {ACTIVE_SQL} ORDER BY coalesce(doc_date, created_at) DESC",
                            (access.patient_id,)):
        document = _from_row(row)
        if access.sees(document.id, document.restricted):
            documents.append(document)
        else:
            hidden += 1
    return DocumentList(documents, hidden)


def add_document(session: Session, patient_id: str, data: bytes, *, title: str,
                 content_type: str | None = None, text: str | None = None,
                 description: str | None = None, doc_date: str | None = None,
                 code: Concept | None = None, encounter_id: str | None = None,
                 restricted: bool = False) -> Document:
    access = patient_access(session, Operation.CLINICAL_WRITE, patient_id, clinical=True)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UsageError.coded("documents.too_large", size=f"{len(data) / 1048576:.1f}",
                               limit=MAX_DOCUMENT_BYTES // 1048576)
    sniffed = sniff_content_type(data)
    if sniffed is None:
        raise UsageError.coded("documents.unknown_type")
    if content_type is not None and content_type.lower() != sniffed:
        raise UsageError.coded("documents.type_mismatch", described=content_type,
                               sniffed=sniffed)
    title = " ".join(title.split())[:300]
    if not title:
        raise UsageError.coded("documents.need_title")
    if text is not None and len(text) > MAX_TEXT_CHARS:
        raise UsageError("The extracted text is too long to index.")
    document_id, now, me = new_id(), clock.now_iso(), session.user.user_id
    code_values = code.values() if code else (None, None, None, None, "[]")
    with session.transaction() as conn:
        check_encounter(conn, patient_id, encounter_id)
        conn.execute(
            "INSERT INTO clinical.documents (id, patient_id, encounter_id, title, description, "
            "content_type, size, sha256, text, status, doc_date, restricted, code, "
            "code_system, code_text, code_display, code_more, extra, created_at, created_by, "
            "updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?,'current',?,?,?,?,?,?,?,'{}',"
            "?,?,?,?)",
            (document_id, patient_id, encounter_id, title, description, sniffed, len(data),
             hashlib.sha256(data).hexdigest(), text or None,
             clock.fhir_date(doc_date, "document date"), int(restricted), *code_values, now,
             me, now, me))
        conn.execute("INSERT INTO clinical.document_data (document_id, data) VALUES (?, ?)",
                     (document_id, data))
        session.record("document.create", patient_id=patient_id, target=document_id,
                       flagged=access.via_grant,
                       detail=access.audit_detail(size=len(data), content_type=sniffed,
                                                  restricted=restricted))
        document = _fetch(conn, document_id)
    assert document is not None
    return document


def _load(session: Session, document_id: str) -> tuple[Document, PatientAccess]:
    session.require(Operation.CLINICAL_READ, target=document_id)
    need_clinical_key(session, Operation.CLINICAL_READ)
    document = _fetch(session.conn, document_id)
    if document is None:
        raise RecordNotFound(f"There is no document with id {document_id!r}.")
    access = patient_access(session, Operation.CLINICAL_READ, document.patient_id,
                            required=True)
    check_entry(session, access, document.id, document.restricted, "document")
    return document, access


def get_document(session: Session, document_id: str) -> Document:
    document, access = _load(session, document_id)
    session.record("document.read", patient_id=document.patient_id, target=document_id,
                   flagged=access.via_grant, detail=access.audit_detail())
    return document


def read_document_data(session: Session, document_id: str) -> bytes:
    """The file's bytes, for viewing from memory. Never write them to a temp file."""
    document, access = _load(session, document_id)
    with session.transaction() as conn:
        row = conn.execute("SELECT data FROM clinical.document_data WHERE document_id = ?",
                           (document_id,)).fetchone()
        session.record("document.open", patient_id=document.patient_id, target=document_id,
                       flagged=access.via_grant, detail=access.audit_detail())
    if row is None:
        raise RecordNotFound("This document's content is missing.")
    return bytes(row[0])


def list_documents(session: Session, patient_id: str) -> DocumentList:
    access = patient_access(session, Operation.CLINICAL_READ, patient_id, clinical=True)
    with session.transaction() as conn:
        result = fetch_documents(conn, access)
        session.record("document.list", patient_id=patient_id, flagged=access.via_grant,
                       detail=access.audit_detail(results=len(result.documents)))
    return result


def set_document_status(session: Session, document_id: str, status: str) -> Document:
    if status not in STATUSES:
        raise UsageError(f"Document status is one of: {', '.join(sorted(STATUSES))}.")
    session.require(Operation.CLINICAL_WRITE, target=document_id)
    document, access = _load(session, document_id)
    with session.transaction() as conn:
        conn.execute("UPDATE clinical.documents SET status = ?, updated_at = ?, updated_by = ? "
                     "WHERE id = ?", (status, clock.now_iso(), session.user.user_id,
                                      document_id))
        session.record("document.status", patient_id=document.patient_id, target=document_id,
                       flagged=access.via_grant, detail=access.audit_detail(status=status))
    return _fetch_required(session.conn, document_id)


def _fetch_required(conn: Connection, document_id: str) -> Document:
    document = _fetch(conn, document_id)
    assert document is not None
    return document
