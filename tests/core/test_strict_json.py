"""Core's one strict JSON reader (app/core/strict_json.py): every bound and refusal, the
same for whole documents (`loads`) and for values read from the middle of a stream."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.strict_json import (
    BoundedDecoder,
    JsonBounds,
    StrictJsonError,
    canonical,
    loads,
)


@pytest.mark.parametrize(("data", "message"), [
    (b"x" * 101, "larger than 100 bytes"),
    (b"\xff", "not UTF-8"),
    (b"[" * 65 + b"]" * 65, "nested more than 64"),
    (b'{"a":1,"a":2}', "appears twice"),
    (b"NaN", "NaN is not a number"),
    (b"[-Infinity]", "Infinity is not a number"),
    (b"[1e400]", "too large"),
    (b"1" * 41, "41 digits"),
    (b'{"a":"' + b"s" * 65 + b'"}', "65 characters"),
    (b'{"a":["' + b"s" * 65 + b'"]}', "65 characters"),  # strings inside lists too
    (b'["' + b"s" * 65 + b'"]', "65 characters"),
    (b"{} {}", "more follows"),
    (b"{", "not valid JSON"),
    (b"", "not valid JSON"),
    (b'["\\ud800"]', "lone UTF-16 surrogate"),
    (b'{"\\uDFFF":1}', "lone UTF-16 surrogate"),
    (b"[" + b",".join([b"{}"] * 101) + b"]", "more than 100 objects and lists"),
])
def test_every_bound_is_refused_with_its_reason(data: bytes, message: str) -> None:
    bounds = JsonBounds(max_depth=64, max_string_chars=64, max_number_chars=40,
                        max_nodes=100)
    with pytest.raises(StrictJsonError, match=message):
        loads(data, max_bytes=100 if message.startswith("larger") else 10_000, bounds=bounds)


def test_ordinary_documents_read_as_json_reads_them() -> None:
    doc = {"a": [1, 2.5, -3, True, None, "x"], "b": {"c": {"d": []}}, "é": "ü"}
    data = json.dumps(doc).encode()
    assert loads(b"  \n" + data + b"\n ", max_bytes=10_000) == doc
    assert canonical(loads(canonical(doc), max_bytes=10_000)) == canonical(doc)


def test_a_value_deep_in_a_stream_counts_its_depth_from_the_top() -> None:
    decoder = BoundedDecoder(JsonBounds(max_depth=4))
    text = '{"a":{"b":1}}'
    assert decoder.decode(text, 0, base_depth=2)[0] == {"a": {"b": 1}}
    with pytest.raises(StrictJsonError, match="nested more than 4"):
        decoder.decode(text, 0, base_depth=3)


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
@settings(max_examples=300, deadline=None)
def test_anything_is_read_or_refused_never_raised(data: bytes) -> None:
    with contextlib.suppress(StrictJsonError):
        loads(data, max_bytes=200)
