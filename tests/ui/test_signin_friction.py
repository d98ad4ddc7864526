"""Issue 15, sign-in: the lock screen says why and when it locked, password fields can be
shown, and the end of a throttling wait is said."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.ui.app_controller import AppController, AppState
from app.ui.dialogs import NewPasswordDialog
from app.ui.widgets import PasswordEdit
from tests.ui.conftest import OWNER_PASSWORD, sign_in, unlock


@pytest.mark.parametrize(("how", "words"), [
    ("manual", "(Lock or Ctrl+L)"),
    ("screen", "because the screen was locked"),
    ("sleep", "because the computer went to sleep"),
    ("idle", "min without use"),
])
def test_the_lock_screen_says_why_and_when(qtbot: QtBot, controller: AppController,
                                           practice: Path, how: str, words: str) -> None:
    sign_in(qtbot, controller, practice)
    window = controller.main_window
    assert window is not None
    if how == "manual":
        window.lock_action.trigger()
    elif how == "screen":
        controller.lock.watcher.on_session_lock()
    elif how == "sleep":
        controller.lock.watcher.on_prepare_for_sleep(True)
    else:
        controller.lock.override_timeout_ms(50)
        qtbot.waitUntil(lambda: controller.state is AppState.LOCKED, timeout=5000)
        controller.lock.override_timeout_ms(None)
    assert controller.state is AppState.LOCKED
    view = controller.unlock_window
    assert view is not None
    text = view.banner.text()
    assert view.banner.isVisible() and words in text
    assert re.match(r"Locked at \d\d:\d\d", text), text
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN


def test_a_password_field_can_be_shown_and_hides_again_when_wiped(qtbot: QtBot) -> None:
    field = PasswordEdit("Password")
    qtbot.addWidget(field)
    field.setText("correct horse")
    assert field.echoMode() == QLineEdit.EchoMode.Password
    assert field.show_action in field.actions() and field.show_action.isVisible()
    field.show_action.trigger()
    assert field.echoMode() == QLineEdit.EchoMode.Normal
    assert field.show_action.text() == "Hide password"
    field.wipe()
    assert field.text() == "" and field.echoMode() == QLineEdit.EchoMode.Password
    assert not field.show_action.isChecked()


def test_every_password_field_of_a_dialog_has_the_button(qtbot: QtBot) -> None:
    dialog = NewPasswordDialog(None, "Change password", "", min_length=12, ask_current=True)
    qtbot.addWidget(dialog)
    fields = dialog.findChildren(PasswordEdit)
    assert len(fields) == 3
    assert all(f.show_action in f.actions() for f in fields)
