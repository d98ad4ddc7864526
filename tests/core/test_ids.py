"""Vault row ids: one maker, the layout every `VAULT_ID` check expects."""

import uuid

from app.core.fhir.common import VAULT_ID
from app.core.ids import new_id


def test_ids_are_random_version_4_uuids_in_hex() -> None:
    made = [new_id() for _ in range(2000)]
    assert len(set(made)) == len(made)
    for ident in made:
        assert VAULT_ID.match(ident), ident
        parsed = uuid.UUID(hex=ident)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert parsed.hex == ident
    # Every other bit is random: over 2000 ids each free bit position takes both values.
    bits = [int(i, 16) for i in made]
    fixed = {127 - 48, 127 - 49, 127 - 50, 127 - 51, 127 - 64, 127 - 65}
    for position in set(range(128)) - fixed:
        seen = {(b >> position) & 1 for b in bits}
        assert seen == {0, 1}, position
