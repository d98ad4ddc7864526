"""Random ids for vault rows: 32 lowercase hex digits, the layout of a version-4 UUID.

One place for the rule, so every id looks the same to `VAULT_ID` checks, exports and the
people who read them. Built straight from `os.urandom` rather than through `uuid.UUID`:
an import of 10,000 resources makes 10,000 ids, and the UUID object (an int conversion and
a formatted hex string) cost three times the random bytes themselves.
"""

from __future__ import annotations

import os


def new_id() -> str:
    """A fresh random id, as `uuid.uuid4().hex` would give."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return raw.hex()
