"""Locate bundled resources (icons, style sheet) and load icons by name.

Resources live in ``resources/`` next to the ``app`` package in a source checkout, and
in ``sys._MEIPASS/resources`` inside a PyInstaller bundle. Icons are SVG, so one file
serves every screen density.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
from pathlib import Path
from typing import Final

from PySide6.QtGui import QIcon

_log = logging.getLogger(__name__)

#: Every icon shipped in ``resources/icons`` (without the ``.svg`` suffix).
ICON_NAMES: Final[tuple[str, ...]] = (
    "medvault",
    "lock",
    "unlock",
    "patient",
    "search",
    "show",
    "note",
    "add",
    "edit",
    "sign",
    "chart",
    "document",
    "users",
    "key",
    "audit",
    "backup",
    "settings",
    "warning",
    "emergency",
    "print",
    "export",
    "import",
    "consent",
    "timeline",
    "calendar",
    "allergy",
    "medication",
    "problem",
    "immunization",
    "procedure",
)

# A bare file stem: the name must never reach outside the icon folder.
_VALID_NAME: Final = re.compile(r"[a-z0-9][a-z0-9_-]*")


def resources_dir() -> Path:
    """The folder holding ``icons/``, ``style/`` and translations."""
    # PyInstaller unpacks (or maps) bundled data under sys._MEIPASS.
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and isinstance(bundle, str):
        return Path(bundle) / "resources"
    # app/ui/icons.py -> repository root (the folder holding the app package).
    return Path(__file__).resolve().parent.parent.parent / "resources"


def icon_path(name: str) -> Path:
    """Path of the SVG for ``name``; raises ValueError for anything but a plain stem."""
    if not _VALID_NAME.fullmatch(name):
        raise ValueError(f"invalid icon name: {name!r}")
    return resources_dir() / "icons" / f"{name}.svg"


@functools.cache
def icon(name: str) -> QIcon:
    """The icon called ``name``; a null QIcon (and a logged warning) if it is missing.

    A missing picture is a packaging bug, but it must never stop anyone reaching a
    record, so it does not raise. The tests check every name in ICON_NAMES.
    """
    path = icon_path(name)
    if not path.is_file():
        # Checked here because Qt's SVG engine would print its own warning instead.
        _log.warning("icon %r not found at %s", name, path)
        return QIcon()
    return QIcon(str(path))


def stylesheet_path() -> Path:
    return resources_dir() / "style" / "medvault.qss"


def stylesheet() -> str:
    """The application style sheet, or an empty one (system look) if it is missing."""
    try:
        return stylesheet_path().read_text(encoding="utf-8")
    except OSError as exc:
        _log.warning("style sheet unavailable: %s", exc)
        return ""
