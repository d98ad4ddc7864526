"""My account: password change, TOTP enrolment with an in-app QR code, workstation factor,
and the emergency account's activation."""

from __future__ import annotations

from pathlib import Path

import keyring
import pyotp
import pytest
from keyring.backends import fail
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from app.core.roles import Role
from app.core.vault import OpenVault
from app.ui.admin.account_page import AccountPage
from app.ui.admin.factor_dialogs import TotpEnrolDialog
from app.ui.app_controller import AppController, AppState
from app.ui.dialogs import NewPasswordDialog, PasswordPromptDialog
from app.ui.qr import qr_image
from tests.conftest import use_machine_policy
from tests.ui.conftest import (
    OWNER_PASSWORD,
    ScriptedPrompts,
    credentials,
    sign_in,
    unlock,
    wait_idle,
)


def _account(c: AppController) -> AccountPage:
    assert c.main_window is not None
    page = c.main_window.page(AccountPage)
    assert isinstance(page, AccountPage)
    c.main_window.show_page(page)
    return page


def test_change_password(qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts,
                         practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    page = _account(controller)
    page.password_button.click()
    dialog = page.findChild(NewPasswordDialog)
    assert isinstance(dialog, NewPasswordDialog)
    dialog.current.setText(OWNER_PASSWORD)
    dialog.new.setText("a much newer secret passphrase")
    dialog.repeat.setText("a much newer secret passphrase")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    # The dialog forgets what was typed as soon as it closes.
    assert dialog.new.text() == "" and dialog.current.text() == ""
    wait_idle(qtbot, controller)
    assert any("was changed" in t for t in prompts.texts("inform"))
    controller.close_vault()
    with OpenVault.open(practice) as vault:
        vault.unlock("owner", "a much newer secret passphrase").close()


def test_wrong_current_password_is_reported(qtbot: QtBot, controller: AppController,
                                            prompts: ScriptedPrompts, practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    page = _account(controller)
    page.password_button.click()
    dialog = page.findChild(NewPasswordDialog)
    assert isinstance(dialog, NewPasswordDialog)
    dialog.current.setText("not my password")
    dialog.new.setText("a much newer secret passphrase")
    dialog.repeat.setText("a much newer secret passphrase")
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    assert any("not correct" in t for t in prompts.texts("warn"))


def test_totp_enrolment_draws_the_qr_and_confirms_with_a_code(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    name, password = credentials(Role.CLINICIAN)
    sign_in(qtbot, controller, practice, Role.CLINICIAN)
    page = _account(controller)
    assert page.totp_button.isVisible()
    page.totp_button.click()
    dialog = page.findChild(TotpEnrolDialog)
    assert isinstance(dialog, TotpEnrolDialog)
    pixmap = dialog.qr.pixmap()
    assert not pixmap.isNull() and pixmap.width() == 240
    # The QR image is drawn from segno's SVG in memory: dark modules on white.
    image = pixmap.toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 240, 3)
               for y in range(0, 240, 3)}
    assert colours == {"#000000", "#ffffff"}
    secret = dialog.enrolment.secret
    assert dialog.secret.text().replace(" ", "") == secret
    dialog.code.setText("123456")
    dialog.password.setText(password)
    # A wrong code keeps the dialog open with the reason.
    dialog.code.setText("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    assert dialog.isVisible()
    assert "does not match" in dialog.banner.text()
    dialog.password.setText(password)
    dialog.code.setText(pyotp.TOTP(secret).now())
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    assert not isValid(dialog) or not dialog.isVisible()  # closed (and deleted)
    assert page.totp_remove_button.isVisible()
    session = controller.session
    assert session is not None
    user = session.vault.file.user_by_name(name)
    assert user is not None and user.totp


def test_qr_image_is_square_and_sized() -> None:
    image = qr_image("otpauth://totp/MedVault:x?secret=JBSWY3DPEHPK3PXP", 120)
    assert isinstance(image, QImage)
    assert image.width() == image.height() == 120


def test_pending_totp_enrolment_shows_only_my_account(qtbot: QtBot, controller: AppController,
                                                      practice: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('totp_required_roles = ["reception"]\n')
    use_machine_policy(monkeypatch, str(policy))
    sign_in(qtbot, controller, practice, Role.RECEPTION)
    window = controller.main_window
    assert window is not None
    assert window.visible_titles() == ["My account"]
    page = _account(controller)
    assert "authenticator app" in page.banner.text()


def test_workstation_factor_enrol(qtbot: QtBot, controller: AppController,
                                  practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    page = _account(controller)
    assert "Off" in page.workstation_status.text()
    page.workstation_button.click()
    dialog = page.findChild(PasswordPromptDialog)
    assert isinstance(dialog, PasswordPromptDialog)
    dialog.password.setText(OWNER_PASSWORD)
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    assert "keychain" in page.workstation_status.text()
    assert page.workstation_remove_button.isVisible()
    # Used without asking at the next unlock.
    controller.lock_now()
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN


def test_workstation_factor_unavailable_without_a_keychain(qtbot: QtBot,
                                                           controller: AppController,
                                                           practice: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    sign_in(qtbot, controller, practice)
    page = _account(controller)
    assert page.workstation_status.text().startswith("Unavailable")
    assert page.workstation_button.isHidden()


def test_emergency_account_activates_with_a_reason(qtbot: QtBot, controller: AppController,
                                                   prompts: ScriptedPrompts,
                                                   practice: Path) -> None:
    pytest.importorskip("app.core.records.emergency")
    sign_in(qtbot, controller, practice, Role.EMERGENCY)
    window = controller.main_window
    assert window is not None
    assert window.visible_titles() == ["My account"]
    page = _account(controller)
    assert page.emergency_group.isVisible()
    page.emergency_reason.setText("x")
    page.emergency_button.click()
    assert prompts.texts("warn")  # too short a reason: core says why
    page.emergency_reason.setText("Patient unconscious in the waiting room")
    page.emergency_button.click()
    assert "Active until" in page.emergency_status.text()
    assert "Patients" in window.visible_titles()

    controller.lock_now()
    unlock(qtbot, controller, *credentials(Role.OWNER))
    window.show_page(window.visible_pages()[window.visible_titles().index("Emergency review")])
    from app.ui.admin.emergency_page import EmergencyReviewPage

    review = window.page(EmergencyReviewPage)
    assert isinstance(review, EmergencyReviewPage)
    assert review.model.rowCount() == 1
    assert review.model.grant_at(0).reason == "Patient unconscious in the waiting room"


def test_a_factor_the_policy_requires_offers_no_way_to_remove_it(
        qtbot: QtBot, controller: AppController, practice: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The page shows what core's sign_in_factors allows: once the required workstation
    # factor is enrolled, there is no "Stop using it" (core would refuse it anyway).
    policy = tmp_path / "policy.toml"
    policy.write_text('workstation_factor = "required"\n')
    use_machine_policy(monkeypatch, str(policy))
    sign_in(qtbot, controller, practice)
    page = _account(controller)
    page.workstation_button.click()
    dialog = page.findChild(PasswordPromptDialog)
    assert isinstance(dialog, PasswordPromptDialog)
    dialog.password.setText(OWNER_PASSWORD)
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    assert "keychain" in page.workstation_status.text()
    assert page.workstation_remove_button.isHidden()
    assert page.totp_button.isVisible() and page.totp_remove_button.isHidden()
