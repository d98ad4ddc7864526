"""SecureClipboard: concealment hints, timed clearing, and leaving other text alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.secure_clipboard import (
    DEFAULT_CLEAR_AFTER_MS,
    KDE_CONCEAL_MIME,
    KDE_CONCEAL_VALUE,
    SecureClipboard,
)

SECRET = "correct horse battery staple"


@pytest.fixture
def clipboard(qapp: QApplication) -> Iterator[QClipboard]:
    board = QGuiApplication.clipboard()
    board.clear()
    yield board
    board.clear()


@pytest.fixture
def secure(clipboard: QClipboard) -> Iterator[SecureClipboard]:
    s = SecureClipboard(clear_after_ms=100)
    yield s
    s.clear_now()


def test_default_clear_delay_is_thirty_seconds(qapp: QApplication) -> None:
    assert DEFAULT_CLEAR_AFTER_MS == 30_000
    assert SecureClipboard().clear_after_ms() == 30_000


def test_copy_carries_the_concealment_hint(clipboard: QClipboard, secure: SecureClipboard) -> None:
    secure.copy(SECRET)
    assert clipboard.text() == SECRET
    mime = clipboard.mimeData()
    assert mime is not None
    assert mime.hasFormat(KDE_CONCEAL_MIME)
    assert KDE_CONCEAL_MIME == "x-kde-passwordManagerHint"
    assert bytes(mime.data(KDE_CONCEAL_MIME).data()) == KDE_CONCEAL_VALUE == b"secret"
    assert secure.is_pending()


def test_cleared_after_timeout(
    qtbot: QtBot, clipboard: QClipboard, secure: SecureClipboard
) -> None:
    with qtbot.waitSignal(secure.cleared, timeout=5000):
        secure.copy(SECRET)
    assert clipboard.text() == ""
    assert not secure.is_pending()


def test_other_text_copied_meanwhile_is_left_alone(
    qtbot: QtBot, clipboard: QClipboard, secure: SecureClipboard
) -> None:
    secure.copy(SECRET)
    clipboard.setText("the user's own text")
    with qtbot.assertNotEmitted(secure.cleared):
        # The timer still runs out; it just finds the clipboard is no longer ours.
        qtbot.waitUntil(lambda: not secure.is_pending(), timeout=5000)
    assert clipboard.text() == "the user's own text"


def test_a_second_copy_restarts_the_delay(
    qtbot: QtBot, clipboard: QClipboard, secure: SecureClipboard
) -> None:
    secure.copy("first")
    with qtbot.waitSignal(secure.cleared, timeout=5000):
        secure.copy("second")
    assert clipboard.text() == ""


def test_clear_now(qtbot: QtBot, clipboard: QClipboard, secure: SecureClipboard) -> None:
    secure.copy(SECRET)
    with qtbot.waitSignal(secure.cleared, timeout=1000):
        secure.clear_now()
    assert clipboard.text() == ""
    assert not secure.is_pending()
    # Nothing pending any more: a second call is a no-op.
    with qtbot.assertNotEmitted(secure.cleared):
        secure.clear_now()


def test_clear_now_leaves_foreign_text(
    qtbot: QtBot, clipboard: QClipboard, secure: SecureClipboard
) -> None:
    secure.copy(SECRET)
    clipboard.setText("something else")
    with qtbot.assertNotEmitted(secure.cleared):
        secure.clear_now()
    assert clipboard.text() == "something else"


def test_same_text_copied_again_elsewhere_is_still_cleared(
    qtbot: QtBot, clipboard: QClipboard, secure: SecureClipboard
) -> None:
    # Identical text is indistinguishable from ours; clearing it is the safe choice.
    secure.copy(SECRET)
    clipboard.setText(SECRET)
    with qtbot.waitSignal(secure.cleared, timeout=1000):
        secure.clear_now()
    assert clipboard.text() == ""


@pytest.mark.parametrize("bad", [0, -5])
def test_rejects_non_positive_delay(qapp: QApplication, bad: int) -> None:
    with pytest.raises(ValueError):
        SecureClipboard(clear_after_ms=bad)
