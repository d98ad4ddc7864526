"""Keyboard use of the account and user dialogs: focus starts on the first field, Tab
follows the visual order, and Enter confirms, never cancels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from app.core.factors import TotpEnrolment
from app.ui.admin.factor_dialogs import SetPinDialog, TotpEnrolDialog
from app.ui.admin.users_page import AddUserDialog


def tab_chain(dialog: QDialog, start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from `start`, in order, until it comes round again."""
    chain = [start]
    widget = start.nextInFocusChain()
    while widget is not start and len(chain) < 50:
        if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled()
                and widget.isVisibleTo(dialog) and widget.window() is dialog):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def show(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


def first_focus(dialog: QDialog) -> QWidget | None:
    """Where focus lands when the dialog opens (Qt gives it to the first Tab stop)."""
    QApplication.processEvents()
    return dialog.focusWidget()


def test_totp_dialog_tabs_in_visual_order_and_enter_turns_on(qtbot: QtBot) -> None:
    dialog = TotpEnrolDialog(None, TotpEnrolment("JBSWY3DPEHPK3PXP",
                                                 "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"))
    show(qtbot, dialog)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert first_focus(dialog) is dialog.code
    # Turn on is disabled until both fields are filled, so Tab skips it for now.
    assert tab_chain(dialog, dialog.code) == [dialog.code, dialog.password, cancel]

    dialog.code.setText("123 456")
    dialog.password.setText("secret words")
    assert tab_chain(dialog, dialog.code) == [dialog.code, dialog.password,
                                              dialog.ok_button, cancel]
    assert dialog.ok_button.isDefault()
    with qtbot.waitSignal(dialog.confirm_requested, timeout=1000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible()


def test_enter_on_an_unready_totp_dialog_does_not_cancel(qtbot: QtBot) -> None:
    dialog = TotpEnrolDialog(None, TotpEnrolment("JBSWY3DPEHPK3PXP",
                                                 "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"))
    show(qtbot, dialog)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    dialog.code.setText("123456")
    # The reviewer's path: type the code, Tab (password is next), Tab again (Cancel,
    # since Turn on is still disabled), Enter.
    cancel.setFocus()
    qtbot.keyClick(cancel, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.isVisible()


def test_set_pin_dialog_tabs_in_visual_order(qtbot: QtBot) -> None:
    dialog = SetPinDialog(None)
    show(qtbot, dialog)
    assert first_focus(dialog) is dialog.password
    dialog.password.setText("pw")
    dialog.pin.setText("482913")
    dialog.repeat.setText("482913")
    chain = tab_chain(dialog, dialog.password)
    assert chain[:4] == [dialog.password, dialog.pin, dialog.repeat, dialog.ok_button]
    assert dialog.ok_button.isDefault()


def test_add_user_dialog_tabs_in_visual_order(qtbot: QtBot) -> None:
    dialog = AddUserDialog(None, min_length=8, vault_name="Riverside")
    show(qtbot, dialog)
    assert first_focus(dialog) is dialog.name
    dialog.name.setText("jlee")
    dialog.password.setText("a long and unusual pass phrase")
    dialog.repeat.setText("a long and unusual pass phrase")
    chain = tab_chain(dialog, dialog.name)
    assert chain[:6] == [dialog.name, dialog.full_name, dialog.role, dialog.password,
                         dialog.repeat, dialog.ok_button]
    assert dialog.ok_button.isDefault()
