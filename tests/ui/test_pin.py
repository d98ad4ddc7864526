"""PIN quick unlock after an idle lock: 3 wrong tries, then the full password."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.keyslots import SlotSecrets
from app.core.vault_settings import VaultSettings, save_settings
from app.ui.admin.account_page import AccountPage
from app.ui.admin.factor_dialogs import SetPinDialog
from app.ui.app_controller import AppController, AppState
from app.ui.lock_controller import LockReason
from app.ui.pin_unlock import PinSeal, WrongPin, pin_problem
from tests.ui.conftest import OWNER_PASSWORD, sign_in, unlock, wait_idle

PIN = "4826"


def _allow_pin(c: AppController) -> None:
    assert c.session is not None
    save_settings(c.session, VaultSettings(pin_unlock=True))


def _set_pin(qtbot: QtBot, c: AppController, pin: str = PIN) -> AccountPage:
    window = c.main_window
    assert window is not None
    account = window.page(AccountPage)
    assert isinstance(account, AccountPage)
    window.show_page(account)
    account.refresh()
    assert account.pin_button.isVisible()
    account.pin_button.click()
    dialog = account.findChild(SetPinDialog)
    assert isinstance(dialog, SetPinDialog)
    dialog.password.setText(OWNER_PASSWORD)
    dialog.pin.setText("1234")
    assert "consecutive" in dialog.problem.text()
    assert not dialog.ok_button.isEnabled()
    dialog.pin.setText(pin)
    dialog.repeat.setText(pin)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    wait_idle(qtbot, c)
    assert c.session is not None
    assert c.ctx.quick_unlock.is_set_for(c.session.vault.file.vault_id, c.session.user.user_id)
    return account


def _idle_lock(qtbot: QtBot, c: AppController) -> None:
    c.lock.override_timeout_ms(100)
    qtbot.waitUntil(lambda: c.state is AppState.LOCKED, timeout=5000)
    c.lock.override_timeout_ms(None)
    assert c.lock.last_reason is LockReason.IDLE


def _enter_pin(qtbot: QtBot, c: AppController, pin: str) -> None:
    view = c.unlock_window
    assert view is not None and c.unlock is not None
    view.pin.setText(pin)
    view.unlock_button.click()
    qtbot.waitUntil(lambda: c.unlock is not None and not c.unlock.is_busy(), timeout=10_000)


def test_pin_unlocks_after_an_idle_lock(qtbot: QtBot, controller: AppController,
                                       practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    _allow_pin(controller)
    _set_pin(qtbot, controller)
    _idle_lock(qtbot, controller)
    view = controller.unlock_window
    assert view is not None
    assert view.pin_mode()
    assert view.user.text() == "owner" and view.user.isReadOnly()
    assert view.password.isHidden()
    _enter_pin(qtbot, controller, PIN)
    assert controller.state is AppState.MAIN
    session = controller.session
    assert session is not None
    assert session.audit.count(action_prefix="signin.pin") == 1
    assert view.pin.text() == ""


def test_three_wrong_pins_need_the_full_password(qtbot: QtBot, controller: AppController,
                                                practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    _allow_pin(controller)
    _set_pin(qtbot, controller)
    _idle_lock(qtbot, controller)
    view = controller.unlock_window
    assert view is not None
    _enter_pin(qtbot, controller, "0000")
    assert view.pin_mode()
    assert "is needed: 2." in view.banner.text()
    _enter_pin(qtbot, controller, "1111")
    assert "is needed: 1." in view.banner.text()
    _enter_pin(qtbot, controller, "2222")
    # Third wrong PIN: the sealed contents are wiped; only the password works now.
    assert not view.pin_mode()
    assert controller.ctx.quick_unlock.seal() is None
    assert "three times" in view.banner.text()
    assert controller.state is AppState.LOCKED
    # The failed PINs count as failed sign-ins: the throttle may make the password wait.
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    if controller.state is not AppState.MAIN:
        assert view.countdown.isVisible()
        qtbot.waitUntil(view.unlock_button.isEnabled, timeout=10_000)
        unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN
    # The failed tries reached the audit chain at this sign-in.
    session = controller.session
    assert session is not None
    failures = [e for e in session.audit.entries(action_prefix="signin.failure")]
    assert len(failures) >= 3 and all("pin" in e.detail for e in failures[-3:])
    # And after the next idle lock there is no PIN to offer.
    _idle_lock(qtbot, controller)
    assert not view.pin_mode()


def test_manual_lock_always_asks_for_the_password(qtbot: QtBot, controller: AppController,
                                                  practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    _allow_pin(controller)
    _set_pin(qtbot, controller)
    controller.lock_now(LockReason.MANUAL)
    view = controller.unlock_window
    assert view is not None
    assert not view.pin_mode()
    # The seal survives for a later idle lock.
    assert controller.ctx.quick_unlock.seal() is not None
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    _idle_lock(qtbot, controller)
    assert view.pin_mode()


def test_use_password_instead(qtbot: QtBot, controller: AppController, practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    _allow_pin(controller)
    _set_pin(qtbot, controller)
    _idle_lock(qtbot, controller)
    view = controller.unlock_window
    assert view is not None
    view.use_password_button.click()
    assert not view.pin_mode()
    unlock(qtbot, controller, "owner", OWNER_PASSWORD)
    assert controller.state is AppState.MAIN


def test_pin_is_void_after_a_password_change(qtbot: QtBot, controller: AppController,
                                             practice: Path) -> None:
    from app.core.users import change_own_password

    sign_in(qtbot, controller, practice)
    _allow_pin(controller)
    _set_pin(qtbot, controller)
    assert controller.session is not None
    new_password = "a completely different passphrase"
    change_own_password(controller.session, OWNER_PASSWORD, new_password)
    _idle_lock(qtbot, controller)
    view = controller.unlock_window
    assert view is not None and view.pin_mode()
    _enter_pin(qtbot, controller, PIN)
    assert controller.state is AppState.LOCKED
    assert not view.pin_mode()
    assert "changed since the PIN was set" in view.banner.text()
    unlock(qtbot, controller, "owner", new_password)
    assert controller.state is AppState.MAIN


def test_pin_is_dropped_when_the_owner_disallows_it(qtbot: QtBot, controller: AppController,
                                                    practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    _allow_pin(controller)
    _set_pin(qtbot, controller)
    assert controller.session is not None
    save_settings(controller.session, VaultSettings(pin_unlock=False))
    _idle_lock(qtbot, controller)
    assert controller.ctx.quick_unlock.seal() is None
    assert controller.unlock_window is not None
    assert not controller.unlock_window.pin_mode()


def test_pin_needs_the_setting(qtbot: QtBot, controller: AppController, practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    window = controller.main_window
    assert window is not None
    account = window.page(AccountPage)
    assert isinstance(account, AccountPage)
    assert not account.pin_button.isVisible()
    assert "not allowed PIN unlock" in account.pin_status.text()


def test_pin_seal_holds_no_plaintext_and_rejects_a_wrong_pin() -> None:
    contents = SlotSecrets(identity="AGE-SECRET-KEY-1EXAMPLEEXAMPLE", totp_secret="JBSWY3DP")
    seal = PinSeal.create("5719", vault_id="v", user_id="u", user_name="n", slot_ids=("s",),
                          contents=contents)
    assert b"AGE-SECRET-KEY" not in seal.ciphertext
    assert seal.open("5719") == contents
    with pytest.raises(WrongPin):
        seal.open("5718")
    assert pin_problem("12a4") and pin_problem("123") and pin_problem("7777")
    assert pin_problem("5719") is None


def test_a_totp_user_gives_the_code_after_the_pin(qtbot: QtBot, controller: AppController,
                                                 practice: Path) -> None:
    import time

    import pyotp

    from app.core.factors import totp_begin, totp_confirm
    from app.core.vault import OpenVault

    with OpenVault.open(practice) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        enrolment = totp_begin(session)
        totp = pyotp.TOTP(enrolment.secret)
        # Each code is single-use: enrol with the previous step's, sign in with this one's,
        # and resume with the next one's.
        totp_confirm(session, OWNER_PASSWORD, enrolment, totp.at(time.time() - 30))
        session.close()
    controller.open_vault(practice)
    unlock(qtbot, controller, "owner", OWNER_PASSWORD, totp=totp.now())
    assert controller.state is AppState.MAIN
    _allow_pin(controller)
    _set_pin(qtbot, controller)
    _idle_lock(qtbot, controller)
    view = controller.unlock_window
    assert view is not None and view.pin_mode() and view.totp_shown()

    _enter_pin(qtbot, controller, PIN)  # no code: asked for it, not counted
    assert controller.state is AppState.LOCKED and view.pin_mode()
    assert "with the 6-digit code" in view.banner.text()
    assert controller.ctx.quick_unlock.tries_left() == 3

    now = time.time()
    valid = {totp.at(now + k * 30) for k in range(-1, 3)}
    view.totp.setText(next(c for c in ("000000", "111111", "222222") if c not in valid))
    _enter_pin(qtbot, controller, PIN)  # a wrong code after the PIN is a try
    assert view.pin_mode() and "is needed: 2." in view.banner.text()
    assert "authenticator code" in view.banner.text()

    view.totp.setText(totp.at(now + 30))
    _enter_pin(qtbot, controller, PIN)
    assert controller.state is AppState.MAIN
    assert controller.session is not None
    assert controller.session.audit.count(action_prefix="signin.pin") == 1


def test_pin_messages_are_translated(qapp: QApplication) -> None:
    from PySide6.QtCore import QTranslator

    from app.core.quick_unlock import PinVoid as CorePinVoid
    from app.core.quick_unlock import VoidReason
    from app.ui.pin_unlock import QuickUnlock, translated

    translator = QTranslator()
    assert translator.load(str(Path(__file__).resolve().parents[2] / "resources"
                               / "translations" / "medvault_de.qm"))
    qapp.installTranslator(translator)
    try:
        quick = QuickUnlock()
        quick.set_seal(PinSeal.create(PIN, vault_id="v", user_id="u", user_name="n",
                                      slot_ids=("s",), contents=SlotSecrets(identity="x")))
        assert str(quick.failed_try()).startswith(
            "Diese PIN ist nicht korrekt. Verbleibende Versuche")
        assert pin_problem("12a4") == "Eine PIN besteht nur aus Ziffern."
        assert "geändert" in str(translated(CorePinVoid(VoidReason.CHANGED)))
    finally:
        qapp.removeTranslator(translator)
