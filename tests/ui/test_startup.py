"""The first window shows before the controller's services are built, and they still work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.app_controller import AppController, AppState
from app.ui.lock_controller import LockController, LockReason
from tests.ui.conftest import QuietWatcher, ScriptedPrompts, sign_in

_FIRST_WINDOW = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from app.ui.app_controller import AppController
from app.ui.recent_vaults import RecentVaults
app = QApplication([])
controller = AppController(recent=RecentVaults(Path(sys.argv[1]) / "recent.json"))
controller.start(None)
assert controller.welcome is not None and controller.welcome.isVisible()
deferred = ('app.ui.lock_controller', 'app.ui.session_watch', 'app.ui.inactivity',
            'app.ui.pin_unlock', 'app.ui.workers', 'app.ui.prompts', 'app.ui.context')
print(','.join(m for m in deferred if m in sys.modules))
controller.shutdown()
"""


def test_the_welcome_window_needs_none_of_the_deferred_services(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", _FIRST_WINDOW, str(tmp_path)],
                         capture_output=True, text=True, check=True, env=env,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == ""


def test_services_built_on_first_use_are_wired(qtbot: QtBot, tmp_path: Path,
                                               practice: Path) -> None:
    from app.ui.recent_vaults import RecentVaults

    prompts = ScriptedPrompts()
    watcher = QuietWatcher()
    c = AppController(recent=RecentVaults(tmp_path / "recent.json"), prompts=prompts,
                      watcher=watcher)
    try:
        c.start(None)
        assert c.state is AppState.WELCOME
        sign_in(qtbot, c, practice)
        # Built once, on demand, with what the controller was handed.
        assert c.ctx is c.ctx and c.ctx.prompts is prompts
        assert isinstance(c.lock, LockController) and c.lock is c.lock
        assert c.lock.watcher is watcher
        # The lazily built lock controller is attached and its `locked` reaches us.
        watcher.on_session_lock()
        assert c.state is AppState.LOCKED
        assert c.lock.last_reason is LockReason.SCREEN
    finally:
        c.shutdown()
        for window in (c.welcome, c.unlock_window, c.main_window):
            if window is not None:
                window.deleteLater()


def test_shutdown_and_close_before_any_service_exists(qtbot: QtBot, tmp_path: Path) -> None:
    from app.ui.recent_vaults import RecentVaults

    c = AppController(recent=RecentVaults(tmp_path / "recent.json"),
                      prompts=ScriptedPrompts(), watcher=QuietWatcher())
    c.start(None)
    assert c.welcome is not None
    c.close_vault()
    assert c.state is AppState.WELCOME
    assert c.lock_now() is False  # nothing open: nothing to lock
    c.shutdown()
    assert c.state is AppState.CLOSED
    c.welcome.deleteLater()
