"""The registry of clinical entry kinds: each kind of entry is described once, here.

A `Kind` says where a kind is stored (its clinical table), what FHIR R4 resource it is,
which consent section covers it, which icon and words the GUI shows, and, field by field,
how it is entered (widget, FHIR value set, code systems) and where it goes in its FHIR
resource. Everything that used to list the kinds by hand derives from `KINDS`:

- guard tables (`guard.CLINICAL_TABLES`), restriction of entries, erasure's deletes;
- access-report wording, consent sections;
- the chart snapshot's entry lists and the demo fill's counts;
- the GUI's chart sections, their tables and add/edit forms, and the timeline;
- the FHIR mapping (`Field.fhir`, `Kind.fhir_resource`).

So a new kind touches its definition (a `Kind` here and its `EntryData` dataclass, whose
`SPEC` points here), a schema migration, an icon and translations. `tests/core/records/
test_kinds.py` checks that every kind is wired into every derived place.

Words are English and marked with `QT_TR_NOOP`, a no-op defined below (core stays Qt-free),
so lupdate files them in the unnamed context and the GUI translates them where it shows
them. The access report, which core writes for the patient, uses `noun`, untranslated.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.records.codes import CodeSystem

if TYPE_CHECKING:
    from app.core.records.entries import EntryData


def QT_TR_NOOP(text: str) -> str:
    """Mark `text` for translation (lupdate, unnamed context); the GUI translates it."""
    return text


# -- FHIR R4 value sets the kinds use (required bindings, in the order they are offered) ----
SEVERITY = ("mild", "moderate", "severe")
CONDITION_CLINICAL = ("active", "recurrence", "relapse", "inactive", "remission", "resolved")
CONDITION_VERIFICATION = ("unconfirmed", "provisional", "differential", "confirmed",
                          "refuted", "entered-in-error")
CONDITION_CATEGORY = ("problem-list-item", "encounter-diagnosis")
MEDICATION_STATUS = ("active", "completed", "intended", "stopped", "on-hold", "unknown",
                     "not-taken", "entered-in-error")
ALLERGY_CLINICAL = ("active", "inactive", "resolved")
ALLERGY_VERIFICATION = ("unconfirmed", "presumed", "confirmed", "refuted", "entered-in-error")
ALLERGY_TYPE = ("allergy", "intolerance")
ALLERGY_CATEGORY = ("food", "medication", "environment", "biologic")
ALLERGY_CRITICALITY = ("low", "high", "unable-to-assess")
IMMUNIZATION_STATUS = ("completed", "not-done", "entered-in-error")
ENCOUNTER_STATUS = ("planned", "arrived", "triaged", "in-progress", "onleave", "finished",
                    "cancelled", "entered-in-error", "unknown")
ENCOUNTER_CLASS = ("AMB", "EMER", "FLD", "HH", "IMP", "ACUTE", "NONAC", "OBSENC", "PRENC",
                   "SS", "VR")
OBSERVATION_STATUS = ("registered", "preliminary", "final", "amended", "corrected",
                      "cancelled", "entered-in-error", "unknown")
OBSERVATION_CATEGORY = ("vital-signs", "laboratory", "social-history", "imaging", "survey",
                        "exam", "therapy", "activity", "procedure")
OBSERVATION_INTERPRETATION = ("L", "H", "LL", "HH", "N", "A")  # v3 ObservationInterpretation
PROCEDURE_STATUS = ("completed", "in-progress", "preparation", "on-hold", "stopped",
                    "not-done", "unknown", "entered-in-error")

#: Every FHIR code the kinds offer (and a few the GUI shows beside them: consent sections
#: and purposes, sexes, document statuses) as people read them, marked for translation.
#: The GUI's `choice_text` falls back to the code itself, capitalised.
CODE_WORDS: Mapping[str, str] = {
    "active": QT_TR_NOOP("Active"),
    "recurrence": QT_TR_NOOP("Recurrence"),
    "relapse": QT_TR_NOOP("Relapse"),
    "inactive": QT_TR_NOOP("Inactive"),
    "remission": QT_TR_NOOP("Remission"),
    "resolved": QT_TR_NOOP("Resolved"),
    "unconfirmed": QT_TR_NOOP("Unconfirmed"),
    "provisional": QT_TR_NOOP("Provisional"),
    "differential": QT_TR_NOOP("Differential"),
    "confirmed": QT_TR_NOOP("Confirmed"),
    "refuted": QT_TR_NOOP("Refuted"),
    "entered-in-error": QT_TR_NOOP("Entered in error"),
    "mild": QT_TR_NOOP("Mild"),
    "moderate": QT_TR_NOOP("Moderate"),
    "severe": QT_TR_NOOP("Severe"),
    "completed": QT_TR_NOOP("Completed"),
    "intended": QT_TR_NOOP("Intended"),
    "stopped": QT_TR_NOOP("Stopped"),
    "on-hold": QT_TR_NOOP("On hold"),
    "unknown": QT_TR_NOOP("Unknown"),
    "not-taken": QT_TR_NOOP("Not taken"),
    "low": QT_TR_NOOP("Low"),
    "high": QT_TR_NOOP("High"),
    "unable-to-assess": QT_TR_NOOP("Unable to assess"),
    "food": QT_TR_NOOP("Food"),
    "medication": QT_TR_NOOP("Medication"),
    "environment": QT_TR_NOOP("Environment"),
    "biologic": QT_TR_NOOP("Biologic"),
    "allergy": QT_TR_NOOP("Allergy"),
    "intolerance": QT_TR_NOOP("Intolerance"),
    "presumed": QT_TR_NOOP("Presumed"),
    "not-done": QT_TR_NOOP("Not done"),
    "in-progress": QT_TR_NOOP("In progress"),
    "preparation": QT_TR_NOOP("Preparation"),
    "current": QT_TR_NOOP("Current"),
    "superseded": QT_TR_NOOP("Superseded"),
    "all": QT_TR_NOOP("All"),
    "demographics": QT_TR_NOOP("Demographics"),
    "encounters": QT_TR_NOOP("Encounters"),
    "conditions": QT_TR_NOOP("Conditions"),
    "medications": QT_TR_NOOP("Medications"),
    "allergies": QT_TR_NOOP("Allergies"),
    "immunizations": QT_TR_NOOP("Immunizations"),
    "procedures": QT_TR_NOOP("Procedures"),
    "observations": QT_TR_NOOP("Observations"),
    "notes": QT_TR_NOOP("Notes"),
    "documents": QT_TR_NOOP("Documents"),
    "treatment": QT_TR_NOOP("Treatment"),
    "referral": QT_TR_NOOP("Referral"),
    "payment": QT_TR_NOOP("Payment"),
    "research": QT_TR_NOOP("Research"),
    "patient-request": QT_TR_NOOP("Patient's own request"),
    "public-health": QT_TR_NOOP("Public health"),
    "legal": QT_TR_NOOP("Legal"),
    "male": QT_TR_NOOP("Male"),
    "female": QT_TR_NOOP("Female"),
    "other": QT_TR_NOOP("Other"),
}



# Code systems of the FHIR elements that are CodeableConcepts over a value set of FHIR's own.
_TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/"


@dataclass(frozen=True)
class Field:
    """One field of a kind: a column of its table and an element of its FHIR resource."""

    name: str  # the dataclass field and table column (a concept X is five columns X_*)
    label: str  # marked with QT_TR_NOOP; the GUI translates it
    fhir: str  # R4 element path inside the kind's resource, e.g. "reaction.severity"
    fhir_type: str  # the R4 data type: code, CodeableConcept, dateTime, string, ...
    widget: str = "text"  # text, long, choice, date, moment, int, number, concept
    choices: tuple[str, ...] = ()  # a FHIR value set: the only codes core accepts
    fhir_system: str | None = None  # the system of `choices` where the element is coded
    systems: tuple[CodeSystem, ...] = ()  # code systems a concept is offered in
    hint: str = ""  # marked placeholder text
    column: str | None = None  # marked header when the chart's table shows it ("" = label)
    form: bool = True  # offered in the chart's add/edit form
    optional_choice: bool = True  # the form offers "no value" for a choice


@dataclass(frozen=True)
class Kind:
    """One kind of clinical entry; see the module docstring for what derives from it."""

    name: str  # "condition": audit actions are "<name>.create", "<name>.read", ...
    table: str  # its table in the clinical compartment
    fhir_resource: str  # the R4 resource it maps to
    section: str  # consent section, and the key of its list in chart JSON
    noun: str  # English, for the access report: "added an entry (<noun>)"
    icon: str  # an icon in resources/icons (app.ui.icons.ICON_NAMES)
    title: str  # marked: the chart's section list and the section's heading
    fields: tuple[Field, ...] = ()
    heading: str = ""  # marked, when the section's heading differs from its title
    add_text: str = ""  # marked: the Add button of its chart section
    empty_text: str = ""  # marked: shown when nothing is recorded
    event: str = ""  # marked "...: {name}", its line on the timeline
    when: tuple[str, ...] = ()  # fields (or created_at) dating it on the timeline: first set
    event_detail: str = ""  # the field shown beside its timeline line
    chart_key: str = ""  # the GUI's chart section key, when it differs from `section`
    listed: bool = False  # the chart snapshot lists its entries (Chart.entries)
    form: bool = False  # the chart shows a table with add/edit forms built from `fields`
    emphasis: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (field, values) shown bold
    codes_column: bool = False  # the chart's table shows the entry's codes too
    erase_first: tuple[tuple[str, str], ...] = ()  # (label, SQL) rows removed before its own
    wording: Mapping[str, str] = field(default_factory=dict)  # access report: action → words
    # Where its FHIR resource says "entered-in-error" (an entry marked so, in_error.py),
    # and the elements FHIR forbids beside it (con-5, ait-2: no clinicalStatus).
    error_element: str = "status"
    error_clears: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.chart_key or self.section

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")

    @property
    def choices(self) -> dict[str, frozenset[str]]:
        """The FHIR value set of every coded field, as `EntryData.checked` enforces them."""
        return {f.name: frozenset(f.choices) for f in self.fields if f.choices}

    @property
    def columns(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.column is not None)

    @property
    def data(self) -> type[EntryData] | None:
        """The kind's EntryData dataclass; None for notes and documents (own modules)."""
        if self.name not in _DATA:
            for module in _DATA_MODULES:
                importlib.import_module(module)
        return _DATA.get(self.name)

    def describe(self, action: str) -> str | None:
        """Plain words for an audit action of this kind, for the patient's access report."""
        verb = action.removeprefix(self.name + ".")
        if verb == action:
            return None
        if verb in self.wording:
            return self.wording[verb]
        generic = {"create": "added an entry", "update": "changed an entry",
                   "read": "viewed an entry", "list": "viewed entries",
                   "restrict": "changed restriction of an entry",
                   "error": "marked an entry as entered in error"}.get(verb)
        return f"{generic} ({self.noun})" if generic else None


def _note(fhir: str = "note") -> Field:
    return Field("note", QT_TR_NOOP("Note"), fhir, "Annotation", "long")


_CONDITION = Kind(
    name="condition", table="conditions", fhir_resource="Condition", section="conditions",
    chart_key="problems", noun="problem", icon="problem", title=QT_TR_NOOP("Problems"),
    add_text=QT_TR_NOOP("&Add problem…"), empty_text=QT_TR_NOOP("No problems recorded."),
    event=QT_TR_NOOP("Problem: {name}"), when=("onset", "recorded_date", "created_at"),
    event_detail="clinical_status",
    listed=True, form=True, codes_column=True,
    emphasis=(("clinical_status", ("active", "recurrence", "relapse")),),
    error_element="verificationStatus", error_clears=("clinicalStatus",),
    fields=(
        Field("code", QT_TR_NOOP("Problem"), "code", "CodeableConcept", "concept",
              systems=(CodeSystem.SNOMED, CodeSystem.ICD10), column=""),
        Field("clinical_status", QT_TR_NOOP("Status"), "clinicalStatus", "CodeableConcept",
              "choice", CONDITION_CLINICAL, _TERMINOLOGY + "condition-clinical", column=""),
        Field("verification_status", QT_TR_NOOP("Verification"), "verificationStatus",
              "CodeableConcept", "choice", CONDITION_VERIFICATION,
              _TERMINOLOGY + "condition-ver-status"),
        Field("category", QT_TR_NOOP("Category"), "category", "CodeableConcept", "choice",
              CONDITION_CATEGORY, _TERMINOLOGY + "condition-category", form=False),
        Field("severity", QT_TR_NOOP("Severity"), "severity", "CodeableConcept", "choice",
              SEVERITY),
        Field("onset", QT_TR_NOOP("Onset"), "onsetDateTime", "dateTime", "date", column=""),
        Field("abatement", QT_TR_NOOP("Resolved"), "abatementDateTime", "dateTime", "date"),
        Field("recorded_date", QT_TR_NOOP("Recorded"), "recordedDate", "dateTime", "date",
              form=False),
        _note(),
    ))

_MEDICATION = Kind(
    name="medication", table="medications", fhir_resource="MedicationStatement",
    section="medications", noun="medication", icon="medication",
    title=QT_TR_NOOP("Medications"), add_text=QT_TR_NOOP("&Add medication…"),
    empty_text=QT_TR_NOOP("Medications not yet recorded: record them, or that there are "
                          "none."), listed=True, form=True,
    emphasis=(("status", ("active",)),),
    fields=(
        Field("code", QT_TR_NOOP("Medication"), "medicationCodeableConcept",
              "CodeableConcept", "concept", systems=(CodeSystem.RXNORM, CodeSystem.SNOMED),
              column=""),
        Field("dosage_text", QT_TR_NOOP("Dosage"), "dosage.text", "string",
              hint=QT_TR_NOOP("e.g. 500 mg twice daily with food"), column=""),
        Field("dose_value", QT_TR_NOOP("Dose"), "dosage.doseAndRate.doseQuantity.value",
              "decimal", "number", form=False),
        Field("dose_unit", QT_TR_NOOP("Dose unit"), "dosage.doseAndRate.doseQuantity.unit",
              "string", form=False),
        Field("route", QT_TR_NOOP("Route"), "dosage.route", "CodeableConcept",
              hint=QT_TR_NOOP("e.g. oral")),
        Field("status", QT_TR_NOOP("Status"), "status", "code", "choice", MEDICATION_STATUS,
              optional_choice=False, column=""),
        Field("effective_start", QT_TR_NOOP("Started"), "effectivePeriod.start", "dateTime",
              "date", column=QT_TR_NOOP("Since")),
        Field("effective_end", QT_TR_NOOP("Stopped"), "effectivePeriod.end", "dateTime",
              "date"),
        Field("reason_text", QT_TR_NOOP("Reason"), "reasonCode.text", "string", column=""),
        _note(),
    ))

_ALLERGY = Kind(
    name="allergy", table="allergies", fhir_resource="AllergyIntolerance",
    section="allergies", noun="allergy", icon="allergy", title=QT_TR_NOOP("Allergies"),
    heading=QT_TR_NOOP("Allergies and intolerances"), add_text=QT_TR_NOOP("&Add allergy…"),
    empty_text=QT_TR_NOOP("Allergies not yet recorded: record them, or that none are known."),
    event=QT_TR_NOOP("Allergy: {name}"), when=("onset", "created_at"), event_detail="reaction",
    listed=True, form=True,
    emphasis=(("criticality", ("high",)), ("severity", ("severe",))),
    error_element="verificationStatus", error_clears=("clinicalStatus",),
    fields=(
        Field("code", QT_TR_NOOP("Substance"), "code", "CodeableConcept", "concept",
              systems=(CodeSystem.SNOMED, CodeSystem.RXNORM), column=""),
        Field("reaction", QT_TR_NOOP("Reaction"), "reaction.manifestation",
              "CodeableConcept", "concept", systems=(CodeSystem.SNOMED,), column=""),
        Field("severity", QT_TR_NOOP("Severity"), "reaction.severity", "code", "choice",
              SEVERITY, column=""),
        Field("criticality", QT_TR_NOOP("Criticality"), "criticality", "code", "choice",
              ALLERGY_CRITICALITY, column=""),
        Field("category", QT_TR_NOOP("Category"), "category", "code", "choice",
              ALLERGY_CATEGORY),
        Field("type", QT_TR_NOOP("Type"), "type", "code", "choice", ALLERGY_TYPE),
        Field("clinical_status", QT_TR_NOOP("Status"), "clinicalStatus", "CodeableConcept",
              "choice", ALLERGY_CLINICAL, _TERMINOLOGY + "allergyintolerance-clinical",
              column=""),
        Field("verification_status", QT_TR_NOOP("Verification"), "verificationStatus",
              "CodeableConcept", "choice", ALLERGY_VERIFICATION,
              _TERMINOLOGY + "allergyintolerance-verification"),
        Field("onset", QT_TR_NOOP("Onset"), "onsetDateTime", "dateTime", "date"),
        _note(),
    ))

_IMMUNIZATION = Kind(
    name="immunization", table="immunizations", fhir_resource="Immunization",
    section="immunizations", noun="immunization", icon="immunization",
    title=QT_TR_NOOP("Immunizations"), add_text=QT_TR_NOOP("&Add immunization…"),
    empty_text=QT_TR_NOOP("No immunizations recorded."),
    event=QT_TR_NOOP("Immunization: {name}"), when=("occurrence",), listed=True, form=True,
    fields=(
        Field("code", QT_TR_NOOP("Vaccine"), "vaccineCode", "CodeableConcept", "concept",
              systems=(CodeSystem.CVX, CodeSystem.SNOMED), column=""),
        Field("occurrence", QT_TR_NOOP("Given on"), "occurrenceDateTime", "dateTime", "date",
              column=QT_TR_NOOP("Date")),
        Field("dose_number", QT_TR_NOOP("Dose number"),
              "protocolApplied.doseNumberPositiveInt", "positiveInt", "int",
              column=QT_TR_NOOP("Dose")),
        Field("lot_number", QT_TR_NOOP("Lot number"), "lotNumber", "string",
              column=QT_TR_NOOP("Lot")),
        Field("site", QT_TR_NOOP("Site"), "site.text", "CodeableConcept",
              hint=QT_TR_NOOP("e.g. left deltoid")),
        Field("route", QT_TR_NOOP("Route"), "route.text", "CodeableConcept",
              hint=QT_TR_NOOP("e.g. intramuscular")),
        Field("performer", QT_TR_NOOP("Given by"), "performer.actor.display", "Reference"),
        Field("status", QT_TR_NOOP("Status"), "status", "code", "choice",
              IMMUNIZATION_STATUS, optional_choice=False, column=""),
        _note(),
    ))

_PROCEDURE = Kind(
    name="procedure", table="procedures", fhir_resource="Procedure", section="procedures",
    noun="procedure", icon="procedure", title=QT_TR_NOOP("Procedures"),
    add_text=QT_TR_NOOP("&Add procedure…"), empty_text=QT_TR_NOOP("No procedures recorded."),
    event=QT_TR_NOOP("Procedure: {name}"), when=("performed",), event_detail="body_site",
    listed=True, form=True,
    fields=(
        Field("code", QT_TR_NOOP("Procedure"), "code", "CodeableConcept", "concept",
              systems=(CodeSystem.SNOMED, CodeSystem.CPT), column=""),
        Field("performed", QT_TR_NOOP("Performed on"), "performedDateTime", "dateTime",
              "date", column=QT_TR_NOOP("Date")),
        Field("status", QT_TR_NOOP("Status"), "status", "code", "choice", PROCEDURE_STATUS,
              optional_choice=False, column=""),
        Field("body_site", QT_TR_NOOP("Body site"), "bodySite", "CodeableConcept",
              "concept", systems=(CodeSystem.SNOMED,), column=""),
        _note(),
    ))

_ENCOUNTER = Kind(
    name="encounter", table="encounters", fhir_resource="Encounter", section="encounters",
    noun="visit", icon="patient", title=QT_TR_NOOP("Encounters"), listed=True,
    fields=(
        Field("code", QT_TR_NOOP("Type"), "type", "CodeableConcept", "concept"),
        Field("status", QT_TR_NOOP("Status"), "status", "code", "choice", ENCOUNTER_STATUS),
        Field("class_code", QT_TR_NOOP("Class"), "class", "Coding", "choice",
              ENCOUNTER_CLASS, _TERMINOLOGY + "v3-ActCode"),
        Field("period_start", QT_TR_NOOP("Started"), "period.start", "dateTime", "moment"),
        Field("period_end", QT_TR_NOOP("Ended"), "period.end", "dateTime", "moment"),
        Field("practitioner_id", QT_TR_NOOP("Practitioner"), "participant.individual",
              "Reference"),
        Field("location", QT_TR_NOOP("Location"), "location.location.display", "Reference"),
        Field("reason_text", QT_TR_NOOP("Reason"), "reasonCode.text", "string"),
    ))

_OBSERVATION = Kind(
    name="observation", table="observations", fhir_resource="Observation",
    section="observations", noun="observation", icon="chart",
    title=QT_TR_NOOP("Observations"),
    wording={"create": "recorded measurements or results",
             "list": "viewed measurements or results",
             "series": "viewed a trend of measurements"},
    fields=(
        Field("code", QT_TR_NOOP("Test"), "code", "CodeableConcept", "concept",
              systems=(CodeSystem.LOINC,)),
        Field("effective", QT_TR_NOOP("Taken"), "effectiveDateTime", "dateTime", "moment"),
        Field("value", QT_TR_NOOP("Value"), "valueQuantity.value", "decimal", "number"),
        Field("value_text", QT_TR_NOOP("Result"), "valueString", "string"),
        Field("unit", QT_TR_NOOP("Unit"), "valueQuantity.unit", "string"),
        Field("ref_low", QT_TR_NOOP("Reference low"), "referenceRange.low.value", "decimal",
              "number"),
        Field("ref_high", QT_TR_NOOP("Reference high"), "referenceRange.high.value",
              "decimal", "number"),
        Field("interpretation", QT_TR_NOOP("Interpretation"), "interpretation",
              "CodeableConcept", "choice", OBSERVATION_INTERPRETATION,
              _TERMINOLOGY + "v3-ObservationInterpretation"),
        Field("status", QT_TR_NOOP("Status"), "status", "code", "choice",
              OBSERVATION_STATUS),
        Field("category", QT_TR_NOOP("Category"), "category", "CodeableConcept", "choice",
              OBSERVATION_CATEGORY, _TERMINOLOGY + "observation-category"),
        Field("group_id", QT_TR_NOOP("Panel"), "component",
              "BackboneElement"),
        _note(),
    ))

# Notes and documents have behaviour of their own (signing, blobs) in their own modules;
# they are kinds here for the guard, erasure, consent and the access report.
_NOTE = Kind(
    name="note", table="notes", fhir_resource="DocumentReference", section="notes",
    noun="note", icon="note", title=QT_TR_NOOP("Notes"),
    # Amendments point at the notes they amend.
    erase_first=(("amendments", "DELETE FROM clinical.notes WHERE patient_id = ? "
                                "AND amends IS NOT NULL"),),
    wording={"create": "wrote a note", "read": "read a note", "list": "listed notes",
             "sign": "signed a note", "amend": "amended a note",
             "history": "read a note's history", "draft.save": "saved a draft note",
             "draft.discard": "discarded a draft note",
             "restrict": "changed restriction of a note"})

_DOCUMENT = Kind(
    name="document", table="documents", fhir_resource="DocumentReference",
    section="documents", noun="document", icon="document", title=QT_TR_NOOP("Documents"),
    erase_first=(("document_data", "DELETE FROM clinical.document_data WHERE document_id IN "
                                   "(SELECT id FROM clinical.documents WHERE patient_id = ?)"),),
    wording={"create": "added a document", "read": "viewed a document's details",
             "open": "opened a document", "list": "listed documents",
             "status": "changed a document's status",
             "restrict": "changed restriction of a document"})

#: Every kind, parents first: encounters before what may point at them. Erasure deletes
#: in the reverse order. The chart lists its sections in this order.
KINDS: tuple[Kind, ...] = (_ENCOUNTER, _NOTE, _CONDITION, _MEDICATION, _ALLERGY,
                           _IMMUNIZATION, _PROCEDURE, _OBSERVATION, _DOCUMENT)
BY_NAME: Mapping[str, Kind] = {k.name: k for k in KINDS}

# The modules defining EntryData dataclasses; each class registers itself (SPEC).
_DATA_MODULES = ("app.core.records.clinical", "app.core.records.observations")
_DATA: dict[str, type[EntryData]] = {}


def kind(name: str) -> Kind:
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no clinical entry kind {name!r}") from None


def register(spec: Kind, data: type[EntryData]) -> None:
    """Called by `EntryData.__init_subclass__` for each dataclass naming a SPEC."""
    if spec.name in _DATA and _DATA[spec.name] is not data:
        raise TypeError(f"two dataclasses for the kind {spec.name!r}")
    _DATA[spec.name] = data


def listed() -> tuple[Kind, ...]:
    """The kinds the chart snapshot lists entry by entry."""
    return tuple(k for k in KINDS if k.listed)


def with_forms() -> tuple[Kind, ...]:
    """The kinds the chart shows as a table with add and edit forms."""
    return tuple(k for k in KINDS if k.form)


def consent_sections() -> tuple[str, ...]:
    return tuple(k.section for k in KINDS)


def describe(action: str) -> str | None:
    """Access-report words for a kind's audit action, or None for other actions."""
    name = action.split(".", 1)[0]
    spec = BY_NAME.get(name)
    return spec.describe(action) if spec is not None else None
