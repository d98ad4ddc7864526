"""The style sheet: focus rings that do not change a button's size."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from app.ui.icons import stylesheet

TEXT = "&Change password…"


def _styled(qtbot: QtBot) -> QWidget:
    host = QWidget()
    host.setStyleSheet(stylesheet())
    qtbot.addWidget(host)
    return host


@pytest.mark.parametrize("role", [None, "primary", "danger"])
def test_a_focused_button_is_the_same_size_and_fits_its_text(qtbot: QtBot,
                                                             role: str | None) -> None:
    host = _styled(qtbot)
    button = QPushButton(TEXT, host)
    other = QPushButton("x", host)
    if role:
        button.setProperty("role", role)
    host.show()
    qtbot.waitExposed(host)
    other.setFocus()
    plain = button.sizeHint()
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    button.setText(TEXT)  # drops the cached size hint, so it is measured focused
    assert button.sizeHint() == plain

    # Qt keeps the size it gave the unfocused button; the focused contents must fit in it.
    button.resize(plain)
    option = QStyleOptionButton()
    button.initStyleOption(option)
    assert option.state & QStyle.StateFlag.State_HasFocus
    contents = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents,
                                             option, button)
    needed = button.fontMetrics().horizontalAdvance(TEXT.replace("&", ""))
    assert contents.width() >= needed


def test_a_framed_tool_button_keeps_its_size_when_focused(qtbot: QtBot) -> None:
    host = _styled(qtbot)
    button = QToolButton(host)
    button.setText("Print summary")
    button.setProperty("framed", True)
    host.show()
    qtbot.waitExposed(host)
    plain = button.sizeHint()
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    button.setText("Print summary")
    assert button.sizeHint() == plain


def test_a_dangerous_confirmation_button_is_drawn_in_the_danger_colour(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.prompts import confirm_box

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = app.styleSheet()
    app.setStyleSheet(stylesheet())
    try:
        colours = {}
        for danger in (False, True):
            box, yes = confirm_box(None, "Rotate key", "Replace the key now?",
                                   yes_text="Rotate", danger=danger)
            qtbot.addWidget(box)
            box.show()
            image = yes.grab().toImage()
            colours[danger] = image.pixelColor(image.width() // 2, 3).name()
        assert colours[True] != colours[False], "the danger style reached the button"
    finally:
        app.setStyleSheet(previous)
