"""User names that read the same for everyone who sees them.

A name appears in the audit log, access reports, exports and on the terminal. So a name
may not carry anything that draws differently from what it is: control characters and
ANSI escapes (they rewrite a terminal line), zero-width and bidi controls (`owner` plus a
zero-width space looks like `owner`), or characters that stand in for others (Cyrillic
`о` for Latin `o`). Names are normalised with NFKC, and a new name whose *skeleton* equals
an existing name's skeleton is refused as confusable.

The skeleton is our own, deliberately small folding (not the Unicode confusables table):
compatibility decomposition, accents dropped, case folded, and the look-alike letters
below mapped to one Latin form. It errs towards calling two names confusable; a refused
name only costs picking another.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from app.core.errors import UsageError

MAX_NAME_LENGTH = 64

# Letters from other scripts that render like a Latin letter in common UI fonts, and
# Latin/digit pairs that are easy to misread. Written out by hand for this project.
_LOOKALIKE: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "l", "ї": "l",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ь": "b",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "l", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ζ": "z", "μ": "u",
    # Armenian and others that pass for Latin letters
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n",
    # Latin letters and digits easily read as one another
    "0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s", "$": "s", "ı": "l",
    "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŀ": "l", "ß": "ss", "æ": "ae", "œ": "oe",
    # Dashes and dots that look alike
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "_": "-", "·": ".",
}
# Letter pairs that render as one letter in many fonts ("rn" passes for "m").
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))

# General categories that never belong in a name: control (Cc, includes ESC of ANSI
# escapes), format (Cf: zero-width, bidi embeddings and isolates, soft hyphen), line and
# paragraph separators, surrogates, private use and unassigned code points.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})
# Combining marks are allowed only after a letter (é written as e + accent); a name may
# not start with one, nor stack more than two, which is how text is made to overflow.
_MAX_MARKS = 2


def normalise_user_name(name: str) -> str:
    """The stored form of a new user name, or UsageError saying what is wrong."""
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        raise UsageError.coded("names.not_utf8")
    cleaned = unicodedata.normalize("NFKC", name).strip()
    # NFKC turns no-break and other wide spaces into plain spaces; runs become one.
    cleaned = " ".join(cleaned.split(" "))
    while "  " in cleaned:
        cleaned = cleaned.replace("  ", " ")
    if not cleaned or len(cleaned) > MAX_NAME_LENGTH:
        raise UsageError.coded("names.length", limit=MAX_NAME_LENGTH)
    marks = 0
    for index, ch in enumerate(cleaned):
        category = unicodedata.category(ch)
        if category in _REFUSED_CATEGORIES or (ch.isspace() and ch != " "):
            raise UsageError.coded("names.invisible", char=f"{ord(ch):04X}",
                                   position=index + 1)
        if ch in "/\\":
            raise UsageError.coded("names.slashes")
        if category.startswith("M"):
            marks += 1
            if index == 0 or marks > _MAX_MARKS:
                raise UsageError.coded("names.marks")
        else:
            marks = 0
    return cleaned


def skeleton(name: str) -> str:
    """The form two names share when a reader could take one for the other."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("M"))
    text = text.casefold()
    text = "".join(_LOOKALIKE.get(ch, ch) for ch in text)
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "-.'")
    for pair, single in _PAIRS:
        text = text.replace(pair, single)
    return text


def confusable_with(name: str, existing: Iterable[str]) -> str | None:
    """The existing name that `name` could be mistaken for, if any."""
    wanted = skeleton(name)
    return next((other for other in existing if skeleton(other) == wanted), None)


def check_new_user_name(name: str, existing: Iterable[str]) -> str:
    """Normalise a new name and refuse one that reads like a name already in the vault."""
    cleaned = normalise_user_name(name)
    clash = confusable_with(cleaned, existing)
    if clash is not None:
        if clash.casefold() == cleaned.casefold():
            raise UsageError.coded("names.taken", name=clash)
        raise UsageError.coded("names.confusable", name=cleaned, clash=clash)
    return cleaned
