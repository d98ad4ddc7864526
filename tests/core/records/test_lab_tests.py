"""The practice's tests (issue 12 item 5): the catalogue in the practice's units, custom
tests with LOINC, UCUM and a range, results never saved empty, BMI computed."""

from __future__ import annotations

import dataclasses

import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.records.chart import open_chart
from app.core.records.entries import add_entry
from app.core.records.lab_tests import (
    add_custom_test,
    custom_tests,
    lab_choices,
    lab_units,
    latest_bmi,
    shown_result,
)
from app.core.records.observations import Observation, record_vitals
from app.core.roles import Role
from app.core.vault_settings import save_settings, stored_settings
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in


def test_the_practice_chooses_si_or_conventional_units(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        assert lab_units(owner) == "conventional"
        glucose = next(c for c in lab_choices(owner) if c.key == "glucose")
        assert (glucose.loinc, glucose.unit) == ("2345-7", "mg/dL")
        patient = new_patient(owner)
        entry = add_entry(owner, patient, Observation(
            code=glucose.measure.concept, effective="2024-05-01T08:00:00+00:00",
            value=126, unit="mg/dL", ref_low=70, ref_high=99, category="laboratory"))
        save_settings(owner, dataclasses.replace(stored_settings(owner), lab_units="si"))
        assert lab_units(owner) == "si"
        glucose = next(c for c in lab_choices(owner) if c.key == "glucose")
        assert (glucose.loinc, glucose.unit, glucose.low) == ("14749-6", "mmol/L", 3.9)
        keys = {c.key for c in lab_choices(owner)}
        assert {"glucose", "cholesterol", "hdl", "ldl", "triglycerides", "creatinine",
                "hba1c"} <= keys
        result = shown_result(lab_units(owner), entry)
        assert result is not None and result.text() == "7.0 mmol/L"
        with pytest.raises(UsageError, match="si"):
            save_settings(owner, dataclasses.replace(stored_settings(owner),
                                                     lab_units="metric"))


def test_custom_tests_need_a_loinc_code_a_ucum_unit_and_a_range(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        test = add_custom_test(doc, "Ferritin", "2276-4", "ng/mL", 30, 400)
        assert test.custom and [c.key for c in custom_tests(doc)] == [test.key]
        assert test.key in {c.key for c in lab_choices(doc)}
        for bad in (("Ferritin", "2276-5", "ng/mL", 30, 400),   # check digit
                    ("Ferritin", "2276-4", "ng per mL", 30, 400),
                    ("Ferritin", "2276-4", "ug/L", 400, 30),
                    ("F", "2276-4", "ug/L", None, None)):
            with pytest.raises(UsageError):
                add_custom_test(doc, *bad)
        with pytest.raises(UsageError, match="exists already"):
            add_custom_test(doc, "Ferritin again", "2276-4", "ng/mL")
        logged = list(doc.audit.entries(action_prefix="labtest.create"))
        assert len(logged) == 1 and "Ferritin" not in (logged[0].detail or "")
        patient = new_patient(doc)
        # A result is never saved empty (the form's old 0.00 default was a silent value).
        with pytest.raises(UsageError, match="needs a value"):
            add_entry(doc, patient, Observation(code=test.measure.concept,
                                                effective="2024-05-01T08:00:00+00:00"))
    with signed_in(practice, Role.RECEPTION) as desk, pytest.raises(PermissionDenied):
        add_custom_test(desk, "Ferritin", "2276-4", "ng/mL")


def test_bmi_is_computed_from_the_latest_weight_and_height(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        assert latest_bmi(open_chart(doc, patient).latest_observations) is None
        record_vitals(doc, patient, "2023-01-01T09:00:00+00:00", height=170)
        record_vitals(doc, patient, "2024-01-01T09:00:00+00:00", weight=80)
        assert latest_bmi(open_chart(doc, patient).latest_observations) is not None
        record_vitals(doc, patient, "2024-06-01T09:00:00+00:00", weight=72.25)
        bmi = latest_bmi(open_chart(doc, patient).latest_observations)
        assert bmi is not None and bmi.value == 25.0  # 72.25 / 1.7²
        assert bmi.weight_taken.startswith("2024-06-01") and bmi.text() == "25.0 kg/m2"


def test_a_trend_is_drawn_in_the_practices_units(practice: PracticeVault) -> None:
    from app.core.records.lab_tests import series_in_units
    from app.core.records.observations import observation_series

    with signed_in(practice, Role.CLINICIAN) as doc:
        patient = new_patient(doc)
        glucose = next(c for c in lab_choices(doc) if c.key == "glucose")  # mg/dL
        for day, value in (("01", 126.0), ("02", 90.08)):
            add_entry(doc, patient, Observation(
                code=glucose.measure.concept, effective=f"2024-05-{day}T08:00:00+00:00",
                value=value, unit="mg/dL", ref_low=70, ref_high=99, category="laboratory"))
        series = observation_series(doc, patient, "2345-7")
    si = series_in_units(series, "si")
    assert si.unit == "mmol/L" and [round(p.value, 2) for p in si.points] == [6.99, 5.0]
    assert si.ref_low == pytest.approx(3.885, abs=0.01)
    assert series_in_units(series, "conventional") is series
