"""The structured clinical entry kinds, shaped after FHIR R4 resources.

Status and category values are FHIR's own codes, so an export writes them unchanged:
Encounter, Condition, MedicationStatement, AllergyIntolerance and Immunization. Store and
read them with the functions in `entries.py` (`add_entry`, `list_entries`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from app.core.records.codes import Concept
from app.core.records.entries import EntryData

SEVERITIES = frozenset({"mild", "moderate", "severe"})


@dataclass(frozen=True, kw_only=True)
class Encounter(EntryData):
    """FHIR Encounter; `code` is the encounter type, `class_code` the v3 ActCode class."""

    TABLE: ClassVar[str] = "encounters"
    KIND: ClassVar[str] = "encounter"
    ORDER: ClassVar[str] = "period_start DESC, created_at DESC"
    CHOICES: ClassVar[dict[str, frozenset[str]]] = {
        "status": frozenset({"planned", "arrived", "triaged", "in-progress", "onleave",
                             "finished", "cancelled", "entered-in-error", "unknown"}),
        "class_code": frozenset({"AMB", "EMER", "FLD", "HH", "IMP", "ACUTE", "NONAC",
                                 "OBSENC", "PRENC", "SS", "VR"}),
    }
    MOMENTS: ClassVar[tuple[str, ...]] = ("period_start", "period_end")

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

    TABLE: ClassVar[str] = "conditions"
    KIND: ClassVar[str] = "condition"
    ORDER: ClassVar[str] = "clinical_status, created_at DESC"
    CHOICES: ClassVar[dict[str, frozenset[str]]] = {
        "clinical_status": frozenset({"active", "recurrence", "relapse", "inactive",
                                      "remission", "resolved"}),
        "verification_status": frozenset({"unconfirmed", "provisional", "differential",
                                          "confirmed", "refuted", "entered-in-error"}),
        "category": frozenset({"problem-list-item", "encounter-diagnosis"}),
        "severity": SEVERITIES,
    }
    DATES: ClassVar[tuple[str, ...]] = ("onset", "abatement", "recorded_date")

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

    TABLE: ClassVar[str] = "medications"
    KIND: ClassVar[str] = "medication"
    ORDER: ClassVar[str] = "status, effective_start DESC, created_at DESC"
    CHOICES: ClassVar[dict[str, frozenset[str]]] = {
        "status": frozenset({"active", "completed", "entered-in-error", "intended", "stopped",
                             "on-hold", "unknown", "not-taken"}),
    }
    DATES: ClassVar[tuple[str, ...]] = ("effective_start", "effective_end")

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

    TABLE: ClassVar[str] = "allergies"
    KIND: ClassVar[str] = "allergy"
    ORDER: ClassVar[str] = "criticality = 'high' DESC, created_at DESC"
    CONCEPTS: ClassVar[tuple[str, ...]] = ("code", "reaction")
    CHOICES: ClassVar[dict[str, frozenset[str]]] = {
        "clinical_status": frozenset({"active", "inactive", "resolved"}),
        "verification_status": frozenset({"unconfirmed", "presumed", "confirmed", "refuted",
                                          "entered-in-error"}),
        "type": frozenset({"allergy", "intolerance"}),
        "category": frozenset({"food", "medication", "environment", "biologic"}),
        "criticality": frozenset({"low", "high", "unable-to-assess"}),
        "severity": SEVERITIES,
    }
    DATES: ClassVar[tuple[str, ...]] = ("onset",)

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

    TABLE: ClassVar[str] = "immunizations"
    KIND: ClassVar[str] = "immunization"
    ORDER: ClassVar[str] = "occurrence DESC, created_at DESC"
    CHOICES: ClassVar[dict[str, frozenset[str]]] = {
        "status": frozenset({"completed", "entered-in-error", "not-done"}),
    }
    DATES: ClassVar[tuple[str, ...]] = ("occurrence",)

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
