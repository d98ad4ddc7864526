"""Duplicate patients are stopped before they are made: same MRN, or the same birth date
and the same names once accents and case are set aside."""

from __future__ import annotations

import json

import pytest

from app.core.errors import UsageError
from app.core.records.patients import PatientInput, PossibleDuplicate, add_patient
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import signed_in


def _zoe(**fields: object) -> PatientInput:
    values: dict[str, object] = {"family": "García", "given": "Zoë Marie",
                                 "birth_date": "1968-03-14", "mrn": "M-100"}
    values.update(fields)
    return PatientInput(**values)  # type: ignore[arg-type]


def test_folded_name_and_birth_date_stop_the_second_record(practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        zoe = add_patient(desk, _zoe())
        with pytest.raises(PossibleDuplicate) as stopped:
            add_patient(desk, PatientInput(family="Garcia", given="Zoe",
                                           birth_date="14.03.1968"))
        assert [c.id for c in stopped.value.candidates] == [zoe.id]
        assert "García, Zoë Marie" in str(stopped.value)
        for other in (PatientInput(family="Garcia", given="Zoe", birth_date="1968-03-15"),
                      PatientInput(family="Garcia", given="Ana", birth_date="1968-03-14"),
                      PatientInput(family="Garcias", given="Zoe", birth_date="1968-03-14")):
            assert add_patient(desk, other).id  # not the same person: no question
        entries = list(desk.audit.entries(action_prefix="patient.duplicate.stopped"))
    assert len(entries) == 1 and json.loads(entries[0].detail) == {"candidates": [zoe.id]}
    assert entries[0].patient_id is None  # the stop names ids only, in its detail


def test_confirmed_different_person_is_added_and_the_confirmation_audited(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        zoe = add_patient(desk, _zoe())
        twin = add_patient(desk, PatientInput(family="GARCIA", given="zoe",
                                              birth_date="1968-03-14"), not_a_duplicate=True)
        created = list(desk.audit.entries(action_prefix="patient.create"))[-1]
    assert created.target == twin.id
    assert json.loads(created.detail)["not_a_duplicate_of"] == [zoe.id]


def test_same_mrn_is_always_stopped(practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        zoe = add_patient(desk, _zoe())
        with pytest.raises(PossibleDuplicate) as stopped:
            add_patient(desk, PatientInput(family="Other", given="Person", mrn="m-100"))
        assert [c.id for c in stopped.value.candidates] == [zoe.id]
        with pytest.raises(UsageError):  # an MRN names one person: no "add anyway"
            add_patient(desk, PatientInput(family="Other", given="Person", mrn="M-100"),
                        not_a_duplicate=True)


def test_a_restricted_candidate_shows_its_name_only(practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        add_patient(desk, _zoe(restricted=True))
        with pytest.raises(PossibleDuplicate) as stopped:
            add_patient(desk, PatientInput(family="Garcia", given="Zoe",
                                           birth_date="1968-03-14"))
    (candidate,) = stopped.value.candidates
    assert candidate.masked and candidate.birth_date is None and candidate.mrn is None


def test_locale_dates_are_accepted_and_slashes_refused(practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        assert add_patient(desk, PatientInput(family="Dot", given="Ted",
                                              birth_date="4.7.1976")).birth_date == "1976-07-04"
        with pytest.raises(UsageError, match=r"DD\.MM\.YYYY"):
            add_patient(desk, PatientInput(family="Slash", given="Ted",
                                           birth_date="04/07/1976"))
