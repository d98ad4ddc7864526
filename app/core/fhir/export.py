"""FHIR R4 out: one patient as a Bundle, or many as Bulk Data NDJSON.

Both read through the maps in `maps.py`, one resource type at a time, straight from a
database cursor, so memory holds one resource at a time however large the vault is (a
Bundle, being one JSON document, holds one patient).

Who may export what: Patient and Consent need `fhir.export` (reception and admin may
export demographics); every clinical section also needs `export.patient` and the
clinical key; exporting every patient at once (no patient list) also needs `export.all`,
the owner's. Restricted patients and entries are left out unless named in
`include_restricted`, which needs an active break-glass grant for each and flags the
audit entry. Every export writes one audit entry naming the patients (or "all") and the
counts per type, never content.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app.core.atomic import fsync_dir
from app.core.errors import UsageError
from app.core.fhir.maps import MAPS, ExportScope, ResourceMap
from app.core.ids import new_id
from app.core.progress import ProgressCallback, no_progress
from app.core.records import clock, kinds
from app.core.records.consent import ALL, SECTIONS
from app.core.records.guard import (
    RecordNotFound,
    check_entry,
    entry_owner,
    need_clinical_key,
    patient_access,
)
from app.core.records.in_error import marked_ids
from app.core.roles import Operation
from app.core.session import Session

FHIR_VERSION = "4.0.1"
EVERY_SECTION = tuple(s for s in SECTIONS if s != ALL)
DEMOGRAPHICS = ("demographics",)


@dataclass
class ExportResult:
    counts: dict[str, int] = field(default_factory=dict)
    left_out_restricted: int = 0
    patients: int = 0
    path: Path | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_json(self) -> dict[str, Any]:
        return {"counts": dict(sorted(self.counts.items())), "total": self.total,
                "left_out_restricted": self.left_out_restricted, "patients": self.patients,
                "path": str(self.path) if self.path else None}


def exportable_sections(session: Session) -> tuple[str, ...]:
    """The sections this user may export: all of them, or demographics only."""
    if session.allowed(Operation.EXPORT_PATIENT) and session.holds("clinical"):
        return EVERY_SECTION
    return DEMOGRAPHICS


def permitted_maps(session: Session, sections: Collection[str] | None,
                   patient_id: str | None) -> list[ResourceMap]:
    """The resource maps of `sections` (None: every section this user may export), after
    the permission checks every FHIR export makes: FHIR export, and for clinical sections
    patient export and the clinical key (refusals are audited). Sharing builds its
    packages' FHIR through the same rule."""
    if sections is None:
        chosen = set(exportable_sections(session))
    else:
        chosen = set()
        for name in sections:
            if name not in EVERY_SECTION and name != ALL:
                raise UsageError(f"{name!r} is not a section. Sections are: "
                                 f"{', '.join(EVERY_SECTION)}.")
            chosen |= set(EVERY_SECTION) if name == ALL else {name}
    maps = MAPS.by_section(chosen)
    if any(m.clinical for m in maps):
        # Clinical sections asked for by name: a refusal is audited as export.patient.
        session.require(Operation.EXPORT_PATIENT, patient_id=patient_id)
    session.require(Operation.FHIR_EXPORT, patient_id=patient_id)
    if any(m.clinical for m in maps):
        need_clinical_key(session, Operation.EXPORT_PATIENT, patient_id=patient_id)
    return maps


def export_scope(session: Session, patient_ids: Sequence[str] | None = None,
                 since: str | None = None, include_restricted: Collection[str] = ()
                 ) -> ExportScope:
    """Which rows an export may read, for callers that stream `iter_resources` and write
    their own files (sharing's full export): the patients (None: every patient), changed
    since `since` (a date or time), and the restricted patients and entries named in
    `include_restricted`. Every other restricted patient or entry is left out, and
    `ExportScope.shows` counts them in `left_out` for the audit entry.

    Checks that each patient exists (`RecordNotFound`) and that each named restricted
    patient or entry has an active break-glass grant (refused and audited otherwise).
    It checks no operation: the caller has already required the export's permissions.
    """
    conn = session.conn
    if patient_ids is not None:
        for pid in patient_ids:
            if conn.execute("SELECT 1 FROM patients WHERE id = ?", (pid,)).fetchone() is None:
                raise RecordNotFound(f"There is no patient with id {pid!r} in this vault.")
    named: set[str] = set()
    for ident in include_restricted:
        if conn.execute("SELECT 1 FROM patients WHERE id = ?", (ident,)).fetchone():
            # Raises (and audits) without an active grant for this patient.
            patient_access(session, Operation.PATIENT_READ, ident)
            named.add(ident)
            continue
        owner = entry_owner(session, ident) if session.holds("clinical") else None
        if owner is None:
            raise RecordNotFound(f"There is nothing with id {ident!r} to include.")
        kind, pid, restricted = owner
        access = patient_access(session, Operation.CLINICAL_READ, pid, clinical=True)
        check_entry(session, access, ident, restricted, kind)
        named.add(ident)
    restricted_patients = frozenset(r[0] for r in conn.execute(
        "SELECT id FROM patients WHERE restricted = 1"))
    return ExportScope(list(patient_ids) if patient_ids is not None else None,
                       clock.moment(since, "since") if since else None, frozenset(named),
                       restricted_patients)


def iter_resources(session: Session, *, patient_ids: Sequence[str] | None = None,
                   sections: Collection[str] | None = None, since: str | None = None,
                   include_restricted: Collection[str] = (),
                   scope: ExportScope | None = None,
                   maps: list[ResourceMap] | None = None
                   ) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(resource type, patient id, resource) for everything in scope. Checks permissions
    but does not audit: `write_bulk` and `build_patient_bundle` audit what they wrote."""
    pid = patient_ids[0] if patient_ids is not None and len(patient_ids) == 1 else None
    if maps is None:
        maps = permitted_maps(session, sections, pid)
    if scope is None:
        scope = export_scope(session, patient_ids, since, include_restricted)
    conn = session.conn
    # Entries marked entered in error leave as such, never as active (FHIR's own status).
    errors = marked_ids(conn, scope.patient_ids) if session.holds("clinical") else {}
    for resource_map in maps:
        for patient_id, resource in resource_map.export(conn, scope):
            marked = errors.get(str(resource.get("id")))
            if marked is not None:
                resource = entered_in_error(resource, kinds.kind(marked))
            yield resource_map.resource_type, patient_id, resource


def entered_in_error(resource: dict[str, Any], spec: kinds.Kind) -> dict[str, Any]:
    """The resource with its kind's entered-in-error status (`Kind.error_element`), coded
    as that element's field is (a CodeableConcept over its FHIR code system, or a code),
    and without the elements FHIR forbids beside it."""
    out = {k: v for k, v in resource.items() if k not in spec.error_clears}
    field = next((f for f in spec.fields if f.fhir == spec.error_element), None)
    if field is not None and field.fhir_type == "CodeableConcept":
        out[spec.error_element] = {"coding": [{"system": field.fhir_system,
                                               "code": "entered-in-error"}]}
    else:
        out[spec.error_element] = "entered-in-error"
    return out


def _audit(session: Session, action: str, patient_ids: Sequence[str] | None,
           counts: Counter[str], scope: ExportScope, **detail: Any) -> None:
    single = patient_ids[0] if patient_ids is not None and len(patient_ids) == 1 else None
    session.record(action, patient_id=single, flagged=bool(scope.named_restricted),
                   detail={"patients": list(patient_ids) if patient_ids is not None else "all",
                           "counts": dict(sorted(counts.items())),
                           "restricted_included": sorted(scope.named_restricted),
                           "restricted_left_out": scope.left_out, **detail})


def full_url(resource_type: str, ident: str) -> str:
    try:
        return f"urn:uuid:{uuid.UUID(hex=ident)}"
    except ValueError:
        return f"urn:medvault:{resource_type}/{ident}"


def build_patient_bundle(session: Session, patient_id: str,
                         sections: Collection[str] | None = None, since: str | None = None,
                         include_restricted: Collection[str] = ()) -> dict[str, Any]:
    """One patient's record as a FHIR R4 Bundle of type `collection`, audited once."""
    maps = permitted_maps(session, sections, patient_id)
    if patient_id not in include_restricted:
        patient_access(session, Operation.PATIENT_READ, patient_id)
    scope = export_scope(session, [patient_id], since, include_restricted)
    counts: Counter[str] = Counter()
    entries = []
    for resource_type, _, resource in iter_resources(session, patient_ids=[patient_id],
                                                      scope=scope, maps=maps):
        counts[resource_type] += 1
        entries.append({"fullUrl": full_url(resource_type, resource["id"]),
                        "resource": resource})
    now = clock.now_iso()
    bundle = {"resourceType": "Bundle", "id": new_id(),
              "meta": {"lastUpdated": now}, "type": "collection", "timestamp": now,
              "entry": entries}
    _audit(session, "fhir.bundle", [patient_id], counts, scope, bundle=bundle["id"])
    return bundle


def write_bundle(session: Session, patient_id: str, out: Path, **options: Any
                 ) -> ExportResult:
    """`build_patient_bundle` written atomically to `out` (never half a file)."""
    from app.core.atomic import atomic_write_bytes

    if out.exists() and not out.is_file():
        raise UsageError(f"{out} is not a file.")
    bundle = build_patient_bundle(session, patient_id, **options)
    atomic_write_bytes(out, json.dumps(bundle, ensure_ascii=False, indent=1).encode())
    counts = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    return ExportResult(dict(counts), 0, 1, out)


def _prepare(out_dir: Path) -> Path:
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise UsageError(f"{out_dir} already exists and is not an empty folder; choose a new "
                         "folder so no earlier export is mixed in.")
    parent = out_dir.parent
    if not parent.is_dir():
        raise UsageError(f"The folder {parent} does not exist.")
    work = parent / f".{out_dir.name}.partial-{new_id()[:8]}"
    work.mkdir(mode=0o700)
    return work


def _private(path: Path) -> IO[str]:
    """A new file only its owner may read (0600), as the single-patient Bundle is: the
    folder is private too, but files copied out of it keep their own mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 0o600)
    return open(fd, "w", encoding="utf-8", newline="\n")


def write_bulk(session: Session, out_dir: Path, *, patient_ids: Sequence[str] | None = None,
               sections: Collection[str] | None = None, since: str | None = None,
               include_restricted: Collection[str] = (),
               progress: ProgressCallback = no_progress) -> ExportResult:
    """FHIR Bulk Data output: `<Type>.ndjson` per type and a `manifest.json` shaped like
    the `$export` completion response. Written into a hidden folder beside `out_dir` and
    renamed into place at the end, so a crash, a full disk or Cancel leaves no half
    export under the chosen name."""
    if patient_ids is None:
        # Every patient at once is the whole vault leaving: the owner's decision.
        session.require(Operation.EXPORT_ALL)
    maps = permitted_maps(session, sections, None)
    scope = export_scope(session, patient_ids, since, include_restricted)
    started = clock.now_iso()
    work = _prepare(out_dir)
    counts: Counter[str] = Counter()
    handles: dict[str, IO[str]] = {}
    patients: set[str] = set()
    try:
        done = 0
        conn = session.conn
        # What iter_resources yields, as lines: the maps write them (lines.py), one
        # resource type after another, so each file is written straight through.
        for resource_map in maps:
            resource_type = resource_map.resource_type
            for patient_id, line in resource_map.export_lines(conn, scope):
                handle = handles.get(resource_type)
                if handle is None:
                    handle = handles[resource_type] = _private(
                        work / f"{resource_type}.ndjson")
                handle.write(line)
                handle.write("\n")
                counts[resource_type] += 1
                if resource_type == "Patient":
                    patients.add(patient_id)
                done += 1
                if done % 2000 == 0:
                    progress(done, 0, "")
        for handle in handles.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        manifest = {
            "transactionTime": started,
            "request": "medvault fhir export" + (f" --since {since}" if since else ""),
            "requiresAccessToken": False,
            "output": [{"type": t, "url": f"{t}.ndjson", "count": n}
                       for t, n in sorted(counts.items())],
            "error": [],
            "extension": {"fhirVersion": FHIR_VERSION,
                          "restrictedLeftOut": scope.left_out}}
        with _private(work / "manifest.json") as handle:
            json.dump(manifest, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        fsync_dir(work)
        progress(done, done, "")
        # For a whole-practice export "all" stands for the list; the count says how many.
        _audit(session, "fhir.export", patient_ids, counts, scope,
               sections=sorted({m.section for m in maps}), patient_count=len(patients))
        if out_dir.exists():
            out_dir.rmdir()
        os.rename(work, out_dir)
        fsync_dir(out_dir.parent)
    except BaseException:
        for handle in handles.values():
            with contextlib.suppress(Exception):
                handle.close()
        shutil.rmtree(work, ignore_errors=True)
        raise
    return ExportResult(dict(counts), scope.left_out,
                        len(patients) if "Patient" in counts else len(patient_ids or ()),
                        out_dir)
