"""The full encrypted export (GDPR Art. 15 and 20; a practice leaving MedVault).

One age file, written as a stream: the zip writer feeds `AgeWriter`, which encrypts 64 KiB
at a time, so memory holds one document (at most 20 MiB) and one chunk, whatever the
vault's size. The file is written under a hidden temporary name beside the target and
renamed into place only when complete; a failure or Cancel (the progress callback raising)
deletes it, so no partial file under the chosen name ever looks valid. An age file cut
short fails authentication in every reader anyway.

Layout of the plaintext zip (docs/sharing.md, "The full export"):

    README.txt                      what is here and how to open it
    export.json, export.sig         what was exported, by whom, every file's SHA-256, the
                                    audit chain head; signed by the exporting user
    fhir/<Type>-<n>.ndjson          FHIR R4 Bulk Data NDJSON, one resource type per file
    documents/<id>.<pdf|png|jpg>    every document in its original format
    patients/<id>/access-report.json, .txt   who opened the record, when and why (Art. 15)
    patients/<id>/consents.json     what the patient agreed to share, with whom, for what
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import json
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app.core import strict_json
from app.core.atomic import fsync_dir
from app.core.errors import DiskFull, UsageError
from app.core.ids import new_id
from app.core.progress import ProgressCallback, no_progress
from app.core.records import clock
from app.core.records.access_report import AccessEvent, AccessReport, describe, render
from app.core.records.consent import Consent, consent_from_row
from app.core.records.contacts import recipient_fingerprint
from app.core.records.guard import need_clinical_key, patient_access
from app.core.roles import Operation
from app.core.session import Session
from app.core.sharing.agefmt import AgeReader, AgeWriter
from app.core.sharing.errors import PackageRefused
from app.core.sharing.zipread import BoundedZip, ZipLimits, pattern_allow
from app.core.signing import verify_signature

EXPORT_FORMAT = "medvault-export/1"
SIGNATURE_CONTEXT = b"MedVault export v1\n"
_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
#: Resources a stream yields: (FHIR resource type, patient id, resource).
Resources = Iterable[tuple[str, str, dict[str, Any]]]
#: Whether a document (id, patient id, restricted) belongs in the export.
DocumentFilter = Callable[[str, str, bool], bool]
#: DocumentReferences for the documents written, given their SHA-1 by id.
DocumentResources = Callable[[dict[str, str]], Resources]


def _not_restricted(entry_id: str, patient_id: str, restricted: bool) -> bool:
    """Without the FHIR module's scope: restricted documents stay out."""
    return not restricted


@dataclass
class ExportResult:
    path: Path
    export_id: str
    patients: int
    counts: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    document_bytes: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "export_id": self.export_id, "patients": self.patients,
                "counts": self.counts, "documents": self.documents,
                "document_bytes": self.document_bytes}


class _HashingZip:
    """A zip written into an age stream, recording each member's SHA-256 and size."""

    def __init__(self, sink: AgeWriter) -> None:
        self.archive = zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED,
                                       compresslevel=6)
        self.files: dict[str, dict[str, Any]] = {}
        self.runs: dict[str, int] = {}  # NDJSON files written per resource type

    @contextlib.contextmanager
    def member(self, name: str, *, compress: bool = True,
               large: bool = False) -> Iterator[_MemberWriter]:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.create_system = 3
        info.external_attr = 0o100644 << 16
        with self.archive.open(info, "w", force_zip64=large) as raw:
            writer = _MemberWriter(raw)
            yield writer
        self.files[name] = {"sha256": writer.digest.hexdigest(), "size": writer.size}

    def put(self, name: str, data: bytes, *, compress: bool = True) -> None:
        with self.member(name, compress=compress) as handle:
            handle.write(data)


class _MemberWriter:
    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        self.raw.write(data)


def _check_scope(session: Session, patient_id: str | None, everything: bool) -> None:
    if everything == (patient_id is not None):
        raise UsageError("Export one patient (--patient ID) or the whole vault (--all).")
    if everything:
        session.require(Operation.EXPORT_ALL)
        need_clinical_key(session, Operation.EXPORT_ALL)
    else:
        assert patient_id is not None
        patient_access(session, Operation.EXPORT_PATIENT, patient_id, clinical=True)


def _temp_beside(out: Path) -> tuple[Path, IO[bytes]]:
    if out.exists():
        raise UsageError.coded("files.export_exists", path=str(out))
    if not out.parent.is_dir():
        raise UsageError.coded("files.no_folder", folder=str(out.parent))
    temp = out.parent / f".{out.name}.partial-{new_id()[:8]}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 0o600)
    return temp, os.fdopen(fd, "wb", buffering=1024 * 1024)


def write_export(session: Session, out: Path, *, resources: Resources,
                 patient_id: str | None = None, everything: bool = False,
                 recipients: list[str] | None = None, passphrase: str | None = None,
                 progress: ProgressCallback = no_progress,
                 shows_document: DocumentFilter = _not_restricted,
                 document_resources: DocumentResources | None = None) -> ExportResult:
    """Write the encrypted export to `out`. `resources` is the FHIR stream for the same
    scope (the FHIR module's iterator, without the documents section); it is consumed
    once, lazily. Documents are read one at a time, written as files, and then described
    by `document_resources(sha1 by id)` (DocumentReferences pointing at the files), so no
    query ever holds every document at once."""
    _check_scope(session, patient_id, everything)
    if bool(recipients) == (passphrase is not None):
        raise UsageError("Encrypt the export to a recipient (age1…) or to a passphrase.")
    export_id = new_id()
    patient_ids = _patients(session, patient_id)
    temp, handle = _temp_beside(out)
    result = ExportResult(out, export_id, len(patient_ids))
    archive: _HashingZip | None = None
    try:
        sink = AgeWriter(handle, recipients=recipients, passphrase=passphrase)
        archive = _HashingZip(sink)
        archive.put("README.txt", _readme(patient_id is not None).encode())
        done = _write_fhir(archive, resources, result, progress)
        hashes = _write_documents(session, archive, patient_id, result, progress, done,
                                  shows_document)
        if document_resources is not None:
            _write_fhir(archive, document_resources(hashes), result, progress)
        for pid in patient_ids:
            _write_patient_files(session, archive, pid)
        _finish(session, archive, result, patient_id, recipients)
        archive.archive.close()
        sink.close()
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(temp, out)
        fsync_dir(out.parent)
    except BaseException as exc:
        if archive is not None:
            # Abandoned: the zip must not write its end record into the closed file later.
            archive.archive.fp = None
        with contextlib.suppress(Exception):
            handle.close()
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        with contextlib.suppress(Exception):
            session.record("export.abandoned", patient_id=patient_id, target=export_id,
                           detail={"reason": type(exc).__name__})
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull.coded("files.disk_full_export", folder=str(out.parent)) from None
        raise
    session.record("export.create", patient_id=patient_id, target=export_id,
                   detail={"scope": "patient" if patient_id else "all",
                           "patients": len(patient_ids), "counts": result.counts,
                           "documents": result.documents, "to": _to(recipients)})
    return result


def _to(recipients: list[str] | None) -> list[str] | str:
    return [recipient_fingerprint(r) for r in recipients] if recipients else "passphrase"


def _patients(session: Session, patient_id: str | None) -> list[str]:
    if patient_id is not None:
        return [patient_id]
    return [r[0] for r in session.conn.execute("SELECT id FROM patients ORDER BY id")]


def _write_fhir(archive: _HashingZip, resources: Resources, result: ExportResult,
                progress: ProgressCallback) -> int:
    """Runs of one resource type become one NDJSON member each (zip members are written
    one at a time, and the FHIR stream comes grouped by type)."""
    done = 0
    current: str | None = None
    runs = archive.runs
    stack = contextlib.ExitStack()
    writer: _MemberWriter | None = None
    with stack:
        for resource_type, _, resource in resources:
            if resource_type != current:
                stack.close()
                current = resource_type
                runs[current] = runs.get(current, 0) + 1
                writer = stack.enter_context(archive.member(
                    f"fhir/{current}-{runs[current]}.ndjson", large=True))
            assert writer is not None
            line = json.dumps(_without_document_data(resource), ensure_ascii=False,
                              separators=(",", ":"))
            writer.write(line.encode() + b"\n")
            result.counts[resource_type] = result.counts.get(resource_type, 0) + 1
            done += 1
            if done % 1000 == 0:
                progress(done, 0, "")
    return done


def _without_document_data(resource: dict[str, Any]) -> dict[str, Any]:
    """A document's bytes travel once, as the original file under documents/; the
    DocumentReference points there instead of carrying them again in base64."""
    if resource.get("resourceType") != "DocumentReference":
        return resource
    content = resource.get("content") or []
    changed = []
    for item in content:
        attachment = dict(item.get("attachment") or {})
        kind = attachment.get("contentType")
        if "data" in attachment and kind in _EXTENSIONS:
            del attachment["data"]
            attachment["url"] = f"documents/{resource.get('id')}.{_EXTENSIONS[kind]}"
        changed.append({**item, "attachment": attachment})
    return {**resource, "content": changed}


def _write_documents(session: Session, archive: _HashingZip, patient_id: str | None,
                     result: ExportResult, progress: ProgressCallback, done: int,
                     shows: DocumentFilter) -> dict[str, str]:
    """Each document's bytes as a file; returns their SHA-1 (FHIR Attachment.hash)."""
    conn = session.conn
    where, params = ("WHERE d.patient_id = ?", (patient_id,)) if patient_id else ("", ())
    restricted_patients = {r[0] for r in conn.execute(
        "SELECT id FROM patients WHERE restricted = 1")}
    # Ids first (small), then one blob at a time: a query over the blobs themselves would
    # sort every document in memory.
    ids = [(r[0], r[1]) for r in conn.execute(
        f"SELECT d.id, d.content_type, d.patient_id, d.restricted FROM clinical.documents d "
        f"{where} ORDER BY d.id", params)
        if shows(r[0], r[2], bool(r[3]) or r[2] in restricted_patients)]
    hashes: dict[str, str] = {}
    for number, (doc_id, content_type) in enumerate(ids, start=1):
        row = conn.execute("SELECT data FROM clinical.document_data WHERE document_id = ?",
                           (doc_id,)).fetchone()
        if row is None:
            continue
        data = bytes(row[0])
        extension = _EXTENSIONS.get(content_type, "bin")
        # Already compressed formats: deflating them again costs time and saves nothing.
        archive.put(f"documents/{doc_id}.{extension}", data, compress=False)
        hashes[doc_id] = base64.b64encode(hashlib.sha1(data).digest()).decode()  # noqa: S324 - FHIR's Attachment.hash is SHA-1
        result.documents += 1
        result.document_bytes += len(data)
        del data, row
        progress(done + number, done + len(ids), "")
    return hashes


def _write_patient_files(session: Session, archive: _HashingZip, pid: str) -> None:
    events = [AccessEvent(e.seq, e.ts, e.actor, e.role, e.action, describe(e.action),
                          e.reason, e.flagged)
              for e in session.audit.entries(patient_id=pid)]
    name_row = session.conn.execute("SELECT given || ' ' || family FROM patients WHERE id = ?",
                                    (pid,)).fetchone()
    head = session.audit_head()
    report = AccessReport(pid, name_row[0] if name_row else None, clock.now_iso(),
                          session.user.name, events, head.to_json() if head else None)
    archive.put(f"patients/{pid}/access-report.json", render(report, "json"))
    archive.put(f"patients/{pid}/access-report.txt", render(report, "text"))
    consents: list[Consent] = [consent_from_row(r) for r in session.conn.execute(
        "SELECT id, patient_id, recipient_id, sections, purpose, valid_from, valid_until, "
        "withdrawn_at, withdrawn_by, note, created_at, created_by FROM consents "
        "WHERE patient_id = ? ORDER BY created_at", (pid,))]
    archive.put(f"patients/{pid}/consents.json",
                json.dumps([c.to_json() for c in consents], indent=1,
                           ensure_ascii=False).encode())


def _finish(session: Session, archive: _HashingZip, result: ExportResult,
            patient_id: str | None, recipients: list[str] | None) -> None:
    head = session.audit_head()
    me = session.user_identity()
    manifest = {
        "format": EXPORT_FORMAT, "export_id": result.export_id, "created": clock.now_iso(),
        "vault_id": session.vault.file.vault_id,
        "exported_by": {"name": session.user.name, "role": session.user.role.value,
                        "recipient": me.recipient, "signing_key": me.signing_public},
        "scope": {"patient": patient_id} if patient_id else {"all": True},
        "to": _to(recipients), "counts": result.counts, "documents": result.documents,
        "audit_head": head.to_json() if head else None, "files": archive.files,
    }
    raw = strict_json.canonical(manifest)
    archive.put("export.json", raw)
    archive.put("export.sig", session.signing_key().sign(SIGNATURE_CONTEXT + raw),
                compress=False)


def _readme(single: bool) -> str:
    who = "one patient's record" if single else "every record in the vault"
    return f"""MedVault export
===============

This archive holds {who}, as MedVault exported it. It was encrypted with age
(https://age-encryption.org); you have already decrypted it if you are reading this.

  README.txt        this file
  export.json       what was exported, when, by whom, and the SHA-256 and size of
                    every other file here; export.sig is the exporter's Ed25519
                    signature over "MedVault export v1" + newline + export.json
  fhir/             the record as HL7 FHIR R4 Bulk Data: one resource per line
                    (NDJSON), one resource type per file (Patient, Condition,
                    Observation, DocumentReference, ...). Any FHIR-capable system
                    can import these files.
  documents/        every document (letters, results, images) in its original
                    format. Each DocumentReference in fhir/ points to its file
                    here (attachment.url).
  patients/ID/      for each patient:
    access-report.json / .txt   everyone who opened or changed the record, when,
                                and the reason they gave (from the tamper-evident
                                audit log; the chain head is in export.json)
    consents.json               what the patient agreed to share, with whom, for
                                which purpose, and any withdrawals

What this means under the GDPR: Art. 15 gives a person the right to a copy of their
data, the purposes it is processed for, who received it, and where it came from. The
FHIR files are the data; the access report and consents say who saw it and why and to
whom it may be disclosed. Art. 20 gives the right to take the data to another provider
in a machine-readable format: FHIR R4 is that format.

The format is specified in MedVault's docs/sharing.md ("The full export").
"""


# -- reading an export back ----------------------------------------------------------------
#: Reading decrypts into memory (a zip needs random access, and plaintext never goes to
#: disk), so an export is opened only up to this size; larger ones open with the age tool.
MAX_OPEN_BYTES = 1024 * 1024 * 1024
EXPORT_MEMBERS = pattern_allow(
    r"README\.txt", r"export\.json", r"export\.sig", r"fhir/[A-Za-z]{1,64}-[0-9]{1,6}\.ndjson",
    r"documents/[A-Za-z0-9_-]{1,64}\.(pdf|png|jpg|bin)",
    r"patients/[A-Za-z0-9_-]{1,64}/(access-report\.json|access-report\.txt|consents\.json)")
EXPORT_LIMITS = ZipLimits(max_members=500_000, max_member_bytes=MAX_OPEN_BYTES,
                          max_total_bytes=MAX_OPEN_BYTES, max_ratio=100)


@dataclass(frozen=True)
class OpenedExport:
    manifest: dict[str, Any]
    archive: BoundedZip

    def read(self, name: str) -> bytes:
        """A member whose size and SHA-256 match the signed manifest."""
        expected = self.manifest["files"].get(name)
        data = self.archive.read(name)
        if (not isinstance(expected, dict) or expected.get("size") != len(data)
                or expected.get("sha256") != hashlib.sha256(data).hexdigest()):
            raise PackageRefused.coded("export.file_changed", name=name)
        return data

    def names(self) -> set[str]:
        return self.archive.names()


def open_export(source: IO[bytes], *, identities: list[str] | None = None,
                passphrase: str | None = None) -> OpenedExport:
    """Decrypt (bounded), check the export's signature and its file list. Members are
    checked against their hashes as they are read."""
    reader = AgeReader(source, identities=identities, passphrase=passphrase)
    plain = bytearray()
    for chunk in reader.chunks():
        plain += chunk
        if len(plain) > MAX_OPEN_BYTES:
            raise PackageRefused(
                f"This export is larger than {MAX_OPEN_BYTES // (1024 ** 3)} GiB; MedVault "
                "opens it in memory only. Decrypt it with the age tool instead.")
    archive = BoundedZip(bytes(plain), EXPORT_MEMBERS, EXPORT_LIMITS)
    del plain
    if not {"export.json", "export.sig"} <= archive.names():
        raise PackageRefused.coded("export.not_medvault")
    raw = archive.read("export.json")
    try:
        manifest = strict_json.loads(raw, max_bytes=64 * 1024 * 1024)
    except strict_json.StrictJsonError as exc:
        raise PackageRefused.coded("export.manifest_unreadable", problem=str(exc)) from None
    signer = manifest.get("exported_by") if isinstance(manifest, dict) else None
    if (not isinstance(manifest, dict) or manifest.get("format") != EXPORT_FORMAT
            or not isinstance(signer, dict) or not isinstance(manifest.get("files"), dict)):
        raise PackageRefused.coded("export.manifest_malformed")
    if not verify_signature(str(signer.get("signing_key")), SIGNATURE_CONTEXT + raw,
                            archive.read("export.sig")):
        raise PackageRefused.coded("export.signature_mismatch")
    listed = set(manifest["files"])
    present = archive.names() - {"export.json", "export.sig"}
    if listed != present:
        raise PackageRefused.coded("export.files_differ")
    return OpenedExport(manifest, archive)


# -- with the FHIR module: what the CLI and GUI call -----------------------------------------
def export_vault(session: Session, out: Path, *, patient_id: str | None = None,
                 everything: bool = False, recipients: list[str] | None = None,
                 passphrase: str | None = None,
                 progress: ProgressCallback = no_progress) -> ExportResult:
    """`write_export` over the FHIR module's stream for the same scope: every section but
    the documents from its iterator, the documents one by one (see `write_export`), with
    the FHIR module's restriction rules for both. The stream starts only after
    `write_export` has checked permissions."""
    from app.core.fhir import export_scope, iter_resources
    from app.core.fhir.common import mark_restricted
    from app.core.fhir.export import EVERY_SECTION
    from app.core.fhir.maps import DocumentMap

    patient_ids = [patient_id] if patient_id else None
    scope_box: list[Any] = []

    def scope() -> Any:
        if not scope_box:
            scope_box.append(export_scope(session, patient_ids))
        return scope_box[0]

    def stream() -> Iterator[tuple[str, str, dict[str, Any]]]:
        yield from iter_resources(session, patient_ids=patient_ids, scope=scope(),
                                  sections=[s for s in EVERY_SECTION if s != "documents"])

    def shows(entry_id: str, pid: str, restricted: bool) -> bool:
        return bool(scope().shows(entry_id, pid, restricted))

    def references(hashes: dict[str, str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        mapper = DocumentMap()
        for doc_id in sorted(hashes):
            row = session.conn.execute(
                "SELECT d.id, d.patient_id, d.encounter_id, d.restricted, d.title, "
                "d.description, d.content_type, d.size, d.status, d.doc_date, d.created_at,"
                " d.code, d.code_system, d.code_text, d.code_display, d.code_more, d.extra "
                "FROM clinical.documents d WHERE d.id = ?", (doc_id,)).fetchone()
            resource = mapper.to_fhir((*row, b""))
            attachment = resource["content"][0]["attachment"]
            attachment.pop("data", None)
            attachment["hash"] = hashes[doc_id]
            attachment["url"] = (f"documents/{doc_id}."
                                 f"{_EXTENSIONS.get(row[6], 'bin')}")
            yield "DocumentReference", row[1], mark_restricted(resource, bool(row[3]))

    return write_export(session, out, resources=stream(), patient_id=patient_id,
                        everything=everything, recipients=recipients, passphrase=passphrase,
                        progress=progress, shows_document=shows,
                        document_resources=references)


def import_export(session: Session, source: IO[bytes], *, identities: list[str] | None = None,
                  passphrase: str | None = None) -> Any:
    """Bring a MedVault export into this vault through the FHIR importer, from memory
    (documents put back inline), with provenance naming the export. Returns the report."""
    import base64

    from app.core.fhir import apply_import, plan_import

    session.require(Operation.SHARE_IMPORT)
    opened = open_export(source, identities=identities, passphrase=passphrase)
    label = (f"MedVault export {opened.manifest.get('export_id')} by "
             f"{opened.manifest['exported_by'].get('name')}")
    texts = []
    for name in sorted(n for n in opened.names() if n.startswith("fhir/")):
        lines = []
        for line in opened.read(name).decode("utf-8").splitlines():
            resource = json.loads(line) if line.strip() else None
            if isinstance(resource, dict) and resource.get("resourceType") == "DocumentReference":
                for item in resource.get("content") or []:
                    attachment = item.get("attachment") if isinstance(item, dict) else None
                    if not isinstance(attachment, dict):
                        continue
                    url = attachment.get("url")
                    if isinstance(url, str) and url in opened.manifest["files"]:
                        attachment["data"] = base64.b64encode(opened.read(url)).decode()
                        del attachment["url"]
                line = json.dumps(resource, ensure_ascii=False)
            lines.append(line)
        texts.append((f"{label}: {name}", "\n".join(lines)))
    plan = plan_import(session, [], new_patient=False, texts=texts)
    return apply_import(session, plan)
