"""Password rules after NIST SP 800-63B: a minimum length, a blocklist, no composition rules.

Strength is estimated with zxcvbn and shown to the user; it advises, while the length, the
blocklist and the user's own names decide.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from app.core.messages import Message, message

# zxcvbn's matching grows fast with length, and refuses input over its own limit outright;
# the prefix says all there is to say about guessability.
ZXCVBN_MAX_CHARS = 100
MIN_CONTEXT_WORD = 4
# Digits and symbols people tack on: to a guessing tool "password1234" is "password".
_DECORATION = "0123456789!@#$%^&*()-_=+.,;:?~'\" "


@dataclass(frozen=True)
class PasswordVerdict:
    acceptable: bool
    problems: tuple[str, ...]
    strength: int
    hint: str
    #: The problems as core messages, for the GUI to word in the user's language.
    messages: tuple[Message, ...] = ()


def normalise_password(password: str) -> bytes:
    """NFKC, so the same password typed on another keyboard or OS derives the same key."""
    return unicodedata.normalize("NFKC", password).encode("utf-8")


@functools.cache
def _blocklist() -> frozenset[str]:
    text = resources.files("app.core").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@functools.cache
def _zxcvbn_lock() -> threading.Lock:
    # zxcvbn keeps the user's words in a module-level dictionary while it runs, so two
    # checks at once (a worker thread and the GUI) could see each other's names.
    return threading.Lock()


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def is_common(password: str) -> bool:
    """On the blocklist as typed, or once the decoration at either end is stripped."""
    folded = _fold(password)
    core = folded.strip(_DECORATION)
    blocked = _blocklist()
    return folded in blocked or (len(core) >= MIN_CONTEXT_WORD and core in blocked)


def _is_repetitive(folded: str) -> bool:
    """One to three characters over and over ("aaaaaaaaaaaa", "abababababab"): NIST lists
    repetition with the blocklist, and no list can hold every length of it."""
    return any(len(folded) >= 2 * n and folded == (folded[:n] * len(folded))[:len(folded)]
               for n in (1, 2, 3))


def _context_words(context: Sequence[str]) -> set[str]:
    """Each name whole and split into its parts: "Riverside Practice" is refused inside
    "riverside2024!" as much as the full name is."""
    words: set[str] = set()
    for item in context:
        folded = _fold(item).strip()
        candidates = [folded, *re.split(r"[\W_]+", folded)]
        words.update(w for w in candidates if len(w) >= MIN_CONTEXT_WORD)
    return words


def check_password(password: str, *, min_length: int,
                   context: Sequence[str] = ()) -> PasswordVerdict:
    """Judge a new password. `context` holds the user's and the vault's names."""
    normal = unicodedata.normalize("NFKC", password)
    folded = normal.casefold()
    said: list[Message] = []
    if len(normal) < min_length:
        said.append(message("password.too_short", count=min_length))
    if is_common(normal):
        said.append(message("password.common"))
    elif _is_repetitive(folded):
        said.append(message("password.repetitive"))
    words = _context_words(context)
    if any(word in folded for word in words):
        said.append(message("password.from_names"))
    problems = [m.english() for m in said]
    strength, hint = _estimate(normal[:ZXCVBN_MAX_CHARS], sorted(words))
    if problems:
        # A meter showing "strong" next to a refusal would contradict the refusal.
        strength = min(strength, 1)
    return PasswordVerdict(not problems, tuple(problems), strength, hint, tuple(said))


def _estimate(password: str, words: list[str]) -> tuple[int, str]:
    if not password:
        return 0, ""
    from zxcvbn import zxcvbn  # lazily: its word lists take a moment to load

    with _zxcvbn_lock():
        result = zxcvbn(password, user_inputs=[w[:ZXCVBN_MAX_CHARS] for w in words],
                        max_length=ZXCVBN_MAX_CHARS)
    feedback = result.get("feedback") or {}
    hint = feedback.get("warning") or " ".join(feedback.get("suggestions") or [])
    return max(0, min(4, int(result["score"]))), str(hint)
