"""Administration through the GUI: users, grants, rotation, backups, policy, settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.core.vault import OpenVault
from app.core.vault_settings import load_settings
from app.ui.admin.administration_page import AdministrationPage
from app.ui.admin.users_page import AddUserDialog
from app.ui.app_controller import AppController, AppState
from app.ui.dialogs import NewPasswordDialog
from tests.conftest import use_machine_policy
from tests.ui.conftest import (
    OWNER_PASSWORD,
    ScriptedPrompts,
    credentials,
    sign_in,
    unlock,
    wait_idle,
)


def _admin(c: AppController) -> AdministrationPage:
    assert c.main_window is not None
    admin = c.main_window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    c.main_window.show_page(admin)
    return admin


def _add_user(qtbot: QtBot, c: AppController, name: str, role: Role, password: str) -> None:
    admin = _admin(c)
    admin.users.add_button.click()
    dialog = admin.users.findChild(AddUserDialog)
    assert isinstance(dialog, AddUserDialog)
    # Only the assignable roles are offered: never a second owner.
    offered = [dialog.role.itemData(i) for i in range(dialog.role.count())]
    assert "owner" not in offered and set(offered) == {"admin", "clinician", "reception",
                                                       "auditor", "emergency", "backup"}
    dialog.name.setText(name)
    dialog.role.setCurrentIndex(offered.index(role.value))
    dialog.password.setText("password")
    assert not dialog.ok_button.isEnabled()
    assert "common" in dialog.meter.advice() or "at least" in dialog.meter.advice()
    dialog.password.setText(password)
    dialog.repeat.setText(password)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    wait_idle(qtbot, c)


def test_add_user_and_approve_the_grant(qtbot: QtBot, controller: AppController,
                                        prompts: ScriptedPrompts, practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.ADMIN)
    _add_user(qtbot, controller, "newdoc", Role.CLINICIAN, "sunlit walks along the beach")
    admin = _admin(controller)
    names = [admin.users.model.user_at(r).name for r in range(admin.users.model.rowCount())]
    assert "newdoc" in names
    assert any("waits for approval" in t for t in prompts.texts("inform"))
    # The admin cannot approve (no clinical key); the grant is listed.
    assert admin.grants.model.rowCount() == 1
    assert admin.grants.approve_button.isHidden()

    controller.lock_now()
    from tests.ui.conftest import unlock

    unlock(qtbot, controller, *credentials(Role.OWNER))
    admin = _admin(controller)
    admin.show_tab(admin.grants)
    assert admin.grants.model.rowCount() == 1
    assert admin.grants.model.grant_at(0).name == "newdoc"
    prompts.confirms.append(True)
    admin.grants.approve_button.click()
    wait_idle(qtbot, controller)
    assert admin.grants.model.rowCount() == 0
    session = controller.session
    assert session is not None
    user = session.vault.file.user_by_name("newdoc")
    assert user is not None and user.user_id in session.vault.file.holders("clinical")


def test_disable_offers_rotation_and_rotates(qtbot: QtBot, controller: AppController,
                                             prompts: ScriptedPrompts, practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    admin = _admin(controller)
    admin.users.select_user("clinician1")
    assert admin.users.disable_button.isEnabled()
    prompts.confirms += [True, True]  # disable, then rotate
    admin.users.disable_button.click()
    wait_idle(qtbot, controller)
    session = controller.session
    assert session is not None
    assert session.vault.file.compartments["clinical"].key_version == 2
    assert session.vault.file.compartments["registry"].key_version == 2
    assert any("may have kept a copy" in t for t in prompts.texts("confirm"))
    user = session.vault.file.user_by_name("clinician1")
    assert user is not None and user.status == "disabled"
    assert admin.rotation.version_labels["clinical"].text() == "2"


def test_admin_is_told_to_ask_the_owner_for_clinical_rotation(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts,
        practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.ADMIN)
    admin = _admin(controller)
    admin.users.select_user("clinician1")
    prompts.confirms += [True, False]
    admin.users.disable_button.click()
    wait_idle(qtbot, controller)
    assert any("Ask the vault owner" in t and "clinical" in t for t in prompts.texts("inform"))


def test_rotate_from_the_rotation_page(qtbot: QtBot, controller: AppController,
                                       prompts: ScriptedPrompts, practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    admin = _admin(controller)
    admin.show_tab(admin.rotation)
    assert admin.rotation.buttons["clinical"].isEnabled()
    prompts.confirms.append(True)
    admin.rotation.buttons["clinical"].click()
    wait_idle(qtbot, controller)
    assert admin.rotation.version_labels["clinical"].text() == "2"
    assert any("version 2" in t for t in prompts.texts("inform"))
    controller.close_vault()
    # Every remaining holder can still open it.
    with OpenVault.open(practice) as vault:
        session = vault.unlock(*credentials(Role.CLINICIAN))
        assert session.holds("clinical")
        session.close()


def test_reset_password(qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts,
                        practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    admin = _admin(controller)
    admin.users.select_user("reception1")
    admin.users.reset_button.click()
    dialog = admin.users.findChild(NewPasswordDialog)
    assert isinstance(dialog, NewPasswordDialog)
    dialog.new.setText("a fresh start for reception")
    dialog.repeat.setText("a fresh start for reception")
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    [told] = [t for t in prompts.texts("inform") if "was reset" in t]
    # The admin knows it, so it is temporary; the admin is told so, with its last day.
    assert "It is temporary: reception1 chooses their own at the next sign-in" in told
    controller.close_vault()
    with OpenVault.open(practice) as vault:
        session = vault.unlock("reception1", "a fresh start for reception")
        assert session.pending_enrolment == {"password"}
        session.close()


def test_backups_make_verify_restore(qtbot: QtBot, controller: AppController,
                                     prompts: ScriptedPrompts, practice: Path,
                                     tmp_path: Path) -> None:
    sign_in(qtbot, controller, practice)
    admin = _admin(controller)
    admin.show_tab(admin.backups)
    assert admin.backups.model.rowCount() == 0
    admin.backups.make_button.click()
    wait_idle(qtbot, controller)
    assert admin.backups.model.rowCount() == 1
    assert any("made and verified" in t for t in prompts.texts("inform"))
    admin.backups.verify_button.click()
    wait_idle(qtbot, controller)
    assert any("checks out" in t for t in prompts.texts("inform"))
    target_parent = tmp_path / "restores"
    target_parent.mkdir()
    prompts.directories.append(target_parent)
    prompts.confirms.append(True)  # open the restored vault
    admin.backups.restore_button.click()
    wait_idle(qtbot, controller)
    restored = target_parent / "practice-restored"
    assert (restored / "vault.json").is_file()
    qtbot.waitUntil(lambda: controller.unlock is not None and controller.unlock.path == restored)
    assert controller.session is None


def test_backup_cancel_leaves_nothing(qtbot: QtBot, controller: AppController,
                                      prompts: ScriptedPrompts, practice: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from app.core import backup
    from app.ui.workers import ProgressDialog

    # Hold the copy until Cancel has been pressed, so the test does not race the worker.
    release = threading.Event()
    real_copy = backup._copy_durably

    def held_copy(*args: Any, **kwargs: Any) -> None:
        release.wait(10)
        real_copy(*args, **kwargs)

    monkeypatch.setattr(backup, "_copy_durably", held_copy)
    sign_in(qtbot, controller, practice)
    admin = _admin(controller)
    admin.show_tab(admin.backups)
    admin.backups.make_button.click()

    def dialog() -> ProgressDialog | None:
        return next((w for w in admin.backups.findChildren(ProgressDialog)
                     if w.isVisible()), None)

    qtbot.waitUntil(lambda: dialog() is not None)
    shown = dialog()
    assert shown is not None and shown.cancel_button is not None
    shown.cancel_button.click()
    release.set()
    wait_idle(qtbot, controller)
    assert admin.backups.model.rowCount() == 0
    backups_dir = practice.parent / f"{practice.name}-backups"
    assert not backups_dir.exists() or list(backups_dir.iterdir()) == []
    assert prompts.texts("warn") == [] and prompts.texts("inform") == []
    session = controller.session
    assert session is not None
    assert list(session.audit.entries(action_prefix="backup.abandoned"))


def test_file_menu_backup(qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts,
                          practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    assert controller.main_window is not None
    controller.main_window.backup_action.trigger()
    wait_idle(qtbot, controller)
    assert any("made and verified" in t for t in prompts.texts("inform"))


def test_policy_page_shows_managed_settings_locked(qtbot: QtBot, controller: AppController,
                                                   practice: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("min_password_length = 14\nautolock_max_minutes = 3\n")
    use_machine_policy(monkeypatch, str(policy))
    sign_in(qtbot, controller, practice)
    admin = _admin(controller)
    page = admin.policy
    assert page.is_managed("min_password_length")
    assert page.is_managed("autolock_max_minutes")
    assert not page.is_managed("backup_keep")
    assert page.value_labels["min_password_length"].text() == "14 characters"
    assert str(policy) in page.source.text()
    assert page.banner.isHidden()
    # The vault settings page is bounded by the same policy.
    assert admin.settings.autolock.maximum() == 3


def test_broken_policy_is_shown_on_the_unlock_screen(qtbot: QtBot, controller: AppController,
                                                      practice: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("backup_keep = 3\nmin_password_length = 4\n")
    use_machine_policy(monkeypatch, str(policy))
    controller.open_vault(practice)
    window = controller.unlock_window
    assert window is not None
    qtbot.waitUntil(lambda: str(policy) in window.banner.text())
    text = window.banner.text()
    assert "no vault can be opened until IT corrects it" in text
    assert f"{policy}, line 2 (min_password_length)" in text and "Fix:" in text
    assert window.unlock_button.text() == "&Try again"
    # IT fixes the file; the same window signs in without a restart.
    policy.write_text("backup_keep = 3\nmin_password_length = 14\n")
    unlock(qtbot, controller, *credentials(Role.OWNER))
    assert controller.state is AppState.MAIN


def test_policy_broken_while_signed_out_is_shown_at_sign_in(
        qtbot: QtBot, controller: AppController, practice: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "policy.toml"
    use_machine_policy(monkeypatch, str(policy))
    controller.open_vault(practice)
    window = controller.unlock_window
    assert window is not None
    policy.write_text("erasure = 'delete'\n")
    unlock(qtbot, controller, *credentials(Role.OWNER))
    assert controller.state is not AppState.MAIN
    assert f"{policy}, line 1 (erasure)" in window.banner.text()


def test_policy_warnings_are_shown(qtbot: QtBot, controller: AppController, practice: Path,
                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("min_password_length = 14\nautolock_max_minute = 5\n")
    use_machine_policy(monkeypatch, str(policy))
    sign_in(qtbot, controller, practice)
    admin = _admin(controller)
    admin.show_tab(admin.policy)
    page = admin.policy
    assert page.banner.isVisible()
    assert "autolock_max_minute" in page.banner.text()
    assert page.is_managed("min_password_length")


def test_settings_page_saves(qtbot: QtBot, controller: AppController, practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    page = _admin(controller).settings
    assert page.autolock.value() == 5
    # The longest idle lock offered is core's answer, not a number of the page's own.
    from app.core.vault_settings import AUTOLOCK_MAX_MINUTES

    assert page.autolock.maximum() == AUTOLOCK_MAX_MINUTES
    page.autolock.setValue(7)
    page.pin_unlock.setChecked(True)
    page.totp_roles["clinician"].setChecked(True)
    page.save_button.click()
    assert page.banner.text() == "Saved."
    session = controller.session
    assert session is not None
    saved = load_settings(session.conn, "practice")
    assert saved.autolock_minutes == 7 and saved.pin_unlock
    assert saved.totp_required_roles == frozenset({"clinician"})
    assert controller.lock.timer.timeout_ms() == 7 * 60_000


def test_my_account_follows_saved_vault_settings(qtbot: QtBot, controller: AppController,
                                                 practice: Path) -> None:
    from app.ui.admin.account_page import AccountPage

    sign_in(qtbot, controller, practice)
    assert controller.main_window is not None
    account = controller.main_window.page(AccountPage)
    assert isinstance(account, AccountPage)
    assert "not allowed" in account.pin_status.text() and account.pin_button.isHidden()
    settings = _admin(controller).settings
    settings.pin_unlock.setChecked(True)
    settings.save_button.click()
    # No sign-out needed: the account page now offers the PIN.
    assert "not allowed" not in account.pin_status.text()
    assert not account.pin_button.isHidden()


def test_personal_vault_has_no_user_management(qtbot: QtBot, controller: AppController,
                                               personal: Path) -> None:
    controller.open_vault(personal)
    from tests.ui.conftest import unlock

    unlock(qtbot, controller, "me", OWNER_PASSWORD)
    admin = _admin(controller)
    # Nobody else signs in: no Users, Pending grants or Emergency review screens.
    assert "Users" not in admin.visible_tabs()
    assert "Pending grants" not in admin.visible_tabs()
    assert {"Key rotation", "Backups", "Vault settings"} <= set(admin.visible_tabs())
    window = controller.main_window
    assert window is not None
    assert window.visible_titles() == ["People", "My record", "My appointments", "Contacts",
                                       "Administration",
                                       "Audit log", "Security health", "My account"]
    assert [a.text() for a in window.go_actions if a.isVisible()] == window.visible_titles()


def test_personal_vault_reads_as_personal(qtbot: QtBot, controller: AppController,
                                          personal: Path, prompts: ScriptedPrompts) -> None:
    """A patient keeping their own records sees people, not a practice's patients."""
    from app.core.records.patients import PatientInput, add_patient
    from app.core.vault_settings import current_settings
    from app.ui.patients_page import PatientsPage
    from tests.ui.conftest import unlock

    controller.open_vault(personal)
    unlock(qtbot, controller, "me", OWNER_PASSWORD)
    window = controller.main_window
    assert window is not None
    page = window.page(PatientsPage)
    assert isinstance(page, PatientsPage)
    view = page.list_view
    assert view.heading.text() == "People"
    assert view.new_button.text() == "&New person…"
    assert "MRN" not in view.search.placeholderText()
    assert view.table.isColumnHidden(view.model.MRN)  # nobody has a record number
    assert "Add yourself first" in view.status.text()

    # Vault settings speak to the owner alone, and set the owner's authenticator rule.
    settings = _admin(controller).settings
    assert settings.totp_mine.isVisibleTo(settings)
    assert not settings.roles_box.isVisibleTo(settings)
    assert settings.totp_mine.text() == "Require an &authenticator code when I sign in"
    assert "everyone" not in settings.intro.text()
    settings.totp_mine.setChecked(True)
    settings.save_button.click()
    assert window.session is not None
    assert "owner" in current_settings(window.session).totp_required_roles

    # Once a family member's record carries a clinic's MRN, the column is worth showing.
    add_patient(window.session, PatientInput(family="Roe", given="Ann",
                                             birth_date="2015-04-01", mrn="CLINIC-77"))
    window.refresh_pages()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert not view.table.isColumnHidden(view.model.MRN)


def test_practice_vault_keeps_the_practice_screens(qtbot: QtBot, controller: AppController,
                                                   practice: Path) -> None:
    from app.ui.patients_page import PatientsPage

    sign_in(qtbot, controller, practice)
    window = controller.main_window
    assert window is not None
    assert "Patients" in window.visible_titles() and "Emergency review" in \
        window.visible_titles()
    assert {"Users", "Pending grants"} <= set(_admin(controller).visible_tabs())
    page = window.page(PatientsPage)
    assert isinstance(page, PatientsPage)
    assert not page.list_view.table.isColumnHidden(page.list_view.model.MRN)
    assert page.list_view.heading.text() == "Patients"
    settings = _admin(controller).settings
    assert not settings.totp_mine.isVisibleTo(settings)
    assert settings.roles_box.isVisibleTo(settings)


def test_my_account_says_how_a_forgotten_password_is_replaced(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    from app.ui.admin.account_page import AccountPage

    sign_in(qtbot, controller, practice, Role.OWNER)
    assert controller.main_window is not None
    account = controller.main_window.page(AccountPage)
    assert isinstance(account, AccountPage)
    assert "recovery key" in account.password_note.text()
    controller.lock_now()
    name, password = credentials(Role.CLINICIAN)
    unlock(qtbot, controller, name, password)
    assert "owner sets a new one" in account.password_note.text()
