"""Auto-lock: idle, Ctrl+L, screen lock, minimise; drafts, dialogs, models, keys, clipboard."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.core.session import Session
from app.core.vault import OpenVault
from app.core.vault_settings import VaultSettings, save_settings
from app.ui.admin.administration_page import AdministrationPage
from app.ui.admin.audit_page import AuditPage
from app.ui.app_controller import AppController, AppState
from app.ui.context import UiContext
from app.ui.lock_controller import LockReason
from app.ui.main_window import default_pages
from app.ui.pages import SessionPage
from app.ui.recent_vaults import RecentVaults
from tests.conftest import use_machine_policy
from tests.ui.conftest import (
    OWNER_PASSWORD,
    QuietWatcher,
    ScriptedPrompts,
    credentials,
    sign_in,
    unlock,
    visible_windows,
)


class DraftPage(SessionPage):
    """A page with an editor, recording what the lock asks of it."""

    calls: list[tuple[str, bool]]

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.calls = []
        self.editor = QLabel(self)
        self.saved_text = ""
        QVBoxLayout(self).addWidget(self.editor)

    def title(self) -> str:
        return "Drafts"

    def set_session(self, session: Session) -> None:
        self.calls.append(("set_session", session.is_open))
        super().set_session(session)
        self.editor.setText(self.saved_text)  # the restored draft

    def save_drafts(self) -> None:
        session = self.session
        self.calls.append(("save_drafts", session is not None and session.is_open))
        self.saved_text = self.editor.text()

    def clear_view(self) -> None:
        self.calls.append(("clear", False))
        self.editor.setText("")


def _controller_with_drafts(qtbot: QtBot, tmp_path: Path, prompts: ScriptedPrompts
                            ) -> AppController:
    return AppController(recent=RecentVaults(tmp_path / "recent.json"), prompts=prompts,
                         watcher=QuietWatcher(), pages=[*default_pages(), DraftPage])


def test_idle_lock_saves_drafts_clears_everything_and_drops_keys(
        qtbot: QtBot, tmp_path: Path, prompts: ScriptedPrompts, practice: Path) -> None:
    c = _controller_with_drafts(qtbot, tmp_path, prompts)
    try:
        sign_in(qtbot, c, practice)
        window = c.main_window
        assert window is not None
        drafts = window.page(DraftPage)
        assert isinstance(drafts, DraftPage)
        drafts.editor.setText("half-typed note")
        admin = window.page(AdministrationPage)
        audit = window.page(AuditPage)
        assert isinstance(admin, AdministrationPage) and isinstance(audit, AuditPage)
        assert admin.users.model.rowCount() == 7  # one user of every role, backup too
        assert audit.model.rowCount() > 0
        session = c.session
        assert session is not None
        c.ctx.clipboard.copy("MRN 0042")
        dialog = QDialog(window)
        dialog.setModal(True)
        dialog.show()

        c.lock.override_timeout_ms(150)
        qtbot.waitUntil(lambda: c.state is AppState.LOCKED, timeout=5000)

        assert c.lock.last_reason is LockReason.IDLE
        assert not session.is_open  # keys dropped, connection closed
        assert c.session is None
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
        assert admin.users.model.rowCount() == 0
        assert audit.model.rowCount() == 0
        assert drafts.editor.text() == ""
        assert QGuiApplication.clipboard().text() == ""
        assert visible_windows() == ["lockScreen"]
        # Drafts were saved while the session was still open, then the page was cleared.
        assert ("save_drafts", True) in drafts.calls
        assert drafts.calls.index(("save_drafts", True)) < drafts.calls.index(("clear", False))

        c.lock.override_timeout_ms(None)
        unlock(qtbot, c, "owner", OWNER_PASSWORD)
        assert c.state is AppState.MAIN
        assert drafts.editor.text() == "half-typed note"
        assert admin.users.model.rowCount() == 7  # one user of every role, backup too
    finally:
        c.shutdown()
        for w in (c.main_window, c.unlock_window):
            if w is not None:
                w.deleteLater()


def test_ctrl_l_locks(qtbot: QtBot, controller: AppController, practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    window = controller.main_window
    assert window is not None
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.lock_action.trigger()
    assert controller.state is AppState.LOCKED
    assert controller.lock.last_reason is LockReason.MANUAL
    assert not window.isVisible()
    # A second request (say a screen saver as well) is harmless.
    assert controller.lock_now() is False


def test_screen_lock_and_sleep_lock(qtbot: QtBot, controller: AppController,
                                    practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    controller.lock.watcher.on_session_lock()
    assert controller.state is AppState.LOCKED
    assert controller.lock.last_reason is LockReason.SCREEN
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    controller.lock.watcher.on_prepare_for_sleep(True)
    assert controller.state is AppState.LOCKED
    assert controller.lock.last_reason is LockReason.SLEEP


def test_lock_on_minimise_follows_the_vault_setting(qtbot: QtBot, controller: AppController,
                                                    practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    window = controller.main_window
    assert window is not None
    window.minimised.emit()
    assert controller.state is AppState.MAIN  # off by default
    controller.lock_now()
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.session is not None
    save_settings(controller.session, VaultSettings(lock_on_minimise=True))
    controller.lock.apply_settings()
    window.minimised.emit()
    assert controller.state is AppState.LOCKED
    assert controller.lock.last_reason is LockReason.MINIMISE


def test_idle_timeout_comes_from_the_vault_kind(qtbot: QtBot, controller: AppController,
                                                practice: Path, personal: Path) -> None:
    sign_in(qtbot, controller, practice)
    assert controller.lock.timer.timeout_ms() == 5 * 60_000
    assert controller.lock.timer.is_active()
    controller.close_vault()
    controller.open_vault(personal)
    unlock(qtbot, controller, "me", OWNER_PASSWORD)
    assert controller.lock.timer.timeout_ms() == 15 * 60_000


def test_policy_caps_the_idle_timeout(qtbot: QtBot, controller: AppController, practice: Path,
                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("autolock_max_minutes = 2\n")
    use_machine_policy(monkeypatch, str(policy))
    sign_in(qtbot, controller, practice)
    assert controller.lock.timer.timeout_ms() == 2 * 60_000


def test_lock_waits_for_running_work(qtbot: QtBot, controller: AppController,
                                     practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    release = threading.Event()
    started = threading.Event()

    def work(progress: object) -> str:
        started.set()
        release.wait(10)
        return "done"

    results: list[object] = []
    controller.ctx.tasks.run(controller.main_window, "Working…", work,
                             on_done=results.append, cancellable=True)
    qtbot.waitUntil(started.is_set)
    assert controller.lock_now() is False
    assert controller.state is AppState.MAIN
    assert controller.session is not None and controller.session.is_open
    release.set()
    qtbot.waitUntil(lambda: controller.state is AppState.LOCKED, timeout=10_000)
    assert results == ["done"]
    assert controller.lock.last_reason is LockReason.MANUAL


def test_closing_the_vault_returns_to_welcome_and_releases_it(qtbot: QtBot,
                                                              controller: AppController,
                                                              practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    session = controller.session
    assert session is not None
    window = controller.main_window
    assert window is not None
    window.close_action.trigger()
    assert controller.state is AppState.WELCOME
    assert not session.is_open
    assert visible_windows() == ["welcomeWindow"]
    with OpenVault.open(practice):
        pass


def test_closing_the_main_window_quits_after_locking(qtbot: QtBot, controller: AppController,
                                                    practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    session = controller.session
    assert session is not None and controller.main_window is not None
    controller.main_window.close()
    assert not session.is_open
    assert controller.state is AppState.CLOSED
    assert visible_windows() == []


def test_another_user_at_the_lock_screen_starts_on_their_own_first_page(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    from app.core.roles import Role
    from app.ui.admin.account_page import AccountPage
    from app.ui.patients_page import PatientsPage

    sign_in(qtbot, controller, practice, Role.OWNER)
    window = controller.main_window
    assert window is not None
    account = window.page(AccountPage)
    assert account is not None
    window.show_page(account)
    window.lock_action.trigger()
    assert controller.state is AppState.LOCKED
    name, password = credentials(Role.CLINICIAN)
    unlock(qtbot, controller, name, password)
    assert controller.state is AppState.MAIN
    assert isinstance(window.stack.currentWidget(), PatientsPage)
    # The same person coming back finds the page they left.
    window.show_page(account)
    window.lock_action.trigger()
    unlock(qtbot, controller, name, password)
    assert window.stack.currentWidget() is account
