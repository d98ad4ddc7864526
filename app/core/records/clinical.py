"""The structured clinical entry kinds' content, shaped after FHIR R4 resources.

Each dataclass is the typed content of one kind in the registry (`kinds.py`, its `SPEC`),
which holds the table, the FHIR value sets `EntryData.checked` enforces, the FHIR element
of every field and the words the GUI shows. Status and category values are FHIR's own
codes, so an export writes them unchanged: Encounter, Condition, MedicationStatement,
AllergyIntolerance, Immunization and Procedure. Store and read them with the functions in
`entries.py` (`add_entry`, `list_entries`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from app.core.records import kinds
from app.core.records.codes import Concept
from app.core.records.entries import EntryData
from app.core.records.kinds import Kind


@dataclass(frozen=True, kw_only=True)
class Encounter(EntryData):
    """FHIR Encounter; `code` is the encounter type, `class_code` the v3 ActCode class."""

    SPEC: ClassVar[Kind] = kinds.kind("encounter")
    ORDER: ClassVar[str] = "period_start DESC, created_at DESC"

    code: Concept | None = None
    status: str = "finished"
    class_code: str = "AMB"
    period_start: str | None = None
    period_end: str | None = None
    practitioner_id: str | None = None
    location: str | None = None
    reason_text: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, kw_only=True)
class Condition(EntryData):
    """FHIR Condition: a problem-list item or an encounter diagnosis."""

    SPEC: ClassVar[Kind] = kinds.kind("condition")
    ORDER: ClassVar[str] = "clinical_status, created_at DESC"

    code: Concept
    clinical_status: str | None = "active"
    verification_status: str | None = "confirmed"
    category: str = "problem-list-item"
    severity: str | None = None
    onset: str | None = None
    abatement: str | None = None
    recorded_date: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, kw_only=True)
class Medication(EntryData):
    """FHIR MedicationStatement; `code` is the medication (RxNorm where known)."""

    SPEC: ClassVar[Kind] = kinds.kind("medication")
    ORDER: ClassVar[str] = "status, effective_start DESC, created_at DESC"

    code: Concept
    status: str = "active"
    dosage_text: str | None = None
    dose_value: float | None = None
    dose_unit: str | None = None
    route: str | None = None
    effective_start: str | None = None
    effective_end: str | None = None
    reason_text: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, kw_only=True)
class Allergy(EntryData):
    """FHIR AllergyIntolerance with its (first) reaction: what happened, how severe."""

    SPEC: ClassVar[Kind] = kinds.kind("allergy")
    ORDER: ClassVar[str] = "criticality = 'high' DESC, created_at DESC"

    code: Concept
    clinical_status: str | None = "active"
    verification_status: str | None = "confirmed"
    type: str | None = "allergy"
    category: str | None = None
    criticality: str | None = None
    reaction: Concept | None = None
    severity: str | None = None
    onset: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, kw_only=True)
class Immunization(EntryData):
    """FHIR Immunization; `code` is the vaccine (CVX or SNOMED CT)."""

    SPEC: ClassVar[Kind] = kinds.kind("immunization")
    ORDER: ClassVar[str] = "occurrence DESC, created_at DESC"

    code: Concept
    status: str = "completed"
    occurrence: str | None = None
    lot_number: str | None = None
    site: str | None = None
    route: str | None = None
    dose_number: int | None = None
    performer: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, kw_only=True)
class Procedure(EntryData):
    """FHIR Procedure; `code` is the procedure (SNOMED CT or CPT), `body_site` optional."""

    SPEC: ClassVar[Kind] = kinds.kind("procedure")
    ORDER: ClassVar[str] = "performed DESC, created_at DESC"

    code: Concept
    status: str = "completed"
    performed: str | None = None
    body_site: Concept | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)
