"""Issue 15.5 in the window: the owner makes a new recovery key under My account (password
first), sees it once with Print and Save as PDF, and the old key stops working; the kit
says "Forgot your password?" first and that the PDF is not encrypted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.errors import WrongCredentials
from app.core.roles import Role
from app.core.vault import OpenVault
from app.ui.admin.factor_dialogs import NewRecoveryKeyDialog
from app.ui.app_controller import AppController
from app.ui.dialogs import PasswordPromptDialog
from app.ui.emergency_kit import kit_document
from tests.ui.conftest import OWNER_PASSWORD, ScriptedPrompts, sign_in, wait_idle
from tests.ui.test_account import _account

NEW_PASSWORD = "recovered and remembered this time"


def test_the_owner_makes_a_new_key_and_the_old_one_stops_working(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts,
        tmp_path: Path) -> None:
    from app.core.vault import create_vault

    path = tmp_path / "clinic"
    created = create_vault(path, owner_name="owner", password=OWNER_PASSWORD,
                           kind="practice", vault_name="Riverside")
    controller.open_vault(path)
    from tests.ui.conftest import unlock

    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    page = _account(controller)
    assert page.recovery_button.isVisible()
    page.recovery_button.click()
    ask = page.findChild(PasswordPromptDialog)
    assert isinstance(ask, PasswordPromptDialog) and ask.isVisible()
    ask.password.setText(OWNER_PASSWORD)
    ask.ok_button.click()
    wait_idle(qtbot, controller)
    dialog = page.recovery_dialog
    assert isinstance(dialog, NewRecoveryKeyDialog) and dialog.isVisible()
    assert dialog.windowModality() is Qt.WindowModality.WindowModal  # open(), not exec()
    new_key = dialog.view.key.text()
    assert new_key and new_key != created.recovery_key
    assert not dialog.close_button.isEnabled()  # not before the key is kept

    kit_dir = tmp_path / "usb"
    kit_dir.mkdir()
    prompts.save_paths.append(kit_dir / "kit")
    dialog.view.save_pdf()
    assert (kit_dir / "kit.pdf").read_bytes().startswith(b"%PDF-")
    assert "not encrypted" in dialog.view.saved.text()
    dialog.confirm.setChecked(True)
    dialog.close_button.click()
    assert dialog.view.key.text() == ""  # shown once
    controller.close_vault()

    with OpenVault.open(path) as vault:
        with pytest.raises(WrongCredentials):
            vault.unlock_with_recovery(created.recovery_key, NEW_PASSWORD)
        vault.unlock_with_recovery(new_key, NEW_PASSWORD).close()


def test_staff_have_no_such_button(qtbot: QtBot, controller: AppController,
                                   practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.ADMIN)
    assert not _account(controller).recovery_button.isVisible()


def test_the_kit_names_the_button_first_and_warns_about_the_pdf(qtbot: QtBot) -> None:
    text = kit_document(vault_name="v", vault_path=Path("/v"), owner="o",
                        recovery_key="AAAA-BBBB", created="2026-01-01 00:00",
                        replaces_earlier=True).toPlainText()
    assert text.index("Forgot your password?") < text.index("medvault recover")
    assert "not encrypted" in text and "USB stick" in text
    assert "no longer works" in text
    plain = kit_document(vault_name="v", vault_path=Path("/v"), owner="o",
                         recovery_key="AAAA-BBBB", created="2026-01-01 00:00").toPlainText()
    assert "no longer works" not in plain


def test_the_lock_closes_the_new_key_and_forgets_it(qtbot: QtBot, controller: AppController,
                                                    practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    page = _account(controller)
    page.recovery_button.click()
    ask = page.findChild(PasswordPromptDialog)
    assert isinstance(ask, PasswordPromptDialog)
    ask.password.setText(OWNER_PASSWORD)
    ask.ok_button.click()
    wait_idle(qtbot, controller)
    dialog = page.recovery_dialog
    assert isinstance(dialog, NewRecoveryKeyDialog) and dialog.view.key.text()
    controller.lock_now()
    assert page.recovery_dialog is None  # rejected by the lock; done() drops the key
