"""NDJSON lines for the commonest resources without building and encoding a dict per row.

A Bulk Data export of a large practice is mostly observations whose JSON differs from row
to row only in a few values (ids, the time, the number): the codes, units, ranges, profiles
and categories repeat. Encoding every resource from scratch was most of the export's time.

So a map's own `to_fhir` stays the only description of a resource. For each *shape* (the
columns that decide the structure and the constant parts, plus which of the varying values
are present) it is run once with stand-in values in place of the varying ones, and the JSON
encoder's output is cut at the stand-ins. Each row then fills the holes with its own values,
escaped exactly as the encoder escapes them (JSON escapes a string character by character,
so a value's escaped text can be put inside any string). The line is byte for byte the
line the dict would give; `tests/core/fhir/test_fhir_lines.py` checks that on every
resource of a demo practice and of hypothesis-made observations.

A template is refused (the row goes the dict way) when a constant column holds anything
like a stand-in, or when the line holds a stand-in the map changed instead of copying.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

# Resources are built from rows, so there are no cycles to look for.
encode: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                                                check_circular=False).encode
_escape = json.encoder.encode_basestring

# Stand-ins: private-use characters around a number for text, and an unlikely float for a
# number (json writes floats with float.__repr__, which gives these back as written).
_TEXT = "\ue000{}\ue001"
_FLOAT = "1.2345678901{:03d}7e-299"
_HOLE = re.compile("\ue000(\\d+)\ue001|1\\.2345678901(\\d{3})7e-299")
_TRACE = re.compile("[\ue000\ue001]|2345678901")  # what a broken stand-in leaves behind
MAX_TEMPLATES = 4096  # per map; a practice has far fewer shapes, hostile data cannot grow it


def stand_in_text(slot: int) -> str:
    return _TEXT.format(slot)


def stand_in_float(slot: int) -> float:
    return float(_FLOAT.format(slot))


def looks_like_stand_in(value: Any) -> bool:
    """A constant that could be taken for a hole: such a row goes the dict way."""
    if isinstance(value, str):
        return _TRACE.search(value) is not None
    return isinstance(value, float) and _TRACE.search(repr(value)) is not None


class Template:
    """One shape's line, as the pieces between its holes."""

    __slots__ = ("kinds", "pieces", "slots")

    def __init__(self, pieces: list[str], slots: list[int], kinds: list[bool]) -> None:
        self.pieces = pieces
        self.slots = slots
        self.kinds = kinds  # per hole: True for text, False for a float

    @classmethod
    def cut(cls, line: str, texts: Sequence[int], floats: Sequence[int]) -> Template | None:
        """Cut an encoded line at its stand-ins. None if a hole is not one of those put
        in (text where text was, a float where a float was) or if anything between the
        holes still looks like part of a stand-in (a value the map changed rather than
        copied). A stand-in that is not in the line was not used: its value does not
        matter to this shape."""
        pieces, slots, kinds = [], [], []
        last = 0
        for match in _HOLE.finditer(line):
            is_text = match.group(1) is not None
            slot = int(match.group(1) if is_text else match.group(2))
            if slot not in (texts if is_text else floats):
                return None
            pieces.append(line[last:match.start()])
            slots.append(slot)
            kinds.append(is_text)
            last = match.end()
        pieces.append(line[last:])
        if any(_TRACE.search(piece) for piece in pieces):
            return None
        return cls(pieces, slots, kinds)

    def fill(self, values: Sequence[Any]) -> str:
        """The line for one row: `values[slot]` in each hole."""
        out = [self.pieces[0]]
        for index, slot in enumerate(self.slots):
            value = values[slot]
            if self.kinds[index]:
                out.append(_escape(value)[1:-1])
            else:
                out.append(float.__repr__(value))
            out.append(self.pieces[index + 1])
        return "".join(out)


class Templates:
    """A map's templates by shape key; a key that cannot be templated is remembered as
    such, and the cache stops growing at MAX_TEMPLATES (rows then go the dict way)."""

    def __init__(self) -> None:
        self.known: dict[Any, Template | None] = {}

    def get(self, key: Any, build: Callable[[], Template | None]) -> Template | None:
        try:
            return self.known[key]
        except KeyError:
            pass
        if len(self.known) >= MAX_TEMPLATES:
            return None
        template = self.known[key] = build()
        return template
