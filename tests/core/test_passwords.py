"""Password rules (NIST SP 800-63B): length, blocklist, own names; no composition rules."""

from __future__ import annotations

import importlib.util
import secrets
import tomllib
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.passwords import PasswordVerdict, check_password, normalise_password

ROOT = Path(__file__).resolve().parents[2]
BLOCKLIST = ROOT / "app" / "core" / "data" / "common-passwords.txt"


def _make_blocklist_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_blocklist", ROOT / "packaging" / "tools" / "make_blocklist.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the blocklist --------------------------------------------------------------------------


@pytest.mark.parametrize("common", [
    "password1234", "Password1234!", "PASSWORD1234", "password123456", "medvault2024",
    "qwertyuiop123", "1qaz2wsx3edc", "iloveyou1234567", "!!dragon123456",
    "\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44\uff11\uff12\uff13\uff14",  # full width
])
def test_common_passwords_are_refused(common: str) -> None:
    verdict = check_password(common, min_length=12)
    assert not verdict.acceptable
    assert any("most common passwords" in p for p in verdict.problems)
    assert verdict.strength <= 1


def test_shipped_blocklist_is_what_the_script_generates() -> None:
    shipped = BLOCKLIST.read_text(encoding="utf-8")
    assert shipped == _make_blocklist_script().build()
    words = shipped.splitlines()
    assert len(words) >= 10_000
    assert {"password", "123456", "qwerty", "medvault", "password123456"} <= set(words)
    assert all(w == unicodedata.normalize("NFKC", w).casefold().strip() and w for w in words)


def test_blocklist_ships_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "data/*.txt" in config["tool"]["setuptools"]["package-data"]["app.core"]


# -- what is accepted -----------------------------------------------------------------------


def test_long_passphrase_accepted_without_composition_rules() -> None:
    verdict = check_password("tangerine lighthouse murmurs softly", min_length=12)
    assert verdict == PasswordVerdict(True, (), verdict.strength, verdict.hint)
    assert verdict.strength >= 3


def test_long_random_passphrase_accepted() -> None:
    passphrase = "-".join(secrets.token_hex(3) for _ in range(6))
    verdict = check_password(passphrase, min_length=12, context=["owner", "Riverside"])
    assert verdict.acceptable and not verdict.problems and verdict.strength >= 3


def test_all_lowercase_letters_are_enough_when_long() -> None:
    assert check_password("quietharbourmorningwalks", min_length=12).acceptable


def test_non_latin_passwords_count_characters_not_bytes() -> None:
    # 14 characters, 42 bytes in UTF-8: accepted at 12 and refused at 15.
    password = "秘密の合言葉はとても長い文です"[:14]
    assert len(password) == 14
    assert check_password(password, min_length=12).acceptable
    assert not check_password(password, min_length=15).acceptable


# -- length -------------------------------------------------------------------------------


def test_short_password_gets_the_plain_sentence() -> None:
    verdict = check_password("xq7#mv9!", min_length=12)
    assert not verdict.acceptable
    assert "Use at least 12 characters." in verdict.problems
    assert verdict.strength <= 1  # the meter never says "strong" beside a refusal


def test_length_is_counted_after_nfkc() -> None:
    # Eleven accented letters typed decomposed are 22 code points but 11 characters.
    decomposed = "e\u0301" * 6 + "a\u0300" * 5
    assert len(decomposed) == 22
    verdict = check_password(decomposed, min_length=12)
    assert "Use at least 12 characters." in verdict.problems


def test_empty_password_is_refused_with_zero_strength() -> None:
    verdict = check_password("", min_length=12)
    assert not verdict.acceptable and verdict.strength == 0 and verdict.hint == ""


# -- repetition and own names ---------------------------------------------------------------


@pytest.mark.parametrize("repetitive", ["aaaaaaaaaaaaaa", "abababababababab", "xyzxyzxyzxyzxyz"])
def test_repeated_characters_are_refused(repetitive: str) -> None:
    verdict = check_password(repetitive, min_length=12)
    assert not verdict.acceptable and any("repeating" in p for p in verdict.problems)


@pytest.mark.parametrize("password,context", [
    ("drsmith-is-the-best", ["drsmith"]),
    ("DRSMITH-is-the-best", ["DrSmith"]),
    ("drsmith", ["drsmith"]),
    ("the riverside garden gate", ["owner", "Riverside Practice"]),
    ("practice makes it perfect", ["Riverside Practice"]),
])
def test_own_names_in_password_are_refused(password: str, context: list[str]) -> None:
    verdict = check_password(password, min_length=6, context=context)
    assert not verdict.acceptable
    assert any("user name or the vault name" in p for p in verdict.problems)


def test_context_words_shorter_than_four_do_not_count() -> None:
    verdict = check_password("always along the quiet harbour", min_length=12,
                             context=["al", "the", "", "   "])
    assert verdict.acceptable


# -- speed and robustness -----------------------------------------------------------------


def test_zxcvbn_only_sees_the_first_hundred_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def fake(password: str, user_inputs: list[str] | None = None,
             max_length: int = 72) -> dict[str, Any]:
        seen.append(len(password))
        assert len(password) <= max_length
        return {"score": 4, "feedback": {"warning": "", "suggestions": []}}

    monkeypatch.setattr("zxcvbn.zxcvbn", fake)
    verdict = check_password("long harbour walk " * 50_000, min_length=12)
    assert seen == [100]
    assert verdict.strength == 4


@pytest.mark.parametrize("length", [71, 72, 73, 99, 100, 101, 5000])
def test_real_zxcvbn_copes_with_long_passwords(length: int) -> None:
    # zxcvbn itself refuses input over 72 characters unless told otherwise.
    password = ("moss tide lantern orbit " * 300)[:length]
    verdict = check_password(password, min_length=12)
    assert verdict.acceptable and 0 <= verdict.strength <= 4


def test_hint_comes_from_zxcvbn_feedback() -> None:
    verdict = check_password("abcdefghijklmnop", min_length=12)
    assert isinstance(verdict.hint, str) and verdict.hint


@given(st.text(max_size=150), st.lists(st.text(max_size=20), max_size=3),
       st.integers(min_value=8, max_value=64))
@settings(max_examples=150, deadline=None)
def test_check_password_never_raises_and_is_consistent(password: str, context: list[str],
                                                       min_length: int) -> None:
    verdict = check_password(password, min_length=min_length, context=context)
    assert 0 <= verdict.strength <= 4
    assert verdict.acceptable == (not verdict.problems)
    if len(unicodedata.normalize("NFKC", password)) < min_length:
        assert not verdict.acceptable
    if not verdict.acceptable:
        assert verdict.strength <= 1


# -- normalisation for key derivation -------------------------------------------------------


def test_normalise_matches_composed_and_decomposed() -> None:
    assert normalise_password("caf\u00e9 au lait") == normalise_password("cafe\u0301 au lait")


def test_normalise_matches_full_width_and_ascii() -> None:
    assert normalise_password("\uff21\uff22\uff23\uff11\uff12\uff13") == b"ABC123"


def test_normalise_is_utf8_and_keeps_case_and_spaces() -> None:
    assert normalise_password(" Grüße ") == " Grüße ".encode()
    assert normalise_password("Secret") != normalise_password("secret")
