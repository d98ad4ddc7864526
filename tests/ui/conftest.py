"""Fixtures for the GUI tests: a scripted Prompts, a quiet screen-lock watcher, practice
vaults with one user of every role, and an AppController wired to all of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.core.vault import create_vault
from app.ui.app_controller import AppController, AppState
from app.ui.prompts import Prompts
from app.ui.recent_vaults import RecentVaults
from app.ui.session_watch import SessionLockWatcher

# The records tests' clock fixture, for GUI tests of expiring access.
from tests.core.records.conftest import travel as travel
from tests.support import OWNER_PASSWORD as OWNER_PASSWORD
from tests.support import credentials as credentials
from tests.support import make_practice_vault
from tests.support import password_for as password_for
from tests.support import user_name as user_name

# The offscreen platform cannot do these; Qt says so as a warning on every window shown.
# They are limits of the test platform, not of MedVault.
_OFFSCREEN_LIMITS = r"This plugin does not support (propagateSizeHints|raise|activateWindow)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(_OFFSCREEN_LIMITS))


class ScriptedPrompts(Prompts):
    """Answers questions from queues and records every message; never blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.directories: list[Path | None] = []
        self.save_paths: list[Path | None] = []
        self.open_paths: list[Path | None] = []
        self.open_file_lists: list[list[Path]] = []
        self.confirms: list[bool] = []
        self.messages: list[tuple[str, str, str]] = []

    def choose_directory(self, parent: QWidget | None, title: str,
                         start: Path | None = None) -> Path | None:
        self.messages.append(("choose_directory", title, str(start)))
        return self.directories.pop(0) if self.directories else None

    def choose_open_file(self, parent: QWidget | None, title: str, start: Path,
                         filters: str) -> Path | None:
        self.messages.append(("choose_open_file", title, str(start)))
        return self.open_paths.pop(0) if self.open_paths else None

    def choose_open_files(self, parent: QWidget | None, title: str, start: Path,
                          filters: str) -> list[Path]:
        self.messages.append(("choose_open_files", title, str(start)))
        return self.open_file_lists.pop(0) if self.open_file_lists else []

    def choose_save_file(self, parent: QWidget | None, title: str, suggested: Path,
                         filters: str) -> Path | None:
        self.messages.append(("choose_save_file", title, str(suggested)))
        return self.save_paths.pop(0) if self.save_paths else None

    def confirm(self, parent: QWidget | None, title: str, text: str, *, yes_text: str,
                danger: bool = False) -> bool:
        self.messages.append(("confirm", title, text))
        return self.confirms.pop(0) if self.confirms else False

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(("inform", title, text))

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(("warn", title, text))

    def printer_for(self, parent: QWidget | None) -> object | None:
        return None

    def texts(self, kind: str) -> list[str]:
        return [text for k, _title, text in self.messages if k == kind]


class QuietWatcher(SessionLockWatcher):
    """Never touches D-Bus; tests call on_session_lock()/on_prepare_for_sleep() directly."""

    def start(self) -> None:
        self._started = True

    def stop(self) -> None:
        self._started = False


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    """A practice vault: the owner plus one user of each assignable role, grants approved."""
    path = tmp_path / "practice"
    make_practice_vault(path, full_name="Olive Owner", vault_name="Riverside Practice")
    return path


@pytest.fixture
def personal(tmp_path: Path) -> Path:
    path = tmp_path / "personal"
    create_vault(path, owner_name="me", password=OWNER_PASSWORD, kind="personal",
                 vault_name="My records")
    return path


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()


@pytest.fixture
def controller(qtbot: QtBot, tmp_path: Path, prompts: ScriptedPrompts
               ) -> Iterator[AppController]:
    c = AppController(recent=RecentVaults(tmp_path / "config" / "recent.json"),
                      prompts=prompts, watcher=QuietWatcher(), demo_root=tmp_path / "demo")
    try:
        yield c
    finally:
        c.shutdown()
        for window in (c.welcome, c.unlock_window, c.main_window, c.wizard):
            if window is not None:
                window.deleteLater()


def unlock(qtbot: QtBot, c: AppController, name: str, password: str,
           totp: str | None = None) -> None:
    view = c.unlock_window
    assert view is not None and c.unlock is not None
    view.user.setText(name)
    view.password.setText(password)
    if totp is not None:
        view.totp.setText(totp)
    view.unlock_button.click()
    qtbot.waitUntil(lambda: c.unlock is not None and not c.unlock.is_busy(), timeout=15_000)


def sign_in(qtbot: QtBot, c: AppController, vault: Path, role: Role = Role.OWNER) -> None:
    c.open_vault(vault)
    name, password = credentials(role)
    unlock(qtbot, c, name, password)
    assert c.state is AppState.MAIN, c.unlock_window.banner.text() if c.unlock_window else ""


def wait_idle(qtbot: QtBot, c: AppController) -> None:
    qtbot.waitUntil(lambda: not c.ctx.tasks.is_busy(), timeout=20_000)


def visible_windows() -> list[str]:
    from PySide6.QtWidgets import QApplication

    return sorted(w.objectName() or type(w).__name__ for w in QApplication.topLevelWidgets()
                  if w.isVisible())
