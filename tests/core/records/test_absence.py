""""Not recorded" is never "none": NKA, NKDA and "no current medications" are entries a
clinician records, with date and author, and an empty list says it was never recorded."""

from __future__ import annotations

import pytest

from app.core.errors import UsageError
from app.core.records.absence import (
    NKA,
    absence_of,
    allergy_status,
    medication_status,
    record_absence,
)
from app.core.records.chart import open_chart
from app.core.records.clinical import Allergy, Medication
from app.core.records.codes import Concept
from app.core.records.entries import add_entry, update_entry
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in


def test_an_empty_allergy_list_is_not_recorded_and_a_warning(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        chart = open_chart(doc, patient)
    allergies, medications = allergy_status(chart.allergies), medication_status(
        chart.medications)
    assert (allergies.state, allergies.warning) == ("not-recorded", True)
    assert allergies.text() == "Allergies not yet recorded"
    assert (medications.state, medications.warning) == ("not-recorded", True)


def test_nka_is_recorded_with_date_and_author(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        entry = record_absence(doc, patient, "nka")
        me = doc.user.user_id
        chart = open_chart(doc, patient)
    assert absence_of(entry) is NKA
    assert entry.data.code.coding is not None and entry.data.code.coding.code == "716186003"
    status = allergy_status(chart.allergies)
    assert status.state == "nka" and not status.warning and status.who == me
    assert status.text({me: "Dr Who"}.get) == (
        f"No known allergies (recorded {entry.created_at[:10]} by Dr Who)")


def test_a_real_allergy_wins_over_nka_and_nka_is_refused_beside_one(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        record_absence(doc, patient, "nka")
        add_entry(doc, patient, Allergy(code=Concept.of("Penicillin"), category="medication"))
        assert allergy_status(open_chart(doc, patient).allergies).state == "recorded"
        with pytest.raises(UsageError, match="Penicillin"):
            record_absence(doc, patient, "nka")
        with pytest.raises(UsageError, match="Penicillin"):
            record_absence(doc, patient, "nkda")


def test_nkda_fits_beside_a_food_allergy(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        peanut = add_entry(doc, patient, Allergy(code=Concept.of("Peanut"), category="food"))
        record_absence(doc, patient, "nkda")
        assert allergy_status(open_chart(doc, patient).allergies).state == "recorded"
        update_entry(doc, peanut.id, Allergy(code=Concept.of("Peanut"), category="food",
                                             verification_status="entered-in-error"))
        assert allergy_status(open_chart(doc, patient).allergies).state == "nkda"


def test_no_current_medications(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        record_absence(doc, patient, "no-medications")
        status = medication_status(open_chart(doc, patient).medications)
        assert status.state == "no-medications" and "No current medications" in status.text()
        other = new_patient(doc, "Other", "Person")
        add_entry(doc, other, Medication(code=Concept.of("Ramipril"), status="active"))
        with pytest.raises(UsageError, match="Ramipril"):
            record_absence(doc, other, "no-medications")
        with pytest.raises(UsageError, match="nka"):
            record_absence(doc, other, "nothing")


def test_reception_cannot_record_absence(practice: PracticeVault) -> None:
    from app.core.errors import PermissionDenied

    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner)
    with signed_in(practice, Role.RECEPTION) as desk, pytest.raises(PermissionDenied):
        record_absence(desk, patient, "nka")
