"""json's C encoder, built once and called directly.

`json.dumps` and `JSONEncoder.encode` build a new C encoder (and a float-formatting
closure) on every call before the C code runs. A FHIR import encodes every resource for
its content hash and every entry's `extra` column, tens of thousands of small values, and
that set-up was about a fifth of the encoding. The encoder made here is the one
`JSONEncoder.encode` makes with the same options, so its text is byte for byte the same,
with one difference that never arises for decoded JSON: no check for circular
references (check_circular=False), so a value that contains itself raises RecursionError
instead of ValueError.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any

try:
    from json.encoder import c_make_encoder  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - CPython always has _json
    c_make_encoder = None


def one_shot_encoder(*, sort_keys: bool = False, item_separator: str = ", ",
                     key_separator: str = ": ") -> Callable[[Any], str]:
    """What `json.JSONEncoder(sort_keys=..., separators=(item_separator, key_separator),
    check_circular=False).encode` gives for a dict or list (ensure_ascii, allow_nan)."""
    python = json.JSONEncoder(sort_keys=sort_keys, check_circular=False,
                              separators=(item_separator, key_separator))
    if c_make_encoder is None:  # pragma: no cover
        return python.encode
    try:
        # The arguments JSONEncoder.iterencode passes (CPython 3.11 to 3.13).
        encode = c_make_encoder(None, python.default, encode_basestring_ascii, None,
                                key_separator, item_separator, sort_keys, False, True)
    except TypeError:  # pragma: no cover - another signature: the slower, same text
        return python.encode
    join = "".join

    def dumps(value: Any) -> str:
        return join(encode(value, 0))

    return dumps
