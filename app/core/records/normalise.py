"""Folding names for search: accent- and case-insensitive, still answerable by an index.

NFKD splits "ë" into "e" plus a combining mark, which we drop; casefold then handles
case (and "ß" → "ss"). A few letters are not composed with a mark (ø, ł, æ, đ, þ...) and
are mapped by hand, so "Søren" is found by "soren" and "Łukasz" by "lukasz".
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans({
    "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "Ł": "l",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h",
    "Ħ": "h",
})
_NOT_ALNUM = re.compile(r"[^\w]|_", re.UNICODE)
# The highest code point: `key >= p AND key < p || TOP` selects every key starting with p,
# and a range on an indexed column is answered by the index (LIKE would not be).
TOP = "\U0010ffff"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def _compact(word: str) -> str:
    return _NOT_ALNUM.sub("", word)


def name_keys(*names: str) -> set[str]:
    """Search keys for a person's names: each word whole ("obrien", "smithjones") and
    each part between punctuation ("o", "brien", "smith", "jones")."""
    keys: set[str] = set()
    for name in names:
        for word in fold(name).split():
            whole = _compact(word)
            if whole:
                keys.add(whole)
            keys.update(part for part in _NOT_ALNUM.split(word) if part)
    return keys


def query_tokens(query: str) -> list[str]:
    """The words of a search query, folded like the keys ("O'Brien" → "obrien")."""
    tokens = [_compact(word) for word in fold(query.replace(",", " ")).split()]
    return [t for t in tokens if t]


def search_key(family: str, given: str) -> str:
    """One sortable key per person: family name first, as lists are sorted."""
    return fold(f"{family} {given}")
