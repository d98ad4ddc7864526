"""Laboratory units: SI (mmol/L, µmol/L, mmol/mol) or conventional (mg/dL, %).

A practice reads results in the units it is used to (a vault setting, `lab_units`); a
result is stored as it was entered (its value, UCUM unit and LOINC code, as the lab
reported it) and shown converted. The factors:

- glucose: 1 mmol/L = 18.016 mg/dL (molar mass of glucose, 180.16 g/mol);
- total, HDL and LDL cholesterol: 1 mmol/L = 38.67 mg/dL (386.65 g/mol);
- triglycerides: 1 mmol/L = 88.57 mg/dL (as triolein, 885.7 g/mol);
- creatinine: 1 mg/dL = 88.42 µmol/L (113.12 g/mol); its SI unit is µmol/L;
- HbA1c: the IFCC–NGSP master equation, NGSP % = 0.09148 × IFCC mmol/mol + 2.152
  (Hoelzel et al., Clin Chem 2004; 50:166–174), so 6.5 % = 48 mmol/mol.

Each test has a LOINC code per unit kind (mass or substance concentration: 2345-7 glucose
mg/dL, 14749-6 glucose mmol/L, ...); a result filed under either code is recognised and
converted. Factors are checked against published reference pairs in
tests/core/records/test_units.py.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app.core.errors import UsageError
from app.core.records.ucum import is_ucum

UnitSystem = Literal["si", "conventional"]
UNIT_SYSTEMS: tuple[UnitSystem, ...] = ("conventional", "si")


@dataclass(frozen=True)
class Unit:
    """One way of reporting a test: its LOINC code, UCUM unit, range and precision."""

    loinc: str
    unit: str  # UCUM
    low: float | None
    high: float | None
    decimals: int


@dataclass(frozen=True)
class LabTest:
    key: str
    name: str
    conventional: Unit
    si: Unit
    to_si: Callable[[float], float]
    to_conventional: Callable[[float], float]

    def unit(self, system: UnitSystem) -> Unit:
        return self.si if system == "si" else self.conventional

    def convert(self, value: float, from_unit: str, system: UnitSystem) -> float:
        """`value` (reported in `from_unit`, either of this test's units) in `system`."""
        target = self.unit(system)
        if _same_unit(from_unit, target.unit):
            return value
        if _same_unit(from_unit, self.si.unit):
            return self.to_conventional(value)
        if _same_unit(from_unit, self.conventional.unit):
            return self.to_si(value)
        raise UsageError(f"{self.name} is reported in {self.conventional.unit} or "
                         f"{self.si.unit}, not {from_unit}.")


def _factor(per_si: float) -> tuple[Callable[[float], float], Callable[[float], float]]:
    """(to SI, to conventional) for a test where 1 SI unit = `per_si` conventional units."""
    return (lambda v: v / per_si), (lambda v: v * per_si)


def _hba1c_to_ifcc(ngsp: float) -> float:
    return (ngsp - 2.152) / 0.09148


def _hba1c_to_ngsp(ifcc: float) -> float:
    return 0.09148 * ifcc + 2.152


_GLUCOSE = _factor(18.016)
_CHOLESTEROL = _factor(38.67)
_TRIGLYCERIDES = _factor(88.57)
_CREATININE = ((lambda v: v * 88.42), (lambda v: v / 88.42))

LAB_TESTS: dict[str, LabTest] = {t.key: t for t in (
    LabTest("glucose", "Glucose",
            Unit("2345-7", "mg/dL", 70, 99, 0), Unit("14749-6", "mmol/L", 3.9, 5.5, 1),
            *_GLUCOSE),
    LabTest("cholesterol", "Cholesterol, total",
            Unit("2093-3", "mg/dL", None, 200, 0), Unit("14647-2", "mmol/L", None, 5.2, 2),
            *_CHOLESTEROL),
    LabTest("hdl", "HDL cholesterol",
            Unit("2085-9", "mg/dL", 40, None, 0), Unit("14646-4", "mmol/L", 1.0, None, 2),
            *_CHOLESTEROL),
    LabTest("ldl", "LDL cholesterol (calculated)",
            Unit("13457-7", "mg/dL", None, 100, 0), Unit("39469-2", "mmol/L", None, 2.6, 2),
            *_CHOLESTEROL),
    LabTest("triglycerides", "Triglycerides",
            Unit("2571-8", "mg/dL", None, 150, 0), Unit("14927-8", "mmol/L", None, 1.7, 2),
            *_TRIGLYCERIDES),
    LabTest("creatinine", "Creatinine",
            Unit("2160-0", "mg/dL", 0.6, 1.3, 2), Unit("14682-9", "umol/L", 53, 115, 0),
            *_CREATININE),
    LabTest("hba1c", "Hemoglobin A1c",
            Unit("4548-4", "%", 4.0, 5.6, 1), Unit("59261-8", "mmol/mol", 20, 38, 0),
            _hba1c_to_ifcc, _hba1c_to_ngsp),
)}
_BY_LOINC = {u.loinc: t for t in LAB_TESTS.values() for u in (t.conventional, t.si)}


def _same_unit(a: str, b: str) -> bool:
    # UCUM is case-sensitive in general, but labs write mg/dl and mmol/l; these units do
    # not collide when folded.
    # casefold turns the micro sign into a Greek mu; both are written "u" in UCUM.
    return a.strip().casefold().replace("\u03bc", "u") == b.casefold()


def lab_test_for(loinc: str | None) -> LabTest | None:
    """The convertible test a LOINC code reports, in either unit."""
    return _BY_LOINC.get(loinc or "")


@dataclass(frozen=True)
class Shown:
    """A result as the practice reads it."""

    value: float
    unit: str
    low: float | None
    high: float | None
    decimals: int
    converted: bool  # not the unit it was reported in

    def text(self) -> str:
        return f"{self.value:.{self.decimals}f} {self.unit}"


def shown(loinc: str | None, value: float, unit: str | None, low: float | None,
          high: float | None, system: UnitSystem) -> Shown | None:
    """A stored result in the practice's units, or None when it is not a convertible test
    (or its unit is not one of the test's: shown as reported, never guessed)."""
    test = lab_test_for(loinc)
    if test is None or unit is None:
        return None
    target = test.unit(system)
    try:
        converted = test.convert(value, unit, system)
        low = test.convert(low, unit, system) if low is not None else target.low
        high = test.convert(high, unit, system) if high is not None else target.high
    except UsageError:
        return None
    return Shown(converted, target.unit, low, high, target.decimals,
                 not _same_unit(unit, target.unit))


# -- custom tests --------------------------------------------------------------------------
_LOINC = re.compile(r"^(\d{1,7})-(\d)$")
# A typed unit is at most 30 characters (the message says so); whether it is UCUM at all
# is ucum.is_ucum's rule, the same one the FHIR import trusts.
_UCUM_TYPED_MAX = 30


def check_loinc(code: str) -> str:
    """A LOINC code with a correct check digit (LOINC's mod-10 algorithm), or UsageError."""
    text = code.strip()
    match = _LOINC.match(text)
    if match is None:
        raise UsageError.coded("entries.loinc_shape", loinc=repr(code))
    number, check = match.groups()
    if loinc_check_digit(number) != int(check):
        raise UsageError.coded("entries.loinc_check_digit", loinc=text,
                               expected=f"{number}-{loinc_check_digit(number)}")
    return text


def loinc_check_digit(number: str) -> int:
    """Mod-10 (Luhn) over the digits, doubling from the rightmost, as LOINC defines it."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit = digit // 10 + digit % 10
        total += digit
    return (10 - total % 10) % 10


def check_ucum(unit: str) -> str:
    """A typed UCUM unit (a custom test's), stripped, or UsageError: valid UCUM under
    is_ucum, so a unit typed here and one imported from FHIR pass the same rule."""
    text = unit.strip()
    if len(text) > _UCUM_TYPED_MAX or not is_ucum(text):
        raise UsageError.coded("entries.ucum_shape", unit=repr(unit))
    return text


def check_range(low: float | None, high: float | None) -> tuple[float | None, float | None]:
    for bound in (low, high):
        if bound is not None and not math.isfinite(bound):
            raise UsageError.coded("ranges.not_number")
    if low is not None and high is not None and low >= high:
        raise UsageError.coded("ranges.order")
    return low, high


# -- body mass index -------------------------------------------------------------------------
WEIGHT_LOINC, HEIGHT_LOINC, BMI_LOINC = "29463-7", "8302-2", "39156-5"
_KG = {"kg": 1.0, "g": 0.001, "[lb_av]": 0.45359237}
_M = {"cm": 0.01, "m": 1.0, "[in_i]": 0.0254}


@dataclass(frozen=True)
class Bmi:
    """BMI computed from a weight and a height, with where they came from."""

    value: float  # kg/m2
    weight_kg: float
    height_m: float
    weight_taken: str
    height_taken: str

    def text(self) -> str:
        return f"{self.value:.1f} kg/m2"


def bmi(weight: float | None, weight_unit: str | None, weight_taken: str,
        height: float | None, height_unit: str | None, height_taken: str) -> Bmi | None:
    """weight (kg) / height (m)²; None when either is missing, in an unknown unit, or
    outside what a person measures (a mistyped height must not give a BMI of 900)."""
    if weight is None or height is None:
        return None
    kg = _KG.get((weight_unit or "kg").strip())
    metres = _M.get((height_unit or "cm").strip())
    if kg is None or metres is None:
        return None
    weight_kg, height_m = weight * kg, height * metres
    if not (0.2 <= weight_kg <= 700 and 0.2 <= height_m <= 2.8):
        return None
    return Bmi(round(weight_kg / height_m ** 2, 1), weight_kg, height_m, weight_taken,
               height_taken)
