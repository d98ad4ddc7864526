"""The lock always locks (issue 8.1): a dialog opened and closed before, or a page whose
draft-saving or clearing step raises, never stops a lock. Whatever goes wrong is logged;
the session is still closed, its keys wiped, every dialog closed and the lock screen shown.

The state-machine test over every dialog the GUI can open is in test_lock_state_machine.py.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.core.session import Session
from app.ui.app_controller import AppController, AppState
from app.ui.chart.overview_sections import DetailsSection
from app.ui.lock_controller import LockReason
from app.ui.main_window import default_pages
from app.ui.pages import SessionPage
from app.ui.patients_page import PatientsPage
from app.ui.recent_vaults import RecentVaults
from tests.ui.chart_support import add_people, signed_in
from tests.ui.conftest import (
    OWNER_PASSWORD,
    QuietWatcher,
    ScriptedPrompts,
    sign_in,
    unlock,
    visible_windows,
)


def flush_deletions() -> None:
    """Run the deleteLater()s that a closed dialog queued, as the event loop would."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def assert_locked(c: AppController, session: Session) -> None:
    assert c.state is AppState.LOCKED
    assert c.session is None and c.lock.is_locked()
    assert not session.is_open
    assert all(not any(key) for key in session._keys.values())
    assert visible_windows() == ["lockScreen"]


def _open_details(qtbot: QtBot, c: AppController, practice: Path) -> DetailsSection:
    with signed_in(practice) as session:
        people = add_people(session)
    sign_in(qtbot, c, practice, Role.OWNER)
    window = c.main_window
    assert window is not None
    patients = window.page(PatientsPage)
    assert isinstance(patients, PatientsPage)
    model = patients.list_view.model
    assert patients.open_patient(model.summary_at(model.row_of(people.zoe)))
    patients.chart_view.show_section("details")
    details = patients.chart_view.sections["details"]
    assert isinstance(details, DetailsSection)
    return details


@pytest.mark.parametrize("close", ["cancel", "save"])
@pytest.mark.parametrize("how", ["ctrl_l", "idle", "screen"])
def test_lock_after_edit_details_was_closed(qtbot: QtBot, controller: AppController,
                                            practice: Path, close: str, how: str,
                                            caplog: pytest.LogCaptureFixture) -> None:
    details = _open_details(qtbot, controller, practice)
    dialog = details.edit()
    assert dialog is not None and dialog.isVisible()
    if close == "cancel":
        dialog.reject()
    else:
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    flush_deletions()  # the dialog is gone now, as it is a moment later in the program
    session = controller.session
    assert session is not None
    window = controller.main_window
    assert window is not None
    if how == "ctrl_l":
        window.lock_action.trigger()
    elif how == "idle":
        controller.lock.override_timeout_ms(50)
        qtbot.waitUntil(lambda: controller.state is AppState.LOCKED, timeout=5000)
        controller.lock.override_timeout_ms(None)  # back to the vault's idle time
    else:
        controller.lock.watcher.on_session_lock()
    assert_locked(controller, session)
    # The root cause is gone too: the section forgot the closed dialog, so nothing failed.
    assert "locking went on" not in caplog.text
    assert details.dialog is None
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN


def test_ctrl_l_locks_while_a_dialog_is_open(qtbot: QtBot, controller: AppController,
                                            practice: Path) -> None:
    """Qt ignores the main window's shortcut while a dialog blocks it; Ctrl+L still locks,
    wherever the focus is (a dialog's field, or no window active at all)."""
    details = _open_details(qtbot, controller, practice)
    dialog = details.edit()
    assert dialog is not None
    session = controller.session
    assert session is not None
    field = dialog.focusWidget() or dialog
    qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert_locked(controller, session)
    assert not dialog.isVisible()
    # Typed at the lock screen, Ctrl+L does nothing (nothing to lock).
    assert controller.unlock_window is not None
    qtbot.keyClick(controller.unlock_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.state is AppState.LOCKED


class BrokenPage(SessionPage):
    """A page whose lock steps fail, as a future page's bug might."""

    def title(self) -> str:
        return "Broken"

    def save_drafts(self) -> None:
        raise RuntimeError("saving drafts exploded")

    def clear_view(self) -> None:
        raise RuntimeError("clearing exploded")


@pytest.mark.parametrize("how", ["ctrl_l", "menu", "screen", "sleep", "close_vault"])
def test_a_page_that_raises_never_stops_the_lock(qtbot: QtBot, tmp_path: Path,
                                                 prompts: ScriptedPrompts, practice: Path,
                                                 caplog: pytest.LogCaptureFixture,
                                                 how: str) -> None:
    # The broken page comes first, so the pages after it must still be cleared.
    c = AppController(recent=RecentVaults(tmp_path / "recent.json"), prompts=prompts,
                      watcher=QuietWatcher(), pages=[BrokenPage, *default_pages()])
    try:
        sign_in(qtbot, c, practice)
        session = c.session
        window = c.main_window
        assert session is not None and window is not None
        from app.ui.admin.administration_page import AdministrationPage

        admin = window.page(AdministrationPage)
        assert isinstance(admin, AdministrationPage)
        assert admin.users.model.rowCount() > 0
        dialog = QDialog(window)
        dialog.open()
        with caplog.at_level(logging.ERROR):
            if how == "ctrl_l":
                window.lock_action.trigger()
            elif how == "menu":
                window.menuBar().actions()[0].menu().actions()[0].trigger()
            elif how == "screen":
                c.lock.watcher.on_session_lock()
            elif how == "sleep":
                c.lock.watcher.on_prepare_for_sleep(True)
            else:
                window.close_action.trigger()
        assert not session.is_open
        assert all(not any(key) for key in session._keys.values())
        assert not dialog.isVisible()
        assert admin.users.model.rowCount() == 0  # pages after the broken one cleared
        assert "exploded" in caplog.text  # logged, not swallowed silently
        if how == "close_vault":
            assert c.state is AppState.WELCOME
            return
        assert_locked(c, session)
        assert c.lock.last_reason is LockReason(
            {"ctrl_l": "manual", "menu": "manual"}.get(how, how))
        unlock(qtbot, c, "owner", OWNER_PASSWORD)
        assert c.state is AppState.MAIN
    finally:
        c.shutdown()
        for w in (c.main_window, c.unlock_window):
            if w is not None:
                w.deleteLater()
