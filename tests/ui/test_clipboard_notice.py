"""Issue 15.3: a copy shows a notice counting down to the clear, and the time is the
vault's setting (Vault settings), bounded by the machine policy in core."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.admin.administration_page import AdministrationPage
from app.ui.app_controller import AppController
from app.ui.clipboard_notice import ClipboardNotice
from app.ui.secure_clipboard import SecureClipboard
from tests.ui.conftest import OWNER_PASSWORD, sign_in, unlock


@pytest.fixture
def board(qapp: QApplication) -> Iterator[SecureClipboard]:
    secure = SecureClipboard(clear_after_ms=5000)
    yield secure
    secure.clear_now()


def test_the_notice_counts_down_and_goes_when_cleared(qtbot: QtBot,
                                                      board: SecureClipboard) -> None:
    notice = ClipboardNotice(board)
    qtbot.addWidget(notice)
    assert notice.isHidden()
    board.copy("MRN-000123")
    assert not notice.isHidden()
    assert notice.label.text().startswith("Copied. The clipboard is cleared in 5 s")
    qtbot.waitUntil(lambda: "cleared in 4 s" in notice.label.text(), timeout=3000)
    notice.clear_button.click()
    assert notice.isHidden() and QGuiApplication.clipboard().text() == ""


def test_the_notice_goes_when_the_user_copies_something_else(qtbot: QtBot,
                                                             board: SecureClipboard) -> None:
    notice = ClipboardNotice(board)
    qtbot.addWidget(notice)
    board.copy("MRN-000123")
    QGuiApplication.clipboard().setText("their own text")
    with qtbot.waitSignal(board.finished, timeout=8000):
        pass
    assert notice.isHidden()
    assert QGuiApplication.clipboard().text() == "their own text"


def test_the_vault_setting_sets_the_time_and_the_window_shows_the_notice(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    window = controller.main_window
    assert window is not None
    assert controller.ctx.clipboard.clear_after_ms() == 30_000  # the default
    admin = window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    window.show_page(admin)
    admin.show_tab(admin.settings)
    settings = admin.settings
    assert (settings.clipboard.minimum(), settings.clipboard.maximum()) == (5, 300)
    settings.clipboard.setValue(12)
    settings.save_button.click()
    assert controller.ctx.clipboard.clear_after_ms() == 12_000

    controller.ctx.clipboard.copy("MRN-000123")  # what Copy MRN does
    notice = window.clipboard_notice
    assert notice.isVisible() and "cleared in 12 s" in notice.label.text()
    controller.lock_now()
    assert notice.isHidden() and QGuiApplication.clipboard().text() == ""
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.ctx.clipboard.clear_after_ms() == 12_000


def test_the_policy_caps_the_setting_in_the_window(
        qtbot: QtBot, controller: AppController, practice: Path,
        machine_policy: Callable[[str], Path]) -> None:
    machine_policy("clipboard_max_seconds = 10\n")
    sign_in(qtbot, controller, practice)
    assert controller.ctx.clipboard.clear_after_ms() == 10_000
    window = controller.main_window
    assert window is not None
    admin = window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    window.show_page(admin)
    admin.show_tab(admin.settings)
    assert admin.settings.clipboard.maximum() == 10
    assert "machine policy limit: 10 s" in admin.settings.clipboard_note.text()
