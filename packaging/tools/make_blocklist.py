"""Regenerate app/core/data/common-passwords.txt from zxcvbn's ranked password list.

The list is data (which passwords people pick most), so it ships with the program and the
check never depends on a network or on zxcvbn's internals at run time.
"""

from __future__ import annotations

from pathlib import Path

from zxcvbn.frequency_lists import FREQUENCY_LISTS

EXTRA = ["medvault", "medvault123", "password123456", "passwordpassword", "letmeinletmein",
         "qwertyuiopasdf", "123456789012", "doctor123456", "patient12345", "clinic123456"]


def main() -> None:
    ranked = list(FREQUENCY_LISTS["passwords"])[:10_000]
    words = sorted({w.casefold() for w in [*ranked, *EXTRA]})
    out = Path(__file__).resolve().parents[2] / "app" / "core" / "data" / "common-passwords.txt"
    out.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} entries to {out}")


if __name__ == "__main__":
    main()
