"""Password rules after NIST SP 800-63B: a minimum length, a blocklist, no composition rules.

Strength is estimated with zxcvbn and shown to the user; it advises, the length and the
blocklist decide.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

ZXCVBN_MAX_CHARS = 100  # zxcvbn's matching grows fast with length; the prefix is plenty


@dataclass(frozen=True)
class PasswordVerdict:
    acceptable: bool
    problems: tuple[str, ...]
    strength: int
    hint: str


def normalise_password(password: str) -> bytes:
    """NFKC, so the same password typed on another keyboard or OS derives the same key."""
    return unicodedata.normalize("NFKC", password).encode("utf-8")


@functools.cache
def _blocklist() -> frozenset[str]:
    text = resources.files("app.core").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def is_common(password: str) -> bool:
    """On the blocklist, also once the digits and symbols people tack on are stripped
    ("password1234" is "password" to a guessing tool)."""
    folded = unicodedata.normalize("NFKC", password).casefold()
    core = folded.strip("0123456789!@#$%^&*.?_- ")
    blocked = _blocklist()
    return folded in blocked or (len(core) >= 4 and core in blocked)


def check_password(password: str, *, min_length: int,
                   context: Sequence[str] = ()) -> PasswordVerdict:
    normal = unicodedata.normalize("NFKC", password)
    problems = []
    if len(normal) < min_length:
        problems.append(f"Use at least {min_length} characters (this has {len(normal)}).")
    if is_common(normal):
        problems.append("This is one of the most common passwords; choose something else.")
    folded = normal.casefold()
    for word in context:
        word = word.strip().casefold()
        if len(word) >= 4 and word in folded:
            problems.append("Do not build the password from your user or vault name.")
            break
    strength, hint = _estimate(normal[:ZXCVBN_MAX_CHARS], context)
    return PasswordVerdict(not problems, tuple(problems), strength, hint)


def _estimate(password: str, context: Sequence[str]) -> tuple[int, str]:
    if not password:
        return 0, ""
    from zxcvbn import zxcvbn

    result = zxcvbn(password, user_inputs=[c for c in context if c])
    feedback = result.get("feedback", {})
    hint = feedback.get("warning") or " ".join(feedback.get("suggestions", []))
    return int(result["score"]), str(hint)
