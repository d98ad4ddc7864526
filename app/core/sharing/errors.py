"""The one error a hostile or broken package or export raises."""

from __future__ import annotations

from app.core.errors import MedVaultError


class PackageRefused(MedVaultError):
    """Input from outside failed a bound or a check; nothing was imported.

    The message says what was wrong in plain words. It never quotes the file's contents
    beyond a name the format allows, so it is safe to log.
    """

    exit_code = 1
