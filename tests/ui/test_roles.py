"""Role-based visibility: the window shows only what the session allows."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.ui.admin.administration_page import AdministrationPage
from app.ui.app_controller import AppController
from tests.ui.conftest import sign_in

EXPECTED_PAGES = {
    Role.OWNER: ["Patients", "Appointments", "Contacts", "Administration", "Audit log",
                 "Emergency review", "Security health", "My account"],
    Role.ADMIN: ["Patients", "Appointments", "Contacts", "Administration", "My account"],
    Role.CLINICIAN: ["Patients", "Appointments", "Contacts", "Administration",
                     "Emergency review", "My account"],
    Role.RECEPTION: ["Patients", "Appointments", "Contacts", "My account"],
    Role.AUDITOR: ["Patients", "Administration", "Audit log", "Security health", "My account"],
    # Inert until activated with a reason: nothing but the account page.
    Role.EMERGENCY: ["My account"],
    # The backup job's account: its health check and its own account, nothing else.
    Role.BACKUP: ["Administration", "Security health", "My account"],
}

EXPECTED_ADMIN_TABS = {
    Role.OWNER: ["Users", "Pending grants", "Key rotation", "Backups", "FHIR export",
                 "Encrypted export",
                 "Vault settings", "Policy"],
    Role.ADMIN: ["Users", "Pending grants", "Key rotation", "Backups", "Policy"],
    Role.CLINICIAN: ["Pending grants", "Policy"],
    Role.AUDITOR: ["Users", "Pending grants", "Policy"],
    Role.BACKUP: ["Backups", "Policy"],
}


@pytest.mark.parametrize("role", list(Role))
def test_pages_follow_the_role(qtbot: QtBot, controller: AppController, practice: Path,
                               role: Role) -> None:
    sign_in(qtbot, controller, practice, role)
    window = controller.main_window
    assert window is not None
    assert window.visible_titles() == EXPECTED_PAGES[role]
    # The sidebar selection follows the page on show.
    shown = window.stack.currentWidget()
    assert [item.text() for item in window.sidebar.selectedItems()] == [shown.title()]
    # The role in words (tr), not its id: "Administrator", never "admin".
    from app.ui.role_text import role_name

    assert role_name(role) in window.status_label.text()
    assert f"· {role.value} ·" not in window.status_label.text()
    assert "practice vault" in window.status_label.text()
    admin = window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    if role in EXPECTED_ADMIN_TABS:
        assert admin.visible_tabs() == EXPECTED_ADMIN_TABS[role]
    # Menu entries follow the same rule.
    session = controller.session
    assert session is not None
    from app.core.roles import Operation

    assert window.backup_action.isVisible() == session.allowed(Operation.BACKUP_CREATE)
    assert window.open_package_action.isVisible() == session.allowed(Operation.SHARE_IMPORT)
    assert window.import_card_action.isVisible() == session.allowed(Operation.CONTACT_WRITE)


def test_buttons_follow_the_role(qtbot: QtBot, controller: AppController,
                                 practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.AUDITOR)
    window = controller.main_window
    assert window is not None
    admin = window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    # The auditor may list users and grants, never change them.
    assert admin.users.model.rowCount() == 7
    assert admin.users.add_button.isHidden()
    assert admin.users.disable_button.isHidden()
    assert admin.grants.approve_button.isHidden()


def test_reception_switching_to_owner_after_a_lock(qtbot: QtBot, controller: AppController,
                                                   practice: Path) -> None:
    from app.ui.app_controller import AppState
    from tests.ui.conftest import credentials, unlock

    sign_in(qtbot, controller, practice, Role.RECEPTION)
    window = controller.main_window
    assert window is not None
    assert window.visible_titles() == EXPECTED_PAGES[Role.RECEPTION]
    controller.lock_now()
    name, password = credentials(Role.OWNER)
    unlock(qtbot, controller, name, password)
    assert controller.state is AppState.MAIN
    assert window.visible_titles() == EXPECTED_PAGES[Role.OWNER]


def test_role_words_follow_core_s_facts() -> None:
    from app.core.roles import role_facts
    from app.ui.role_text import role_description, role_name

    assert len({role_name(r) for r in Role}) == len(Role)
    for role in Role:
        facts, text = role_facts(role), role_description(role)
        assert ("Manages user accounts." in text) == facts.manages_users
        assert ("Reads the audit log." in text) == (facts.reads_audit
                                                    and not facts.inert_until_activated)
        assert ("Never sees clinical records." in text) == (not facts.reads_clinical)
