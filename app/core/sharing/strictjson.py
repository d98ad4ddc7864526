"""Small JSON documents from outside (manifests, contact cards), read under bounds.

Size first, then nesting depth by a linear scan (so json's recursion never meets a
hostile depth), then parsing that refuses duplicate keys, NaN and infinities, and
over-long strings or numbers.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64
MAX_STRING = 64 * 1024
MAX_NUMBER = 40


class StrictJsonError(ValueError):
    pass


def _depth(text: str) -> int:
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


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise StrictJsonError(f"the key {key[:40]!r} appears twice")
        if isinstance(value, str) and len(value) > MAX_STRING:
            raise StrictJsonError("a string is too long")
        out[key] = value
    return out


def _number(text: str) -> float | int:
    if len(text) > MAX_NUMBER:
        raise StrictJsonError("a number is too long")
    return float(text) if any(c in text for c in ".eE") else int(text)


def _constant(text: str) -> Any:
    raise StrictJsonError(f"{text} is not allowed")


def loads(data: bytes, *, max_bytes: int) -> Any:
    if len(data) > max_bytes:
        raise StrictJsonError(f"it is larger than {max_bytes} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise StrictJsonError("it is not UTF-8") from None
    if _depth(text) > MAX_DEPTH:
        raise StrictJsonError(f"it is nested more than {MAX_DEPTH} deep")
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_float=_number,
                           parse_int=_number, parse_constant=_constant)
    except StrictJsonError:
        raise
    except (ValueError, RecursionError) as exc:
        raise StrictJsonError(f"it is not valid JSON ({str(exc)[:80]})") from None
    if isinstance(value, float) and value != value:
        raise StrictJsonError("NaN is not allowed")
    return value


def canonical(value: Any) -> bytes:
    """The one byte form MedVault signs: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")
