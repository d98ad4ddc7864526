"""The GUI shows what core decides (issue 8, items 9 and 10): separation of duties on the
Users page, the emergency account's honesty text, and sign-in notices."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.records.emergency import activate_emergency
from app.core.roles import Role
from app.core.users import reset_password
from app.core.vault import OpenVault
from app.ui.admin.administration_page import AdministrationPage
from app.ui.admin.emergency_page import EmergencyReviewPage
from app.ui.admin.users_page import AddUserDialog
from app.ui.app_controller import AppController
from tests.ui.conftest import OWNER_PASSWORD, ScriptedPrompts, credentials, sign_in, unlock


def _admin(c: AppController) -> AdministrationPage:
    assert c.main_window is not None
    admin = c.main_window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    c.main_window.show_page(admin)
    return admin


def test_admin_cannot_press_reset_on_the_auditor(qtbot: QtBot, controller: AppController,
                                                 practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.ADMIN)
    users = _admin(controller).users
    users.select_user("auditor1")
    assert not users.reset_button.isEnabled()
    users.select_user("reception1")
    assert users.reset_button.isEnabled()


def test_the_emergency_role_explains_itself(qtbot: QtBot) -> None:
    dialog = AddUserDialog(None, min_length=8, vault_name="Riverside")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.emergency_note.isVisible()
    offered = [dialog.role.itemData(i) for i in range(dialog.role.count())]
    dialog.role.setCurrentIndex(offered.index("emergency"))
    assert dialog.emergency_note.isVisible()
    assert "safe" in dialog.emergency_note.text()


def test_a_reset_user_is_told_after_unlock(qtbot: QtBot, controller: AppController,
                                           prompts: ScriptedPrompts, practice: Path) -> None:
    with OpenVault.open(practice) as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        reset_password(owner, "reception1", "a fresh start for reception")
        owner.close()
    controller.open_vault(practice)
    unlock(qtbot, controller, "reception1", "a fresh start for reception")
    assert any("reset by owner" in t for t in prompts.texts("warn"))


def test_owner_sees_the_pending_emergency_clean_up(qtbot: QtBot, controller: AppController,
                                                   prompts: ScriptedPrompts,
                                                   practice: Path) -> None:
    with OpenVault.open(practice) as vault:
        session = vault.unlock(*credentials(Role.EMERGENCY))
        activate_emergency(session, "patient collapsed in the waiting room")
        session.close()
    sign_in(qtbot, controller, practice)
    assert any("rotate the clinical key" in t for t in prompts.texts("warn"))
    assert controller.main_window is not None
    page = controller.main_window.page(EmergencyReviewPage)
    assert isinstance(page, EmergencyReviewPage)
    controller.main_window.show_page(page)
    qtbot.waitUntil(lambda: page.rearm.isVisible())
    assert "new emergency password" in page.rearm.text()
