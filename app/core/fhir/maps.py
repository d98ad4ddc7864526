"""One map per FHIR resource type, both directions, in one place.

A map says which resource type it writes and reads, which consent section it belongs to,
whether it is clinical, how to turn stored rows into resources (`export`) and how to turn
one resource into vault entries (`read`). To add a type, write one `ResourceMap` subclass
here and list it in `MAPS`; the exporter, the importer, the report and the permission
checks pick it up from there.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar

from app.core.errors import UsageError
from app.core.fhir.common import (
    LOINC,
    MEDVAULT,
    RESTRICTED,
    SNOMED,
    TERMINOLOGY,
    UCUM,
    Reason,
    Ref,
    Unmapped,
    code_in,
    codeable,
    concept_of,
    date,
    is_restricted,
    label_of,
    leftovers,
    mark_restricted,
    merge_extra,
    moment,
    note_list,
    notes_text,
    number,
    obj,
    objs,
    ref_of,
    reference,
    status_concept,
    text,
)
from app.core.fhir.lines import (
    Template,
    Templates,
    encode,
    looks_like_stand_in,
    stand_in_float,
    stand_in_text,
)
from app.core.ids import new_id
from app.core.records import clock, kinds
from app.core.records.catalog import LABS, VITALS
from app.core.records.clinical import (
    Allergy,
    Condition,
    Encounter,
    Immunization,
    Medication,
    Procedure,
)
from app.core.records.codes import Concept
from app.core.records.consent import Consent
from app.core.records.documents import MAX_DOCUMENT_BYTES, sniff_content_type
from app.core.records.entries import EntryData, data_columns, data_from
from app.core.records.kinds import Kind
from app.core.records.notes import SOAP, NoteContent
from app.core.records.observations import Observation
from app.core.records.patients import (
    SEXES,
    Address,
    EmergencyContact,
    Identifier,
    Patient,
    PatientInput,
)
from app.core.records.ucum import is_ucum

if TYPE_CHECKING:
    from app.core.database import Connection

META_SELECT = ("id", "patient_id", "encounter_id", "restricted", "created_at", "updated_at")


# -- what a resource becomes ---------------------------------------------------------------
@dataclass
class NewEntry:
    """One vault row to write. `table` names where it goes; `data` is the row's content:
    EntryData for the structured kinds, PatientInput, NoteContent or DocumentData."""

    table: str
    data: Any
    proposed_id: str | None = None
    encounter_ref: Ref | None = None
    group_key: str | None = None  # rows from one resource that share a group (a BP panel)
    restricted: bool = False
    code: Concept | None = None  # notes and documents carry their code beside `data`
    written_at: str | None = None  # a note's own date (else it is dated when imported)


@dataclass(frozen=True)
class DocumentData:
    data: bytes
    content_type: str
    title: str
    description: str | None
    status: str
    doc_date: str | None


@dataclass
class ExportScope:
    """Which rows an export reads: the patients (None: all), changed since, and the
    restricted patients and entries the user named (all others are left out)."""

    patient_ids: Sequence[str] | None
    since: str | None
    named_restricted: frozenset[str] = frozenset()
    restricted_patients: frozenset[str] = frozenset()
    left_out: int = 0

    def where(self, patient_column: str = "patient_id", changed: str = "updated_at"
              ) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if self.patient_ids is not None:
            clauses.append(f"{patient_column} IN ({','.join('?' * len(self.patient_ids))})")
            params += list(self.patient_ids)
        if self.since:
            clauses.append(f"{changed} >= ?")
            params.append(self.since)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def shows(self, entry_id: str, patient_id: str, restricted: bool) -> bool:
        if ((restricted and entry_id not in self.named_restricted)
                or (patient_id in self.restricted_patients
                    and patient_id not in self.named_restricted)):
            self.left_out += 1
            return False
        return True


class ResourceMap:
    """A clinical map names its kind in the registry (`spec`); resource type, consent
    section and table come from there, so the registry stays the one list of kinds."""

    spec: ClassVar[Kind | None] = None
    resource_type: ClassVar[str]
    reads: ClassVar[tuple[str, ...]] = ()  # further resource types this map imports
    section: ClassVar[str]  # the consent section (records.consent.SECTIONS)
    clinical: ClassVar[bool] = True
    patient_element: ClassVar[str] = "subject"
    table: ClassVar[str]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        spec = cls.__dict__.get("spec")
        if spec is not None:
            cls.resource_type, cls.section, cls.table = (spec.fhir_resource, spec.section,
                                                         spec.table)
            if spec.data is not None:
                cls.kind = spec.data  # type: ignore[attr-defined]

    def export(self, conn: Connection, scope: ExportScope) -> Iterator[tuple[str, dict[str, Any]]]:
        raise NotImplementedError

    def export_lines(self, conn: Connection, scope: ExportScope) -> Iterator[tuple[str, str]]:
        """(patient id, NDJSON line) for each resource `export` gives, in the same order;
        a map may write lines faster (ObservationMap) but never different ones."""
        for patient_id, resource in self.export(conn, scope):
            yield patient_id, encode(resource)

    def read(self, resource: dict[str, Any]) -> list[NewEntry]:
        raise NotImplementedError


def _profile(*urls: str) -> dict[str, Any]:
    return {"profile": list(urls)}


# -- structured clinical kinds ---------------------------------------------------------------
class EntryMap(ResourceMap):
    """A map over one `EntryData` kind; subclasses write `to_fhir` and `from_fhir`."""

    kind: ClassVar[type[EntryData]]
    # The element saying when the source recorded it, for a kind with no column of its
    # own for that: the entry is dated then (created_at), not at the import, on the
    # timeline. The element itself stays in `extra`.
    recorded: ClassVar[str | None] = None

    def export(self, conn: Connection, scope: ExportScope) -> Iterator[tuple[str, dict[str, Any]]]:
        kind = self.kind
        where, params = scope.where()
        sql = (f"SELECT {', '.join([*META_SELECT, *data_columns(kind)])} "
               f"FROM clinical.{kind.TABLE}{where}")  # streamed in storage order
        for row in conn.execute(sql, params):
            if not scope.shows(row[0], row[1], bool(row[3])):
                continue
            data = data_from(kind, row[len(META_SELECT):])
            yield row[1], mark_restricted(self.to_fhir(row[0], row[1], row[2], data),
                                          bool(row[3]))

    def base(self, entry_id: str, patient_id: str, encounter_id: str | None
             ) -> dict[str, Any]:
        out: dict[str, Any] = {"resourceType": self.resource_type, "id": entry_id,
                               self.patient_element: reference("Patient", patient_id)}
        if encounter_id:
            out["encounter"] = reference("Encounter", encounter_id)
        return out

    def to_fhir(self, entry_id: str, patient_id: str, encounter_id: str | None,
                data: Any) -> dict[str, Any]:
        raise NotImplementedError

    def from_fhir(self, resource: dict[str, Any]) -> EntryData:
        raise NotImplementedError

    def read(self, resource: dict[str, Any]) -> list[NewEntry]:
        data = self.from_fhir(resource)
        try:
            data = data.checked()
        except (UsageError, ValueError) as exc:
            raise Unmapped(Reason.VALUE, str(exc)) from None
        written = None
        if self.recorded is not None:
            try:
                written = date(resource.get(self.recorded), self.recorded)
            except Unmapped:
                written = None  # kept as it came in extra; dated at the import
        return [NewEntry(self.kind.TABLE, data, text(resource.get("id"), 64),
                         ref_of(resource.get("encounter")),
                         restricted=is_restricted(resource), written_at=written)]


_SEVERITY = {"severe": "24484000", "moderate": "6736007", "mild": "255604002"}
_SEVERITY_BY_CODE = {v: k for k, v in _SEVERITY.items()}


class ConditionMap(EntryMap):
    spec = kinds.kind("condition")

    def to_fhir(self, entry_id: str, patient_id: str, encounter_id: str | None,
                data: Any) -> dict[str, Any]:
        d: Condition = data
        out = self.base(entry_id, patient_id, encounter_id)
        out.update({
            "clinicalStatus": status_concept("condition-clinical", d.clinical_status),
            "verificationStatus": status_concept("condition-ver-status",
                                                 d.verification_status),
            "category": [status_concept("condition-category", d.category)],
            "severity": {"text": d.severity, "coding": [{"system": SNOMED, "code":
                                                         _SEVERITY[d.severity]}]}
            if d.severity else None,
            "code": codeable(d.code), "onsetDateTime": d.onset,
            "abatementDateTime": d.abatement, "recordedDate": d.recorded_date,
            "note": note_list(d.note)})
        return merge_extra(out, d.extra)

    def from_fhir(self, resource: dict[str, Any]) -> EntryData:
        category = code_in(objs(resource.get("category"))[0]) \
            if objs(resource.get("category")) else None
        severity = obj(resource.get("severity"))
        severity_code = _SEVERITY_BY_CODE.get(code_in(severity, SNOMED) or "") or (
            (text(severity.get("text")) or "").lower() or None)
        extra = leftovers(resource, ("clinicalStatus", "verificationStatus", "code",
                                     "onsetDateTime", "abatementDateTime", "recordedDate",
                                     "note"))
        if category in Condition.CHOICES["category"]:
            extra.pop("category", None)
        if severity_code in _SEVERITY:
            extra.pop("severity", None)
        return Condition(
            code=concept_of(resource.get("code"), required=True, what="code"),  # type: ignore[arg-type]
            clinical_status=code_in(resource.get("clinicalStatus")),
            verification_status=code_in(resource.get("verificationStatus")),
            category=category if category in Condition.CHOICES["category"]
            else "problem-list-item",
            severity=severity_code if severity_code in _SEVERITY else None,
            onset=date(resource.get("onsetDateTime"), "onset"),
            abatement=date(resource.get("abatementDateTime"), "abatement"),
            recorded_date=date(resource.get("recordedDate"), "recorded date"),
            note=notes_text(resource.get("note")), extra=extra)


class MedicationMap(EntryMap):
    spec = kinds.kind("medication")
    reads = ("MedicationRequest",)

    REQUEST_STATUS: ClassVar[dict[str, str]] = {
        "active": "active", "on-hold": "on-hold", "cancelled": "stopped",
                      "completed": "completed", "entered-in-error": "entered-in-error",
                      "stopped": "stopped", "draft": "intended", "unknown": "unknown"}

    def to_fhir(self, entry_id: str, patient_id: str, encounter_id: str | None,
                data: Any) -> dict[str, Any]:
        d: Medication = data
        out = self.base(entry_id, patient_id, None)
        if encounter_id:
            out["context"] = reference("Encounter", encounter_id)
        dosage: dict[str, Any] = {}
        if d.dosage_text:
            dosage["text"] = d.dosage_text
        if d.route:
            dosage["route"] = {"text": d.route}
        if d.dose_value is not None:
            quantity: dict[str, Any] = {"value": d.dose_value}
            if d.dose_unit:
                quantity.update(unit=d.dose_unit, system=UCUM, code=d.dose_unit)
            dosage["doseAndRate"] = [{"doseQuantity": quantity}]
        out.update({
            "status": d.status, "medicationCodeableConcept": codeable(d.code),
            "effectivePeriod": {k: v for k, v in (("start", d.effective_start),
                                                  ("end", d.effective_end)) if v} or None,
            "dosage": [dosage] if dosage else None,
            "reasonCode": [{"text": d.reason_text}] if d.reason_text else None,
            "note": note_list(d.note)})
        return merge_extra(out, d.extra)

    def from_fhir(self, resource: dict[str, Any]) -> EntryData:
        request = resource.get("resourceType") == "MedicationRequest"
        code = concept_of(resource.get("medicationCodeableConcept"), what="medication")
        if code is None:
            contained = obj(resource.get("_resolved_medication"))
            code = concept_of(contained.get("code"), what="medication")
        if code is None:
            raise Unmapped(Reason.MISSING, "It names no medication (medicationCodeableConcept "
                           "or a Medication it can reach).")
        status = text(resource.get("status"), 40)
        if request:
            status = self.REQUEST_STATUS.get(status or "", "unknown")
        dosage = objs(resource.get("dosageInstruction" if request else "dosage"))
        first = dosage[0] if dosage else {}
        quantity = obj(objs(first.get("doseAndRate"))[0].get("doseQuantity")) \
            if objs(first.get("doseAndRate")) else {}
        period = obj(resource.get("effectivePeriod"))
        start = period.get("start") or resource.get("effectiveDateTime") or (
            resource.get("authoredOn") if request else None)
        reasons = objs(resource.get("reasonCode"))
        used = ("status", "medicationCodeableConcept", "medicationReference", "dosage",
                "dosageInstruction", "effectivePeriod", "effectiveDateTime", "reasonCode",
                "note", "_resolved_medication", "authoredOn" if request else "")
        extra = leftovers(resource, used)
        if request:
            extra["medvaultSource"] = "MedicationRequest"
        return Medication(
            code=code, status=status or "unknown", dosage_text=text(first.get("text"), 2000),
            dose_value=number(quantity.get("value")),
            dose_unit=text(quantity.get("code"), 40) or text(quantity.get("unit"), 40),
            route=label_of(first.get("route")),
            effective_start=date(start, "start"), effective_end=date(period.get("end"), "end"),
            reason_text=label_of(reasons[0]) if reasons else None,
            note=notes_text(resource.get("note")), extra=extra)


class AllergyMap(EntryMap):
    spec = kinds.kind("allergy")
    patient_element = "patient"
    recorded = "recordedDate"

    def to_fhir(self, entry_id: str, patient_id: str, encounter_id: str | None,
                data: Any) -> dict[str, Any]:
        d: Allergy = data
        out = self.base(entry_id, patient_id, encounter_id)
        reaction: dict[str, Any] = {}
        if d.reaction:
            reaction["manifestation"] = [codeable(d.reaction)]
        if d.severity and reaction:
            reaction["severity"] = d.severity
        out.update({
            "clinicalStatus": status_concept("allergyintolerance-clinical", d.clinical_status),
            # R4 has no "presumed" (R5 added it): it travels as unconfirmed, saying so.
            "verificationStatus": _allergy_verification(d.verification_status),
            "type": d.type, "category": [d.category] if d.category else None,
            "criticality": d.criticality, "code": codeable(d.code),
            "onsetDateTime": d.onset, "reaction": [reaction] if reaction else None,
            "note": note_list(d.note)})
        if d.severity and not reaction:
            out.setdefault("extension", []).append(
                {"url": MEDVAULT + "allergy-severity", "valueCode": d.severity})
        return merge_extra(out, d.extra)

    def from_fhir(self, resource: dict[str, Any]) -> EntryData:
        reactions = objs(resource.get("reaction"))
        first = reactions[0] if reactions else {}
        manifestations = objs(first.get("manifestation"))
        categories = resource.get("category")
        category = categories[0] if isinstance(categories, list) and categories else None
        extra = leftovers(resource, ("clinicalStatus", "verificationStatus", "type",
                                     "category", "criticality", "code", "onsetDateTime",
                                     "note", "reaction" if len(reactions) <= 1 else ""))
        severity = text(first.get("severity"), 20)
        for ext in objs(extra.get("extension")):
            if ext.get("url") == MEDVAULT + "allergy-severity":
                severity = text(ext.get("valueCode"), 20)
        if isinstance(extra.get("extension"), list):
            extra["extension"] = [e for e in objs(extra["extension"])
                                  if e.get("url") != MEDVAULT + "allergy-severity"]
            if not extra["extension"]:
                del extra["extension"]
        return Allergy(
            code=concept_of(resource.get("code"), required=True, what="substance"),  # type: ignore[arg-type]
            clinical_status=code_in(resource.get("clinicalStatus")),
            verification_status="presumed" if code_in(resource.get("verificationStatus"))
            == "unconfirmed" and obj(resource.get("verificationStatus")).get("text") ==
            "presumed" else code_in(resource.get("verificationStatus")),
            type=text(resource.get("type"), 20),
            category=category if isinstance(category, str) else None,
            criticality=text(resource.get("criticality"), 20),
            reaction=concept_of(manifestations[0]) if manifestations else None,
            severity=severity, onset=date(resource.get("onsetDateTime"), "onset"),
            note=notes_text(resource.get("note")), extra=extra)


def _allergy_verification(code: str | None) -> dict[str, Any] | None:
    if code == "presumed":
        return {**(status_concept("allergyintolerance-verification", "unconfirmed") or {}),
                "text": "presumed"}
    return status_concept("allergyintolerance-verification", code)


class ImmunizationMap(EntryMap):
    spec = kinds.kind("immunization")
    patient_element = "patient"

    def to_fhir(self, entry_id: str, patient_id: str, encounter_id: str | None,
                data: Any) -> dict[str, Any]:
        d: Immunization = data
        out = self.base(entry_id, patient_id, encounter_id)
        out.update({
            "status": d.status, "vaccineCode": codeable(d.code),
            # occurrence[x] is required in R4; a date nobody recorded is said so in words.
            "occurrenceDateTime": d.occurrence,
            "occurrenceString": None if d.occurrence else "unknown",
            "lotNumber": d.lot_number, "site": {"text": d.site} if d.site else None,
            "route": {"text": d.route} if d.route else None,
            "performer": [{"actor": {"display": d.performer}}] if d.performer else None,
            "protocolApplied": [{"doseNumberPositiveInt": d.dose_number}]
            if d.dose_number else None,
            "note": note_list(d.note)})
        return merge_extra(out, d.extra)

    def from_fhir(self, resource: dict[str, Any]) -> EntryData:
        applied = objs(resource.get("protocolApplied"))
        dose = applied[0].get("doseNumberPositiveInt") if applied else None
        performers = objs(resource.get("performer"))
        used = ["status", "vaccineCode", "occurrenceDateTime", "lotNumber", "site", "route",
                "note", "performer" if len(performers) <= 1 else ""]
        if len(applied) == 1 and set(applied[0]) <= {"doseNumberPositiveInt"}:
            used.append("protocolApplied")
        if resource.get("occurrenceString") == "unknown":
            used.append("occurrenceString")
        site, route = concept_of(resource.get("site")), concept_of(resource.get("route"))
        return Immunization(
            code=concept_of(resource.get("vaccineCode"), required=True, what="vaccine"),  # type: ignore[arg-type]
            status=text(resource.get("status"), 40) or "completed",
            occurrence=date(resource.get("occurrenceDateTime"), "occurrence"),
            lot_number=text(resource.get("lotNumber"), 200),
            site=site.text if site else None, route=route.text if route else None,
            dose_number=dose if isinstance(dose, int) and not isinstance(dose, bool) else None,
            performer=text(obj(performers[0].get("actor")).get("display"), 200)
            if performers else None,
            note=notes_text(resource.get("note")), extra=leftovers(resource, used))


class ProcedureMap(EntryMap):
    spec = kinds.kind("procedure")

    def to_fhir(self, entry_id: str, patient_id: str, encounter_id: str | None,
                data: Any) -> dict[str, Any]:
        d: Procedure = data
        out = self.base(entry_id, patient_id, encounter_id)
        out.update({"status": d.status, "code": codeable(d.code),
                    "performedDateTime": d.performed,
                    "bodySite": [codeable(d.body_site)] if d.body_site else None,
                    "note": note_list(d.note)})
        return merge_extra(out, d.extra)

    def from_fhir(self, resource: dict[str, Any]) -> EntryData:
        sites = objs(resource.get("bodySite"))
        period = obj(resource.get("performedPeriod"))
        used = ["status", "code", "performedDateTime", "note",
                "bodySite" if len(sites) <= 1 else ""]
        performed = resource.get("performedDateTime") or period.get("start")
        if resource.get("performedDateTime") is None and period and set(period) == {"start"}:
            used.append("performedPeriod")
        return Procedure(
            code=concept_of(resource.get("code"), required=True, what="code"),  # type: ignore[arg-type]
            status=text(resource.get("status"), 40) or "unknown",
            performed=date(performed, "performed date"),
            body_site=concept_of(sites[0]) if sites else None,
            note=notes_text(resource.get("note")), extra=leftovers(resource, used))


class EncounterMap(EntryMap):
    spec = kinds.kind("encounter")

    def to_fhir(self, entry_id: str, patient_id: str, encounter_id: str | None,
                data: Any) -> dict[str, Any]:
        d: Encounter = data
        out = self.base(entry_id, patient_id, None)
        if encounter_id:
            out["partOf"] = reference("Encounter", encounter_id)
        out.update({
            "status": d.status,
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                      "code": d.class_code},
            "type": [codeable(d.code)] if d.code else None,
            "period": {k: v for k, v in (("start", d.period_start), ("end", d.period_end))
                       if v} or None,
            "participant": [{"individual": {"identifier": {"system": MEDVAULT + "user",
                                                           "value": d.practitioner_id}}}]
            if d.practitioner_id else None,
            "location": [{"location": {"display": d.location}}] if d.location else None,
            "reasonCode": [{"text": d.reason_text}] if d.reason_text else None})
        return merge_extra(out, d.extra)

    def from_fhir(self, resource: dict[str, Any]) -> EntryData:
        klass = text(obj(resource.get("class")).get("code"), 20)
        types = objs(resource.get("type"))
        period = obj(resource.get("period"))
        locations = objs(resource.get("location"))
        reasons = objs(resource.get("reasonCode"))
        used = ["status", "period", "reasonCode" if len(reasons) <= 1 else "",
                "type" if len(types) <= 1 else ""]
        if klass in Encounter.CHOICES["class_code"]:
            used.append("class")
        if len(locations) == 1 and set(locations[0]) == {"location"} and set(
                obj(locations[0]["location"])) == {"display"}:
            used.append("location")
        participant = None
        parts = objs(resource.get("participant"))
        if len(parts) == 1:
            ident = obj(obj(parts[0].get("individual")).get("identifier"))
            if ident.get("system") == MEDVAULT + "user":
                participant = text(ident.get("value"), 64)
                used.append("participant")
        reason = concept_of(reasons[0]) if reasons else None
        return Encounter(
            code=concept_of(types[0]) if types else None,
            status=text(resource.get("status"), 40) or "unknown",
            class_code=klass if klass in Encounter.CHOICES["class_code"] else "AMB",
            period_start=moment(period.get("start"), "period start"),
            period_end=moment(period.get("end"), "period end"),
            practitioner_id=participant,
            location=text(obj(locations[0].get("location")).get("display"), 300)
            if "location" in used else None,
            reason_text=reason.text if reason else None,
            extra=leftovers(resource, used))


# -- observations: vital signs, labs, blood pressure panels -------------------------------
BP_PANELS = ("85354-9", "55284-4", "35094-2")  # LOINC panel codes real systems send
SYSTOLIC, DIASTOLIC = VITALS["systolic"], VITALS["diastolic"]
PULSE_OX = ("59408-5", "2708-6")  # US Core requires both on pulse oximetry
KNOWN_CODES = {m.loinc for m in (*VITALS.values(), *LABS.values())}
_VITAL_PROFILES = {"8867-4": "heartrate", "9279-1": "resprate", "8310-5": "bodytemp",
                   "29463-7": "bodyweight", "8302-2": "bodyheight", "39156-5": "bmi",
                   "59408-5": "oxygensat", "2708-6": "oxygensat", "85354-9": "bp"}
_SD = "http://hl7.org/fhir/StructureDefinition/"
# Units written by hand or by older systems, and their UCUM codes.
UNIT_ALIASES = {"mmhg": "mm[Hg]", "mm hg": "mm[Hg]", "bpm": "/min", "beats/min": "/min",
                "beats/minute": "/min", "breaths/min": "/min", "/min": "/min",
                "kg/m^2": "kg/m2", "kg/m²": "kg/m2", "degc": "Cel", "°c": "Cel",
                "deg c": "Cel", "celsius": "Cel", "degf": "[degF]", "°f": "[degF]",
                "lb": "[lb_av]", "lbs": "[lb_av]", "in": "[in_i]", "inch": "[in_i]",
                "percent": "%", "mg/dl": "mg/dL", "mmol/l": "mmol/L", "g/dl": "g/dL"}


def _unit(quantity: dict[str, Any]) -> str | None:
    """The UCUM code of a Quantity, or Unmapped(Reason.UNIT).

    `system: UCUM` is a claim, not a proof: the code is trusted only when it is valid
    UCUM (is_ucum), so "furlongs" marked as UCUM is not imported and then exported back
    as UCUM. Otherwise the code and the display unit are tried against UNIT_ALIASES
    (mmHg, bpm, °C as people write them) and as UCUM in their own right."""
    code, unit = text(quantity.get("code"), 60), text(quantity.get("unit"), 60)
    if quantity.get("system") == UCUM and code and is_ucum(code):
        return code
    for candidate in (code, unit):
        if candidate is None:
            continue
        alias = UNIT_ALIASES.get(candidate.lower())
        if alias:
            return alias
        if is_ucum(candidate):
            return candidate
    if code or unit:
        raise Unmapped(Reason.UNIT, f"The unit {(code or unit)!r} is not a UCUM unit and "
                       "not one MedVault knows (e.g. mm[Hg], kg, cm, /min, mg/dL).")
    return None


def _quantity(value: float | None, unit: str | None) -> dict[str, Any] | None:
    if value is None:
        return None
    out: dict[str, Any] = {"value": value}
    if unit and is_ucum(unit):
        out.update(unit=unit, system=UCUM, code=unit)
    elif unit:  # typed and never checked (an old row): said as text, never claimed UCUM
        out.update(unit=unit)
    return out


_OBS_COLUMNS = [*META_SELECT, *data_columns(Observation)]
_OBS_AT = {name: index for index, name in enumerate(_OBS_COLUMNS)}


class ObservationMap(EntryMap):
    spec = kinds.kind("observation")
    reads = ("DiagnosticReport",)

    COLUMNS: ClassVar[list[str]] = _OBS_COLUMNS
    _AT: ClassVar[dict[str, int]] = _OBS_AT
    # Per row: what decides a resource's structure and constant parts (the template key)...
    _KEYED: ClassVar[tuple[int, ...]] = tuple(_OBS_AT[c] for c in (
        "code", "code_system", "code_text", "code_display", "code_more", "unit", "ref_low",
        "ref_high", "interpretation", "status", "category"))
    # ...and what varies from row to row (the holes; their shapes join the key).
    _VARYING: ClassVar[tuple[int, ...]] = tuple(_OBS_AT[c] for c in (
        "id", "patient_id", "encounter_id", "effective", "value", "value_text", "note",
        "group_id"))
    _FLOATS: ClassVar[frozenset[int]] = frozenset({_OBS_AT["value"]})
    _keyed = staticmethod(itemgetter(*_KEYED))
    _varying = staticmethod(itemgetter(*_VARYING))

    def _grouped(self, conn: Connection, scope: ExportScope) -> Iterator[list[Any]]:
        """The rows in scope, one list per resource to be: a row alone, or the rows of a
        group (the two halves of a blood pressure).

        No ORDER BY: a sort of a million rows would sit in memory (temp_store is memory),
        so rows stream in storage order. The two halves of a blood pressure were written
        together; a half waits in `pending` (a handful at a time) until its partner comes.
        """
        where, params = scope.where()
        sql = f"SELECT {', '.join(self.COLUMNS)} FROM clinical.observations{where}"
        group_at = self._AT["group_id"]
        pending: dict[str, list[Any]] = {}
        for row in conn.execute(sql, params):
            if not scope.shows(row[0], row[1], bool(row[3])):
                continue
            group = row[group_at]
            if group is None:
                yield [row]
                continue
            held = pending.setdefault(group, [])
            held.append(row)
            if len(held) == 2:
                del pending[group]
                yield held
        yield from pending.values()

    def _resources(self, rows: list[Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        if len(rows) == 1 and rows[0][self._AT["group_id"]] is None:
            row = rows[0]
            data = data_from(Observation, row[len(META_SELECT):])
            yield row[1], mark_restricted(self.to_fhir(row[0], row[1], row[2], data),
                                          bool(row[3]))
            return
        yield from self._panel([(row, data_from(Observation, row[len(META_SELECT):]))
                                for row in rows])

    def export(self, conn: Connection, scope: ExportScope) -> Iterator[tuple[str, dict[str, Any]]]:
        for rows in self._grouped(conn, scope):
            yield from self._resources(rows)

    def export_lines(self, conn: Connection, scope: ExportScope,
                     templates: Templates | None = None) -> Iterator[tuple[str, str]]:
        """As `export`, as NDJSON lines, through templates (`lines.py`) where a row's
        shape allows: the same bytes as encoding the resource. The templates hold code
        texts and units, so they live for one export only (never past a lock or into
        another user's session)."""
        templates = Templates() if templates is None else templates
        for rows in self._grouped(conn, scope):
            line = self._line(rows, templates)
            if line is not None:
                yield rows[0][1], line
            else:
                for patient_id, resource in self._resources(rows):
                    yield patient_id, encode(resource)

    def _line(self, rows: list[Any], templates: Templates) -> str | None:
        """The one line these rows make, from a template; None: go the dict way (a
        restricted row, kept elements in `extra`, a varying value that is empty but not
        absent, a shape that is not one resource). Runs once per observation: kept to
        C-level calls."""
        extra_at = self._AT["extra"]
        parts: list[Any] = []
        values: list[Any] = []
        for row in rows:
            if row[3] or row[extra_at] != "{}":
                return None
            varying = self._varying(row)
            if len(varying) - sum(map(bool, varying)) != varying.count(None):
                return None  # "" or 0.0: maps may test truth, so no template for it
            parts.append(self._keyed(row))
            parts.append(tuple(map(type, varying)))
            values.extend(varying)
        template = templates.get(tuple(parts), partial(self._template, rows))
        return None if template is None else template.fill(values)

    def _template(self, rows: list[Any]) -> Template | None:
        """Run the dict way once on these rows with stand-ins for their varying values
        (the key says which are absent); None for a shape no template can write."""
        texts, floats, fake_rows = [], [], []
        for position, row in enumerate(rows):
            if any(looks_like_stand_in(v) for v in self._keyed(row)) or \
                    type(row[self._AT["value"]]) not in (float, type(None)):
                return None
            fake = list(row)
            for offset, index in enumerate(self._VARYING):
                if row[index] is None:
                    continue  # absent: no hole
                slot = position * len(self._VARYING) + offset
                if index in self._FLOATS:
                    fake[index] = stand_in_float(slot)
                    floats.append(slot)
                else:
                    fake[index] = stand_in_text(slot)
                    texts.append(slot)
            fake_rows.append(tuple(fake))
        made = list(self._resources(fake_rows))
        if len(made) != 1:
            return None  # a group that is not one panel: each row its own resource
        return Template.cut(encode(made[0][1]), texts, floats)

    def _panel(self, rows: list[tuple[Any, Observation]]) -> Iterator[tuple[str, dict[str, Any]]]:
        codes = {d.code.coding.code if d.code.coding else None for _, d in rows}
        if not {SYSTOLIC.loinc, DIASTOLIC.loinc} <= codes or len(rows) != 2:
            for row, d in rows:  # some other group: each stands alone
                yield row[1], mark_restricted(self.to_fhir(row[0], row[1], row[2], d),
                                              bool(row[3]))
            return
        first_row, first = rows[0]
        panel = self.base(first.group_id or first_row[0], first_row[1], first_row[2])
        panel.update({
            "meta": _profile(_SD + "vitalsigns", _SD + "bp"), "status": first.status,
            "category": [status_concept("observation-category", "vital-signs",
                                        "Vital Signs")],
            "code": {"coding": [{"system": LOINC, "code": "85354-9",
                                 "display": "Blood pressure panel with all children "
                                            "optional"}],
                     "text": "Blood pressure"},
            "effectiveDateTime": first.effective,
            # Each component keeps its entry's id (Element.id), so ids survive a round trip.
            "component": [{"id": row[0], **self._component(d)} for row, d in sorted(
                rows, key=lambda r: r[1].code.coding.code != SYSTOLIC.loinc  # type: ignore[union-attr]
            )],
            "note": note_list(first.note)})
        yield first_row[1], mark_restricted(merge_extra(panel, first.extra),
                                            any(bool(r[3]) for r, _ in rows))

    def _component(self, d: Observation) -> dict[str, Any]:
        out: dict[str, Any] = {"code": codeable(d.code),
                               "valueQuantity": _quantity(d.value, d.unit)}
        if d.ref_low is not None or d.ref_high is not None:
            out["referenceRange"] = [self._range(d)]
        if d.interpretation:
            out["interpretation"] = [status_concept("v3-ObservationInterpretation",
                                                    d.interpretation)]
        return {k: v for k, v in out.items() if v is not None}

    @staticmethod
    def _range(d: Observation) -> dict[str, Any]:
        return {k: v for k, v in (("low", _quantity(d.ref_low, d.unit)),
                                  ("high", _quantity(d.ref_high, d.unit))) if v}

    def to_fhir(self, entry_id: str, patient_id: str, encounter_id: str | None,
                data: Any) -> dict[str, Any]:
        d: Observation = data
        out = self.base(entry_id, patient_id, encounter_id)
        code = codeable(d.code) or {}
        primary = d.code.coding.code if d.code.coding else None
        if primary in PULSE_OX:
            have = {c.get("code") for c in code.get("coding", [])}
            for loinc in PULSE_OX:
                if loinc not in have:
                    code.setdefault("coding", []).append({"system": LOINC, "code": loinc})
        if d.category == "vital-signs":
            profiles = [_SD + "vitalsigns"]
            if primary in _VITAL_PROFILES:
                profiles.append(_SD + _VITAL_PROFILES[primary])
            out["meta"] = _profile(*profiles)
        out.update({
            "status": d.status,
            "category": [status_concept("observation-category", d.category)],
            "code": code, "effectiveDateTime": d.effective,
            "valueQuantity": _quantity(d.value, d.unit),
            "valueString": d.value_text if d.value is None else None,
            "referenceRange": [self._range(d)] if d.ref_low is not None
            or d.ref_high is not None else None,
            "interpretation": [status_concept("v3-ObservationInterpretation",
                                              d.interpretation)] if d.interpretation else None,
            "note": note_list(d.note)})
        if d.value is not None and d.value_text:
            out.setdefault("extension", []).append(
                {"url": MEDVAULT + "value-text", "valueString": d.value_text})
        return merge_extra(out, d.extra)

    def read(self, resource: dict[str, Any]) -> list[NewEntry]:
        if resource.get("resourceType") == "DiagnosticReport":
            raise Unmapped(Reason.UNSUPPORTED, "read through its results")  # importer's job
        code = obj(resource.get("code"))
        codes = {c for c in (text(x.get("code"), 100) for x in objs(code.get("coding"))
                             if x.get("system") in (LOINC, None)) if c}
        components = objs(resource.get("component"))
        if codes & set(BP_PANELS) and components:
            return self._read_panel(resource, components)
        entries = super().read(resource)
        return entries

    def _read_panel(self, resource: dict[str, Any], components: list[dict[str, Any]]
                    ) -> list[NewEntry]:
        found: list[NewEntry] = []
        group = text(resource.get("id"), 64) or new_id()
        for component in components:
            part_codes = {text(c.get("code"), 20) for c in objs(obj(component.get(
                "code")).get("coding"))}
            measure = SYSTOLIC if SYSTOLIC.loinc in part_codes else (
                DIASTOLIC if DIASTOLIC.loinc in part_codes else None)
            if measure is None:
                continue
            single = {**{k: v for k, v in resource.items() if k not in ("component", "code",
                                                                         "id", "meta")},
                      "code": component.get("code"),
                      "valueQuantity": component.get("valueQuantity"),
                      "referenceRange": component.get("referenceRange"),
                      "interpretation": component.get("interpretation")}
            data = self.from_fhir(single)
            assert isinstance(data, Observation)
            extra = {k: v for k, v in data.extra.items()
                     if k not in ("category",) and not k.startswith("valueQuantity")}
            data = data.with_values({**vars(data), "extra": extra, "group_id": "panel"})
            try:
                data = data.checked()
            except (UsageError, ValueError) as exc:
                raise Unmapped(Reason.VALUE, str(exc)) from None
            found.append(NewEntry("observations", data, text(component.get("id"), 64),
                                  ref_of(resource.get("encounter")),
                                  group_key=group, restricted=is_restricted(resource)))
        if len(found) != 2:
            raise Unmapped(Reason.MISSING, "A blood pressure panel needs a systolic (8480-6) "
                           "and a diastolic (8462-4) component with values.")
        return found

    def from_fhir(self, resource: dict[str, Any]) -> EntryData:
        concept = concept_of(resource.get("code"), prefer=KNOWN_CODES, required=True,
                             what="code")
        assert concept is not None
        primary = concept.coding.code if concept.coding else None
        if primary in PULSE_OX:
            # The second pulse-oximetry code, bare, is the one every export adds anyway.
            concept = replace(concept, more=tuple(
                c for c in concept.more if not (c.code in PULSE_OX and c.display is None)))
        category = None
        for cat in objs(resource.get("category")):
            found = code_in(cat)
            if found in Observation.CHOICES["category"]:
                category = found
                break
        if category is None:
            category = "vital-signs" if primary in {m.loinc for m in VITALS.values()} \
                else "laboratory"
        effective = (resource.get("effectiveDateTime") or resource.get("effectiveInstant")
                     or obj(resource.get("effectivePeriod")).get("start")
                     or resource.get("issued"))
        # checked() normalises the time (and refuses a bad one); parsing it here too
        # would double the cost of the commonest resource.
        when = text(effective, 64)
        if when is None:
            raise Unmapped(Reason.MISSING, "It has no effective time (effective[x] or "
                           "issued).")
        used = ["status", "code", "category", "effectiveDateTime", "effectiveInstant",
                "valueQuantity", "valueString", "valueCodeableConcept", "valueBoolean",
                "valueInteger", "referenceRange", "interpretation", "note"]
        value, value_text, unit = None, None, None
        quantity = resource.get("valueQuantity")
        if isinstance(quantity, dict):
            value = number(quantity.get("value"))
            if value is None:
                raise Unmapped(Reason.VALUE, "Its valueQuantity has no number.")
            unit = _unit(quantity)
            if quantity.get("comparator"):
                used.remove("valueQuantity")  # "<5" must not come back as "5"
        elif isinstance(resource.get("valueInteger"), int) and not isinstance(
                resource.get("valueInteger"), bool):
            value = float(resource["valueInteger"])
        elif isinstance(resource.get("valueBoolean"), bool):
            value_text = "yes" if resource["valueBoolean"] else "no"
        else:
            value_text = text(resource.get("valueString"), 10_000)
            if value_text is None and resource.get("valueCodeableConcept") is not None:
                found_concept = concept_of(resource.get("valueCodeableConcept"))
                value_text = found_concept.text if found_concept else None
                used.remove("valueCodeableConcept")  # the codes stay in extra
        if resource.get("valueString") and value is not None:
            value_text = text(resource.get("valueString"), 10_000)
        ranges = objs(resource.get("referenceRange"))
        low = number(obj(ranges[0].get("low")).get("value")) if ranges else None
        high = number(obj(ranges[0].get("high")).get("value")) if ranges else None
        if len(ranges) > 1 or (ranges and set(ranges[0]) - {"low", "high"}):
            used.remove("referenceRange")
        interpretation = next((c for c in (code_in(i) for i in objs(resource.get(
            "interpretation"))) if c in Observation.CHOICES["interpretation"]), None) \
            if "interpretation" in resource else None
        if interpretation is None and resource.get("interpretation"):
            used.remove("interpretation")
        extra = leftovers(resource, used)
        if "extension" in extra:
            extension = [e for e in objs(extra.get("extension"))
                         if e.get("url") != MEDVAULT + "value-text"]
            for e in objs(extra.get("extension")):
                if e.get("url") == MEDVAULT + "value-text":
                    value_text = text(e.get("valueString"), 10_000)
            if extension:
                extra["extension"] = extension
            else:
                extra.pop("extension", None)
        status = text(resource.get("status"), 40) or "final"
        if value is None and value_text is None and status not in (
                "cancelled", "entered-in-error", "registered"):
            if resource.get("dataAbsentReason") is not None or resource.get("component"):
                value_text = label_of(resource.get("dataAbsentReason")) or "see components"
            else:
                raise Unmapped(Reason.MISSING, "It has no value.")
        return Observation(code=concept, effective=when, value=value, value_text=value_text,
                           unit=unit, ref_low=low, ref_high=high,
                           interpretation=interpretation, status=status, category=category,
                           note=notes_text(resource.get("note")), extra=extra)


# -- registry: patients and consents ----------------------------------------------------------
MR_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
GENDER_IDENTITY = "http://hl7.org/fhir/StructureDefinition/patient-genderIdentity"


class PatientMap(ResourceMap):
    resource_type = "Patient"
    section = "demographics"
    clinical = False
    table = "patients"

    def export(self, conn: Connection, scope: ExportScope) -> Iterator[tuple[str, dict[str, Any]]]:
        from app.core.records.patients import _COLUMNS, _from_row

        where, params = scope.where("id")
        for row in conn.execute(f"SELECT {_COLUMNS} FROM patients{where}",
                                params):
            patient = _from_row(row)
            if patient.restricted and patient.id not in scope.named_restricted:
                scope.left_out += 1
                continue
            yield patient.id, self.to_fhir(patient)

    def to_fhir(self, p: Patient) -> dict[str, Any]:
        identifiers: list[dict[str, Any]] = []
        if p.mrn:
            identifiers.append({"type": {"coding": [{"system": MR_TYPE, "code": "MR"}]},
                                "system": MEDVAULT + "mrn", "value": p.mrn})
        for ident in p.identifiers:
            item: dict[str, Any] = {"system": ident.system, "value": ident.value}
            if ident.type:
                item["type"] = {"coding": [{"system": MR_TYPE, "code": ident.type}]}
            identifiers.append(item)
        # Those kept as they came (past the 20 matched, or without a system or value).
        kept = (p.extra or {}).get("identifier")
        if isinstance(kept, list):
            identifiers += [i for i in kept if isinstance(i, dict)]
        telecom = [t for t in ({"system": "phone", "value": p.phone} if p.phone else None,
                               {"system": "email", "value": p.email} if p.email else None)
                   if t]
        address = None
        if p.address:
            address = [{k: v for k, v in (("line", list(p.address.lines) or None),
                                          ("city", p.address.city),
                                          ("state", p.address.state),
                                          ("postalCode", p.address.postal_code),
                                          ("country", p.address.country)) if v}]
        contact = None
        if p.emergency_contact:
            ec = p.emergency_contact
            contact = [{k: v for k, v in (
                ("name", {"text": ec.name}),
                ("relationship", [{"text": ec.relationship}] if ec.relationship else None),
                ("telecom", [{"system": "phone", "value": ec.phone}] if ec.phone else None))
                if v}]
        name: dict[str, Any] = {"use": "official"}
        if p.family:
            name["family"] = p.family
        if p.given:
            name["given"] = p.given.split()
        out: dict[str, Any] = {
            "resourceType": "Patient", "id": p.id,
            "meta": {"security": [RESTRICTED]} if p.restricted else None,
            "identifier": identifiers or None, "name": [name], "telecom": telecom or None,
            "gender": p.sex, "birthDate": p.birth_date, "address": address,
            "contact": contact}
        if p.gender:
            out["extension"] = [{"url": GENDER_IDENTITY,
                                 "valueCodeableConcept": {"text": p.gender}}]
        return merge_extra(out, p.extra)

    def read(self, resource: dict[str, Any]) -> list[NewEntry]:
        names = objs(resource.get("name"))
        name = next((n for n in names if n.get("use") == "official"), names[0] if names
                    else {})
        given = " ".join(g.strip() for g in name.get("given", []) if isinstance(g, str)
                         and g.strip()) if isinstance(name.get("given"), list) else ""
        family = text(name.get("family"), 200) or ""
        if not family and not given:
            label = text(name.get("text"), 200)
            if label is None:
                raise Unmapped(Reason.MISSING, "The patient has no name.")
            family = label
        mrn: str | None = None
        identifiers: list[Identifier] = []
        # Matching uses the first 20 with a system and a value; the rest (and any without
        # both) are kept as they came in `extra`, and exported again after the others.
        kept: list[dict[str, Any]] = []
        for ident in objs(resource.get("identifier")):
            system, value = text(ident.get("system"), 300), text(ident.get("value"), 200)
            if value is None or not system or len(identifiers) >= _MATCHED_IDENTIFIERS:
                kept.append(ident)
            elif system == MEDVAULT + "mrn" and mrn is None:
                mrn = value[:64]
            else:
                identifiers.append(Identifier(system, value,
                                              code_in(ident.get("type"), MR_TYPE)))
        telecoms = objs(resource.get("telecom"))
        phone = next((text(t.get("value"), 40) for t in telecoms
                      if t.get("system") == "phone"), None)
        email = next((text(t.get("value"), 200) for t in telecoms
                      if t.get("system") == "email"), None)
        addresses = objs(resource.get("address"))
        address = None
        if addresses:
            a = addresses[0]
            lines = tuple(x for x in a.get("line", []) if isinstance(x, str))[:5] \
                if isinstance(a.get("line"), list) else ()
            address = Address(lines, text(a.get("city"), 200), text(a.get("state"), 200),
                              text(a.get("postalCode"), 40), text(a.get("country"), 100))
        contact = None
        contacts = objs(resource.get("contact"))
        if contacts:
            c = contacts[0]
            cname = obj(c.get("name"))
            given_names: list[Any] = cname["given"] if isinstance(cname.get("given"), list) \
                else []
            label = text(cname.get("text"), 200) or " ".join(
                x for x in [*given_names, cname.get("family")] if isinstance(x, str)) or None
            rel = objs(c.get("relationship"))
            rel_concept = concept_of(rel[0]) if rel else None
            if label:
                contact = EmergencyContact(label, rel_concept.text if rel_concept else None,
                                           next((text(t.get("value"), 40) for t in objs(
                                               c.get("telecom")) if t.get("system") == "phone"),
                                               None))
        gender = None
        extensions = []
        for ext in objs(resource.get("extension")):
            if ext.get("url") == GENDER_IDENTITY:
                found = concept_of(ext.get("valueCodeableConcept"))
                gender = found.text if found else None
            else:
                extensions.append(ext)
        restricted = is_restricted(resource)
        extra = leftovers(resource, ("name" if len(names) <= 1 else "", "identifier",
                                     "telecom" if len(telecoms) <= 2 else "",
                                     "address" if len(addresses) <= 1 else "",
                                     "contact" if len(contacts) <= 1 else "",
                                     "gender", "birthDate", "extension"))
        if extensions:
            extra["extension"] = extensions
        if kept:
            extra["identifier"] = kept
        sex = text(resource.get("gender"), 20)
        birth = text(resource.get("birthDate"), 20)
        try:
            birth = clock.birth_date(birth) if birth else None
        except UsageError:
            raise Unmapped(Reason.VALUE, f"The birth date {birth!r} is not a full date "
                           "(YYYY-MM-DD) in the past.") from None
        data = PatientInput(family=family, given=given, birth_date=birth,
                            sex=sex if sex in SEXES else None, gender=gender, mrn=mrn,
                            identifiers=tuple(identifiers), phone=phone,
                            email=email if email and "@" in email else None, address=address,
                            emergency_contact=contact, restricted=restricted, extra=extra)
        return [NewEntry("patients", data, text(resource.get("id"), 64))]


_MATCHED_IDENTIFIERS = 20


_PURPOSE = {"treatment": "TREAT", "referral": "TREAT", "payment": "HPAYMT",
            "research": "HRESCH", "patient-request": "PATRQT", "public-health": "PUBHLTH",
            "legal": "HLEGAL"}


class ConsentMap(ResourceMap):
    """Exported so the next system knows what the patient agreed to. Not imported: a
    consent given to someone else's system authorises nothing here; the patient's consent
    to this practice is recorded here, by a person."""

    resource_type = "Consent"
    section = "demographics"
    clinical = False
    patient_element = "patient"
    table = "consents"

    def export(self, conn: Connection, scope: ExportScope) -> Iterator[tuple[str, dict[str, Any]]]:
        from app.core.records.consent import _COLUMNS, consent_from_row

        where, params = scope.where(changed="created_at")
        sql = (f"SELECT {_COLUMNS}, (SELECT name FROM contacts WHERE contacts.id = "
               f"consents.recipient_id) FROM consents{where}")
        for row in conn.execute(sql, params):
            consent = consent_from_row(row[:-1])
            if consent.patient_id in scope.restricted_patients and \
                    consent.patient_id not in scope.named_restricted:
                scope.left_out += 1
                continue
            yield consent.patient_id, self.to_fhir(consent, row[-1])

    def to_fhir(self, c: Consent, recipient: str | None) -> dict[str, Any]:
        period = {k: v for k, v in (("start", c.valid_from), ("end", c.valid_until)) if v}
        return merge_extra({
            "resourceType": "Consent", "id": c.id,
            "status": "inactive" if c.withdrawn_at else "active",
            "scope": {"coding": [{"system": TERMINOLOGY + "consentscope",
                                  "code": "patient-privacy"}]},
            "category": [{"coding": [{"system": LOINC, "code": "59284-0",
                                      "display": "Patient Consent"}]}],
            "patient": reference("Patient", c.patient_id), "dateTime": c.created_at,
            "policyRule": {"coding": [{"system": TERMINOLOGY + "v3-ActCode",
                                       "code": "OPTIN"}]},
            "provision": {
                "type": "permit", "period": period,
                "actor": [{"role": {"coding": [{
                    "system": TERMINOLOGY + "v3-ParticipationType", "code": "IRCP"}]},
                    "reference": {"display": recipient or c.recipient_id,
                                  "identifier": {"system": MEDVAULT + "contact",
                                                 "value": c.recipient_id}}}],
                "purpose": [{"system": TERMINOLOGY + "v3-ActReason",
                             "code": _PURPOSE.get(c.purpose, "TREAT"),
                             "display": c.purpose}],
                "class": [{"system": MEDVAULT + "section", "code": s} for s in c.sections]},
        }, None)

    def read(self, resource: dict[str, Any]) -> list[NewEntry]:
        raise Unmapped(Reason.POLICY, "A consent recorded by another system does not "
                       "authorise sharing from this vault; record the patient's consent "
                       "here (Consent in the chart).")


# -- notes and documents: both are DocumentReference ------------------------------------------
NOTE_TYPE = {"system": LOINC, "code": "11506-3", "display": "Progress note"}
SOAP_URL = MEDVAULT + "soap-note"


class NoteMap(ResourceMap):
    """Signed notes as DocumentReference with the text as a text/plain attachment; the
    SOAP parts travel in an extension so MedVault reads them back as they were."""

    spec = kinds.kind("note")

    def export(self, conn: Connection, scope: ExportScope) -> Iterator[tuple[str, dict[str, Any]]]:
        where, params = scope.where()
        where += (" AND " if where else " WHERE ") + "status = 'signed'"
        sql = ("SELECT id, patient_id, encounter_id, restricted, title, subjective, objective,"
               " assessment, plan, body, signed_at, amends, code, code_system, code_text, "
               "code_display, code_more, created_at, extra FROM clinical.notes" + where
               )
        for row in conn.execute(sql, params):
            if not scope.shows(row[0], row[1], bool(row[3])):
                continue
            content = NoteContent(*row[4:10])
            code = Concept.from_values(*row[12:17])
            yield row[1], mark_restricted(
                self.to_fhir(row, content, code, json.loads(row[18] or "{}")), bool(row[3]))

    def to_fhir(self, row: Sequence[Any], content: NoteContent, code: Concept | None,
                extra: dict[str, Any]) -> dict[str, Any]:
        body = _note_text(content)
        raw = body.encode()
        parts = [{"url": f, "valueString": getattr(content, f)}
                 for f in ("title", *SOAP, "body") if getattr(content, f)]
        out: dict[str, Any] = {
            "resourceType": "DocumentReference", "id": row[0], "status": "current",
            "docStatus": "final",
            "type": codeable(code) or {"coding": [NOTE_TYPE], "text": "Note"},
            "category": [{"coding": [{"system": "http://hl7.org/fhir/us/core/CodeSystem/"
                                      "us-core-documentreference-category",
                                      "code": "clinical-note"}]}],
            "subject": reference("Patient", row[1]), "date": row[10] or row[17],
            "description": content.title or None,
            "extension": [{"url": SOAP_URL, "extension": parts}],
            "relatesTo": [{"code": "appends", "target": reference("DocumentReference",
                                                                  row[11])}]
            if row[11] else None,
            "content": [{"attachment": {
                "contentType": "text/plain; charset=utf-8",
                "data": base64.b64encode(raw).decode(), "size": len(raw),
                "hash": base64.b64encode(hashlib.sha1(raw).digest()).decode(),  # noqa: S324 - FHIR's Attachment.hash is SHA-1
                "title": content.title or None}}],
            "context": {"encounter": [reference("Encounter", row[2])]} if row[2] else None}
        out["content"][0]["attachment"] = {k: v for k, v in out["content"][0][
            "attachment"].items() if v is not None}
        return merge_extra(out, extra)


def _note_text(content: NoteContent) -> str:
    parts = [content.title] if content.title else []
    parts += [f"{f.capitalize()}: {getattr(content, f)}" for f in SOAP
              if getattr(content, f).strip()]
    if content.body.strip():
        parts.append(content.body)
    return "\n".join(parts)


class DocumentMap(ResourceMap):
    spec = kinds.kind("document")

    def export(self, conn: Connection, scope: ExportScope) -> Iterator[tuple[str, dict[str, Any]]]:
        where, params = scope.where("d.patient_id", "d.updated_at")
        sql = ("SELECT d.id, d.patient_id, d.encounter_id, d.restricted, d.title, "
               "d.description, d.content_type, d.size, d.status, d.doc_date, d.created_at, "
               "d.code, d.code_system, d.code_text, d.code_display, d.code_more, d.extra, "
               "x.data FROM clinical.documents d JOIN clinical.document_data x ON "
               "x.document_id = d.id" + where)
        for row in conn.execute(sql, params):
            if not scope.shows(row[0], row[1], bool(row[3])):
                continue
            yield row[1], mark_restricted(self.to_fhir(row), bool(row[3]))

    def to_fhir(self, row: Sequence[Any]) -> dict[str, Any]:
        data: bytes = row[17]
        code = Concept.from_values(*row[11:16])
        attachment = {"contentType": row[6], "data": base64.b64encode(data).decode(),
                      "size": row[7], "title": row[4],
                      "hash": base64.b64encode(hashlib.sha1(data).digest()).decode(),  # noqa: S324 - FHIR's Attachment.hash is SHA-1
                      "creation": row[9]}
        out = {"resourceType": "DocumentReference", "id": row[0], "status": row[8],
               "type": codeable(code), "subject": reference("Patient", row[1]),
               "date": row[10], "description": row[5],
               "content": [{"attachment": {k: v for k, v in attachment.items() if v}}],
               "context": {"encounter": [reference("Encounter", row[2])]} if row[2]
               else None}
        return merge_extra(out, json.loads(row[16] or "{}"))


def read_document_reference(resource: dict[str, Any]) -> list[NewEntry]:
    """A DocumentReference becomes a note (text) or a document (PDF, PNG, JPEG)."""
    contents = objs(resource.get("content"))
    attachment = obj(contents[0].get("attachment")) if contents else {}
    data_b64 = attachment.get("data")
    if not isinstance(data_b64, str):
        if attachment.get("url"):
            raise Unmapped(Reason.REFERENCE, "Its attachment is only a link "
                           f"({str(attachment.get('url'))[:80]}); MedVault never fetches "
                           "URLs. Download the file and import it as a document.")
        raise Unmapped(Reason.MISSING, "It has no attachment data.")
    if len(data_b64) > (MAX_DOCUMENT_BYTES * 4) // 3 + 8:
        raise Unmapped(Reason.VALUE, "Its attachment is larger than the 20 MiB document "
                       "limit.")
    try:
        raw = base64.b64decode(data_b64, validate=True)
    except (binascii.Error, ValueError):
        raise Unmapped(Reason.VALUE, "Its attachment is not valid base64.") from None
    content_type = (text(attachment.get("contentType"), 100) or "").lower()
    code = concept_of(resource.get("type"))
    title = text(attachment.get("title"), 300) or text(resource.get("description"), 300)
    restricted = is_restricted(resource)
    context = obj(resource.get("context"))
    encounters = objs(context.get("encounter"))
    encounter = ref_of(encounters[0]) if encounters else None
    if (content_type.startswith("text/") or content_type == "") and \
            sniff_content_type(raw) is None:
        return _read_note(resource, raw, title, code, restricted, encounter)
    sniffed = sniff_content_type(raw)
    if sniffed is None:
        raise Unmapped(Reason.UNSUPPORTED, f"Its attachment ({content_type or 'no type'}) "
                       "is not text, PDF, PNG or JPEG.")
    status = text(resource.get("status"), 40) or "current"
    doc = DocumentData(raw, sniffed, title or "Imported document",
                       text(resource.get("description"), 2000),
                       status if status in ("current", "superseded", "entered-in-error")
                       else "current",
                       date(attachment.get("creation") or resource.get("date"), "date"))
    return [NewEntry("documents", doc, text(resource.get("id"), 64), encounter,
                     restricted=restricted, code=code)]


def _read_note(resource: dict[str, Any], raw: bytes, title: str | None,
               code: Concept | None, restricted: bool, encounter: Ref | None
               ) -> list[NewEntry]:
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Unmapped(Reason.VALUE, "Its text attachment is not UTF-8.") from None
    parts: dict[str, str] = {}
    for ext in objs(resource.get("extension")):
        if ext.get("url") == SOAP_URL:
            for part in objs(ext.get("extension")):
                name, value = part.get("url"), part.get("valueString")
                if name in ("title", *SOAP, "body") and isinstance(value, str):
                    parts[str(name)] = value
    # Untitled, a note is named by its type ("Progress note"), as the source shows it.
    named = code.text if code is not None and code.text and code.text != "Note" else None
    content = NoteContent(**parts) if parts else NoteContent(title=title or named or "",
                                                             body=body)
    try:
        content = content.checked()
    except UsageError as exc:
        raise Unmapped(Reason.VALUE, str(exc)) from None
    if content.empty:
        raise Unmapped(Reason.MISSING, "Its text is empty.")
    if code is not None and code.coding is not None and code.coding.code == "11506-3" \
            and not code.more and code.text == "Note":
        code = None
    attachment = obj(objs(resource.get("content"))[0].get("attachment")) \
        if objs(resource.get("content")) else {}
    written = date(resource.get("date") or attachment.get("creation"), "date")
    return [NewEntry("notes", content, text(resource.get("id"), 64), encounter,
                     restricted=restricted, code=code, written_at=written)]


@dataclass
class Registry:
    """Every map, by the resource types it writes and reads."""

    maps: list[ResourceMap] = field(default_factory=list)
    _readers: dict[str, ResourceMap | None] = field(default_factory=dict, init=False,
                                                    repr=False, compare=False)

    def writers(self) -> list[ResourceMap]:
        return self.maps

    def reader(self, resource_type: str) -> ResourceMap | None:
        # Asked twice for every resource an import reads: answered from a table. The
        # maps are fixed once the registry is built (MAPS, below).
        if resource_type in self._readers:
            return self._readers[resource_type]
        found = next((m for m in self.maps if m.resource_type == resource_type
                      or resource_type in m.reads), None)
        if len(self._readers) < 1024:  # resource types come from the input: bounded
            self._readers[resource_type] = found
        return found

    def by_section(self, sections: set[str]) -> list[ResourceMap]:
        return [m for m in self.maps if m.section in sections]


MAPS = Registry([PatientMap(), EncounterMap(), ConditionMap(), MedicationMap(), AllergyMap(),
                 ImmunizationMap(), ProcedureMap(), ObservationMap(), NoteMap(), DocumentMap(),
                 ConsentMap()])
