"""The one reader for JSON that comes from outside, under bounds.

Every JSON document MedVault did not just write itself goes through here: FHIR files
(`fhir/reader.py` streams them value by value with `BoundedDecoder`), sharing manifests and
contact cards (`sharing/package.py`, `sharing/identity.py`, `sharing/export.py`) and the
sign-in attempts file (`throttle.py`), all through `loads`. The rules:

- size first (`loads`' `max_bytes`), then nesting depth by a linear scan, so json's
  recursion never meets a hostile depth;
- while json's C decoder builds the tree, hooks refuse duplicate keys, NaN and
  infinities, numbers that overflow a float, numbers longer than `max_number_chars`,
  strings longer than `max_string_chars` and nesting deeper than `max_depth` (counted
  from the top of the document, also for a value decoded from the middle of a stream);
- a string (or key) holding a lone UTF-16 surrogate (an unpaired `\\ud800` escape) is
  refused: it is valid JSON but not text, and SQLite, the UTF-8 encoder and Qt all fail
  on it later, far from the input;
  a quick pass first, whose result stands only where the text proves the same outcome
  (`BoundedDecoder.decode`).

Every refusal is a `StrictJsonError` that says what was wrong.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JsonBounds:
    max_depth: int = 64
    max_string_chars: int = 64 * 1024
    max_number_chars: int = 40
    # Objects and lists in one value, counted as opening brackets in its text (brackets
    # inside strings count too: an overestimate, never an underestimate). The bound is on
    # memory: "{}," is 3 characters of text and about 100 bytes once decoded.
    max_nodes: int = 1_000_000


DEFAULT_BOUNDS = JsonBounds()


class StrictJsonError(ValueError):
    """JSON refused; the message says what and why."""


# A \u escape in the surrogate range (D800-DFFF): the only way JSON text can carry one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _check_text(value: Any) -> None:
    """Refuse a lone surrogate anywhere in `value` (depth already bounded by the caller).
    Encoding to UTF-8 is the check: a pair decodes to one character and encodes; a lone
    half does not."""
    try:
        if isinstance(value, str):
            value.encode("utf-8")
        elif isinstance(value, dict):
            for key, item in value.items():
                key.encode("utf-8")
                _check_text(item)
        elif isinstance(value, list):
            for item in value:
                _check_text(item)
    except UnicodeEncodeError:
        raise StrictJsonError("a string holds a lone UTF-16 surrogate (a \\ud800-\\udfff "
                              "escape without its pair), which is not text") from None


class JsonObject(dict[str, Any]):
    """A decoded JSON object that remembers how deep the tree under it goes."""

    __slots__ = ("depth",)
    depth: int


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The quick pass's object hook: only the check no later look at the text can make."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise StrictJsonError("a key appears twice in one object")  # the full pass says which
    return obj


class BoundedDecoder:
    """json's C decoder with hooks that enforce the bounds while it builds the tree.

    Two passes with one outcome (`decode`): a quick one that checks in hooks only what
    cannot be proved from the value's text afterwards, and the full one, whose hooks check
    every bound on every object, for any value the quick pass cannot clear.
    """

    def __init__(self, bounds: JsonBounds = DEFAULT_BOUNDS) -> None:
        self.bounds = bounds
        self.base_depth = 0
        # Objects and lists (as opening brackets) of every value decoded so far: what a
        # reader that keeps its values (a FHIR import plan) may bound in all.
        self.nodes_read = 0
        self.decoder = json.JSONDecoder(object_pairs_hook=self._object,
                                        parse_float=self._float, parse_int=self._int,
                                        parse_constant=self._constant)
        # Numbers keep their hooks: a number's length in the text is gone once decoded.
        self.quick = json.JSONDecoder(object_pairs_hook=_unique_keys,
                                      parse_float=self._float, parse_int=self._int,
                                      parse_constant=self._constant)
        self._scan_quick = self.quick.scan_once  # type: ignore[attr-defined]

    def _check_nodes(self, text: str, start: int, end: int) -> None:
        nodes = text.count("{", start, end) + text.count("[", start, end)
        if nodes > self.bounds.max_nodes:
            raise StrictJsonError(f"one value holds more than {self.bounds.max_nodes:,} "
                                  "objects and lists")
        self.nodes_read += nodes

    def _too_deep(self) -> StrictJsonError:
        return StrictJsonError(f"the JSON is nested more than {self.bounds.max_depth} deep")

    def _number_text(self, text: str) -> None:
        if len(text) > self.bounds.max_number_chars:
            raise StrictJsonError(f"a number has {len(text)} digits (at most "
                                  f"{self.bounds.max_number_chars})")

    def _float(self, text: str) -> float:
        if len(text) > self.bounds.max_number_chars:  # called for every number: inline
            self._number_text(text)
        value = float(text)
        if not math.isfinite(value):
            raise StrictJsonError(f"the number {text[:20]} is too large")
        return value

    def _int(self, text: str) -> int:
        if len(text) > self.bounds.max_number_chars:
            self._number_text(text)
        return int(text)

    @staticmethod
    def _constant(text: str) -> Any:
        raise StrictJsonError(f"{text} is not a number MedVault accepts")

    def _string(self, value: str) -> None:
        if len(value) > self.bounds.max_string_chars:
            raise StrictJsonError(f"a string is {len(value):,} characters long (at most "
                                  f"{self.bounds.max_string_chars:,})")

    def _depth_of(self, value: Any, level: int) -> int:
        """Depth below and including `value` (scalars 0); checks strings in lists."""
        if isinstance(value, JsonObject):
            return value.depth
        if isinstance(value, str):
            self._string(value)
            return 0
        if isinstance(value, list):
            if self.base_depth + level > self.bounds.max_depth:
                raise self._too_deep()
            deepest = 0
            for item in value:
                deepest = max(deepest, self._depth_of(item, level + 1))
            return deepest + 1
        return 0

    def _object(self, pairs: list[tuple[str, Any]]) -> JsonObject:
        # Called for every object in the input: kept tight (one pass, local names).
        obj = JsonObject(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    raise StrictJsonError(f"the key {key[:60]!r} appears twice in one object")
                seen.add(key)
        deepest = 0
        cap = self.bounds.max_string_chars
        for value in obj.values():
            kind = type(value)
            if kind is str:
                if len(value) > cap:
                    self._string(value)
            elif kind is JsonObject:
                if value.depth > deepest:
                    deepest = value.depth
            elif kind is list:
                depth = self._depth_of(value, 1)
                if depth > deepest:
                    deepest = depth
        obj.depth = deepest + 1
        if self.base_depth + obj.depth > self.bounds.max_depth:
            raise self._too_deep()
        return obj

    def decode(self, text: str, start: int = 0, base_depth: int = 0) -> tuple[Any, int]:
        """One value at `start` of `text`, `base_depth` levels below the document's top:
        (value, end). Raises StrictJsonError, json.JSONDecodeError or RecursionError
        (callers that stream need to tell an incomplete value from a broken one).

        The quick pass (json's C decoder, hooks for duplicate keys and numbers only) is
        kept when the value's text proves the other bounds: a value with at most
        `max_depth - base_depth` opening brackets in its text cannot nest deeper, and one
        no longer than `max_string_chars` cannot hold a longer string (decoding never
        lengthens a string). Otherwise, or when the quick pass fails at all, the full pass
        decodes the value again and its result, refusal or error stands: what is accepted
        and refused, with which message, is exactly what the full pass alone would do.
        The full pass's per-object hook was about a quarter of a FHIR import's time.
        """
        bounds = self.bounds
        try:
            # The scanner raw_decode wraps (it would turn StopIteration, nothing to read,
            # into a JSONDecodeError): any failure here is the full pass's to report.
            value, end = self._scan_quick(text, start)
        except (StopIteration, ValueError, RecursionError):  # StrictJsonError too
            return self.full_decode(text, start, base_depth)
        opens = text.count("{", start, end) + text.count("[", start, end)
        if end - start <= bounds.max_string_chars and base_depth + opens <= bounds.max_depth:
            # A lone surrogate can only come from a \u escape: most values have none.
            if text.find("\\u", start, end) >= 0 and _SURROGATE_ESCAPE.search(
                    text, start, end):
                _check_text(value)
            self.nodes_read += opens
            return value, end
        return self.full_decode(text, start, base_depth)

    def full_decode(self, text: str, start: int = 0, base_depth: int = 0
                    ) -> tuple[Any, int]:
        """The full pass: every bound checked by the hooks while the tree is built."""
        self.base_depth = base_depth
        value, end = self.decoder.raw_decode(text, start)
        self._check_nodes(text, start, end)
        if self.base_depth + self._depth_of(value, 1) > self.bounds.max_depth:
            raise self._too_deep()
        if _SURROGATE_ESCAPE.search(text, start, end):
            _check_text(value)
        return value, end


def describe(exc: BaseException) -> str:
    """Words for what the decoder raised."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg})"
    if isinstance(exc, RecursionError):
        return "the JSON is nested too deeply"
    if isinstance(exc, ValueError) and "int" in str(exc) and \
            not isinstance(exc, StrictJsonError):
        return "a number is too long"
    return str(exc)


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting, by a linear scan that skips strings."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def loads(data: bytes, *, max_bytes: int, bounds: JsonBounds = DEFAULT_BOUNDS) -> Any:
    """One whole JSON document from bytes, under `max_bytes` and `bounds`."""
    if len(data) > max_bytes:
        raise StrictJsonError(f"it is larger than {max_bytes} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StrictJsonError("it is not UTF-8") from None
    if nesting_depth(text) > bounds.max_depth:
        raise StrictJsonError(f"it is nested more than {bounds.max_depth} deep")
    if text.count("{") + text.count("[") > bounds.max_nodes:  # before any is built
        raise StrictJsonError(f"it holds more than {bounds.max_nodes:,} objects and lists")
    decoder = BoundedDecoder(bounds)
    try:
        start = len(text) - len(text.lstrip(" \t\r\n"))
        value, end = decoder.decode(text, start)
        if text[end:].strip(" \t\r\n"):
            raise StrictJsonError("it is not valid JSON (more follows the value)")
    except StrictJsonError:
        raise
    except (ValueError, RecursionError) as exc:
        raise StrictJsonError(f"it is not valid JSON ({describe(exc)[:80]})") from None
    return value


def canonical(value: Any) -> bytes:
    """The one byte form MedVault signs: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")
