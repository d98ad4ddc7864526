"""The unlock screen: each outcome gets its own plain message and leaves nothing open."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pyotp
import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.core.backup import create_backup, default_backup_dir
from app.core.errors import WrongCredentials
from app.core.factors import totp_begin, totp_confirm
from app.core.roles import Role
from app.core.throttle import FREE_ATTEMPTS
from app.core.vault import OpenVault, create_vault
from app.ui.app_controller import AppController, AppState
from tests.ui.conftest import (
    OWNER_PASSWORD,
    ScriptedPrompts,
    credentials,
    unlock,
    visible_windows,
    wait_idle,
)


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_success_opens_the_main_window(qtbot: QtBot, controller: AppController,
                                       practice: Path) -> None:
    controller.open_vault(practice)
    assert controller.state is AppState.UNLOCK
    view = controller.unlock_window
    assert view is not None
    assert view.vault_name.text() == "Riverside Practice"
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN
    assert controller.session is not None and controller.session.is_open
    assert visible_windows() == ["mainWindow"]
    assert view.password.text() == ""
    assert controller.recent.paths() == [practice]


def test_wrong_password_says_so_and_opens_nothing(qtbot: QtBot, controller: AppController,
                                                  practice: Path) -> None:
    controller.open_vault(practice)
    unlock(qtbot, controller, "owner", "not the password at all")
    view = controller.unlock_window
    assert view is not None
    assert controller.state is AppState.UNLOCK
    assert controller.session is None
    assert view.banner.isVisible() and view.banner.kind() == "warning"
    assert "password is not correct" in view.banner.text()
    assert view.restore_button.isHidden()
    # Cleared in `finally`, even on failure.
    assert view.password.text() == ""


def test_unknown_user_reads_like_a_wrong_password(qtbot: QtBot, controller: AppController,
                                                  practice: Path) -> None:
    controller.open_vault(practice)
    unlock(qtbot, controller, "nobody", OWNER_PASSWORD)
    assert controller.unlock_window is not None
    assert "not correct" in controller.unlock_window.banner.text()


def test_empty_fields_are_asked_for(qtbot: QtBot, controller: AppController,
                                    practice: Path) -> None:
    controller.open_vault(practice)
    view = controller.unlock_window
    assert view is not None
    view.unlock_button.click()
    assert "user name" in view.banner.text()
    view.user.setText("owner")
    view.unlock_button.click()
    assert "password" in view.banner.text()


def test_damaged_vault_offers_restore_from_backup(qtbot: QtBot, controller: AppController,
                                                  prompts: ScriptedPrompts, practice: Path,
                                                  tmp_path: Path) -> None:
    with OpenVault.open(practice) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        backup = create_backup(session)
        session.close()
    _flip(practice / "registry.db", 100)

    controller.open_vault(practice)
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    view = controller.unlock_window
    assert view is not None and controller.unlock is not None
    assert controller.state is AppState.UNLOCK and controller.session is None
    assert view.banner.kind() == "alert"
    assert "damaged" in view.banner.text()
    assert view.restore_button.isVisible()
    # The damaged vault's lock is released: nothing of it stays open.
    assert controller.unlock.vault is None
    with OpenVault.open(practice):
        pass

    restore_parent = tmp_path / "restored-here"
    restore_parent.mkdir()
    prompts.directories += [default_backup_dir(practice), restore_parent]
    prompts.confirms.append(True)
    view.restore_button.click()
    wait_idle(qtbot, controller)
    restored = restore_parent / "practice-restored"
    assert (restored / "vault.json").is_file()
    assert backup.path.is_dir()
    # The person accepted "Open it now?": the unlock screen now shows the restored vault.
    qtbot.waitUntil(lambda: controller.unlock is not None and controller.unlock.path ==
                    restored)
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN


def test_damaged_index_is_reported_when_opening(qtbot: QtBot, controller: AppController,
                                                practice: Path) -> None:
    _flip(practice / "vault.json", 40)
    controller.open_vault(practice)
    view = controller.unlock_window
    assert view is not None
    assert view.banner.kind() == "alert"
    assert "vault.json" in view.banner.text()
    assert view.restore_button.isVisible()


def test_restore_without_a_backup_says_so(qtbot: QtBot, controller: AppController,
                                          prompts: ScriptedPrompts, practice: Path,
                                          tmp_path: Path) -> None:
    _flip(practice / "registry.db", 100)
    controller.open_vault(practice)
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    empty = tmp_path / "empty"
    empty.mkdir()
    prompts.directories.append(empty)
    assert controller.unlock_window is not None
    controller.unlock_window.restore_button.click()
    assert any("no MedVault backup" in t for t in prompts.texts("warn"))


def test_vault_in_use(qtbot: QtBot, controller: AppController, practice: Path) -> None:
    """Opening a vault someone is signed in to elsewhere is fine (the window waits at the
    sign-in screen holding nothing); signing in says who has it and offers Try again."""
    other = OpenVault.open(practice)
    session = other.unlock("owner", OWNER_PASSWORD)  # another MedVault, signed in
    try:
        controller.open_vault(practice)
        view = controller.unlock_window
        assert view is not None
        assert view.banner.kind() != "warning"
        unlock(qtbot, controller, "owner", OWNER_PASSWORD)
        assert controller.state is AppState.UNLOCK
        assert view.banner.kind() == "warning"
        assert "signed in to this vault in another MedVault" in view.banner.text()
        assert view.password.text() == ""
    finally:
        session.close()
        other.close()
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN


def test_throttling_shows_a_countdown_and_disables_unlock(qtbot: QtBot,
                                                          controller: AppController,
                                                          practice: Path) -> None:
    controller.open_vault(practice)
    for _ in range(FREE_ATTEMPTS):
        unlock(qtbot, controller, "owner", "wrong wrong wrong wrong")
    view = controller.unlock_window
    assert view is not None and controller.unlock is not None
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)  # even the right one must wait
    assert controller.state is AppState.UNLOCK
    assert view.countdown.isVisible()
    assert "try again in" in view.countdown.text()
    assert not view.unlock_button.isEnabled()
    assert controller.unlock.seconds_left() >= 1
    # Clicking meanwhile does nothing.
    view.password.setText(OWNER_PASSWORD)
    view.unlock_button.click()
    assert not controller.unlock.is_busy()
    qtbot.waitUntil(lambda: view.unlock_button.isEnabled(), timeout=10_000)
    # The end of the wait is said, not left to a banner that just vanishes (issue 15).
    assert view.countdown.isVisible() and view.countdown.text() == "You can try again now."
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN


def _enrol_totp(vault_path: Path, name: str, password: str) -> str:
    with OpenVault.open(vault_path) as vault:
        session = vault.unlock(name, password)
        enrolment = totp_begin(session)
        # A code from the previous time step: sign-in then needs a newer one.
        previous = pyotp.TOTP(enrolment.secret).at(time.time() - 30)
        totp_confirm(session, password, enrolment, previous)
        session.close()
    return enrolment.secret


def test_totp_field_shown_for_enrolled_user(qtbot: QtBot, controller: AppController,
                                            practice: Path) -> None:
    name, password = credentials(Role.CLINICIAN)
    secret = _enrol_totp(practice, name, password)
    controller.open_vault(practice)
    view = controller.unlock_window
    assert view is not None
    view.user.setText("owner")
    assert not view.totp_shown()
    view.user.setText(name)
    assert view.totp_shown()
    unlock(qtbot, controller, name, password, totp="000000")
    assert controller.state is AppState.UNLOCK
    assert "code" in view.banner.text()
    unlock(qtbot, controller, name, password, totp=pyotp.TOTP(secret).now())
    assert controller.state is AppState.MAIN


def test_totp_required_without_the_hint_shows_the_field(qtbot: QtBot,
                                                        controller: AppController,
                                                        practice: Path) -> None:
    name, password = credentials(Role.CLINICIAN)
    _enrol_totp(practice, name, password)
    controller.open_vault(practice)
    assert controller.unlock is not None and controller.unlock.vault is not None
    # The public hint in vault.json is only a hint: pretend it is missing.
    user = controller.unlock.vault.file.user_by_name(name)
    assert user is not None
    user.totp = False
    view = controller.unlock_window
    assert view is not None
    view.user.setText(name)
    assert not view.totp_shown()
    unlock(qtbot, controller, name, password)
    assert controller.state is AppState.UNLOCK and controller.session is None
    assert view.totp_shown()
    assert "6-digit code" in view.banner.text()


def test_other_vault_goes_back_to_welcome(qtbot: QtBot, controller: AppController,
                                         practice: Path) -> None:
    controller.open_vault(practice)
    assert controller.unlock_window is not None
    controller.unlock_window.other_vault_button.click()
    assert controller.state is AppState.WELCOME
    assert visible_windows() == ["welcomeWindow"]
    # The vault lock was given up.
    with OpenVault.open(practice):
        pass


def test_restore_warns_before_bringing_back_another_vault(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts, practice: Path,
        tmp_path: Path) -> None:
    other = tmp_path / "other"
    create_vault(other, owner_name="someone", password=OWNER_PASSWORD, kind="personal")
    with OpenVault.open(other) as vault:
        session = vault.unlock("someone", OWNER_PASSWORD)
        foreign = create_backup(session, tmp_path / "shared-backups")
        session.close()
    _flip(practice / "registry.db", 100)
    controller.open_vault(practice)
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    view = controller.unlock_window
    assert view is not None and view.restore_button.isVisible()
    restore_parent = tmp_path / "restored-here"
    restore_parent.mkdir()
    prompts.directories += [foreign.path.parent, restore_parent]
    prompts.confirms.append(False)  # "Restore it anyway?" — no
    view.restore_button.click()
    wait_idle(qtbot, controller)
    [question] = prompts.texts("confirm")
    assert "different vault" in question
    # Local time, readable: not the manifest's raw stamp (20261128T172243746945Z).
    assert re.search(r"from \d{4}-\d{2}-\d{2} \d{2}:\d{2} in", question), question
    assert list(restore_parent.iterdir()) == [], "nothing restored"


def test_personal_vault_names_its_one_user_and_asks_only_for_the_password(
        qtbot: QtBot, controller: AppController, tmp_path: Path) -> None:
    personal = tmp_path / "mine"
    create_vault(personal, owner_name="pat", password=OWNER_PASSWORD, kind="personal")
    controller.open_vault(personal)
    view = controller.unlock_window
    assert view is not None
    assert view.user.text() == "pat"
    assert view.focusWidget() in (view.password, None)  # offscreen: focus may be unset
    view.password.setText(OWNER_PASSWORD)
    view.unlock_button.click()
    qtbot.waitUntil(lambda: controller.state is AppState.MAIN, timeout=10_000)


def test_practice_vault_offers_no_names_and_hides_a_password_typed_as_the_user(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    controller.open_vault(practice)
    view = controller.unlock_window
    assert view is not None
    assert view.user.text() == "", "a shared workstation's screen lists no accounts"
    view.user.setText("correct horse battery")  # the password, in the wrong field
    view.unlock_button.click()
    assert view.user.text() == ""
    assert "first field" in view.banner.text()


def test_owner_who_forgot_the_password_recovers_from_the_unlock_screen(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts,
        tmp_path: Path) -> None:
    path = tmp_path / "mine"
    created = create_vault(path, owner_name="pat", password=OWNER_PASSWORD, kind="personal")
    controller.open_vault(path)
    view, unlock_ctl = controller.unlock_window, controller.unlock
    assert view is not None and unlock_ctl is not None
    assert view.forgot_button.isVisible()

    # A wrong key: refused, and nothing changed.
    view.forgot_button.click()
    dialog = unlock_ctl.recovery_dialog
    assert dialog is not None
    assert any("Owner (pat)" in label.text() for label in dialog.findChildren(QLabel))
    new_password = "a brand new kettle 77"
    dialog.current.setText("AAAAA-" * 5 + "AA")
    dialog.new.setText(new_password)
    dialog.repeat.setText(new_password)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not unlock_ctl.is_busy() and view.banner.isVisible(),
                    timeout=10_000)
    assert controller.state is AppState.UNLOCK
    assert "recovery key" in view.banner.text()

    # The right key: a new password, signed in, told about the authenticator.
    view.forgot_button.click()
    dialog = unlock_ctl.recovery_dialog
    assert dialog is not None
    dialog.current.setText(created.recovery_key)
    dialog.new.setText(new_password)
    dialog.repeat.setText(new_password)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: controller.state is AppState.MAIN, timeout=10_000)
    assert any("new password is set" in t for t in prompts.texts("inform"))
    session = controller.session
    assert session is not None and session.user.name == "pat"
    assert list(session.audit.entries(action_prefix="signin.recovery"))
    controller.close_vault()
    with OpenVault.open(path) as vault:
        vault.unlock("pat", new_password).close()
        with pytest.raises(WrongCredentials):
            vault.unlock("pat", OWNER_PASSWORD)


def test_fields_do_not_shift_when_the_code_row_appears(qtbot: QtBot) -> None:
    from app.ui.unlock_window import UnlockWindow

    view = UnlockWindow()
    qtbot.addWidget(view)
    view.show()
    view.layout().activate()
    before = view.password.geometry().x()
    view.show_totp(True)
    view.layout().activate()
    assert view.password.geometry().x() == before
    assert view.totp.geometry().x() == before


def test_another_vaults_account_name_is_not_offered(qtbot: QtBot, controller: AppController,
                                                    practice: Path, personal: Path) -> None:
    """The sign-in screen is shared between vaults: after using a personal vault, opening
    the practice's vault offers no account name (it once showed the personal vault's)."""
    controller.open_vault(personal)
    unlock(qtbot, controller, "me", OWNER_PASSWORD)
    controller.close_vault(then_open=practice)
    qtbot.waitUntil(lambda: controller.state is AppState.UNLOCK, timeout=10_000)
    view = controller.unlock_window
    assert view is not None and view.vault_name.text() == "Riverside Practice"
    assert view.user.text() == ""
