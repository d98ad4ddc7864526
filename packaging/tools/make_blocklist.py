"""Regenerate app/core/data/common-passwords.txt from zxcvbn's ranked password list.

The list is data (which passwords people pick most), so it ships with the program and the
check never depends on a network or on zxcvbn's internals at run time.

Run from the repository root: python packaging/tools/make_blocklist.py
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

TOP = 10_000

# What staff of a practice reach for first, long enough to pass the length rule: the
# program's name, the workplace, and keyboard walks that zxcvbn's list holds only in
# shorter forms.
EXTRA = [
    "medvault", "medvault123", "medvault1234", "medvault2024", "medvault2025",
    "password123456", "passwordpassword", "password12345678", "letmeinletmein",
    "welcome123456", "changeme123456", "administrator", "administrator1",
    "qwertyuiop123", "qwertyuiopasdf", "qwertyuiopasdfgh", "asdfghjkl123", "1qaz2wsx3edc",
    "1qaz2wsx3edc4rfv", "zaq12wsxcde3", "zxcvbnm12345", "q1w2e3r4t5y6", "123456789012",
    "1234567890123", "12345678901234", "doctor123456", "patient12345", "clinic123456",
    "practice123", "reception123", "nurse1234567", "hospital1234", "healthrecords",
    "medicalrecords", "patientrecords",
]


def fold(word: str) -> str:
    # The same folding the check applies, so an entry can never miss on case or width.
    return unicodedata.normalize("NFKC", word).casefold().strip()


def build() -> str:
    """The file's text: sorted, so a regenerated list diffs cleanly against the old one."""
    ranked = list(FREQUENCY_LISTS["passwords"])[:TOP]
    words = sorted({fold(w) for w in [*ranked, *EXTRA]} - {""})
    return "\n".join(words) + "\n"


def main() -> None:
    out = Path(__file__).resolve().parents[2] / "app" / "core" / "data" / "common-passwords.txt"
    text = build()
    out.write_text(text, encoding="utf-8")
    words = text.splitlines()
    print(f"wrote {len(words)} entries to {out}")


if __name__ == "__main__":
    main()
