"""The built-once C encoder writes exactly json.dumps' text: stored content hashes and
`extra` columns depend on it."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.json_encode import one_shot_encoder

_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner,
                                                                max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), _VALUES, max_size=6))
def test_the_text_is_json_dumps_text(value: dict[str, Any]) -> None:
    canonical = one_shot_encoder(sort_keys=True, item_separator=",", key_separator=":")
    assert canonical(value) == json.dumps(value, sort_keys=True, separators=(",", ":"))
    plain = one_shot_encoder()
    assert plain(value) == json.dumps(value)


def test_edge_values() -> None:
    value = {"nan": float("nan"), "inf": float("-inf"), "zero": -0.0, "big": 10 ** 40,
             "text": "é\u007f\U0001f600\"\\", "nested": [{"b": 1, "a": [None, True]}]}
    canonical = one_shot_encoder(sort_keys=True, item_separator=",", key_separator=":")
    assert canonical(value) == json.dumps(value, sort_keys=True, separators=(",", ":"))
