"""Is a string a valid UCUM code? One rule, used wherever a unit is trusted.

Why this exists: a FHIR Quantity that says `system: http://unitsofmeasure.org` is only a
claim. "furlongs" marked as UCUM used to be imported and exported again as UCUM, which
passes a wrong unit on to the next system as if it were checked. So a unit is trusted
only when it parses under the UCUM case-sensitive grammar (c/s codes, UCUM 2.1 §2-§5)
over a table of atoms in clinical use.

The grammar, as implemented:

    main-term   := "/" term | term
    term        := component (("." | "/") component)*
    component   := annotatable [annotation] | annotation | factor [annotation]
                 | "(" term ")"
    annotatable := simple-unit [exponent]
    simple-unit := atom | prefix metric-atom
    exponent    := ["+" | "-"] digits
    annotation  := "{" ASCII 33-126 except braces "}"

`10*` and `10^` are atoms (the number ten for powers: 10*3/uL), so "10*3" is the atom
`10*` with the exponent 3. Square-bracket atoms ([in_i], mm[Hg] = m + m[Hg]) are read
whole, brackets and all. Prefixes go only on metric atoms (mg, kcal, m[IU]; not k[degF]).

This is a validator, not a converter: it says nothing about what a unit means. The
table is deliberately the clinically used part of UCUM, written by hand from the UCUM
table of units; a genuine UCUM unit that is missing is a bug in the table (add it),
never a reason to loosen the grammar. The work is bounded: codes over MAX_LENGTH are
refused before parsing and parentheses nest at most MAX_DEPTH deep, so hostile input
costs a few microseconds and never recurses deeply.
"""

from __future__ import annotations

import functools
from typing import Final

MAX_LENGTH: Final = 60
MAX_DEPTH: Final = 4

# Metric prefixes (UCUM table 1), including the binary ones for bit and byte.
PREFIXES: Final = frozenset({
    "Y", "Z", "E", "P", "T", "G", "M", "k", "h", "da", "d", "c", "m", "u", "n", "p", "f",
    "a", "z", "y", "Ki", "Mi", "Gi", "Ti"})

# Metric atoms: these take a prefix (mg, mmol, kPa, m[IU], mm[Hg] = milli + m[Hg]).
METRIC_ATOMS: Final = frozenset({
    # SI base units as UCUM defines them (gram, not kilogram; coulomb for charge)
    "m", "s", "g", "rad", "K", "C", "cd",
    # SI derived and accepted units
    "mol", "sr", "Hz", "N", "Pa", "J", "W", "A", "V", "F", "Ohm", "S", "Wb", "Cel", "T",
    "H", "lm", "lx", "Bq", "Gy", "Sv", "l", "L", "ar", "t", "bar", "u", "eV", "pc",
    # natural constants used as units
    "[c]", "[h]", "[k]", "[eps_0]", "[mu_0]", "[e]", "[m_e]", "[m_p]", "[G]", "[g]",
    "[ly]", "gf",
    # CGS units
    "Ky", "Gal", "dyn", "erg", "P", "St", "Mx", "G", "Oe", "Gb", "sb", "Lmb", "ph", "Ci",
    "R", "RAD", "REM",
    # heat, pressure columns, chemistry and clinical units that UCUM marks metric
    "cal", "cal_[15]", "cal_[20]", "cal_m", "cal_IT", "cal_th", "tex", "m[H2O]",
    "m[Hg]", "eq", "osm", "g%", "kat", "U", "[iU]", "[IU]", "mho", "st",
    "[CCID_50]", "[TCID_50]", "[EID_50]", "[PFU]", "[FFU]", "[CFU]",
    # levels and information
    "Np", "B", "B[SPL]", "B[V]", "B[mV]", "B[uV]", "B[10.nV]", "B[W]", "B[kW]", "bit",
    "By", "Bd",
})

# Atoms that take no prefix: dimensionless numbers, time beyond the second, angles,
# customary (US/British) measures, temperatures in Fahrenheit, arbitrary units.
NON_METRIC_ATOMS: Final = frozenset({
    # numbers
    "10*", "10^", "[pi]", "%", "[ppth]", "[ppm]", "[ppb]", "[pptr]",
    # time
    "min", "h", "d", "wk", "mo", "mo_j", "mo_g", "mo_s", "a", "a_t", "a_j", "a_g",
    # angles
    "gon", "deg", "'", "''", "circ", "sph",
    # other legacy units
    "AU", "atm", "Ao", "b", "att", "[psi]", "bit_s",
    # international customary lengths, areas, volumes
    "[in_i]", "[ft_i]", "[yd_i]", "[mi_i]", "[fth_i]", "[nmi_i]", "[kn_i]", "[sin_i]",
    "[sft_i]", "[syd_i]", "[cin_i]", "[cft_i]", "[cyd_i]", "[bf_i]", "[cr_i]",
    "[mil_i]", "[cml_i]", "[hd_i]",
    # US survey lengths and areas
    "[ft_us]", "[yd_us]", "[in_us]", "[rd_us]", "[ch_us]", "[lk_us]", "[rch_us]",
    "[rlk_us]", "[fth_us]", "[fur_us]", "[mi_us]", "[acr_us]", "[srd_us]", "[smi_us]",
    "[sct]", "[twp]", "[mil_us]",
    # British imperial lengths
    "[in_br]", "[ft_br]", "[rd_br]", "[ch_br]", "[lk_br]", "[fth_br]", "[pc_br]",
    "[yd_br]", "[mi_br]", "[nmi_br]", "[kn_br]", "[acr_br]",
    # US volumes (fluid and dry), metric cups and spoons
    "[gal_us]", "[bbl_us]", "[qt_us]", "[pt_us]", "[gil_us]", "[foz_us]", "[fdr_us]",
    "[min_us]", "[crd_us]", "[bu_us]", "[gal_wi]", "[pk_us]", "[dqt_us]", "[dpt_us]",
    "[tbs_us]", "[tsp_us]", "[cup_us]", "[foz_m]", "[cup_m]", "[tsp_m]", "[tbs_m]",
    # British volumes
    "[gal_br]", "[pk_br]", "[bu_br]", "[qt_br]", "[pt_br]", "[gil_br]", "[foz_br]",
    "[fdr_br]", "[min_br]",
    # avoirdupois, troy and apothecaries' weights
    "[gr]", "[lb_av]", "[oz_av]", "[dr_av]", "[scwt_av]", "[lcwt_av]", "[ston_av]",
    "[lton_av]", "[stone_av]", "[pwt_tr]", "[oz_tr]", "[lb_tr]", "[sc_ap]", "[dr_ap]",
    "[oz_ap]", "[lb_ap]", "[oz_m]",
    # typesetting
    "[lne]", "[pnt]", "[pca]", "[pnt_pr]", "[pca_pr]", "[pied]", "[pouce]", "[ligne]",
    "[didot]", "[cicero]",
    # temperature and heat
    "[degF]", "[degR]", "[degRe]", "[Cal]", "[Btu_39]", "[Btu_59]", "[Btu_60]",
    "[Btu_m]", "[Btu_IT]", "[Btu_th]", "[Btu]", "[HP]", "[den]",
    # clinical
    "[in_i'H2O]", "[in_i'Hg]", "[PRU]", "[wood'U]", "[diop]", "[p'diop]", "%[slope]",
    "[mesh_i]", "[Ch]", "[drp]", "[hnsf'U]", "[MET]", "[hp'_X]", "[hp'_C]", "[hp'_M]",
    "[hp'_Q]", "[hp_X]", "[hp_C]", "[hp_M]", "[hp_Q]", "[kp_X]", "[kp_C]", "[kp_M]",
    "[kp_Q]", "[pH]", "[S]", "[HPF]", "[LPF]", "[arb'U]", "[USP'U]", "[GPL'U]",
    "[MPL'U]", "[APL'U]", "[beth'U]", "[anti'Xa'U]", "[todd'U]", "[dye'U]", "[smgy'U]",
    "[bdsk'U]", "[ka'U]", "[knk'U]", "[mclg'U]", "[tb'U]", "[IR]", "[BAU]", "[AU]",
    "[Amb'a'1'U]", "[PNU]", "[Lf]", "[D'ag'U]", "[FEU]", "[ELU]", "[EU]",
    # miscellaneous UCUM atoms
    "[car_m]", "[car_Au]", "[smoot]",
})

ATOMS: Final = METRIC_ATOMS | NON_METRIC_ATOMS

_STOP: Final = frozenset("./(){}")  # characters that end an atom symbol
_DIGITS: Final = frozenset("0123456789")


class _Invalid(Exception):
    """Raised inside the parser only; is_ucum turns it into False."""


@functools.lru_cache(maxsize=1024)  # an import meets the same few units thousands of times
def is_ucum(code: str) -> bool:
    """True when `code` is a valid case-sensitive UCUM code over the table above.

    Never raises: any text (empty, huge, control characters, non-ASCII) gives a bool.
    Exact case matters (mg/dL, not MG/DL), as UCUM's c/s form requires; "1" is valid
    (the unity), and so are annotations alone ({score}).
    """
    if not isinstance(code, str) or not code or len(code) > MAX_LENGTH:
        return False
    if not code.isascii() or not code.isprintable() or " " in code:
        return False
    try:
        end = _main_term(code)
    except (_Invalid, IndexError):
        return False
    return end == len(code)


def is_atom(symbol: str) -> bool:
    """True when `symbol` is one atom with or without a prefix (mg, m[IU], [degF]).

    A prefix goes only on a metric atom: "kg" and "mmol" are units, "k[degF]" is not.
    When a symbol is an atom and also prefix + atom (cd: candela, or centi-day), either
    reading makes it valid, so the order of the checks does not matter.
    """
    return symbol in ATOMS or any(
        symbol[:size] in PREFIXES and symbol[size:] in METRIC_ATOMS for size in (2, 1))


def _main_term(code: str) -> int:
    position = 1 if code.startswith("/") else 0
    return _term(code, position, 0)


def _term(code: str, position: int, depth: int) -> int:
    position = _component(code, position, depth)
    while position < len(code) and code[position] in "./":
        position = _component(code, position + 1, depth)
    return position


def _component(code: str, position: int, depth: int) -> int:
    if position >= len(code):
        raise _Invalid("a term ends with an operator")
    char = code[position]
    if char == "(":
        if depth >= MAX_DEPTH:
            raise _Invalid("parentheses nest too deep")
        position = _term(code, position + 1, depth + 1)
        if position >= len(code) or code[position] != ")":
            raise _Invalid("unbalanced parentheses")
        return position + 1
    if char == "{":
        return _annotation(code, position)
    if char in _DIGITS:
        start = position
        while position < len(code) and code[position] in _DIGITS:
            position += 1
        if code[start:position] == "10" and position < len(code) and code[position] in "*^":
            position = _exponent(code, position + 1)  # 10*3: the atom 10* to the 3rd
        return _maybe_annotation(code, position)
    start = position
    while position < len(code):
        char = code[position]
        if char == "[":
            close = code.find("]", position + 1)
            if close < 0:
                raise _Invalid("unbalanced square brackets")
            position = close + 1
        elif char in _STOP or char in _DIGITS or char in "+-":
            break
        else:
            position += 1
    if not is_atom(code[start:position]):
        raise _Invalid(f"{code[start:position]!r} is not a UCUM unit")
    return _maybe_annotation(code, _exponent(code, position))


def _exponent(code: str, position: int) -> int:
    """An optional signed integer exponent; a sign without digits is an error."""
    signed = position < len(code) and code[position] in "+-"
    if signed:
        position += 1
    start = position
    while position < len(code) and code[position] in _DIGITS:
        position += 1
    if signed and position == start:
        raise _Invalid("a sign without an exponent")
    return position


def _maybe_annotation(code: str, position: int) -> int:
    if position < len(code) and code[position] == "{":
        return _annotation(code, position)
    return position


def _annotation(code: str, position: int) -> int:
    close = code.find("}", position + 1)
    if close < 0 or "{" in code[position + 1:close]:
        raise _Invalid("unbalanced braces")
    return close + 1
