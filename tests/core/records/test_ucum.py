"""The UCUM validator: real clinical units pass, look-alikes and junk do not, and no
text makes it raise."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.records.catalog import LABS, VITALS
from app.core.records.ucum import MAX_LENGTH, is_atom, is_ucum

VALID = [
    "mg/dL", "mmol/L", "mm[Hg]", "/min", "kg/m2", "10*3/uL", "10*9/L", "10*12/L", "%",
    "[in_i]", "[lb_av]", "Cel", "[degF]", "mL/min/{1.73_m2}", "{beats}/min", "ug/dL",
    "[IU]/L", "g/dL", "fL", "pg", "U/L", "meq/L", "mosm/kg", "1/min", "kg.m-2", "m[IU]/L",
    "cm[H2O]", "{score}", "kg", "cm", "m", "g", "s", "/[HPF]", "/[LPF]", "[arb'U]/mL",
    "[USP'U]", "[iU]/mL", "mg/dl", "mmol/l", "10^3", "/100{WBCs}", "(kg.m)/s2",
    "mmol/mol", "umol/L", "ng/mL", "pmol/L", "nmol/L", "[pH]", "[drp]/min", "[CFU]/mL",
    "1", "mL/(24.h)", "s-1", "m+2", "mL/min", "L/min", "kPa", "bar", "mbar", "kcal",
    "kcal/d", "[oz_av]", "[ft_i]", "[ppm]", "[ppb]", "mg/kg/d", "ug/kg/min", "wk", "mo",
    "a", "h", "d", "min", "t", "mL/kg", "Bq", "MBq", "mGy", "mSv", "kat/L", "ukat/L",
    "mU/mL", "N", "Pa", "J", "kJ", "W", "A", "V", "Ohm", "S", "Hz", "K", "mol", "cd",
    "osm", "mosm/L", "eq", "{cells}/uL", "{copies}/mL", "10*6/mL", "g/(8.h)",
    "mg/(24.h)", "mm/h", "deg", "[degF]", "[in_i'Hg]", "dB", "B[SPL]", "dm2", "dag",
    "10*-3", "{ratio}", "{titer}", "[beth'U]", "[GPL'U]/mL", "[Lf]", "[PFU]", "[TCID_50]",
]

INVALID = [
    "furlongs", "mmHg", "kgs", "mg//dL", "m^2", "", "x" * 61, "(mg/dL", "mg/dL)",
    "MG/DL", "k[degF]", "mg/", "/", "//min", "m-", "()", "mg dL", "{x", "x}", "2*3",
    "kg/m²", "°C", "µg", "bpm", "lbs", "lb", "in", "inch", "degC", "mcg", "cc", "hr",
    "sec", "Kg", "KG", "[lb_av", "lb_av]", "[IU", ".mg", "mg.", "mg..L", "m--2",
    "mg/dL;DROP", "k%", "m[degF]", "[beats]", "10**3", "mg\n", " mg", "mg\t/dL",
    "((((((m))))))", "{a{b}}", "m{", "mg/dL{", "10*3.", "kk", "mm[Hg", "[in_i]2x",
]


@pytest.mark.parametrize("code", VALID)
def test_clinical_ucum_codes_are_valid(code: str) -> None:
    assert is_ucum(code)


@pytest.mark.parametrize("code", INVALID)
def test_look_alikes_and_junk_are_not_ucum(code: str) -> None:
    assert not is_ucum(code)


def test_the_length_bound_comes_before_parsing() -> None:
    sixty = "m." * 29 + "mg"
    assert len(sixty) == MAX_LENGTH and is_ucum(sixty)
    assert not is_ucum("m." * 29 + "mg.")  # 61 characters
    assert not is_ucum("{" + "a" * 60 + "}")


def test_parentheses_nest_a_bounded_depth() -> None:
    assert is_ucum("((((m))))")
    assert not is_ucum("(((((m)))))")
    assert not is_ucum("(" * 30 + "m" + ")" * 30)


def test_prefixes_go_on_metric_atoms_only() -> None:
    assert is_atom("mg") and is_atom("dag") and is_atom("m[Hg]") and is_atom("mm[Hg]")
    assert is_atom("k[IU]") and is_atom("ucal") and is_atom("Kibit")
    for symbol in ("kmin", "m[degF]", "k[lb_av]", "m%", "u[pH]", "kh", "da[in_i]"):
        assert not is_atom(symbol), symbol


def test_the_catalogue_units_are_ucum() -> None:
    units = {m.unit for m in (*VITALS.values(), *LABS.values())}
    assert all(is_ucum(unit) for unit in units), units


@given(st.text(max_size=80))
def test_is_ucum_never_raises_on_any_text(text: str) -> None:
    assert is_ucum(text) in (True, False)


@given(st.text(alphabet="mgLd/.()[]{}0123456789+-*^%_'ukHIUin", max_size=70))
def test_is_ucum_never_raises_on_unit_shaped_text(text: str) -> None:
    assert is_ucum(text) in (True, False)
