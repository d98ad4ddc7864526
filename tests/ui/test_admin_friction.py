"""Issue 15.8 in the window: Reject for pending grants, approving the clinical grant in the
add-user dialog when the person adding holds the key, and changing a user's role."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.ui.admin.administration_page import AdministrationPage
from app.ui.admin.users_page import AddUserDialog, ChangeRoleDialog
from app.ui.app_controller import AppController
from tests.ui.conftest import ScriptedPrompts, sign_in, wait_idle
from tests.ui.test_admin import _admin

PASSWORD = "sunlit walks along the beach"


def _open_add(admin: AdministrationPage, name: str, role: Role) -> AddUserDialog:
    admin.users.add_button.click()
    dialog = admin.users.findChild(AddUserDialog)
    assert isinstance(dialog, AddUserDialog)
    dialog.name.setText(name)
    dialog.role.setCurrentIndex(dialog.role.findData(role.value))
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    return dialog


def _holds(c: AppController, name: str, compartment: str = "clinical") -> bool:
    session = c.session
    assert session is not None
    user = session.vault.file.user_by_name(name)
    return user is not None and user.user_id in session.vault.file.holders(compartment)


def test_the_owner_approves_a_new_clinician_in_the_same_dialog(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts,
        practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    admin = _admin(controller)
    dialog = _open_add(admin, "newdoc", Role.RECEPTION)
    assert not dialog.approve_now.isVisibleTo(dialog)  # reception never gets the key
    dialog.role.setCurrentIndex(dialog.role.findData(Role.CLINICIAN.value))
    assert dialog.approve_now.isVisibleTo(dialog) and dialog.approve_now.isChecked()
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    assert _holds(controller, "newdoc")
    assert admin.grants.model.rowCount() == 0
    assert not any("waits for approval" in t for t in prompts.texts("inform"))

    # Unticked, the grant waits as before.
    dialog = _open_add(admin, "newdoc2", Role.CLINICIAN)
    dialog.approve_now.setChecked(False)
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    assert not _holds(controller, "newdoc2")
    assert any("waits for approval" in t for t in prompts.texts("inform"))


def test_an_admin_without_the_key_is_not_offered_to_approve(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.ADMIN)
    dialog = _open_add(_admin(controller), "newdoc", Role.CLINICIAN)
    assert not dialog.approve_now.isVisibleTo(dialog)
    dialog.reject()


def test_a_pending_grant_can_be_rejected(qtbot: QtBot, controller: AppController,
                                         prompts: ScriptedPrompts, practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.ADMIN)
    dialog = _open_add(_admin(controller), "newdoc", Role.CLINICIAN)
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    admin = _admin(controller)
    admin.show_tab(admin.grants)
    assert admin.grants.reject_button.isHidden()  # admins neither approve nor reject
    controller.close_vault()

    sign_in(qtbot, controller, practice, Role.CLINICIAN)
    admin = _admin(controller)
    admin.show_tab(admin.grants)
    assert admin.grants.model.rowCount() == 1
    assert admin.grants.reject_button.isVisible() and admin.grants.reject_button.isEnabled()
    prompts.confirms.append(False)  # asked first; no means nothing happens
    admin.grants.reject_button.click()
    assert admin.grants.model.rowCount() == 1
    prompts.confirms.append(True)
    admin.grants.reject_button.click()
    wait_idle(qtbot, controller)
    assert admin.grants.model.rowCount() == 0
    assert not _holds(controller, "newdoc")
    session = controller.session
    assert session is not None
    assert [e.action for e in session.audit.entries(action_prefix="grant.reject")] == [
        "grant.reject"]


def _change_role(qtbot: QtBot, c: AppController, name: str, role: Role, *,
                 approve: bool | None = None) -> ChangeRoleDialog:
    admin = _admin(c)
    admin.users.select_user(name)
    assert admin.users.role_button.isEnabled()
    admin.users.role_button.click()
    dialog = admin.users.findChild(ChangeRoleDialog)
    assert isinstance(dialog, ChangeRoleDialog) and dialog.isVisible()
    dialog.role.setCurrentIndex(dialog.role.findData(role.value))
    if approve is not None:
        assert dialog.approve_now.isVisibleTo(dialog)
        dialog.approve_now.setChecked(approve)
    return dialog


def test_the_owner_changes_roles_and_the_keys_follow(qtbot: QtBot, controller: AppController,
                                                     prompts: ScriptedPrompts,
                                                     practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    admin = _admin(controller)
    admin.users.select_user("owner")
    assert not admin.users.role_button.isEnabled()  # the owner is never demoted

    dialog = _change_role(qtbot, controller, "clinician1", Role.RECEPTION)
    offered = [dialog.role.itemData(i) for i in range(dialog.role.count())]
    assert offered == ["admin", "reception", "auditor"]  # core's answer, not the UI's
    assert "lose the key" in dialog.keys_note.text()
    prompts.confirms.append(True)  # rotate the key they held
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    assert not _holds(controller, "clinician1")
    session = controller.session
    assert session is not None
    assert session.vault.file.compartments["clinical"].key_version == 2
    row = next(admin.users.model.user_at(r) for r in range(admin.users.model.rowCount())
               if admin.users.model.user_at(r).name == "clinician1")
    assert row.role == "reception"

    dialog = _change_role(qtbot, controller, "reception1", Role.CLINICIAN, approve=True)
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    assert _holds(controller, "reception1")
    entries = [e.action for e in session.audit.entries(action_prefix="user.role_change")]
    assert entries == ["user.role_change", "user.role_change"]


def test_an_admin_moves_only_clinicians_and_reception(qtbot: QtBot, controller: AppController,
                                                      practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.ADMIN)
    admin = _admin(controller)
    for name in ("auditor1", "emergency1", "admin1"):
        admin.users.select_user(name)
        assert not admin.users.role_button.isEnabled(), name
    dialog = _change_role(qtbot, controller, "reception1", Role.CLINICIAN)
    assert [dialog.role.itemData(i) for i in range(dialog.role.count())] == ["clinician"]
    assert not dialog.approve_now.isVisibleTo(dialog)  # no clinical key to give
    assert "waits for approval" in dialog.keys_note.text()
    dialog.reject()


def test_the_lock_closes_the_role_dialog(qtbot: QtBot, controller: AppController,
                                         practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    dialog = _change_role(qtbot, controller, "clinician1", Role.RECEPTION)
    controller.lock_now()
    assert not dialog.isVisible()
    assert controller.session is None
