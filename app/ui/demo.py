"""The demo vault: a practice vault with made-up patients, to look around without real data.

It lives under the per-user data folder (``…/MedVault/demo``), is signed in as ``demo``
with a published password, and says so on its unlock screen. It must never hold real
records; its password is printed right there.
"""

from __future__ import annotations

import importlib.util
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from PySide6.QtCore import QCoreApplication, QLocale

if TYPE_CHECKING:  # the welcome window lists demo vaults and must not load the workers
    from app.ui.workers import Progress

DEMO_USER = "demo"
DEMO_PASSWORD = "orange kettle drum 42"  # noqa: S105 - published on purpose: synthetic data
DEMO_VAULT_NAME = "MedVault demo"
DEMO_PATIENTS = 500


def demo_root() -> Path:
    return Path(platformdirs.user_data_dir("MedVault", appauthor=False)) / "demo"


def is_demo(path: Path, root: Path | None = None) -> bool:
    root = (root or demo_root()).expanduser().absolute()
    return path.expanduser().absolute().parent == root


def existing_demo_vault(root: Path | None = None) -> Path | None:
    """The newest complete demo vault, if one was made before: trying the demo again opens
    it rather than making (and filling) another folder each time."""
    root = (root or demo_root()).expanduser().absolute()
    if not root.is_dir():
        return None
    made = sorted(p for p in root.glob("demo-*") if (p / "vault.json").is_file())
    return made[-1] if made else None


def records_available() -> bool:
    try:
        return importlib.util.find_spec("app.core.records.demo") is not None
    except ModuleNotFoundError:
        return False


def _tr(text: str) -> str:
    # lupdate files a bare _tr("...") under the unnamed context. This runs on the worker
    # thread; translating only reads the installed translators.
    return QCoreApplication.translate("", text)


def _fill(session: Any, progress: Progress) -> None:
    from app.core.records.demo import fill_demo

    locale = QLocale()

    def report(done: int, total: int, _stage: str) -> None:
        # Calling `progress` checks Cancel first, and raises to stop (and roll back).
        progress(done, total, _tr("Adding made-up patients: {done} of {total}…")
                 .format(done=locale.toString(done), total=locale.toString(total)))

    fill_demo(session, DEMO_PATIENTS, progress=report)


def make_demo_vault(progress: Progress, root: Path | None = None) -> Path:
    """Create a demo vault (and fill it when the records layer is there). Runs on a worker
    thread; Cancel removes the half-made vault."""
    from app.core.vault import OpenVault, create_vault

    root = root or demo_root()
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"demo-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}"
    progress.report(0, 0, _tr("Creating the demo vault…"))
    create_vault(path, owner_name=DEMO_USER, password=DEMO_PASSWORD, kind="practice",
                 full_name="Demo Owner", vault_name=DEMO_VAULT_NAME)
    try:
        progress.check()
        if records_available():
            with OpenVault.open(path) as vault:
                session = vault.unlock(DEMO_USER, DEMO_PASSWORD)
                try:
                    progress.report(0, 0, _tr("Adding made-up patients…"))
                    _fill(session, progress)
                finally:
                    session.close("close")
        progress.check()
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return path
