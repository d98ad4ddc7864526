""""Not recorded" is never "none": explicit statements that a patient has no known
allergies (NKA), no known drug allergies (NKDA) or takes no medications.

An empty allergy list means nobody has asked, which is dangerous to read as "no allergies".
So the absence of allergies or medications is itself an entry a clinician records, with a
date and an author, coded as the International Patient Summary does (SNOMED CT 716186003
"No known allergy" and 409137002 "No known drug allergy"; IPS absent-unknown
"no-known-medications"), so a FHIR export carries it unchanged.

`allergy_status` and `medication_status` turn a chart's entries into one statement with
words that the banner, the summary, the printout and the CLI all use. The words are marked
for translation (`QT_TR_NOOP`, as in the registry of kinds); `{date}` and `{who}` are
filled in by whoever shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.errors import UsageError
from app.core.records import clock
from app.core.records.clinical import Allergy, Medication
from app.core.records.codes import CodeSystem, Coding, Concept
from app.core.records.entries import Entry, add_entry, fetch_entries
from app.core.records.guard import patient_access
from app.core.records.kinds import QT_TR_NOOP
from app.core.roles import Operation
from app.core.session import Session

IPS_ABSENT = "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips"


@dataclass(frozen=True)
class Absence:
    key: str  # nka, nkda, no-medications
    kind: str  # the registry kind the statement is an entry of
    coding: Coding
    text: str  # the entry's readable name (stored, as clinical data is, untranslated)
    label: str  # marked: the button that records it


NKA = Absence("nka", "allergy", Coding(CodeSystem.SNOMED, "716186003", "No known allergy"),
              "No known allergies", QT_TR_NOOP("No known allergies (NKA)"))
NKDA = Absence("nkda", "allergy",
               Coding(CodeSystem.SNOMED, "409137002", "No known drug allergy"),
               "No known drug allergies", QT_TR_NOOP("No known drug allergies (NKDA)"))
NO_MEDICATIONS = Absence("no-medications", "medication",
                         Coding(IPS_ABSENT, "no-known-medications", "No known medications"),
                         "No current medications", QT_TR_NOOP("No current medications"))
ABSENCES = {a.key: a for a in (NKA, NKDA, NO_MEDICATIONS)}


def absence_of(entry: Entry[Any]) -> Absence | None:
    """The statement an entry makes, if it is one (matched by its code, not its words)."""
    concept = entry.data.code
    coding = concept.coding if concept is not None else None
    if coding is None:
        return None
    return next((a for a in ABSENCES.values()
                 if a.coding.system == coding.system and a.coding.code == coding.code), None)


def _current_allergy(entry: Entry[Any]) -> bool:
    d = entry.data
    return d.clinical_status in (None, "active") and d.verification_status not in (
        "refuted", "entered-in-error")


def _current_medication(entry: Entry[Any]) -> bool:
    return entry.data.status in ("active", "intended", "on-hold")


def _drug_allergy(entry: Entry[Any]) -> bool:
    # An allergy of no stated category may well be to a drug: it contradicts NKDA too.
    return entry.data.category in (None, "medication", "biologic")


@dataclass(frozen=True)
class ListStatus:
    """What a list says about the patient, in words every screen and paper uses."""

    state: str  # not-recorded, nka, nkda, no-medications, recorded
    words: str  # marked; may hold {date} and {who}
    date: str | None = None  # when the statement was made
    who: str | None = None  # by whom (user id; `text` puts the name in)
    warning: bool = False  # nobody has recorded anything: show as a warning

    def text(self, name_of: Callable[[str], str] = str) -> str:
        """The English words with the date and author filled in (CLI, exports)."""
        return self.words.format(date=self.date or "", who=name_of(self.who or ""))


ALLERGIES_NOT_RECORDED = QT_TR_NOOP("Allergies not yet recorded")
MEDICATIONS_NOT_RECORDED = QT_TR_NOOP("Medications not yet recorded")


def allergy_status(entries: Sequence[Entry[Any]]) -> ListStatus:
    current = [e for e in entries if _current_allergy(e)]
    real = [e for e in current if absence_of(e) is None]
    if real:
        return ListStatus("recorded", QT_TR_NOOP("Allergies recorded"))
    for absence, words in ((NKA, QT_TR_NOOP("No known allergies (recorded {date} by {who})")),
                           (NKDA, QT_TR_NOOP(
                               "No known drug allergies (recorded {date} by {who})"))):
        stated = [e for e in current if absence_of(e) is absence]
        if stated:
            newest = max(stated, key=lambda e: e.created_at)
            return ListStatus(absence.key, words, newest.created_at[:10], newest.created_by)
    return ListStatus("not-recorded", ALLERGIES_NOT_RECORDED, warning=True)


def medication_status(entries: Sequence[Entry[Any]]) -> ListStatus:
    current = [e for e in entries if _current_medication(e)]
    if any(absence_of(e) is None for e in current):
        return ListStatus("recorded", QT_TR_NOOP("Medications recorded"))
    stated = [e for e in current if absence_of(e) is NO_MEDICATIONS]
    if stated:
        newest = max(stated, key=lambda e: e.created_at)
        return ListStatus("no-medications",
                          QT_TR_NOOP("No current medications (recorded {date} by {who})"),
                          newest.created_at[:10], newest.created_by)
    if any(absence_of(e) is None for e in entries):
        # Past medications only: someone recorded the list, none is current now.
        return ListStatus("recorded", QT_TR_NOOP("No current medications in the list"))
    return ListStatus("not-recorded", MEDICATIONS_NOT_RECORDED, warning=True)


def record_absence(session: Session, patient_id: str, key: str) -> Entry[Any]:
    """Record NKA, NKDA or "no current medications" for the patient, now, by this user.
    Refused while the patient has a current entry it would contradict."""
    absence = ABSENCES.get(key)
    if absence is None:
        raise UsageError(f"Say one of: {', '.join(ABSENCES)}.")
    access = patient_access(session, Operation.CLINICAL_WRITE, patient_id, clinical=True)
    concept = Concept(absence.text, absence.coding)
    if absence.kind == "allergy":
        current = [e for e in fetch_entries(session.conn, Allergy, access).entries
                   if _current_allergy(e) and absence_of(e) is None]
        if absence is NKDA:
            current = [e for e in current if _drug_allergy(e)]
        if current:
            raise UsageError.coded("entries.current_allergy",
                                   allergy=current[0].data.code.text)
        return add_entry(session, patient_id, Allergy(
            code=concept, category="medication" if absence is NKDA else None,
            clinical_status="active", verification_status="confirmed", type=None,
            onset=clock.now_iso()[:10]))
    taking = [e for e in fetch_entries(session.conn, Medication, access).entries
              if _current_medication(e) and absence_of(e) is None]
    if taking:
        raise UsageError.coded("entries.current_medication",
                               medication=taking[0].data.code.text)
    return add_entry(session, patient_id, Medication(
        code=concept, status="active", effective_start=clock.now_iso()[:10]))
