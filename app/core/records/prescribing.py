"""Safety checks when a medication is recorded: allergies and duplicate therapy.

Before a medication is added, the patient's current allergies are compared with it by
substance and by drug class (a penicillin allergy against amoxicillin), using the curated
table in `app/core/data/drug_classes.json` (WHO ATC classes, RxNorm ingredient codes and a
source for every entry; extend the file, not this code). A current medication of the same
substance is a duplicate. Each finding is a `Warning` with a stable code; the medication
is added only when the caller passes every code as acknowledged, and the acknowledgement
is stored with the medication (`extra["acknowledged"]`) and named in the audit entry.

Codes are matched first (RxNorm, ATC), then folded names, so "Amoxicillin 500 mg
capsule" is amoxicillin. The table is read once and bounded: it ships with the program.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from app.core.errors import UsageError
from app.core.records.absence import absence_of
from app.core.records.clinical import Allergy, Medication
from app.core.records.codes import CodeSystem, Concept
from app.core.records.entries import Entry, add_entry, fetch_entries
from app.core.records.guard import patient_access
from app.core.records.normalise import fold
from app.core.roles import Operation
from app.core.session import Session

ATC_SYSTEM = "http://www.whocc.no/atc"


@dataclass(frozen=True)
class Member:
    name: str
    atc: str
    rxnorm: str | None
    aliases: tuple[str, ...]
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        return (fold(self.name), *(fold(a) for a in self.aliases))


@dataclass(frozen=True)
class DrugClass:
    id: str
    name: str
    atc: str
    aliases: tuple[str, ...]
    source: str
    members: tuple[Member, ...]
    related: tuple[tuple[str, str], ...]  # (class id, note): cross-reactivity to mention


@dataclass(frozen=True)
class Warning:
    code: str  # stable: "allergy:<allergy entry id>" or "duplicate:<medication entry id>"
    kind: str  # allergy, cross-reactivity, duplicate
    message: str  # English; the GUI shows it as core wrote it (clinical, like the data)
    entry_id: str  # the allergy or medication it is about


class NeedsAcknowledgement(UsageError):
    """Warnings the person must read and acknowledge before the medication is added."""

    def __init__(self, warnings: list[Warning]) -> None:
        self.warnings = warnings
        super().__init__(" ".join(w.message for w in warnings))


@functools.cache
def drug_classes() -> tuple[DrugClass, ...]:
    text = resources.files("app.core").joinpath("data/drug_classes.json").read_text("utf-8")
    return tuple(_drug_class(c) for c in json.loads(text)["classes"])


def _drug_class(data: dict[str, Any]) -> DrugClass:
    return DrugClass(
        data["id"], data["name"], data["atc"], tuple(data.get("aliases", ())),
        data["source"],
        tuple(Member(m["name"], m["atc"], m.get("rxnorm"), tuple(m.get("aliases", ())),
                     m["source"]) for m in data["members"]),
        tuple((r["class"], r["note"]) for r in data.get("related", ())))


def _codes(concept: Concept | None) -> set[tuple[str, str]]:
    return {(c.system, c.code) for c in concept.codings} if concept else set()


def _words(concept: Concept | None) -> str:
    return fold(concept.text) if concept else ""


def _names_in(text: str, names: Iterable[str]) -> bool:
    """A name as whole words of the text: "amoxicillin 500 mg" has amoxicillin."""
    padded = f" {text.replace('/', ' ').replace('-', ' ')} "
    return any(f" {n.replace('/', ' ').replace('-', ' ')} " in padded for n in names if n)


def substances(concept: Concept | None) -> set[Member]:
    """The table's substances a coded or named medication (or allergen) is."""
    codes, text = _codes(concept), _words(concept)
    found = set()
    for drug_class in drug_classes():
        for member in drug_class.members:
            if ((CodeSystem.RXNORM.value, member.rxnorm or "") in codes
                    or (ATC_SYSTEM, member.atc) in codes or _names_in(text, member.names)):
                found.add(member)
    return found


def classes_of(concept: Concept | None) -> set[str]:
    """Class ids an allergen names (a class, "sulfa", or one of its members)."""
    codes, text = _codes(concept), _words(concept)
    found = set()
    for drug_class in drug_classes():
        if ((ATC_SYSTEM, drug_class.atc) in codes
                or _names_in(text, [fold(a) for a in (drug_class.name, *drug_class.aliases)])
                or substances(concept) & set(drug_class.members)):
            found.add(drug_class.id)
    return found


def _class_of(member: Member) -> DrugClass:
    return next(c for c in drug_classes() if member in c.members)


def check_medication(allergies: Iterable[Entry[Allergy]],
                     medications: Iterable[Entry[Medication]],
                     medication: Medication) -> list[Warning]:
    """What to warn about before recording `medication` beside these entries."""
    warnings: list[Warning] = []
    given = substances(medication.code)
    given_classes = {_class_of(m).id: m for m in given}
    by_id = {c.id: c for c in drug_classes()}
    for allergy in allergies:
        d = allergy.data
        if (absence_of(allergy) is not None or d.clinical_status not in (None, "active")
                or d.verification_status in ("refuted", "entered-in-error")):
            continue
        same = given & substances(d.code)
        if same or _same_name(d.code, medication.code):
            name = sorted(m.name for m in same)[0] if same else medication.code.text
            warnings.append(Warning(f"allergy:{allergy.id}", "allergy",
                                    f"Allergy to {d.code.text}: {medication.code.text} is "
                                    f"{name}.", allergy.id))
            continue
        hit = set(given_classes) & classes_of(d.code)
        if hit:
            drug_class = by_id[sorted(hit)[0]]
            member = given_classes[drug_class.id]
            warnings.append(Warning(f"allergy:{allergy.id}", "allergy",
                                    f"Allergy to {d.code.text}: {medication.code.text} "
                                    f"({member.name}) is one of the {drug_class.name.lower()}"
                                    f" ({drug_class.atc}).", allergy.id))
            continue
        for class_id in classes_of(d.code):
            for related, note in by_id[class_id].related:
                if related in given_classes:
                    warnings.append(Warning(f"allergy:{allergy.id}", "cross-reactivity",
                                            f"Allergy to {d.code.text}: {note}", allergy.id))
    for existing in medications:
        e = existing.data
        if absence_of(existing) is not None or e.status not in ("active", "intended",
                                                                 "on-hold"):
            continue
        if (given & substances(e.code)) or _same_name(e.code, medication.code):
            warnings.append(Warning(f"duplicate:{existing.id}", "duplicate",
                                    f"{e.code.text} is already a current medication: the "
                                    "same substance twice.", existing.id))
    return warnings


def _same_name(a: Concept | None, b: Concept | None) -> bool:
    return bool(a and b and (_codes(a) & _codes(b) or _words(a) == _words(b)))


def prescribe(session: Session, patient_id: str, medication: Medication, *,
              acknowledged: Collection[str] = (), restricted: bool = False
              ) -> Entry[Medication]:
    """Add a medication after the checks: raises NeedsAcknowledgement with every warning
    not yet acknowledged; with all acknowledged, stores them with the medication."""
    access = patient_access(session, Operation.CLINICAL_WRITE, patient_id, clinical=True)
    allergies = fetch_entries(session.conn, Allergy, access).entries
    current = fetch_entries(session.conn, Medication, access).entries
    warnings = check_medication(allergies, current, medication)
    missing = [w for w in warnings if w.code not in set(acknowledged)]
    if missing:
        session.record("medication.warned", patient_id=patient_id,
                       detail={"warnings": [w.code for w in missing]})
        raise NeedsAcknowledgement(missing)
    if not warnings:
        return add_entry(session, patient_id, medication, restricted=restricted)
    medication = dataclasses.replace(medication, extra={
        **medication.extra, "acknowledged": [
            {"code": w.code, "kind": w.kind, "by": session.user.user_id} for w in warnings]})
    with session.transaction():
        entry = add_entry(session, patient_id, medication, restricted=restricted)
        session.record("medication.acknowledged", patient_id=patient_id, target=entry.id,
                       detail={"warnings": [w.code for w in warnings]})
    return entry
