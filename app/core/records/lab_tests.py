"""The tests a practice records results for: the built-in catalogue in the practice's
units (`units.py`, the vault setting `lab_units`), and custom tests that clinicians add
with a LOINC code, a UCUM unit and a reference range.

Custom tests are kept in the clinical file (`lab_tests`): what a practice measures is
clinical knowledge, and only those who record results need them. Adding one is a clinical
write, audited with its LOINC code (a code, not patient data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.records import clock
from app.core.records.catalog import LABS, VITALS, Measure
from app.core.records.entries import Entry
from app.core.records.guard import need_clinical_key
from app.core.records.observations import Observation, ObservationSeries
from app.core.records.units import (
    HEIGHT_LOINC,
    LAB_TESTS,
    WEIGHT_LOINC,
    Bmi,
    Shown,
    UnitSystem,
    bmi,
    check_loinc,
    check_range,
    check_ucum,
    lab_test_for,
    shown,
)
from app.core.roles import Operation
from app.core.session import Session

MAX_CUSTOM_TESTS = 500


@dataclass(frozen=True)
class LabChoice:
    """A test the result form offers: what is stored with a result of it."""

    key: str
    name: str
    loinc: str
    unit: str
    low: float | None
    high: float | None
    category: str
    custom: bool = False

    @property
    def measure(self) -> Measure:
        return Measure(self.key, self.loinc, self.name, self.unit, self.low, self.high,
                       self.category)


def lab_units(session: Session) -> UnitSystem:
    from app.core.vault_settings import current_settings

    return "si" if current_settings(session).lab_units == "si" else "conventional"


def lab_choices(session: Session) -> list[LabChoice]:
    """The built-in labs in the practice's units, the vitals, then the custom tests."""
    system = lab_units(session)
    out: list[LabChoice] = []
    for m in LABS.values():
        convertible = LAB_TESTS.get(m.key)
        if convertible is not None:
            u = convertible.unit(system)
            out.append(LabChoice(m.key, m.name, u.loinc, u.unit, u.low, u.high, m.category))
        else:
            out.append(LabChoice(m.key, m.name, m.loinc, m.unit, m.low, m.high, m.category))
    for key, test in LAB_TESTS.items():  # tests not in the catalogue (triglycerides)
        if key not in LABS:
            u = test.unit(system)
            out.append(LabChoice(key, test.name, u.loinc, u.unit, u.low, u.high,
                                  "laboratory"))
    out += [LabChoice(m.key, m.name, m.loinc, m.unit, m.low, m.high, m.category)
            for m in VITALS.values()]
    return out + custom_tests(session)


def custom_tests(session: Session) -> list[LabChoice]:
    session.require(Operation.CLINICAL_READ)
    need_clinical_key(session, Operation.CLINICAL_READ)
    rows = session.conn.execute(
        "SELECT id, name, loinc, unit, ref_low, ref_high FROM clinical.lab_tests "
        "ORDER BY name COLLATE NOCASE, id").fetchall()
    return [LabChoice(r[0], r[1], r[2], r[3], r[4], r[5], "laboratory", custom=True)
            for r in rows]


def add_custom_test(session: Session, name: str, loinc: str, unit: str,
                    low: float | None = None, high: float | None = None) -> LabChoice:
    session.require(Operation.CLINICAL_WRITE)
    need_clinical_key(session, Operation.CLINICAL_WRITE)
    name = " ".join(name.split())
    if not 2 <= len(name) <= 120:
        raise UsageError("Give the test a name of 2 to 120 characters.")
    loinc, unit = check_loinc(loinc), check_ucum(unit)
    low, high = check_range(low, high)
    conn = session.conn
    if conn.execute("SELECT count(*) FROM clinical.lab_tests").fetchone()[0] >= \
            MAX_CUSTOM_TESTS:
        raise UsageError(f"A vault keeps at most {MAX_CUSTOM_TESTS} custom tests.")
    if conn.execute("SELECT 1 FROM clinical.lab_tests WHERE loinc = ? AND unit = ?",
                    (loinc, unit)).fetchone():
        raise UsageError(f"A custom test with LOINC {loinc} in {unit} exists already.")
    test_id, now = new_id(), clock.now_iso()
    with session.transaction() as conn:
        conn.execute("INSERT INTO clinical.lab_tests (id, name, loinc, unit, ref_low, "
                     "ref_high, created_by, created_at) VALUES (?,?,?,?,?,?,?,?)",
                     (test_id, name, loinc, unit, low, high, session.user.user_id, now))
        session.record("labtest.create", target=test_id,
                       detail={"loinc": loinc, "unit": unit})
    return LabChoice(test_id, name, loinc, unit, low, high, "laboratory", custom=True)


def latest_bmi(latest: Sequence[Entry[Observation]]) -> Bmi | None:
    """BMI from the newest weight and the newest height among a chart's latest values (a
    height rarely changes, so an older one still counts)."""
    by_code = {e.data.code.coding.code: e for e in latest
               if e.data.code.coding is not None and e.data.value is not None}
    weight, height = by_code.get(WEIGHT_LOINC), by_code.get(HEIGHT_LOINC)
    if weight is None or height is None:
        return None
    return bmi(weight.data.value, weight.data.unit, weight.data.effective,
               height.data.value, height.data.unit, height.data.effective)


def shown_result(session_units: UnitSystem, entry: Entry[Observation]) -> Shown | None:
    """A result in the practice's units (None: show it as reported)."""
    d = entry.data
    if d.value is None:
        return None
    coding = d.code.coding
    return shown(coding.code if coding else None, d.value, d.unit, d.ref_low, d.ref_high,
                 session_units)


def series_in_units(series: ObservationSeries, system: UnitSystem) -> ObservationSeries:
    """A trend in the practice's units (values and range), or unchanged when its test is
    not convertible or its unit is not one of the test's (never guessed)."""
    first = shown(series.code, 0.0, series.unit, series.ref_low, series.ref_high, system)
    if first is None or not first.converted:
        return series
    test = lab_test_for(series.code)
    assert test is not None and series.unit is not None
    points = [replace(p, value=test.convert(p.value, series.unit, system))
              for p in series.points]
    return replace(series, unit=first.unit, ref_low=first.low, ref_high=first.high,
                   points=points)
