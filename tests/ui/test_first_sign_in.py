"""An imported account's first sign-in in the window: the new password is asked for right
after the sign-in, before anything else opens; then the authenticator where required."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from app.core.vault import OpenVault
from app.ui.admin.account_page import AccountPage
from app.ui.admin.factor_dialogs import TotpEnrolDialog
from app.ui.app_controller import AppController, AppState
from tests.conftest import use_machine_policy
from tests.support import imported_account
from tests.ui.conftest import ScriptedPrompts, unlock, wait_idle

OWN = "a passphrase only I know now"


@pytest.mark.parametrize("totp_policy", [False, True])
def test_new_password_first_then_the_authenticator(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts, practice: Path,
        machine_policy, monkeypatch: pytest.MonkeyPatch, totp_policy: bool) -> None:  # type: ignore[no-untyped-def]
    with OpenVault.open(practice) as vault:
        temporary = imported_account(vault)
    if totp_policy:
        use_machine_policy(monkeypatch, machine_policy('totp_required_roles = ["reception"]\n'))
    controller.open_vault(practice)
    unlock(qtbot, controller, "newbie", temporary)
    assert controller.state is AppState.MAIN
    window = controller.main_window
    assert window is not None
    # Straight after the sign-in: the dialog, over the account page, which is all there is.
    dialog = controller.password_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Choose your own password"
    assert window.visible_titles() == ["My account"]
    assert not window.backup_action.isVisible()
    account = window.page(AccountPage)
    assert isinstance(account, AccountPage)
    assert "choose your own password" in account.banner.text()
    # The temporary password again is refused by core, with its reason.
    dialog.current.setText(temporary)
    dialog.new.setText(temporary)
    dialog.repeat.setText(temporary)
    if dialog.ok_button.isEnabled():
        dialog.ok_button.click()
        wait_idle(qtbot, controller)
        assert any("password of your own" in t for t in prompts.texts("warn"))
        assert window.visible_titles() == ["My account"]
        account.password_button.click()
        dialog = next(d for d in account.findChildren(type(dialog)) if d.isVisible())
    dialog.current.setText(temporary)
    dialog.new.setText(OWN)
    dialog.repeat.setText(OWN)
    dialog.ok_button.click()
    wait_idle(qtbot, controller)
    session = controller.session
    assert session is not None and "password" not in session.pending_enrolment
    if totp_policy:
        # Next, without being asked twice: the authenticator, still nothing else.
        totp = account.findChild(TotpEnrolDialog)
        assert isinstance(totp, TotpEnrolDialog) and totp.isVisible()
        assert window.visible_titles() == ["My account"]
        totp.reject()
        assert not isValid(totp) or not totp.isVisible()
    else:
        assert "Patients" in window.visible_titles()
        assert any("was changed" in t for t in prompts.texts("inform"))
    controller.close_vault()
    with OpenVault.open(practice) as vault:
        vault.unlock("newbie", OWN).close()
