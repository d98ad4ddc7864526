"""Help → User guide and Report a problem (issue 15.9)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.ui.app_controller import AppController
from app.ui.help_dialogs import ProblemReportDialog, UserGuideDialog, guide_path
from app.ui.icons import resources_dir
from tests.ui.conftest import sign_in, visible_windows

SECTIONS = ("first-steps", "locking", "backups", "recovery", "problems")


def _ids(path: Path) -> list[str]:
    return re.findall(r'id="([^"]+)"', path.read_text(encoding="utf-8"))


def test_every_guide_has_the_same_sections_and_links_resolve() -> None:
    guides = sorted((resources_dir() / "help").glob("guide.*.html"))
    assert {p.name for p in guides} >= {"guide.en.html", "guide.de.html"}
    english = _ids(resources_dir() / "help" / "guide.en.html")
    assert set(SECTIONS) <= set(english)
    for path in guides:
        text = path.read_text(encoding="utf-8")
        assert _ids(path) == english, path.name
        # Every in-page link lands on a section, and nothing points off the machine.
        assert set(re.findall(r'href="#([^"]+)"', text)) <= set(english)
        assert "http" not in text
        # First steps for each kind of user: patient, owner, clinician, reception,
        # administrator/auditor, IT.
        assert text.count("<h3>") == 6, path.name


def test_the_guide_follows_the_language() -> None:
    assert guide_path(QLocale("de_DE")).name == "guide.de.html"
    assert guide_path(QLocale("en_GB")).name == "guide.en.html"
    assert guide_path(QLocale("fr_FR")).name == "guide.en.html"


def test_f1_opens_the_guide_before_any_vault(qtbot: QtBot, controller: AppController) -> None:
    controller.start()
    welcome = controller.welcome
    assert welcome is not None
    qtbot.waitExposed(welcome)
    welcome.practice_button.setFocus()
    qtbot.waitUntil(welcome.practice_button.hasFocus)
    qtbot.keyClick(welcome.practice_button, Qt.Key.Key_F1)
    # A button's shortcut clicks it after its press animation.
    qtbot.waitUntil(lambda: welcome.findChild(UserGuideDialog) is not None)
    guide = welcome.findChild(UserGuideDialog)
    assert guide is not None and guide.isVisible()
    text = guide.browser.toPlainText()
    assert "Forgot your password?" in text and "Ctrl+L" in text
    guide.reject()


def test_help_menu_guide_and_report_and_a_lock_closes_both(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.CLINICIAN)
    window = controller.main_window
    assert window is not None
    menu_texts = [a.text() for a in window.menuBar().actions()[-1].menu().actions()]
    assert menu_texts[:2] == ["&User guide", "&Report a problem…"]
    window.guide_action.trigger()
    guide = window.findChild(UserGuideDialog)
    assert guide is not None and guide.isVisible()
    window.report_action.trigger()
    report = window.findChild(ProblemReportDialog)
    assert report is not None and report.isVisible()
    qtbot.keyClicks(report.description, "Backups page froze")
    assert "Backups page froze" in report.report.toPlainText()
    assert "Riverside" not in report.report.toPlainText()  # the vault's name
    assert "clinician" not in report.report.toPlainText()  # who is signed in
    report.copy_button.click()
    assert QGuiApplication.clipboard().text() == report.report.toPlainText()
    assert "Copied" in report.status.text()

    qtbot.keyClick(report.description, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: visible_windows() == ["lockScreen"])
    assert not guide.isVisible() and not report.isVisible()
