"""Recording a medication checks allergies by substance and by class, and duplicates,
against the curated table in app/core/data/drug_classes.json."""

from __future__ import annotations

import json

import pytest

from app.core.records.clinical import Allergy, Medication
from app.core.records.codes import CodeSystem, Concept
from app.core.records.entries import Entry, list_entries
from app.core.records.prescribing import (
    ATC_SYSTEM,
    NeedsAcknowledgement,
    check_medication,
    drug_classes,
    prescribe,
)
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in

REQUIRED = {"penicillins", "cephalosporins", "sulfonamides", "nsaids", "opioids", "macrolides",
            "ace-inhibitors"}
# A drug outside the class and anything it cross-reacts with: the negative case.
UNRELATED = {"penicillins": "azithromycin", "cephalosporins": "ibuprofen",
             "sulfonamides": "amoxicillin", "nsaids": "morphine", "opioids": "naproxen",
             "macrolides": "lisinopril", "ace-inhibitors": "erythromycin"}


def _entry(data: object, entry_id: str = "e1") -> Entry[object]:
    return Entry(entry_id, "p", None, False, "2026-01-01T00:00:00.000+00:00", "u",
                 "2026-01-01T00:00:00.000+00:00", "u", data)


def _allergy(text: str, **fields: object) -> Entry[Allergy]:
    return _entry(Allergy(code=Concept.of(text), **fields))  # type: ignore[arg-type,return-value]


def _medication(text: str, **fields: object) -> Medication:
    return Medication(code=Concept.of(text), **fields)  # type: ignore[arg-type]


def test_the_table_covers_the_classes_and_names_a_source_for_every_entry() -> None:
    classes = {c.id: c for c in drug_classes()}
    assert set(classes) >= REQUIRED
    for drug_class in classes.values():
        assert drug_class.source and drug_class.atc and drug_class.members
        for member in drug_class.members:
            assert member.source and member.atc.startswith(member.atc[:1])
            assert len(member.atc) == 7, member  # an ATC substance code: A00AA00
            assert member.rxnorm is None or member.rxnorm.isdigit()


@pytest.mark.parametrize("class_id", sorted(REQUIRED))
def test_each_class_warns_for_its_members_and_not_for_others(class_id: str) -> None:
    drug_class = next(c for c in drug_classes() if c.id == class_id)
    allergy = _allergy(drug_class.aliases[0].capitalize())
    for member in drug_class.members:
        found = check_medication([allergy], [], _medication(f"{member.name.capitalize()} "
                                                            "500 mg tablet"))
        assert [w.kind for w in found] == ["allergy"], (class_id, member.name)
        assert drug_class.name.lower() in found[0].message
    negative = check_medication([allergy], [], _medication(UNRELATED[class_id]))
    assert negative == [], (class_id, negative)


def test_substance_and_code_matches() -> None:
    coded = Medication(code=Concept.of("Amoxil", CodeSystem.RXNORM, "723"))
    found = check_medication([_allergy("Amoxicillin")], [], coded)
    assert [w.kind for w in found] == ["allergy"] and "amoxicillin" in found[0].message
    by_atc = _entry(Allergy(code=Concept.of("Beta-lactam antibiotics", ATC_SYSTEM, "J01C")))
    assert check_medication([by_atc], [], _medication("Ampicillin"))  # type: ignore[list-item]
    assert check_medication([_allergy("Sulfa drugs")], [], _medication(
        "Sulfamethoxazole/trimethoprim 800/160 mg"))
    assert check_medication([_allergy("Aspirin")], [], _medication("Ibuprofen")) != []


def test_cross_reactivity_is_a_caution_and_inactive_allergies_are_ignored() -> None:
    found = check_medication([_allergy("Penicillin")], [], _medication("Cefalexin"))
    assert [w.kind for w in found] == ["cross-reactivity"]
    for fields in ({"clinical_status": "resolved"}, {"verification_status": "refuted"},
                   {"verification_status": "entered-in-error"}):
        assert check_medication([_allergy("Penicillin", **fields)], [],
                                _medication("Amoxicillin")) == []


def test_duplicate_active_medication_of_the_same_substance() -> None:
    current = _entry(_medication("Amoxicillin 250 mg", status="active"), "m1")
    found = check_medication([], [current], _medication("Amoxicillin 500 mg capsule"))  # type: ignore[list-item]
    assert [(w.kind, w.code) for w in found] == [("duplicate", "duplicate:m1")]
    stopped = _entry(_medication("Amoxicillin 250 mg", status="stopped"), "m2")
    assert check_medication([], [stopped], _medication("Amoxicillin")) == []  # type: ignore[list-item]
    other = _entry(_medication("Ramipril 5 mg", status="active"), "m3")
    assert check_medication([], [other], _medication("Amoxicillin")) == []  # type: ignore[list-item]


def test_prescribe_stops_until_acknowledged_and_records_the_acknowledgement(
        practice: PracticeVault) -> None:
    from app.core.records.entries import add_entry

    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        allergy = add_entry(doc, patient, Allergy(code=Concept.of("Penicillin"),
                                                  category="medication"))
        with pytest.raises(NeedsAcknowledgement) as stopped:
            prescribe(doc, patient, _medication("Amoxicillin 500 mg"))
        assert [w.code for w in stopped.value.warnings] == [f"allergy:{allergy.id}"]
        assert list_entries(doc, Medication, patient).entries == []
        entry = prescribe(doc, patient, _medication("Amoxicillin 500 mg"),
                          acknowledged=[w.code for w in stopped.value.warnings])
        assert entry.data.extra["acknowledged"] == [
            {"code": f"allergy:{allergy.id}", "kind": "allergy", "by": doc.user.user_id}]
        stored = list_entries(doc, Medication, patient).entries[0]
        assert stored.data.extra["acknowledged"][0]["code"] == f"allergy:{allergy.id}"
        plain = prescribe(doc, patient, _medication("Ramipril 5 mg"))  # nothing to warn
        assert "acknowledged" not in plain.data.extra
        actions = [(e.action, json.loads(e.detail)) for e in
                   doc.audit.entries(action_prefix="medication.")]
    assert ("medication.warned", {"warnings": [f"allergy:{allergy.id}"]}) in actions
    assert ("medication.acknowledged", {"warnings": [f"allergy:{allergy.id}"]}) in actions
