"""Fuzz the vault.json reader: any input is a VaultFile or a clear VaultDamaged."""

from __future__ import annotations

import contextlib
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import VaultDamaged
from app.core.vault_file import VaultFile
from tests.core.conftest import PracticeVault

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children,
                                                                      max_size=4),
    max_leaves=20,
)


@given(st.binary(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_random_bytes(data: bytes) -> None:
    try:
        VaultFile.parse(data)
    except VaultDamaged as exc:
        assert "vault" in str(exc).lower()


@given(json_values)
@settings(max_examples=300, deadline=None)
def test_random_json(value: object) -> None:
    with contextlib.suppress(VaultDamaged):
        VaultFile.parse(json.dumps(value).encode())


def test_mutated_real_file(practice: PracticeVault) -> None:
    original = (practice.path / "vault.json").read_bytes()
    body = json.loads(original)

    @given(st.sampled_from(sorted(body)), json_values)
    @settings(max_examples=200, deadline=None)
    def mutate(key: str, value: object) -> None:
        if body[key] == value:
            return  # not a change
        changed = dict(body)
        changed[key] = value
        try:
            VaultFile.parse(json.dumps(changed).encode())
        except VaultDamaged:
            return
        raise AssertionError(f"changing {key} went unnoticed")

    mutate()
    assert VaultFile.parse(original).vault_id == body["vault_id"]
