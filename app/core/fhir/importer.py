"""FHIR R4 in: plan first, then apply in one transaction.

`plan_import(session, sources)` reads every file through the bounded reader, maps each
resource with the maps in `maps.py`, resolves references, matches patients and finds
duplicates. It writes nothing (apart from the audit entry of a refusal), so `--dry-run`
and the GUI's preview show the plan. `apply_import(session, plan)` then writes every
entry, its provenance and one audit entry in a single transaction: all of it or none.

Every resource read is accounted for in the report: imported (by type), duplicate, or
not imported with a reason. Patient matching is never silent: each Patient in the input
is matched on an identifier (system and value) first, then on family name, given name
and birth date; an ambiguous match stops the import until someone chooses.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.bulk import with_collector_paused
from app.core.errors import UsageError
from app.core.fhir.common import (
    MEDVAULT,
    VAULT_ID,
    Reason,
    Ref,
    Unmapped,
    content_hash,
    is_restricted,
    obj,
    objs,
    ref_of,
    text,
)
from app.core.fhir.maps import MAPS, DocumentData, NewEntry, read_document_reference
from app.core.fhir.reader import (
    DEFAULT_LIMITS,
    Digest,
    FhirInputError,
    Item,
    Limits,
    Sources,
    expand_sources,
    read_file,
    read_text,
)
from app.core.ids import new_id
from app.core.messages import message
from app.core.progress import ProgressCallback, no_progress
from app.core.records import clock
from app.core.records.breakglass import scope_for
from app.core.records.entries import EntryData, data_columns, data_values
from app.core.records.guard import CLINICAL_TABLES, patient_access
from app.core.records.kinds import Kind
from app.core.records.normalise import fold, search_key
from app.core.records.notes import NoteContent
from app.core.records.patients import (
    Identifier,
    PatientInput,
    add_patient,
    granted_patients,
    same_names,
)
from app.core.roles import Operation
from app.core.session import Session

if TYPE_CHECKING:
    from app.core.database import Connection

# Types the importer knows and deliberately does not turn into entries, and why.
NOT_ENTRIES = {
    "Composition": "A document's Composition is its table of contents; the resources its "
                   "sections list are imported one by one.",
    "Medication": "A Medication is read through the MedicationStatement or "
                  "MedicationRequest that names it.",
    "Provenance": "Provenance from the source is not kept; MedVault records its own "
                  "(file, resource, who, when) on every imported entry.",
}
R5_ONLY = {"ActorDefinition", "ArtifactAssessment", "BiologicallyDerivedProductDispense",
           "ConditionDefinition", "DeviceDispense", "DeviceUsage", "EncounterHistory",
           "FormularyItem", "GenomicStudy", "ImagingSelection", "InventoryItem",
           "InventoryReport", "MedicationStatementAdministration", "NutritionIntake",
           "NutritionProduct", "Permission", "RequestOrchestration", "Requirements",
           "SubscriptionStatus", "SubscriptionTopic", "TestPlan", "Transport"}
DSTU2_ONLY = {"MedicationOrder", "DiagnosticOrder", "DeviceUseRequest", "Order",
              "OrderResponse", "ProcedureRequest", "ReferralRequest", "DeviceUseStatement"}
PATIENT_ELEMENTS = ("subject", "patient")


@dataclass(frozen=True)
class SourceFile:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Candidate:
    patient_id: str
    name: str
    birth_date: str | None
    how: str  # "identifier", "name and birth date" or IDENTIFIER_DISAGREES

    def to_json(self) -> dict[str, Any]:
        return {"patient_id": self.patient_id, "name": self.name,
                "birth_date": self.birth_date, "how": self.how}


@dataclass
class PatientGroup:
    """One patient of the input and where their records will go."""

    key: str
    data: PatientInput | None
    source: int
    where: str
    source_ref: str
    how: str = "new"  # identifier, name and birth date, chosen, new, ambiguous
    candidates: list[Candidate] = field(default_factory=list)
    target: str | None = None  # an existing patient id; None creates one
    confirmed_new: bool = False  # a person chose "a new patient" knowing the candidates
    # Another Patient of the input has the same name and birth date but a different
    # identifier: two people, so adding this one is not stopped as a duplicate of that.
    distinct_in_input: bool = False

    @property
    def label(self) -> str:
        if self.data is None:
            return "(no Patient in the input)"
        return f"{self.data.family}, {self.data.given}".strip(", ")

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.label,
                "birth_date": self.data.birth_date if self.data else None,
                "match": self.how, "target": self.target,
                "candidates": [c.to_json() for c in self.candidates]}


@dataclass
class ReportLine:
    source: str
    where: str
    resource_type: str | None
    resource_id: str | None
    reason: str
    message: str
    # About a part of a resource counted on another line (a report's contained result or
    # its missing ones), so every resource read is counted exactly once.
    part: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "where": self.where, "type": self.resource_type,
                "id": self.resource_id, "reason": self.reason, "message": self.message,
                "part": self.part}


@dataclass(eq=False)
class Planned:
    source: int
    where: str
    resource_type: str
    resource_id: str | None
    keys: tuple[str, ...]  # how references may name it
    patient_ref: Ref | None
    entries: list[NewEntry]
    content_sha256: str
    group: str | None = None
    parts: list[Planned] = field(default_factory=list)  # a report's results
    contained: bool = False  # a result contained in a report: counted with the report


@dataclass
class ImportReport:
    imported: dict[str, int]
    duplicates: list[ReportLine]
    not_imported: list[ReportLine]
    patients: list[PatientGroup]
    read: int
    entries: int = 0
    import_id: str | None = None
    dry_run: bool = True

    @property
    def duplicate_count(self) -> int:
        """Resources already here (lines about a part of a resource are not counted)."""
        return sum(not line.part for line in self.duplicates)

    @property
    def left_for_a_clinician(self) -> int:
        """Resources left out because the user's role brings in demographics only."""
        return sum(1 for line in self.not_imported
                   if line.reason == Reason.ROLE.value and not line.part)

    @property
    def not_imported_count(self) -> int:
        """Resources not imported (lines about a part of a resource are not counted)."""
        return sum(not line.part for line in self.not_imported)

    def to_json(self) -> dict[str, Any]:
        return {"import_id": self.import_id, "dry_run": self.dry_run, "read": self.read,
                "imported": dict(sorted(self.imported.items())),
                "imported_total": sum(self.imported.values()), "entries": self.entries,
                "duplicates": [d.to_json() for d in self.duplicates],
                "not_imported": [n.to_json() for n in self.not_imported],
                "patients": [p.to_json() for p in self.patients]}


@dataclass(frozen=True)
class Tighten:
    """A duplicate of entries already in the vault, sent restricted: how to find them."""

    group: str
    table: str
    resource_id: str | None  # our id, when the duplicate was found by id
    group_id: bool  # ... and that id names an observation group
    # Else the entries the earlier import's provenance named, exactly those the plan
    # found (table, id): never more than the report says.
    entries: tuple[tuple[str, str], ...] = ()


@dataclass
class ImportPlan:
    sources: list[SourceFile]
    groups: dict[str, PatientGroup]
    planned: list[Planned]
    duplicates: list[ReportLine]
    not_imported: list[ReportLine]
    read: int
    user_id: str
    # Entries already here that a restricted copy in the input names again: restricted on
    # apply, since restriction only ever tightens (an unrestricted copy never lifts it).
    tighten: list[Tighten] = field(default_factory=list)
    settled: _Settled | None = field(default=None, repr=False, compare=False)

    @property
    def ambiguous(self) -> list[PatientGroup]:
        return [g for g in self.groups.values() if g.how == "ambiguous"]

    def choose(self, key: str, patient_id: str | None) -> None:
        """Settle a match: an existing patient's id, or None for a new patient. What is a
        duplicate, and which visits an entry may sit in, depend on where the records go,
        so both are worked out again for the choice: choosing "a new patient" over the
        record they are already in imports them all (the counts say so), instead of
        creating an empty patient."""
        self.choose_many({key: patient_id})

    def choose_many(self, choices: dict[str, str | None]) -> None:
        """`choose` for several groups, worked out again once.

        A chosen record must be one the user may open now: working the plan out against
        a restricted record (what in the input is already there) would tell what it
        holds. Without a grant the choice is refused (and audited) before anything
        changes; opening the record with a reason first is the way."""
        if self.settled is not None:
            for patient_id in choices.values():
                if patient_id is not None:
                    patient_access(self.settled.session, Operation.PATIENT_READ, patient_id)
        for key, patient_id in choices.items():
            group = self.groups[key]
            group.target = patient_id
            group.how = "chosen" if patient_id else "new"
            group.confirmed_new = patient_id is None
        if self.settled is not None:
            self.settled.redo(self)

    def report(self) -> ImportReport:
        imported: Counter[str] = Counter(p.resource_type for p in self.planned
                                         if not p.contained)
        imported.update("Patient" for g in self.groups.values()
                        if g.data is not None and g.target is None and g.how != "ambiguous")
        duplicates = list(self.duplicates) + [
            ReportLine(self.sources[g.source].name, g.where, "Patient", g.source_ref,
                       "matched", f"Matched existing patient {g.target} by {g.how}."
                       + (" The input marks this patient restricted: the record here will "
                          "be restricted." if g.data.restricted else ""))
            for g in self.groups.values() if g.data is not None and g.target is not None]
        return ImportReport(dict(imported), duplicates, list(self.not_imported),
                            list(self.groups.values()), self.read,
                            sum(len(p.entries) for p in self.planned))


class _Planner:
    def __init__(self, session: Session, limits: Limits) -> None:
        self.session = session
        self.limits = limits
        self.sources: list[SourceFile] = []
        self.index: dict[str, int] = {}  # reference key -> position in self.items
        self.items: list[Planned | PatientGroup | None] = []
        self.planned: list[Planned] = []
        self.patients: dict[str, PatientGroup] = {}  # reference key -> group
        self.groups_read: list[PatientGroup] = []  # every Patient read, in order
        self.clashing: set[str] = set()  # keys two different Patients in the input use
        self.not_imported: list[ReportLine] = []
        self.duplicates: list[ReportLine] = []
        self.medications: dict[str, dict[str, Any]] = {}
        self.deferred: list[tuple[int, str, dict[str, Any], tuple[str, ...]]] = []
        self.reports: list[tuple[int, str, dict[str, Any]]] = []
        self.read = 0
        self.clinical_ok = session.allowed(Operation.CLINICAL_WRITE) and session.holds(
            "clinical")
        self.refused_clinical = 0
        self.tighten: list[Tighten] = []
        self.nodes_done = 0  # objects and lists read from the sources finished so far
        self.nodes_in_source = 0

    def refuse(self, source: int, where: str, resource: dict[str, Any] | None, reason: Reason,
               message: str, *, part: bool = False) -> None:
        rtype = text(resource.get("resourceType"), 64) if resource else None
        rid = text(resource.get("id"), 64) if resource else None
        self.not_imported.append(ReportLine(self.sources[source].name, where, rtype, rid,
                                            reason.value, message, part))

    def read_source(self, path: Path, progress: ProgressCallback) -> None:
        """Read one file; provenance records the SHA-256 of exactly the bytes read (the
        reader hashes them as it reads, within the size limit, so the file is read once
        and a file changed or grown meanwhile is recorded as it was imported)."""
        number = len(self.sources)
        self.sources.append(SourceFile(path.name, "", 0))  # completed below
        digest = Digest()
        for item in read_file(path, self.limits, digest):
            self.take(number, item)
            if self.read % 1000 == 0:
                progress(self.read, 0, "")
            self.within_bounds(item)
        self.sources[number] = SourceFile(path.name, digest.sha256, digest.size)
        self.source_done()

    def keys_for(self, resource: dict[str, Any], item: Item) -> tuple[str, ...]:
        keys = []
        rtype, rid = resource.get("resourceType"), text(resource.get("id"), 64)
        if item.full_url:
            keys.append(item.full_url)
        if isinstance(rtype, str) and rid:
            keys.append(f"{rtype}/{rid}")
        return tuple(keys)

    def within_bounds(self, item: Item) -> None:
        """The plan keeps what it read until it is applied: bound it in all, not only per
        resource (a file of many large resources would otherwise fill memory)."""
        if self.read > self.limits.max_resources:
            raise UsageError.coded("fhir.too_many_resources",
                                   count=f"{self.limits.max_resources:,}")
        self.nodes_in_source = item.nodes_read
        if self.nodes_done + item.nodes_read > self.limits.max_total_nodes:
            raise UsageError.coded("fhir.too_much_content",
                                   count=f"{self.limits.max_total_nodes:,}")

    def source_done(self) -> None:
        self.nodes_done += self.nodes_in_source
        self.nodes_in_source = 0

    def take(self, source: int, item: Item) -> None:
        self.read += 1
        if item.error is not None or item.resource is None:
            self.refuse(source, item.where, None, Reason.UNREADABLE, item.error or "empty")
            return
        resource = item.resource
        rtype = resource.get("resourceType")
        if not isinstance(rtype, str) or not rtype:
            self.refuse(source, item.where, None, Reason.MISSING,
                        "It has no resourceType, so it is not a FHIR resource.")
            return
        if rtype == "Bundle":
            self.refuse(source, item.where, resource, Reason.UNSUPPORTED,
                        "A Bundle inside a Bundle is not read; import it on its own.")
            return
        problem = version_problem(resource)
        if problem:
            self.refuse(source, item.where, resource, Reason.UNSUPPORTED, problem)
            return
        keys = self.keys_for(resource, item)
        if item.request_method in ("DELETE",):
            self.refuse(source, item.where, resource, Reason.POLICY,
                        "A transaction's DELETE is not carried out on this vault.")
            return
        if rtype == "Medication":
            for key in keys:
                self.medications[key] = resource
            self.refuse(source, item.where, resource, Reason.POLICY, NOT_ENTRIES[rtype])
            return
        if rtype in NOT_ENTRIES:
            self.refuse(source, item.where, resource, Reason.POLICY, NOT_ENTRIES[rtype])
            return
        if rtype == "DiagnosticReport":
            self.reports.append((source, item.where, resource))
            for key in keys:
                self.index.setdefault(key, -1)
            return
        resource_map = MAPS.reader(rtype)
        if resource_map is None:
            self.refuse(source, item.where, resource, Reason.UNSUPPORTED,
                        f"MedVault does not import {rtype[:60]} resources.")
            return
        if rtype in ("MedicationStatement", "MedicationRequest") and \
                resource.get("medicationCodeableConcept") is None and \
                ref_of(resource.get("medicationReference")) is not None:
            self.deferred.append((source, item.where, resource, keys))
            return
        self.map_one(source, item.where, resource, keys)

    def map_one(self, source: int, where: str, resource: dict[str, Any],
                keys: tuple[str, ...], *, patient_ref: Ref | None = None,
                extra_types: str | None = None) -> Planned | None:
        rtype = str(resource["resourceType"])
        resource_map = MAPS.reader(rtype)
        assert resource_map is not None
        if resource_map.clinical and not self.clinical_ok:
            self.refused_clinical += 1
            self.refuse(source, where, resource, Reason.ROLE, "Your role may import "
                        "demographics only; clinical resources need a clinician.")
            return None
        try:
            if rtype == "DocumentReference":
                entries = read_document_reference(resource)
            else:
                entries = resource_map.read(resource)
        except Unmapped as exc:
            self.refuse(source, where, resource, exc.reason, exc.message)
            return None
        except (UsageError, ValueError, TypeError, KeyError, AttributeError,
                OverflowError) as exc:
            self.refuse(source, where, resource, Reason.VALUE,
                        f"It could not be read ({type(exc).__name__}: {str(exc)[:200]}).")
            return None
        if rtype == "Patient":
            self.add_patient_group(source, where, resource, keys, entries[0].data)
            return None
        if patient_ref is None:
            for element in PATIENT_ELEMENTS:  # subject, else patient
                patient_ref = ref_of(resource.get(element))
                if patient_ref is not None:
                    break
        planned = Planned(source, where, extra_types or rtype, text(resource.get("id"), 64),
                          keys, patient_ref, entries, content_hash(resource))
        self.planned.append(planned)
        for key in keys:
            self.index[key] = len(self.planned) - 1
        return planned

    def finish_deferred(self) -> None:
        for source, where, resource, keys in self.deferred:
            ref = ref_of(resource.get("medicationReference"))
            assert ref is not None
            medication = self.resolve_contained(resource, ref) or self.lookup_medication(ref)
            if medication is None:
                self.refuse(source, where, resource, Reason.REFERENCE,
                            f"Its medication {ref.raw[:80]!r} is not in the input.")
                continue
            self.map_one(source, where, {**resource, "_resolved_medication": medication}, keys)

    def lookup_medication(self, ref: Ref) -> dict[str, Any] | None:
        if ref.raw in self.medications:
            return self.medications[ref.raw]
        pair = ref.type_and_id
        return self.medications.get(f"{pair[0]}/{pair[1]}") if pair else None

    @staticmethod
    def resolve_contained(resource: dict[str, Any], ref: Ref) -> dict[str, Any] | None:
        if not ref.contained:
            return None
        for inner in objs(resource.get("contained")):
            if inner.get("id") == ref.raw[1:]:
                return inner
        return None

    def finish_reports(self) -> None:
        """A DiagnosticReport imports as its results: those in the input (imported on
        their own, here tagged with the report) and those it contains."""
        for source, where, report in self.reports:
            patient_ref = next((ref_of(report.get(e)) for e in PATIENT_ELEMENTS
                                if ref_of(report.get(e))), None)
            found: list[Planned] = []
            problems = []
            code = obj(report.get("code"))
            # A restricted report's results are restricted too, contained or not: an HIV
            # panel marked R must not come in as results every clinician sees.
            restricted = is_restricted(report)
            results = objs(report.get("result"))
            over = max(0, len(results) - _MAX_RESULTS)
            if over:
                # Bounded work per report; what is past the bound is said, not dropped.
                problems.append(f"{over:,} results past the first {_MAX_RESULTS:,} "
                                "(not read)")
            reported_patient = self.patient_for(patient_ref)
            for result in results[:_MAX_RESULTS]:
                ref = ref_of(result)
                if ref is None:
                    problems.append("a result without a reference")
                    continue
                contained = self.resolve_contained(report, ref)
                if contained is not None:
                    if contained.get("resourceType") != "Observation":
                        problems.append(f"{ref.raw[:80]} (not an Observation)")
                        continue
                    lines = len(self.not_imported)
                    planned = self.map_one(source, f"{where} ({ref.raw[:40]})",
                                           contained, (),
                                           patient_ref=patient_ref,
                                           extra_types="DiagnosticReport")
                    if planned is not None:
                        planned.contained = True
                        found.append(planned)
                        for entry in planned.entries:
                            entry.restricted = entry.restricted or restricted
                    else:  # refused on a line of its own, as a part of this report
                        for line in self.not_imported[lines:]:
                            line.part = True
                        problems.append(f"{ref.raw[:80]} (see its own line)")
                    continue
                position = self.lookup(ref)
                if position is None or position < 0:
                    problems.append(f"{ref.raw[:80]} (not in the input)")
                    continue
                target = self.planned[position]
                if target.resource_type != "Observation":
                    problems.append(f"{ref.raw[:80]} (not an Observation)")
                    continue
                if not self.same_patient(target.patient_ref, patient_ref, reported_patient):
                    # Tagging (and restricting) it would change another person's entry.
                    problems.append(f"{ref.raw[:80]} (another patient's)")
                    continue
                for entry in target.entries:
                    entry.restricted = entry.restricted or restricted
                    extra = getattr(entry.data, "extra", None)
                    if isinstance(extra, dict):
                        extra.setdefault("diagnosticReport", {
                            "id": text(report.get("id"), 64), "code": code})
                found.append(target)
            if found:
                self.planned.append(Planned(source, where, "DiagnosticReport",
                                            text(report.get("id"), 64), (), patient_ref, [],
                                            content_hash(report), parts=found))
                if problems:  # the report itself is imported, with what came
                    self.refuse(source, where, report, Reason.REFERENCE,
                                f"{len(problems) + over - bool(over):,} of its results "
                                "did not come with it: "
                                f"{', '.join(problems[:5])}.",
                                part=True)
            elif problems:
                self.refuse(source, where, report, Reason.REFERENCE,
                            f"None of its results came with it: {', '.join(problems[:5])}.")
            else:
                self.refuse(source, where, report, Reason.MISSING,
                            "It lists no results to import.")

    def same_patient(self, one: Ref | None, other: Ref | None,
                     other_group: PatientGroup | None) -> bool:
        """Do two patient references name the same person of the input? Without a Patient
        in the input (one chosen with --patient), the references must agree."""
        group = self.patient_for(one)
        if group is not None or other_group is not None:
            return group is other_group
        if one is None or other is None:
            return one is other
        return (one.type_and_id or one.raw) == (other.type_and_id or other.raw)

    def lookup(self, ref: Ref) -> int | None:
        if ref.raw in self.index:
            return self.index[ref.raw]
        pair = ref.type_and_id
        if pair:
            return self.index.get(f"{pair[0]}/{pair[1]}")
        return None

    def add_patient_group(self, source: int, where: str, resource: dict[str, Any],
                          keys: tuple[str, ...], data: PatientInput) -> None:
        """One group per Patient read. The same Patient again is a duplicate; a different
        one under a name already taken (two files that each call their patient
        `Patient/1`) makes that name ambiguous: both are kept and accounted for, and
        nothing that names it is filed under either."""
        same = next((self.patients[k] for k in keys if k in self.patients
                     and k not in self.clashing), None)
        if same is not None and same.data == data:
            self.duplicates.append(ReportLine(
                self.sources[source].name, where, "Patient", text(resource.get("id"), 64),
                "duplicate", "The same resource appears earlier in the input."))
            return
        taken = [k for k in keys if k in self.patients or k in self.clashing]
        own = f"{source}:{where}"
        group = PatientGroup(own if taken or not keys else keys[0], data, source, where,
                             keys[0] if keys else where)
        for key in keys:
            if key in taken:
                self.clashing.add(key)
                self.patients.pop(key, None)
            else:
                self.patients[key] = group
        self.groups_read.append(group)

    def clashes(self, ref: Ref) -> bool:
        pair = ref.type_and_id
        return ref.raw in self.clashing or (pair is not None
                                            and "/".join(pair) in self.clashing)

    def patient_for(self, ref: Ref | None) -> PatientGroup | None:
        if ref is None:
            return None
        if ref.raw in self.patients:
            return self.patients[ref.raw]
        pair = ref.type_and_id
        if pair and pair[0] == "Patient":
            return self.patients.get(f"Patient/{pair[1]}")
        return None


def version_problem(resource: dict[str, Any]) -> str | None:
    """Content shaped for another FHIR version gets a clear message, not a guess."""
    rtype = str(resource.get("resourceType"))
    if rtype in R5_ONLY:
        return f"{rtype} exists only in FHIR R5; MedVault reads R4 (4.0.1)."
    if rtype in DSTU2_ONLY:
        return f"{rtype} is a FHIR DSTU2/STU3 resource; export the data as FHIR R4."
    if rtype in ("Condition", "AllergyIntolerance") and isinstance(
            resource.get("clinicalStatus"), str):
        return (f"This {rtype} is shaped for FHIR DSTU2/STU3 (clinicalStatus is a code; in "
                "R4 it is a CodeableConcept). Export the data as FHIR R4.")
    if rtype == "Encounter" and isinstance(resource.get("class"), list):
        return "This Encounter is shaped for FHIR R5 (class is a list); MedVault reads R4."
    if rtype == "MedicationStatement" and "medication" in resource and isinstance(
            resource.get("medication"), dict):
        return ("This MedicationStatement is shaped for FHIR R5 (medication is a "
                "CodeableReference); MedVault reads R4.")
    return None


# Why a report's result reference finds nothing to import: each case is in the report.
_MAX_RESULTS = 1000  # results read per DiagnosticReport


# -- patient matching ---------------------------------------------------------------------
IDENTIFIER_DISAGREES = "identifier, but another name or birth date"
EARLIER_IMPORT = "same source as an earlier import"
RESTRICTED_NAME = "restricted record with the same name"
SIMILAR = "similar name and the same birth date"


class _Matcher:
    """Finds the patient each Patient of the input describes, seeing what the acting user
    may see: a restricted patient the user holds no grant on is matched by name only, as
    patient search finds them. Matching them on a birth date or an identifier would let a
    dry run confirm the hidden birth date or MRN, one guess per Patient in the file."""

    def __init__(self, session: Session, sha256s: Sequence[str]) -> None:
        self.conn = session.conn
        self.sha256s = sha256s  # of the input's sources, by number
        self._identifiers: dict[tuple[str, str], set[str]] | None = None
        restricted = {r[0]: (r[1], r[2]) for r in self.conn.execute(
            "SELECT id, family, given FROM patients WHERE restricted = 1 AND merged_into "
            "IS NULL")}
        granted = granted_patients(self.conn, session.user.user_id, list(restricted))
        # Hidden restricted patients and their names, read once for the whole input.
        self.hidden_names = {pid: names for pid, names in restricted.items()
                             if pid not in granted}
        self.hidden = set(self.hidden_names)

    def by_identifier(self, data: PatientInput) -> set[str]:
        found: set[str] = set()
        if data.mrn:
            found |= {r[0] for r in self.conn.execute(
                "SELECT id FROM patients WHERE mrn = ? COLLATE NOCASE AND merged_into "
                "IS NULL", (data.mrn,))}
        if data.identifiers:
            if self._identifiers is None:
                index: dict[tuple[str, str], set[str]] = defaultdict(set)
                for pid, raw in self.conn.execute(
                        "SELECT id, identifiers FROM patients WHERE identifiers != '[]' "
                        "AND merged_into IS NULL"):
                    for ident in json.loads(raw):
                        index[(ident["system"], ident["value"])].add(pid)
                self._identifiers = index
            for ident in data.identifiers:
                found |= self._identifiers.get((ident.system, ident.value), set())
        return found

    def disagrees(self, data: PatientInput, patient_id: str) -> bool:
        """The family name or the birth date (where both sides have one) differs."""
        row = self.conn.execute("SELECT family, birth_date FROM patients WHERE id = ?",
                                (patient_id,)).fetchone()
        if row is None:
            return False
        family, born = row
        return fold(family or "") != fold(data.family or "") or bool(
            born and data.birth_date and born != data.birth_date)

    def by_demographics(self, data: PatientInput) -> set[str]:
        if not data.birth_date:
            return set()
        return {r[0] for r in self.conn.execute(
            "SELECT id FROM patients WHERE search_key = ? AND birth_date = ? AND "
            "merged_into IS NULL",
            (search_key(data.family, data.given), data.birth_date))}

    def by_earlier_import(self, group: PatientGroup) -> set[str]:
        """The patient an earlier import of the same source Patient went to, when its
        name is still the input's: the last resort for a Patient with neither an
        identifier nor a birth date, which would otherwise be created again on every
        re-import. A Patient named only by its place in a file (no id, no fullUrl) is
        the same only in the same file."""
        data = group.data
        assert data is not None
        if data.birth_date or data.mrn or data.identifiers:
            return set()  # something to match on: the steps before decided
        # "Patient/1" names one patient only within the system that wrote it: such a
        # reference is the same patient only in the same file (a re-import). A URL or
        # urn:uuid fullUrl names one wherever it is met.
        same_file = "" if group.source_ref.startswith(_GLOBAL_REFS) else \
            " AND s.source_sha256 = ?"
        extra = (self.sha256s[group.source],) if same_file else ()
        return {r[0] for r in self.conn.execute(
            "SELECT DISTINCT s.patient_id FROM fhir_patient_sources s JOIN patients p ON "
            "p.id = s.patient_id WHERE s.source_ref = ? AND p.search_key = ? AND "
            "p.merged_into IS NULL AND (p.sex IS NULL OR ? IS NULL OR p.sex = ?)"
            + same_file, (group.source_ref, search_key(data.family, data.given), data.sex,
                          data.sex, *extra))}

    def candidates(self, ids: Iterable[str], how: str) -> list[Candidate]:
        out = []
        for pid in sorted(ids):
            row = self.conn.execute("SELECT family, given, birth_date, restricted FROM "
                                    "patients WHERE id = ?", (pid,)).fetchone()
            out.append(Candidate(pid, f"{row[0]}, {row[1]}".strip(", "),
                                 None if row[3] else row[2], how))
        return out

    def hidden_by_name(self, data: PatientInput) -> set[str]:
        """Restricted patients hidden from this user whose names are the input's by the
        rule adding a patient checks for duplicates (`same_names`): otherwise adding the
        new patient would stop at the write on a birth date the user may not see."""
        return {pid for pid, (family, given) in self.hidden_names.items()
                if same_names(data.family, data.given, family, given)}

    def similar(self, data: PatientInput) -> set[str]:
        """Same birth date and names alike by the duplicate rule of adding a patient ("Ann"
        and "Ann Marie"), not the same folded names: never taken as a match, always asked
        about, so the dry run and the write agree (the write would stop at them)."""
        if not data.birth_date:
            return set()
        return {r[0] for r in self.conn.execute(
            "SELECT id, family, given FROM patients WHERE birth_date = ? AND merged_into "
            "IS NULL", (data.birth_date,)) if same_names(data.family, data.given, r[1],
                                                         r[2])}

    def match(self, group: PatientGroup) -> None:
        assert group.data is not None
        data = group.data
        steps: tuple[tuple[str, Callable[[], set[str]]], ...] = (
            ("identifier", lambda: self.by_identifier(data)),
            ("name and birth date", lambda: self.by_demographics(data)),
            (SIMILAR, lambda: self.similar(data)),
            (EARLIER_IMPORT, lambda: self.by_earlier_import(group)))
        hidden = self.hidden_by_name(data)
        if hidden:
            # The outcome depends on the name alone: whoever else matches, the person
            # must choose, and choosing the restricted record asks for a reason.
            group.how, group.target = "ambiguous", None
            listed: set[str] = set()
            for how, step in steps:
                ids = step() - self.hidden - listed
                group.candidates += self.candidates(ids, how)
                listed |= ids
            group.candidates += self.candidates(hidden, RESTRICTED_NAME)
            return
        for how, step in steps:
            ids = step() - self.hidden
            if len(ids) == 1 and how == "identifier" and self.disagrees(group.data,
                                                                       next(iter(ids))):
                # Identifiers are only as unique as their system: two practices' MRNs
                # (urn:medvault:mrn) or a reused number name different people. A match
                # whose family name or birth date differs stops and asks.
                group.how, group.target = "ambiguous", None
                group.candidates = self.candidates(ids, IDENTIFIER_DISAGREES)
                return
            if len(ids) == 1 and how != SIMILAR:
                group.how, group.target = how, next(iter(ids))
                group.candidates = self.candidates(ids, how)
                return
            if ids:
                group.how, group.target = "ambiguous", None
                group.candidates = self.candidates(ids, how)
                return
        group.how, group.target = "new", None


# -- the plan -------------------------------------------------------------------------------
@with_collector_paused
def plan_import(session: Session, sources: Sequence[Path], *, patient_id: str | None = None,
                new_patient: bool = False, limits: Limits = DEFAULT_LIMITS,
                progress: ProgressCallback = no_progress,
                texts: Sequence[tuple[str, str]] = ()) -> ImportPlan:
    """Read, map, resolve, match and find duplicates; write nothing.

    `texts` are (name, JSON or NDJSON text) already in memory: a sharing package's Bundle,
    which must never be written to disk in plaintext. The name is what provenance shows."""
    session.require(Operation.FHIR_IMPORT, patient_id=patient_id)
    if patient_id is not None and new_patient:
        raise UsageError("Choose either --patient or --new-patient, not both.")
    if patient_id is not None:
        patient_access(session, Operation.PATIENT_READ, patient_id)
    planner = _Planner(session, limits)
    found = expand_sources(list(sources), limits) if sources else Sources()
    files = found.files
    if not files and not texts and not found.passed_over:
        raise UsageError.coded("fhir.no_files")
    for path, why in found.passed_over:  # counted as read, as an unreadable file is
        planner.read += 1
        planner.not_imported.append(ReportLine(path.name, "file", None, None,
                                               Reason.UNREADABLE.value, f"Passed over: {why}."))
    for name, content in texts:
        raw = content.encode()
        planner.sources.append(SourceFile(name, hashlib.sha256(raw).hexdigest(), len(raw)))
        try:
            for item in read_text(content, name, limits):
                planner.take(len(planner.sources) - 1, item)
                planner.within_bounds(item)
        except FhirInputError as exc:
            raise _usage(exc) from None
        planner.source_done()
    for path in files:
        try:
            planner.read_source(path, progress)
        except FhirInputError as exc:
            raise _usage(exc) from None
        except OSError as exc:
            raise UsageError.coded("fhir.cannot_read", name=path.name,
                                   reason=exc.strerror) from None
    planner.finish_deferred()
    planner.finish_reports()
    groups = _settle_patients(session, planner, patient_id, new_patient)
    settled = _Settled(session, planner)
    settled.steps(groups)
    if planner.refused_clinical:
        # One audited refusal for the clinical part of the input; the rest goes on.
        session.refuse(Operation.CLINICAL_WRITE, message("fhir.clinical_left_out"),
                       patient_id=patient_id,
                       detail={"fhir_import_refused": planner.refused_clinical})
    return ImportPlan(planner.sources, groups, planner.planned, planner.duplicates,
                      planner.not_imported, planner.read, session.user.user_id,
                      planner.tighten, settled)


class _Settled:
    """The plan as it stood before the steps that depend on where each patient's records
    go (the encounter check and the duplicates), so a choice in the preview redoes them."""

    def __init__(self, session: Session, planner: _Planner) -> None:
        self.session = session
        self.planner = planner
        self.planned = list(planner.planned)
        self.parts = {id(p): list(p.parts) for p in planner.planned if p.parts}
        self.duplicates = list(planner.duplicates)
        self.not_imported = list(planner.not_imported)
        # What only reading needed: the raw resources it held are not kept with the plan.
        planner.items, planner.index, planner.medications = [], {}, {}
        planner.deferred, planner.reports = [], []

    def steps(self, groups: dict[str, PatientGroup]) -> None:
        _check_encounters(self.session, self.planner, groups)
        _find_duplicates(self.session, self.planner, groups)

    def redo(self, plan: ImportPlan) -> None:
        planner = self.planner
        planner.planned = list(self.planned)
        for planned in planner.planned:
            if planned.parts or id(planned) in self.parts:
                planned.parts = list(self.parts.get(id(planned), []))
        planner.duplicates = list(self.duplicates)
        planner.not_imported = list(self.not_imported)
        planner.tighten = []
        self.steps(plan.groups)
        plan.planned, plan.duplicates = planner.planned, planner.duplicates
        plan.not_imported, plan.tighten = planner.not_imported, planner.tighten


def _same_person_twice(planner: _Planner) -> None:
    """Two Patients of the input with the same folded names and birth date, and no
    identifier of one system that differs, are one person sent twice (a system that
    exports a patient under two ids): their records go together, and the second Patient
    is a duplicate line saying so. Left apart, the import planned two new patients and
    then failed at the write, as adding the second stopped as a possible duplicate."""
    first_seen: dict[tuple[str, str], PatientGroup] = {}
    kept: list[PatientGroup] = []
    for group in planner.groups_read:
        data = group.data
        person = (search_key(data.family, data.given), data.birth_date or "") \
            if data is not None else ("", "")
        first = first_seen.get(person) if person[1] else None
        if first is None or first.data is None or data is None:
            first_seen.setdefault(person, group)
            kept.append(group)
            continue
        if _identifiers_differ(first.data, data) or (
                first.data.sex and data.sex and first.data.sex != data.sex):
            group.distinct_in_input = True  # another person of the same name and birthday
            kept.append(group)
            continue
        # One person: the first copy takes what the second adds that matters most, its
        # restriction (never weaker) and identifiers it did not have.
        known = set(first.data.identifiers)
        first.data = replace(first.data, restricted=first.data.restricted or data.restricted,
                             identifiers=(*first.data.identifiers, *(
                                 i for i in data.identifiers if i not in known)))
        for key, found in list(planner.patients.items()):
            if found is group:
                planner.patients[key] = first
        planner.duplicates.append(ReportLine(
            planner.sources[group.source].name, group.where, "Patient", group.source_ref,
            "duplicate", f"The same person as {first.source_ref[:80]} earlier in the input "
            "(same name and birth date): their records go together."))
    planner.groups_read = kept


def _identifiers_differ(one: PatientInput, other: PatientInput) -> bool:
    mine = {i.system: i.value for i in one.identifiers}
    if one.mrn and other.mrn and one.mrn.casefold() != other.mrn.casefold():
        return True
    return any(i.system in mine and mine[i.system] != i.value for i in other.identifiers)


def _settle_patients(session: Session, planner: _Planner, patient_id: str | None,
                     new_patient: bool) -> dict[str, PatientGroup]:
    groups: dict[str, PatientGroup] = {}
    _same_person_twice(planner)
    for group in planner.groups_read:
        groups[group.key] = group
    matcher = _Matcher(session, [s.sha256 for s in planner.sources])
    if (patient_id is not None or new_patient) and len(groups) > 1:
        raise UsageError(f"The input holds {len(groups)} patients; --patient and "
                         "--new-patient apply to input about one patient.")
    for group in groups.values():
        if patient_id is not None:
            group.how, group.target = "chosen", patient_id
        elif new_patient:
            group.how, group.target, group.confirmed_new = "new", None, True
        else:
            matcher.match(group)
    lone: PatientGroup | None = None
    if not groups and patient_id is not None:
        lone = PatientGroup("(chosen)", None, 0, "-", "-", "chosen", [], patient_id)
        groups[lone.key] = lone
    kept: list[Planned] = []
    for planned in planner.planned:
        found = planner.patient_for(planned.patient_ref) or lone
        if found is None:
            ref = planned.patient_ref
            why = ("It names no patient (subject or patient)." if ref is None
                   else f"Its patient {ref.raw[:80]!r} names two different patients in the "
                   "input; import their files one at a time." if planner.clashes(ref)
                   else f"Its patient {ref.raw[:80]!r} is not in the input.")
            planner.refuse(planned.source, planned.where, {"resourceType":
                                                           planned.resource_type,
                                                           "id": planned.resource_id},
                           Reason.REFERENCE, why, part=planned.contained)
            continue
        planned.group = found.key
        kept.append(planned)
    planner.planned = kept
    return groups


def _check_encounters(session: Session, planner: _Planner,
                      groups: dict[str, PatientGroup]) -> None:
    """An entry sits only in an encounter of its own patient, as `check_encounter`
    requires of an entry typed in: a resource naming another patient's encounter (in the
    input or in this vault) is refused, never filed in that visit."""
    in_input: dict[str, str] = {}  # reference key -> group of the encounter in the input
    for planned in planner.planned:
        if planned.resource_type == "Encounter":
            for key in planned.keys:
                in_input[key] = planned.group or ""
    wanted: set[str] = set()
    for planned in planner.planned:
        for entry in planned.entries:
            ref = entry.encounter_ref
            if ref is None or ref.raw in in_input:  # most name one in the input
                continue
            pair = ref.type_and_id
            if pair and pair[0] == "Encounter" and VAULT_ID.match(pair[1]):
                wanted.add(pair[1])
    in_vault = _existing_ids(session.conn, {("encounters", i) for i in wanted}) \
        if wanted and session.holds("clinical") else {}

    def foreign(planned: Planned, ref: Ref) -> bool:
        group = in_input.get(ref.raw)
        if group is not None:
            return group != (planned.group or "")
        pair = ref.type_and_id
        group = in_input.get("/".join(pair)) if pair else None
        if group is not None:
            return group != (planned.group or "")
        owner = in_vault.get(("encounters", pair[1])) if pair else None
        return owner is not None and owner != groups[planned.group or ""].target

    def missing(ref: Ref) -> bool:
        pair = ref.type_and_id
        return ref.raw not in in_input and not (pair and "/".join(pair) in in_input) and \
            not (pair and ("encounters", pair[1]) in in_vault)

    kept: list[Planned] = []
    for planned in planner.planned:
        bad = gone = None
        for entry in planned.entries:  # the first entry naming another patient's visit
            ref = entry.encounter_ref
            if ref is not None and foreign(planned, ref):
                bad = ref
                break
        if bad is None:
            kept.append(planned)
            for entry in planned.entries:  # ... else the first naming one not found
                ref = entry.encounter_ref
                if ref is not None and missing(ref):
                    gone = ref
                    break
            if gone is not None:
                # Imported, without the visit it names: said on a line of its own (a part
                # line, so the resource is still counted once, as imported).
                planner.refuse(planned.source, planned.where, {
                    "resourceType": planned.resource_type, "id": planned.resource_id},
                    Reason.REFERENCE, f"Its encounter {gone.raw[:80]!r} is neither in the "
                    "input nor in this record: it is imported without that visit.",
                    part=True)
            continue
        planner.refuse(planned.source, planned.where, {
            "resourceType": planned.resource_type, "id": planned.resource_id},
            Reason.REFERENCE, f"Its encounter {bad.raw[:80]!r} is another patient's.",
            part=planned.contained)
    survivors = set(kept)
    planner.planned = []
    for planned in kept:
        if planned.parts:
            planned.parts = [p for p in planned.parts if p in survivors]
            if not planned.parts:
                planner.refuse(planned.source, planned.where, {
                    "resourceType": planned.resource_type, "id": planned.resource_id},
                    Reason.REFERENCE, "None of its results can be imported (see their "
                    "lines).")
                continue
        planner.planned.append(planned)


def _existing_ids(conn: Connection, wanted: set[tuple[str, str]]
                  ) -> dict[tuple[str, str], str]:
    """Which of these (table, id) pairs (table "observations-group" for a group id) are in
    this vault, and whose record each is in: one query per table and 500 ids, not one
    per resource."""
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, ident in wanted:
        by_table[table].append(ident)
    found: dict[tuple[str, str], str] = {}
    for table, idents in by_table.items():
        column = "group_id" if table == "observations-group" else "id"
        real = "observations" if table == "observations-group" else table
        for start in range(0, len(idents), 500):
            chunk = idents[start:start + 500]
            found.update(((table, row[0]), row[1]) for row in conn.execute(
                f"SELECT {column}, patient_id FROM clinical.{real} WHERE {column} IN "
                f"({','.join('?' * len(chunk))})", chunk))
    return found


def _find_duplicates(session: Session, planner: _Planner,
                     groups: dict[str, PatientGroup]) -> None:
    conn = session.conn
    has_clinical = session.holds("clinical")
    # Ids that are ours already in this vault, and whose record each is in.
    ours: dict[tuple[str, str], str] = {}
    if has_clinical:
        wanted: set[tuple[str, str]] = set()
        for planned in planner.planned:
            if planned.entries and planned.resource_id and VAULT_ID.match(
                    planned.resource_id):
                first = planned.entries[0]
                wanted.add((first.table, planned.resource_id))
                if first.group_key:
                    wanted.add(("observations-group", planned.resource_id))
        ours = _existing_ids(conn, wanted)
    before = _imported_before(conn, planner, groups) if has_clinical else {}
    # Restricted entries this user may not open are never "already here": saying so
    # would tell what they hold (import a guess, read the answer).
    hidden = _hidden_entries(session, {g.target for g in groups.values()
                                       if g.target is not None}) if has_clinical else set()
    seen: dict[tuple[str, str], Planned] = {}
    kept: list[Planned] = []
    survivors: set[Planned] = set()
    # Reports last: they are duplicates when all their results are.
    for planned in sorted(planner.planned, key=lambda p: bool(p.parts)):
        group = groups[planned.group or ""]
        target = group.target
        why = None
        by_id = by_group = False
        key = (planned.group or "", planned.content_sha256)
        restricted = False
        hits: list[tuple[str, str]] = []
        for entry in planned.entries:
            if entry.restricted:
                restricted = True
                break
        if key in seen:
            why = "The same resource appears earlier in the input."
            if restricted:  # the content hash leaves meta out: keep the tighter copy's mark
                for entry in seen[key].entries:
                    entry.restricted = True
        elif planned.parts and not any(p in survivors for p in planned.parts):
            why = "Its results are already in this vault."
        elif has_clinical and planned.entries:
            first = planned.entries[0]
            # The same id is the same entry only in the same record: an id met in another
            # patient's record is a clash (the entry gets a fresh id), not a duplicate.
            if target is not None:
                hits = [h for h in (
                    before.get((target, "source_ref", _source_ref(
                        planner.sources[planned.source], planned)))
                    or before.get((target, "content_sha256", planned.content_sha256)) or ())
                    if h[1] not in hidden]
            if target is not None and planned.resource_id and \
                    planned.resource_id not in hidden and (
                    ours.get((first.table, planned.resource_id)) == target
                    or (first.group_key and ours.get(("observations-group",
                                                      planned.resource_id)) == target)):
                why = "Already in this vault (same id)."
                by_id = True
                by_group = ours.get((first.table, planned.resource_id)) != target
            elif hits:
                why = "Imported before (same source resource or same content)."
        seen.setdefault(key, planned)
        if why is None:
            kept.append(planned)
            survivors.add(planned)
        else:
            if restricted and target is not None and seen[key] is planned:
                # Already in this vault (not earlier in the input): the entry there is
                # restricted on apply.
                first = planned.entries[0]
                planner.tighten.append(Tighten(
                    planned.group or "", first.table,
                    planned.resource_id if by_id else None, by_group,
                    () if by_id else tuple(hits)))
                why += " This copy is marked restricted, so the entry here will be too."
            planner.duplicates.append(ReportLine(
                planner.sources[planned.source].name, planned.where, planned.resource_type,
                planned.resource_id, "duplicate", why, planned.contained))
    planner.planned = kept


def _imported_before(conn: Connection, planner: _Planner, groups: dict[str, PatientGroup]
                     ) -> dict[tuple[str, str, str], list[tuple[str, str]]]:
    """(patient, column, value) of the input's source references and content hashes that
    earlier imports into the same patients recorded, with the entries (table, id) each
    names.

    Asked per column, 500 values at a time, so each lookup is a seek on its own index
    ((patient_id, source_ref) or (patient_id, content_sha256)). One query per resource
    with "source_ref = ? OR content_sha256 = ?" could use only the patient_id prefix and
    read every earlier provenance row of the patient each time: re-importing a
    10,000-resource file took 40 s instead of about 2."""
    wanted: dict[tuple[str, str], set[str]] = defaultdict(set)
    for planned in planner.planned:
        target = groups[planned.group or ""].target
        if target is not None and planned.entries:
            ref = _source_ref(planner.sources[planned.source], planned)
            # "Observation/1" means one resource only within the system that wrote it: a
            # different lab's Observation/1 is another result, and is a duplicate only by
            # content. A URL or urn:uuid names the same resource wherever it is met.
            if ref.startswith(_GLOBAL_REFS):
                wanted[(target, "source_ref")].add(ref)
            wanted[(target, "content_sha256")].add(planned.content_sha256)
    found: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    for (target, column), values in wanted.items():
        ordered = sorted(values)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start:start + 500]
            for value, table, entry_id in conn.execute(
                    f"SELECT {column}, entry_table, entry_id FROM clinical.fhir_provenance "
                    f"WHERE patient_id = ? AND {column} IN ({','.join('?' * len(chunk))})",
                    (target, *chunk)):
                found[(target, column, value)].append((table, entry_id))
    return found


def _hidden_entries(session: Session, patients: set[str]) -> set[str]:
    """Ids (and observation group ids) of the restricted entries of these patients that
    the acting user holds no grant on."""
    hidden: set[str] = set()
    for patient in patients:
        scope = scope_for(session.conn, session.user.user_id, patient)
        if scope.patient:
            continue
        for table in _ENTRY_TABLES:
            group = ", group_id" if table == "observations" else ", NULL"
            for entry_id, group_id in session.conn.execute(
                    f"SELECT id{group} FROM clinical.{table} WHERE patient_id = ? AND "
                    "restricted = 1", (patient,)):
                if entry_id not in scope.entries:
                    hidden.add(entry_id)
                    if group_id:
                        hidden.add(group_id)
    return hidden


_GLOBAL_REFS = ("urn:uuid:", "urn:oid:", "http://", "https://")


def _source_ref(source: SourceFile, planned: Planned) -> str:
    """How the source names the resource: its fullUrl, else Type/id, else the place in
    the file (so a resource without an id is still traceable)."""
    if planned.keys:
        return planned.keys[0]
    return f"{source.name}#{planned.where}"


def _usage(exc: FhirInputError) -> UsageError:
    """Unreadable input as a usage error (the CLI's exit 2), keeping its coded words."""
    return UsageError.saying(exc.message) if exc.message else UsageError(str(exc))


# -- applying the plan ----------------------------------------------------------------------
@with_collector_paused
def apply_import(session: Session, plan: ImportPlan,
                 progress: ProgressCallback = no_progress) -> ImportReport:
    """Write the plan in one transaction, with provenance and one audit entry."""
    session.require(Operation.FHIR_IMPORT)
    if plan.user_id != session.user.user_id:
        raise UsageError.coded("fhir.planned_by_other")
    if plan.ambiguous:
        names = "; ".join(f"{g.label}: " + ", ".join(
            f"{c.patient_id} ({c.name}, {c.birth_date or 'no birth date'})"
            for c in g.candidates) for g in plan.ambiguous)
        raise UsageError("The patient match is ambiguous; choose one (--patient ID) or "
                         f"--new-patient. Candidates: {names}")
    import_id = new_id()
    now, me = clock.now_iso(), session.user.user_id
    needs_clinical = any(p.entries for p in plan.planned) or bool(plan.tighten)
    if needs_clinical:
        session.require(Operation.CLINICAL_WRITE)
    targets: dict[str, str] = {}
    tightened: list[str] = []  # ids of records and entries this import restricted
    counts: Counter[str] = Counter()
    written = 0
    total = sum(len(p.entries) for p in plan.planned) or 1
    with session.transaction() as conn:
        for group in plan.groups.values():
            if group.target is not None:
                access = patient_access(session, Operation.CLINICAL_WRITE if needs_clinical
                                        else Operation.PATIENT_WRITE, group.target,
                                        clinical=needs_clinical)
                targets[group.key] = group.target
                how = group.how
                if group.data is not None and group.data.restricted and \
                        not access.restricted:
                    # Restriction only tightens: a restricted copy restricts the record.
                    conn.execute("UPDATE patients SET restricted = 1, updated_at = ?, "
                                 "updated_by = ? WHERE id = ?", (now, me, group.target))
                    tightened.append(group.target)
            elif group.data is not None:
                # A person who chose "new" over the candidates has looked at them.
                created = add_patient(session, _unique_mrn(conn, group.data),
                                      not_a_duplicate=group.confirmed_new
                                      or group.distinct_in_input)
                targets[group.key] = created.id
                counts["Patient"] += 1
                how = "new"
            else:
                continue
            source = plan.sources[group.source]
            conn.execute("INSERT OR IGNORE INTO fhir_patient_sources (patient_id, import_id, "
                         "source_name, source_sha256, source_ref, matched, imported_by, "
                         "imported_at) VALUES (?,?,?,?,?,?,?,?)",
                         (targets[group.key], import_id, source.name, source.sha256,
                          group.source_ref, how, me, now))
        ids: dict[str, tuple[str, str, str]] = {}  # input key -> (table, new id, patient)
        # Which proposed ids are taken here already: asked once, not once per entry.
        # An entry id names one entry in the whole vault (guard.entry_owner, break-glass
        # by entry, provenance and in-error marks are keyed by it alone), so a proposed
        # id is checked against every clinical table, not only its own.
        # Group ids share that space: an id naming both a panel and an entry would be
        # ambiguous in exports and to anything that looks an id up.
        wanted = {i for p in plan.planned for e in p.entries
                  for i in (e.proposed_id, e.group_key) if i and VAULT_ID.match(i)}
        proposed = {(table, i) for i in wanted
                    for table in (*_ENTRY_TABLES, "observations-group")}
        writer = _Writer(conn, me, now, {i for _t, i in _existing_ids(conn, proposed)})
        ordered = sorted(plan.planned, key=lambda p: p.resource_type != "Encounter")
        for planned in ordered:
            patient = targets[planned.group or ""]
            source = plan.sources[planned.source]
            source_ref = _source_ref(source, planned)
            group_ids: dict[str, str] = {}
            for entry in planned.entries:
                entry_id = writer.new_id(entry.proposed_id)
                if entry.group_key is not None and entry.group_key not in group_ids:
                    group_ids[entry.group_key] = writer.new_id(entry.group_key)
                encounter = _encounter(conn, entry.encounter_ref, ids, patient)
                writer.entry(entry, entry_id, patient, encounter,
                             group_ids.get(entry.group_key or ""))
                writer.add(_PROVENANCE_SQL, (
                    entry_id, entry.table, patient, import_id, source.name, source.sha256,
                    source_ref, planned.resource_type, planned.content_sha256, me, now))
                for key in planned.keys:
                    ids[key] = (entry.table, entry_id, patient)
                written += 1
                if written % 500 == 0:
                    writer.flush()
                    progress(written, total, "")
            counts[planned.resource_type] += 1
        writer.flush()
        tightened += _tighten(conn, plan.tighten, targets)
        # Inside the transaction: stopping here still undoes everything.
        progress(written, total, "")
        report = plan.report()
        session.record("fhir.import", patient_id=next(iter(targets.values()))
                       if len(targets) == 1 else None, target=import_id,
                       detail={"import_id": import_id, "patients": sorted(set(targets.values())),
                               "counts": dict(sorted(counts.items())),
                               "duplicates": report.duplicate_count,
                               "not_imported": report.not_imported_count,
                               "restricted_existing": tightened,
                               "sources": [s.sha256 for s in plan.sources]})
    report.import_id = import_id
    report.dry_run = False
    report.entries = written
    for group in report.patients:
        group.target = targets.get(group.key, group.target)
    return report


def _tighten(conn: Connection, items: Sequence[Tighten], targets: dict[str, str]
             ) -> list[str]:
    """Restrict the entries already here that a restricted copy in the input names again
    (found as the plan found them: by our id, else by the earlier import's source
    reference or content). Returns the ids of the entries this restricted."""
    done: list[str] = []
    for item in items:
        patient = targets[item.group]
        if item.resource_id is not None:
            column = "group_id" if item.group_id else "id"
            rows = conn.execute(f"SELECT id FROM clinical.{item.table} WHERE {column} = ? "
                                "AND patient_id = ? AND restricted = 0",
                                (item.resource_id, patient)).fetchall()
            found = [(item.table, r[0]) for r in rows]
        else:
            found = list(item.entries)
        for table, entry_id in found:
            if table not in _ENTRY_TABLES:
                continue
            if conn.execute(f"UPDATE clinical.{table} SET restricted = 1 WHERE id = ? AND "
                            "patient_id = ? AND restricted = 0",
                            (entry_id, patient)).rowcount:
                done.append(entry_id)
    return done


def _unique_mrn(conn: Connection, data: PatientInput) -> PatientInput:
    """An MRN already used here is kept as an identifier instead of refusing the import."""
    if data.mrn and conn.execute("SELECT 1 FROM patients WHERE mrn = ? COLLATE NOCASE",
                                 (data.mrn,)).fetchone():
        return replace(data, mrn=None, identifiers=(*data.identifiers, Identifier(
            MEDVAULT + "mrn", data.mrn, "MR")))
    return data


def _encounter(conn: Connection, ref: Ref | None, ids: dict[str, tuple[str, str, str]],
               patient: str) -> str | None:
    """The encounter an entry sits in: one of its own patient's, as `check_encounter`
    requires of an entry typed in (the plan has refused any other; this holds even if
    the vault changed between plan and apply)."""
    if ref is None:
        return None
    hit = ids.get(ref.raw)
    if hit is None and ref.type_and_id:
        hit = ids.get("/".join(ref.type_and_id))
    if hit is not None and hit[0] == "encounters":
        return hit[1] if hit[2] == patient else None
    pair = ref.type_and_id
    if pair and pair[0] == "Encounter" and VAULT_ID.match(pair[1]) and conn.execute(
            "SELECT 1 FROM clinical.encounters WHERE id = ? AND patient_id = ?",
            (pair[1], patient)).fetchone():
        return pair[1]
    return None


_ENTRY_TABLES = tuple(sorted(set(CLINICAL_TABLES.values())))
_PROVENANCE_SQL = (
    "INSERT INTO clinical.fhir_provenance (entry_id, entry_table, patient_id, import_id, "
    "source_name, source_sha256, source_ref, resource_type, content_sha256, imported_by, "
    "imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
_META_COLUMNS = ("id", "patient_id", "encounter_id", "restricted", "created_at",
                 "created_by", "updated_at", "updated_by")


class _Writer:
    """Rows grouped by statement and written with executemany, inside the caller's
    transaction (an import of 10,000 resources is 20,000 rows)."""

    def __init__(self, conn: Connection, me: str, now: str,
                 existing: Collection[str]) -> None:
        self.conn = conn
        # Proposed ids already in this vault, as an entry's id or a group's.
        self.existing = existing
        self.me = me
        self.now = now
        self.rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.sql: dict[type[EntryData], str] = {}
        self.taken: set[str] = set()
        # Per kind, the field that says "entered-in-error" (None: the kind has none).
        self.error_fields: dict[str, str | None] = {}

    def add(self, sql: str, row: tuple[Any, ...]) -> None:
        self.rows[sql].append(row)

    def flush(self) -> None:
        for sql, rows in self.rows.items():
            if rows:
                self.conn.executemany(sql, rows)
        self.rows.clear()

    def new_id(self, proposed: str | None) -> str:
        """Keep the source's id when it is one of ours and free, so ids stay stable across
        vaults; anything else gets a fresh random id."""
        if proposed and VAULT_ID.match(proposed) and proposed not in self.taken and \
                proposed not in self.existing:
            self.taken.add(proposed)
            return proposed
        return new_id()

    def entry(self, entry: NewEntry, entry_id: str, patient: str, encounter: str | None,
              group_id: str | None) -> None:
        if entry.table in ("notes", "documents"):
            code = entry.code.values() if entry.code else (None, None, None, None, "[]")
            if entry.table == "notes":
                self.flush()  # notes and documents are few; their own inserts keep order
                _insert_note(self.conn, entry.data, entry_id, patient, encounter,
                             entry.restricted, code, self.me, self.now, entry.written_at)
            else:
                self.flush()
                _insert_document(self.conn, entry.data, entry_id, patient, encounter,
                                 entry.restricted, code, self.me, self.now)
                if entry.data.status == "entered-in-error":
                    self._mark(entry_id, "document", patient)
            return
        data: EntryData = entry.data
        if group_id is not None:
            data = data.with_values({**vars(data), "group_id": group_id})
        kind = type(data)
        self._mark_if_in_error(entry_id, kind.SPEC, patient, data)
        sql = self.sql.get(kind)
        if sql is None:
            columns = [*_META_COLUMNS, *data_columns(kind)]
            sql = self.sql[kind] = (f"INSERT INTO clinical.{kind.TABLE} "
                                    f"({', '.join(columns)}) VALUES "
                                    f"({', '.join('?' * len(columns))})")
        self.add(sql, (entry_id, patient, encounter, int(entry.restricted),
                       entry.written_at or self.now, self.me, self.now, self.me,
                       *data_values(data)))


    def _mark_if_in_error(self, entry_id: str, spec: Kind, patient: str,
                          data: EntryData) -> None:
        """A resource that arrives entered-in-error (its kind's `error_element`) is marked
        so, as one marked here would be: kept, out of the active lists."""
        name = self.error_fields.get(spec.name, "")
        if name == "":
            field = next((f for f in spec.fields if f.fhir == spec.error_element), None)
            name = self.error_fields[spec.name] = field.name if field else None
        if name is not None and getattr(data, name, None) == "entered-in-error":
            self._mark(entry_id, spec.name, patient)

    def _mark(self, entry_id: str, kind: str, patient: str) -> None:
        self.add(_ERROR_SQL, (entry_id, kind, patient, self.me, self.now,
                              "Imported as entered in error (FHIR status)."))


_ERROR_SQL = ("INSERT INTO clinical.entry_errors (entry_id, kind, patient_id, marked_by, "
              "marked_at, reason) VALUES (?,?,?,?,?,?)")


def _insert_note(conn: Connection, content: NoteContent, note_id: str, patient: str,
                 encounter: str | None, restricted: bool, code: tuple[Any, ...], me: str,
                 now: str, written_at: str | None) -> None:
    # An imported note is final as received: signed on import by the importer, and the
    # provenance row says where it came from. It keeps its own date (created and signed
    # then, as the export writes it back); only its last change is the import.
    when = written_at or now
    conn.execute(
        "INSERT INTO clinical.notes (id, patient_id, encounter_id, kind, title, subjective, "
        "objective, assessment, plan, body, status, author_id, signed_by, signed_at, amends, "
        "restricted, code, code_system, code_text, code_display, code_more, extra, "
        "created_at, created_by, updated_at, updated_by) VALUES "
        "(?,?,?,?,?,?,?,?,?,?,'signed',?,?,?,NULL,?,?,?,?,?,?,'{}',?,?,?,?)",
        (note_id, patient, encounter, content.kind, content.title, content.subjective,
         content.objective, content.assessment, content.plan, content.body, me, me, when,
         int(restricted), *code, when, me, now, me))


def _insert_document(conn: Connection, doc: DocumentData, document_id: str, patient: str,
                     encounter: str | None, restricted: bool, code: tuple[Any, ...], me: str,
                     now: str) -> None:
    conn.execute(
        "INSERT INTO clinical.documents (id, patient_id, encounter_id, title, description, "
        "content_type, size, sha256, text, status, doc_date, restricted, code, code_system, "
        "code_text, code_display, code_more, extra, created_at, created_by, updated_at, "
        "updated_by) VALUES (?,?,?,?,?,?,?,?,NULL,?,?,?,?,?,?,?,?,'{}',?,?,?,?)",
        (document_id, patient, encounter, doc.title, doc.description, doc.content_type,
         len(doc.data), hashlib.sha256(doc.data).hexdigest(), doc.status, doc.doc_date,
         int(restricted), *code, now, me, now, me))
    conn.execute("INSERT INTO clinical.document_data (document_id, data) VALUES (?, ?)",
                 (document_id, doc.data))


# -- provenance for the chart -------------------------------------------------------------
@dataclass(frozen=True)
class Provenance:
    entry_id: str
    source_name: str
    source_sha256: str
    source_ref: str
    resource_type: str
    imported_by: str
    imported_at: str
    import_id: str

    def describe(self) -> str:
        return (f"Imported from {self.source_name} ({self.resource_type} {self.source_ref}) "
                f"by {self.imported_by} on {self.imported_at[:10]}; file SHA-256 "
                f"{self.source_sha256[:12]}…")


def provenance_for(session: Session, patient_id: str) -> dict[str, Provenance]:
    """Where each imported entry of a patient came from, by entry id. The caller (the
    chart) has already checked and audited the read of this patient's record."""
    if not session.holds("clinical"):
        return {}
    rows = session.conn.execute(
        "SELECT p.entry_id, p.source_name, p.source_sha256, p.source_ref, p.resource_type, "
        "coalesce(u.name, p.imported_by), p.imported_at, p.import_id FROM "
        "clinical.fhir_provenance p LEFT JOIN users u ON u.id = p.imported_by "
        "WHERE p.patient_id = ?", (patient_id,))
    return {r[0]: Provenance(*r) for r in rows}


def import_files(session: Session, sources: Sequence[Path], *, dry_run: bool = False,
                 choose: Callable[[ImportPlan], None] | None = None,
                 **options: Any) -> ImportReport:
    """Plan and (unless dry_run) apply: what the CLI calls."""
    plan = plan_import(session, sources, **options)
    if choose is not None:
        choose(plan)
    if dry_run:
        return plan.report()
    return apply_import(session, plan)


