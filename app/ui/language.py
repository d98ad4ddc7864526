"""The language MedVault speaks: this computer's, or the one a person chose in My account.

The choice is kept per OS account beside the recent vaults, not inside a vault: the unlock
window speaks it before any vault is open. A missing, unreadable, oversized or unknown
choice means this computer's language, never an error. It takes effect when MedVault next
starts: most windows word their texts once, when they are built.
"""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs
from PySide6.QtCore import QLocale

from app.core.atomic import atomic_write_bytes

FILE_NAME = "language.json"
SYSTEM, ENGLISH, GERMAN = "system", "en", "de"
CHOICES = (SYSTEM, ENGLISH, GERMAN)
#: Endonyms: a person looking for their language finds it written in that language.
NAMES = {ENGLISH: "English", GERMAN: "Deutsch"}
_MAX_BYTES = 4096


def default_location() -> Path:
    return Path(platformdirs.user_config_dir("MedVault", appauthor=False)) / FILE_NAME


def stored_choice(path: Path | None = None) -> str:
    path = path or default_location()
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
        data = json.loads(raw) if len(raw) <= _MAX_BYTES else None
    except (OSError, ValueError):
        return SYSTEM
    choice = data.get("language") if isinstance(data, dict) else None
    return choice if choice in CHOICES else SYSTEM


def store_choice(choice: str, path: Path | None = None) -> None:
    if choice not in CHOICES:
        raise ValueError(f"unknown language choice {choice!r}")
    path = path or default_location()
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"format": "medvault-language", "language": choice}
    atomic_write_bytes(path, (json.dumps(body) + "\n").encode())


def locale_for(choice: str) -> QLocale:
    """The locale whose translations (and date formats) MedVault uses for `choice`; a
    chosen language keeps this computer's country where the pair exists."""
    system = QLocale.system()
    if choice not in (ENGLISH, GERMAN):
        return system
    language = {ENGLISH: QLocale.Language.English, GERMAN: QLocale.Language.German}.get(choice)
    if language is None or system.language() == language:
        return system
    paired = QLocale(language, system.territory())
    if paired.language() == language and paired.territory() == system.territory():
        return paired
    return QLocale(language)
