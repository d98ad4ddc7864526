"""User names that read the same for everyone (issue 8, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import UsageError
from app.core.roles import Role
from app.core.usernames import normalise_user_name, skeleton
from app.core.users import add_user
from app.core.vault import OpenVault, create_vault
from tests.reliability.input_fixtures import OWNER_PASSWORD, staffed_vault

__all__ = ["staffed_vault"]

NEW_PASSWORD = "an entirely fresh passphrase"

REFUSED = {
    "zero-width space": "owner\u200b",
    "zero-width joiner inside": "ow\u200dner2",
    "bidi override": "\u202eremwo",
    "bidi isolate": "ann\u2066x\u2069",
    "ANSI colour": "\x1b[31mmallory",
    "ANSI clear line": "eve\x1b[2K",
    "bell": "bob\x07",
    "newline": "bob\nowner",
    "tab": "bob\tx",
    "soft hyphen": "ro\u00adger",
    "BOM": "\ufeffzed",
    "line separator": "a\u2028b",
    "private use": "x\ue000",
    "lone surrogate (non-UTF-8 argv)": "name\udcff",
    "slash": "a/b",
    "leading accent": "\u0301abc",
    "stacked accents": "e\u0301\u0302\u0303\u0304",
    "empty": "   ",
    "too long": "a" * 65,
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unsafe_names_are_refused(case: str) -> None:
    with pytest.raises(UsageError):
        normalise_user_name(REFUSED[case])


def test_names_are_nfkc_normalised() -> None:
    assert normalise_user_name("\uff41\uff4e\uff4e") == "ann"  # fullwidth letters
    assert normalise_user_name("Jos\u0065\u0301") == "Jos\u00e9"
    assert normalise_user_name(" Dr\u00a0\u00a0Smith ") == "Dr Smith"


CONFUSABLE_WITH_OWNER = ["Owner", "owner\u200b", "\u043ewner", "0wner", "owner ",
                         "ówner", "\uff4fwner", "o-wner"]


@pytest.mark.parametrize("name", CONFUSABLE_WITH_OWNER)
def test_a_name_confusable_with_an_existing_one_is_refused(staffed_vault: Path,
                                                           name: str) -> None:
    with OpenVault.open(staffed_vault) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            with pytest.raises(UsageError):
                add_user(session, name=name, role=Role.RECEPTION, password=NEW_PASSWORD)
            # and a clearly different one is fine
            add_user(session, name="winifred", role=Role.RECEPTION, password=NEW_PASSWORD)
            with pytest.raises(UsageError):
                add_user(session, name="wlnifred", role=Role.RECEPTION, password=NEW_PASSWORD)
        finally:
            session.close()


def test_the_owner_name_is_checked_at_creation(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        create_vault(tmp_path / "v", owner_name="boss\u202e", password=OWNER_PASSWORD,
                     kind="practice")
    assert not (tmp_path / "v").exists()


def test_skeleton_folds_lookalikes() -> None:
    assert skeleton("rnary") == skeleton("mary")
    assert skeleton("Ѕаm") == skeleton("sam")
    assert skeleton("alice") != skeleton("bob")


@given(st.text(max_size=80))
def test_any_text_is_accepted_or_refused_cleanly(text: str) -> None:
    try:
        cleaned = normalise_user_name(text)
    except UsageError:
        return
    assert cleaned == normalise_user_name(cleaned)  # stable
    assert all(ch.isprintable() for ch in cleaned)
