"""Generated passphrases: a few words picked at random, as KeePassXC and diceware offer.

Words are drawn with `secrets` (the OS's CSPRNG) from MedVault's own word list
(`data/passphrase-words.txt`), so the strength is a count, not an estimate: each word adds
log2(list size) bits. Six words from the shipped list give about 65 bits, which against
Argon2id at even 64 MiB per guess is far out of reach; a policy asking for more characters
gets as many words as reach that length even if all were the shortest.

The passphrase is still judged by `check_password` with the user's and the vault's names,
and drawn again if it fails (a word list cannot know a user called "Maple"). Redrawing
removes a vanishing share of the phrases, so the stated entropy is what is left after it,
rounded down.
"""

from __future__ import annotations

import functools
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from app.core.passwords import check_password

WORD_LIST = "data/passphrase-words.txt"
SEPARATOR = "-"
DEFAULT_WORDS = 6
# A shorter list than this would make six words weaker than the policy's length suggests;
# a damaged or truncated file is refused rather than used.
MIN_LIST_SIZE = 1024
_MAX_DRAWS = 50


class WordListDamaged(RuntimeError):
    """The shipped word list is missing, short or malformed: no passphrase is offered."""


@dataclass(frozen=True)
class Passphrase:
    text: str
    words: int
    # log2(list size) per word, rounded down to a whole bit (what the UI may claim).
    entropy_bits: int


@functools.cache
def word_list() -> tuple[str, ...]:
    try:
        text = resources.files("app.core").joinpath(WORD_LIST).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WordListDamaged(f"The passphrase word list cannot be read ({exc}).") from exc
    return parse_word_list(text)


def parse_word_list(text: str) -> tuple[str, ...]:
    """The words of a list file, or `WordListDamaged` if it is not a usable list."""
    words = [line.strip() for line in text.splitlines()
             if line.strip() and not line.startswith("#")]
    if len(set(words)) != len(words):
        raise WordListDamaged("The passphrase word list repeats a word.")
    if any(not (w.isascii() and w.isalpha() and w.islower()) for w in words):
        raise WordListDamaged("The passphrase word list holds something that is not a "
                              "lowercase word.")
    if len(words) < MIN_LIST_SIZE:
        raise WordListDamaged(f"The passphrase word list has only {len(words)} words.")
    return tuple(words)


def entropy_bits(words: int) -> int:
    """What `words` words from the list are worth, rounded down."""
    return math.floor(words * math.log2(len(word_list())))


def words_needed(min_length: int, words: int = DEFAULT_WORDS) -> int:
    """How many words reach `min_length` characters even if every word is the shortest.
    Fixed before drawing: adding a word only when the drawn ones come out short would make
    the count depend on the words, and the stated entropy a guess."""
    shortest = min(len(w) for w in word_list())
    return max(1, words, math.ceil((min_length + len(SEPARATOR)) / (shortest + len(SEPARATOR))))


def generate_passphrase(*, min_length: int, context: Sequence[str] = (),
                        words: int = DEFAULT_WORDS) -> Passphrase:
    """A fresh passphrase of at least `words` words and `min_length` characters that
    `check_password` accepts under the same rules the user's own choice would meet."""
    vocabulary = word_list()
    count = words_needed(min_length, words)
    for _ in range(_MAX_DRAWS):
        text = SEPARATOR.join(secrets.choice(vocabulary) for _ in range(count))
        if check_password(text, min_length=min_length, context=context).acceptable:
            return Passphrase(text, count, entropy_bits(count))
    raise WordListDamaged("No generated passphrase passed the password rules; the word "
                          "list looks damaged.")
