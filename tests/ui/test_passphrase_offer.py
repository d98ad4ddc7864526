"""Issue 15.2: wherever a password is set, MedVault offers a generated passphrase that
fills both fields, is shown with its strength, and is copied through the secure clipboard
with its countdown notice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from app.core.passphrase import SEPARATOR, word_list
from app.core.roles import Role
from app.core.vault import OpenVault
from app.ui.admin.account_page import AccountPage
from app.ui.admin.administration_page import AdministrationPage
from app.ui.admin.users_page import AddUserDialog
from app.ui.app_controller import AppController
from app.ui.dialogs import NewPasswordDialog
from app.ui.passphrase_offer import PassphraseOffer
from app.ui.secure_clipboard import SecureClipboard
from tests.ui.conftest import sign_in, wait_idle


@pytest.fixture
def board(qapp: QApplication) -> Iterator[SecureClipboard]:
    secure = SecureClipboard(clear_after_ms=60_000)
    yield secure
    secure.clear_now()


def _is_passphrase(text: str) -> bool:
    parts = text.split(SEPARATOR)
    return len(parts) >= 6 and set(parts) <= set(word_list())


def test_the_suggestion_fills_both_fields_and_can_be_copied(qtbot: QtBot,
                                                            board: SecureClipboard) -> None:
    dialog = NewPasswordDialog(None, "Set a password", "", min_length=12,
                               context=["anna", "Riverside"], clipboard=board)
    qtbot.addWidget(dialog)
    offer = dialog.offer
    assert offer is not None
    assert not offer.phrase_label.isVisibleTo(dialog)
    offer.suggest_button.click()
    phrase = offer.phrase()
    assert _is_passphrase(phrase)
    assert dialog.new.text() == dialog.repeat.text() == phrase
    # Shown, so it can be read and written down; the dialog may be accepted at once.
    assert dialog.new.echoMode() == QLineEdit.EchoMode.Normal
    assert offer.phrase_label.text() == phrase and offer.phrase_label.isVisibleTo(dialog)
    assert "about 65 bits" in offer.strength_label.text()
    assert dialog.ok_button.isEnabled()

    offer.copy_button.click()
    assert QGuiApplication.clipboard().text() == phrase
    assert offer.notice.isVisibleTo(dialog)
    assert "cleared in 60 s" in offer.notice.label.text()

    # A second suggestion is a different phrase.
    offer.suggest_button.click()
    assert offer.phrase() != phrase and dialog.new.text() == offer.phrase()

    # Typing one's own password puts the suggestion away.
    dialog.new.setText("my own long password here")
    assert offer.phrase() == "" and not offer.phrase_label.isVisibleTo(dialog)

    offer.suggest_button.click()
    dialog.reject()
    assert offer.phrase() == "" and offer.phrase_label.text() == ""
    assert dialog.new.text() == ""


def test_the_suggestion_leaves_out_the_users_own_names(qtbot: QtBot, board: SecureClipboard,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import secrets

    words = word_list()
    draws = iter(["maple"] * 6 + list(words[:6]))
    monkeypatch.setattr(secrets, "choice", lambda _seq: next(draws))
    dialog = AddUserDialog(None, min_length=12, vault_name="Riverside", clipboard=board)
    qtbot.addWidget(dialog)
    dialog.name.setText("maple")
    assert dialog.offer is not None
    dialog.offer.suggest_button.click()
    assert "maple" not in dialog.password.text()
    assert dialog.password.text() == dialog.repeat.text() == SEPARATOR.join(words[:6])
    assert dialog.ok_button.isEnabled()


def test_every_place_a_password_is_set_offers_one(qtbot: QtBot, controller: AppController,
                                                  practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    window = controller.main_window
    assert window is not None
    account = window.page(AccountPage)
    assert isinstance(account, AccountPage)
    window.show_page(account)
    account.password_button.click()
    change = account.findChild(NewPasswordDialog)
    assert isinstance(change, NewPasswordDialog) and change.offer is not None
    change.reject()

    admin = window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    window.show_page(admin)
    admin.users.add_button.click()
    add = admin.users.findChild(AddUserDialog)
    assert isinstance(add, AddUserDialog) and add.offer is not None
    add.name.setText("newdoc")
    add.role.setCurrentIndex(add.role.findData(Role.RECEPTION.value))
    add.offer.suggest_button.click()
    phrase = add.offer.phrase()
    add.ok_button.click()
    wait_idle(qtbot, controller)

    admin.users.select_user("newdoc")
    admin.users.reset_button.click()
    reset = admin.users.findChild(NewPasswordDialog)
    assert isinstance(reset, NewPasswordDialog) and reset.offer is not None
    reset.reject()

    controller.close_vault()
    # The added user signs in with the suggested passphrase.
    with OpenVault.open(practice) as vault:
        vault.unlock("newdoc", phrase).close()

    controller.open_vault(practice)
    unlock_ctl = controller.unlock
    assert unlock_ctl is not None
    recovery = unlock_ctl.recover()
    assert recovery is not None and recovery.offer is not None
    recovery.reject()


def test_the_create_wizard_offers_one(qtbot: QtBot, controller: AppController,
                                      tmp_path: Path) -> None:
    controller.show_welcome()
    assert controller.welcome is not None
    controller.welcome.practice_button.click()
    wizard = controller.wizard
    assert wizard is not None
    wizard.folder_page.location.setText(str(tmp_path / "vaults"))
    wizard.folder_page.name.setText("clinic")
    wizard.next()
    owner = wizard.owner_page
    owner.user.setText("boss")
    owner.offer.suggest_button.click()
    assert _is_passphrase(owner.password.text())
    assert owner.repeat.text() == owner.password.text()
    assert owner.isComplete()
    assert isinstance(owner.offer, PassphraseOffer)
