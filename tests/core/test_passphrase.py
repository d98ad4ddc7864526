"""Generated passphrases: drawn with `secrets` from the shipped list, strength stated as a
count of bits, and always acceptable to the same password rules a chosen password meets."""

from __future__ import annotations

import math
import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import passphrase
from app.core.passphrase import (
    DEFAULT_WORDS,
    SEPARATOR,
    WordListDamaged,
    entropy_bits,
    generate_passphrase,
    parse_word_list,
    word_list,
    words_needed,
)
from app.core.passwords import check_password


def test_the_shipped_list_is_large_unique_and_plain() -> None:
    words = word_list()
    assert len(words) >= 1024
    assert len(set(words)) == len(words)
    assert all(w.isascii() and w.isalpha() and w.islower() and 3 <= len(w) <= 8
               for w in words)


def test_six_words_are_worth_at_least_64_bits_and_the_count_is_exact() -> None:
    size = len(word_list())
    assert entropy_bits(DEFAULT_WORDS) == math.floor(DEFAULT_WORDS * math.log2(size))
    assert entropy_bits(DEFAULT_WORDS) >= 64
    phrase = generate_passphrase(min_length=12)
    assert phrase.words == DEFAULT_WORDS
    assert phrase.entropy_bits == entropy_bits(DEFAULT_WORDS)


@settings(max_examples=25, deadline=None)
@given(min_length=st.integers(min_value=8, max_value=128))
def test_every_policy_length_is_met_with_words_from_the_list(min_length: int) -> None:
    phrase = generate_passphrase(min_length=min_length, context=["anna", "Riverside"])
    parts = phrase.text.split(SEPARATOR)
    assert len(parts) == phrase.words == words_needed(min_length)
    assert set(parts) <= set(word_list())
    assert len(phrase.text) >= min_length
    assert check_password(phrase.text, min_length=min_length,
                          context=["anna", "Riverside"]).acceptable
    # The count is fixed before the draw: even the shortest words would reach the length.
    shortest = min(len(w) for w in word_list())
    assert phrase.words * (shortest + 1) - 1 >= min_length


def test_words_are_drawn_with_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def choice(seq: tuple[str, ...]) -> str:
        calls.append(len(seq))
        return seq[len(calls)]

    monkeypatch.setattr(secrets, "choice", choice)
    phrase = generate_passphrase(min_length=12)
    assert calls == [len(word_list())] * DEFAULT_WORDS
    assert phrase.text == SEPARATOR.join(word_list()[1:DEFAULT_WORDS + 1])


def test_a_phrase_holding_the_users_name_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    words = word_list()
    draws = iter(["maple"] * DEFAULT_WORDS + list(words[:DEFAULT_WORDS]))
    monkeypatch.setattr(secrets, "choice", lambda _seq: next(draws))
    phrase = generate_passphrase(min_length=12, context=["Maple"])
    assert "maple" not in phrase.text
    assert phrase.text == SEPARATOR.join(words[:DEFAULT_WORDS])


def test_two_phrases_differ() -> None:
    assert generate_passphrase(min_length=12).text != generate_passphrase(min_length=12).text


@pytest.mark.parametrize("text", [
    "",                                              # empty
    "\n".join(f"w{'a' * (i % 7)}" for i in range(10)),  # too short
    "\n".join(["apple"] * 2000),                     # repeats
    "\n".join(["Apple", *[f"{chr(97 + i % 26)}x{i}" for i in range(2000)]]),  # not plain
])
def test_a_damaged_list_is_refused_never_used(text: str) -> None:
    with pytest.raises(WordListDamaged):
        parse_word_list(text)


def test_comments_and_blank_lines_are_not_words() -> None:
    base = word_list()
    text = "# a comment\n\n" + "\n".join(base) + "\n"
    assert parse_word_list(text) == base
    assert len(base) >= passphrase.MIN_LIST_SIZE
