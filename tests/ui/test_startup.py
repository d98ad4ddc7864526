"""Start-up: the first window shows before what it does not need is loaded or built (the
controller's services, the vault, the `Qt` namespace, the parser of the subcommands), and
everything still works once it is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.vault import OpenVault
from app.ui.app_controller import AppController, AppState
from app.ui.lock_controller import LockController, LockReason
from app.ui.unlock_window import UnlockWindow
from app.ui.widgets import Banner, PasswordEdit
from tests.ui.conftest import OWNER_PASSWORD, QuietWatcher, ScriptedPrompts, sign_in, unlock

ROOT = Path(__file__).resolve().parents[2]

# Shows the first window as `run_gui` does (argv[2]: a vault to reopen, or nothing), and
# reports what had been loaded or built by then. PySide6 builds a wrapper type, the `Qt`
# namespace included, when it is first looked up in its module.
_FIRST_WINDOW = """
import json, sys
from pathlib import Path
from PySide6 import QtCore, QtWidgets
from PySide6.QtWidgets import QApplication
from app.ui.app_controller import AppController
from app.ui.recent_vaults import RecentVaults
app = QApplication([])
controller = AppController(recent=RecentVaults(Path(sys.argv[1]) / "recent.json"))
controller.start(Path(sys.argv[2]) if len(sys.argv) > 2 else None, defer_open=True)
window = controller.welcome or controller.unlock_window
deferred = ('app.ui.lock_controller', 'app.ui.session_watch', 'app.ui.inactivity',
            'app.ui.pin_unlock', 'app.ui.workers', 'app.ui.prompts', 'app.ui.context',
            'app.ui.unlock_controller', 'app.core.vault', 'sqlcipher3', 'keyring')
report = {"shown": window is not None and window.isVisible(),
          "loaded": [m for m in deferred if m in sys.modules],
          "built": [n for n, m in (("Qt", QtCore), ("QStyle", QtWidgets))
                    if n in m.__dict__]}
from PySide6.QtGui import QGuiApplication
report["rounding"] = QGuiApplication.highDpiScaleFactorRoundingPolicy().name
print(json.dumps(report))
controller.shutdown()
"""


def _first_window(*args: Path) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", _FIRST_WINDOW, *map(str, args)],
                         capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert isinstance(report, dict)
    return report


def test_the_welcome_window_needs_none_of_the_deferred_services(tmp_path: Path) -> None:
    report = _first_window(tmp_path)
    assert report["shown"] is True
    assert report["loaded"] == [] and report["built"] == []
    # Fractional scaling as the desktop asks: Qt 6's default, which run_gui relies on.
    assert report["rounding"] == "PassThrough"


def test_the_unlock_window_shows_before_the_vault_is_opened(tmp_path: Path,
                                                            practice: Path) -> None:
    report = _first_window(tmp_path, practice)
    assert report["shown"] is True
    assert report["loaded"] == [] and report["built"] == []


_GUI_FAST_PATH = """
import json, sys
import app.cli, app.ui.launch
from app.core.hardening import is_dumpable
def no_parser():
    raise AssertionError("the GUI path built the subcommands' parser")
app.cli.build_parser = no_parser
app.ui.launch.run_gui = lambda argv: print(json.dumps([argv, is_dumpable()])) or 0
sys.argv = ["medvault"]
sys.exit(app.cli.main())
"""


def test_medvault_without_arguments_hardens_and_starts_the_gui_without_the_parser() -> None:
    out = subprocess.run([sys.executable, "-c", _GUI_FAST_PATH], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    argv, dumpable = json.loads(out.stdout.strip())
    assert argv == ["medvault"]
    assert dumpable is not True  # False on Linux; None where it cannot be told


def test_reopening_shows_the_unlock_window_then_opens_the_vault(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    controller.start(practice, defer_open=True)
    view = controller.unlock_window
    assert view is not None and view.isVisible()
    assert controller.unlock is None and controller.state is AppState.CLOSED
    assert view.vault_name.text() == practice.name
    assert not view.unlock_button.isEnabled() and not view.password.isEnabled()
    OpenVault.open(practice).close()  # not locked yet
    view.unlock_clicked.emit()  # a press before the vault is open does nothing
    qtbot.waitUntil(lambda: controller.state is AppState.UNLOCK)
    assert controller.unlock is not None and controller.unlock.vault is not None
    assert view.unlock_button.isEnabled() and view.password.isEnabled()
    assert view.vault_name.text() == "Riverside Practice"
    assert not view.banner.isVisible()
    assert controller.recent.paths() == [practice]
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN


def test_reopening_a_vault_in_use_says_so_in_the_window(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    """The window opens a vault someone is signed in to elsewhere at once (opening holds
    no lock); the sign-in says who has it, and works once they sign out."""
    other = OpenVault.open(practice)
    session = other.unlock("owner", OWNER_PASSWORD)  # another MedVault, signed in
    try:
        controller.start(practice, defer_open=True)
        qtbot.waitUntil(lambda: controller.state is AppState.UNLOCK)
        view = controller.unlock_window
        assert view is not None
        qtbot.waitUntil(view.unlock_button.isEnabled)
        unlock(qtbot, controller, "owner", OWNER_PASSWORD)
        assert controller.state is AppState.UNLOCK
        assert "signed in to this vault in another MedVault" in view.banner.text()
        assert view.unlock_button.isEnabled()
    finally:
        session.close()
        other.close()
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN


def test_reopening_a_damaged_vault_offers_restore(qtbot: QtBot, controller: AppController,
                                                  practice: Path) -> None:
    index = practice / "vault.json"
    data = bytearray(index.read_bytes())
    data[40] ^= 0x01
    index.write_bytes(bytes(data))
    controller.start(practice, defer_open=True)
    qtbot.waitUntil(lambda: controller.state is AppState.UNLOCK)
    view = controller.unlock_window
    assert view is not None
    assert view.banner.kind() == "alert" and "vault.json" in view.banner.text()
    assert view.restore_button.isVisible()


def test_quitting_before_the_vault_is_opened_leaves_it_closed(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    controller.start(practice, defer_open=True)
    view = controller.unlock_window
    assert view is not None
    controller.shutdown()
    assert not view.isVisible()
    view.first_painted.emit()  # had the paint been on its way
    assert controller.unlock is None and controller.state is AppState.CLOSED
    OpenVault.open(practice).close()  # nobody took the lock


def test_unlock_window_sets_up_its_inputs_once_painted(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    view = UnlockWindow()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.first_painted):
        view.show()
    assert view.totp.inputMethodHints() == Qt.InputMethodHint.ImhDigitsOnly
    assert view.pin.inputMethodHints() == Qt.InputMethodHint.ImhDigitsOnly
    assert view.vault_path.textInteractionFlags() == \
        Qt.TextInteractionFlag.TextSelectableByMouse


def test_banner_and_password_field_without_the_qt_namespace_up_front(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    banner = Banner(None, "info")
    qtbot.addWidget(banner)
    assert banner.kind() == "info" and banner.isHidden()
    banner.show_message("<b>C:\\Records</b>", "warning")
    assert banner.kind() == "warning" and banner.isVisible()
    assert banner.textFormat() == Qt.TextFormat.PlainText  # shown as written
    assert banner.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    password = PasswordEdit("Password")
    qtbot.addWidget(password)
    hints = password.inputMethodHints()
    for hint in (Qt.InputMethodHint.ImhHiddenText, Qt.InputMethodHint.ImhSensitiveData,
                 Qt.InputMethodHint.ImhNoPredictiveText):
        assert hints & hint == hint


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
