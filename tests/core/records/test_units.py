"""Laboratory units (issue 12 item 5): conversion factors against published reference
pairs, both ways, and the checks on a custom test's LOINC code, UCUM unit and range."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import UsageError
from app.core.records.units import (
    LAB_TESTS,
    check_loinc,
    check_range,
    check_ucum,
    lab_test_for,
    loinc_check_digit,
    shown,
)

# (test, conventional value, SI value, tolerance in SI units): pairs as published in
# clinical conversion tables (ADA for HbA1c and glucose thresholds; NCEP ATP III for the
# lipid cut-offs; KDIGO creatinine, 1 mg/dL = 88.4 µmol/L).
REFERENCE_PAIRS = [
    ("glucose", 100, 5.55, 0.01),    # fasting upper limit
    ("glucose", 126, 7.0, 0.01),     # diabetes threshold, fasting
    ("glucose", 200, 11.1, 0.01),    # diabetes threshold, 2 h / random
    ("cholesterol", 200, 5.17, 0.01),
    ("cholesterol", 240, 6.21, 0.01),
    ("hdl", 40, 1.03, 0.01),
    ("hdl", 60, 1.55, 0.01),
    ("ldl", 100, 2.59, 0.01),
    ("ldl", 160, 4.14, 0.01),
    ("triglycerides", 150, 1.69, 0.01),
    ("triglycerides", 200, 2.26, 0.01),
    ("creatinine", 1.0, 88.4, 0.1),
    ("creatinine", 0.7, 61.9, 0.1),
    ("hba1c", 5.7, 39, 0.5),         # prediabetes, % NGSP vs mmol/mol IFCC
    ("hba1c", 6.5, 48, 0.5),         # diabetes threshold
    ("hba1c", 7.0, 53, 0.5),
    ("hba1c", 8.0, 64, 0.5),
    ("hba1c", 10.0, 86, 0.5),
]


@pytest.mark.parametrize(("key", "conventional", "si", "tolerance"), REFERENCE_PAIRS)
def test_factors_match_published_reference_values(key: str, conventional: float,
                                                  si: float, tolerance: float) -> None:
    test = LAB_TESTS[key]
    assert test.convert(conventional, test.conventional.unit, "si") == \
        pytest.approx(si, abs=tolerance)
    # And back, within the rounding of the published SI figure.
    back = test.convert(si, test.si.unit, "conventional")
    assert back == pytest.approx(conventional, rel=0.01, abs=0.15)


def test_every_test_is_covered_by_reference_pairs() -> None:
    assert {k for k, *_ in REFERENCE_PAIRS} == set(LAB_TESTS) == {
        "glucose", "cholesterol", "hdl", "ldl", "triglycerides", "creatinine", "hba1c"}


@given(st.sampled_from(sorted(LAB_TESTS)), st.floats(0.01, 1000))
def test_conversion_round_trips(key: str, value: float) -> None:
    test = LAB_TESTS[key]
    si = test.convert(value, test.conventional.unit, "si")
    assert test.convert(si, test.si.unit, "conventional") == pytest.approx(value)


def test_results_are_shown_in_the_practices_units_whatever_they_were_reported_in() -> None:
    # A glucose reported in mg/dL under its mass LOINC code, read by an SI practice.
    result = shown("2345-7", 126, "mg/dL", 70, 99, "si")
    assert result is not None and result.unit == "mmol/L" and result.converted
    assert result.text() == "7.0 mmol/L"
    assert result.low == pytest.approx(3.885, abs=0.01)
    # The same test reported in mmol/L under its substance code, read in mg/dL.
    result = shown("14749-6", 7.0, "mmol/l", None, None, "conventional")
    assert result is not None and result.text() == "126 mg/dL"
    assert (result.low, result.high) == (70, 99), "the test's own range where none came"
    hba1c = shown("4548-4", 6.5, "%", None, None, "si")
    assert hba1c is not None and hba1c.text() == "48 mmol/mol"
    creatinine = shown("14682-9", 88.4, "µmol/L", None, None, "conventional")
    assert creatinine is not None and creatinine.text() == "1.00 mg/dL"
    assert shown("2345-7", 126, "mg/dL", None, None, "conventional").converted is False  # type: ignore[union-attr]
    # Never guessed: another test, or a unit the test is not reported in.
    assert shown("718-7", 13.5, "g/dL", None, None, "si") is None
    assert shown("2345-7", 126, "g/L", None, None, "si") is None
    assert lab_test_for(None) is None


def test_each_tests_loinc_codes_have_valid_check_digits() -> None:
    for test in LAB_TESTS.values():
        for unit in (test.conventional, test.si):
            assert check_loinc(unit.loinc) == unit.loinc


def test_custom_test_inputs_are_checked() -> None:
    assert loinc_check_digit("2345") == 7 and loinc_check_digit("4548") == 4
    assert check_loinc(" 2093-3 ") == "2093-3"
    for bad in ("2345-8", "2345", "ABC-1", "12345678-0", ""):
        with pytest.raises(UsageError):
            check_loinc(bad)
    assert check_ucum("10*3/uL") == "10*3/uL" and check_ucum("[IU]/L") == "[IU]/L"
    for bad in ("mg per dL", "", "x" * 31, "mg/dL;DROP", "furlongs", "mmHg"):
        with pytest.raises(UsageError):
            check_ucum(bad)
    assert check_range(3.5, 5.1) == (3.5, 5.1) and check_range(None, 7) == (None, 7)
    for low, high in ((5, 5), (6, 2), (float("nan"), 1)):
        with pytest.raises(UsageError):
            check_range(low, high)
