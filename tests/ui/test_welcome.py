"""The welcome window, recent vaults and the demo vault."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui import demo
from app.ui.app_controller import AppController, AppState
from app.ui.recent_vaults import RecentVaults
from app.ui.workers import Progress
from tests.ui.conftest import ScriptedPrompts, unlock, visible_windows, wait_idle


def test_no_known_vault_opens_the_welcome_window(qtbot: QtBot,
                                                 controller: AppController) -> None:
    controller.start()
    assert controller.state is AppState.WELCOME
    assert visible_windows() == ["welcomeWindow"]
    assert controller.welcome is not None
    assert controller.welcome.no_recent.isVisible()


def test_a_known_vault_opens_its_unlock_screen(qtbot: QtBot, controller: AppController,
                                               practice: Path) -> None:
    controller.recent.add(practice)
    controller.start()
    assert controller.state is AppState.UNLOCK
    assert visible_windows() == ["lockScreen"]


def test_recent_vaults_remember_paths_only(tmp_path: Path) -> None:
    recent = RecentVaults(tmp_path / "recent.json", limit=3)
    for name in ("a", "b", "c", "d", "b"):
        recent.add(tmp_path / name)
    assert [p.name for p in recent.paths()] == ["b", "d", "c"]
    text = (tmp_path / "recent.json").read_text()
    assert set(__import__("json").loads(text)) == {"format", "vaults"}
    recent.remove(tmp_path / "d")
    assert [p.name for p in recent.paths()] == ["b", "c"]
    (tmp_path / "recent.json").write_text("{not json")
    assert recent.paths() == []


def test_recent_list_opens_and_forgets(qtbot: QtBot, controller: AppController,
                                       practice: Path, tmp_path: Path) -> None:
    controller.recent.add(tmp_path / "gone")
    controller.recent.add(practice)
    controller.show_welcome()
    welcome = controller.welcome
    assert welcome is not None
    assert welcome.recent.count() == 2
    assert "not found" in welcome.recent.item(1).text()
    welcome.recent.setCurrentRow(1)
    welcome.forget_button.click()
    assert controller.recent.paths() == [practice]
    welcome.recent.setCurrentRow(0)
    welcome.open_recent_button.click()
    assert controller.state is AppState.UNLOCK


def test_open_existing_checks_the_folder(qtbot: QtBot, controller: AppController,
                                         prompts: ScriptedPrompts, practice: Path,
                                         tmp_path: Path) -> None:
    controller.show_welcome()
    assert controller.welcome is not None
    prompts.directories.append(tmp_path)
    controller.welcome.open_button.click()
    assert controller.state is AppState.WELCOME
    assert any("not a MedVault vault" in t for t in prompts.texts("warn"))
    prompts.directories.append(practice)
    controller.welcome.open_button.click()
    assert controller.state is AppState.UNLOCK


def test_demo_vault(qtbot: QtBot, controller: AppController, tmp_path: Path) -> None:
    controller.show_welcome()
    assert controller.welcome is not None
    controller.welcome.demo_button.click()
    wait_idle(qtbot, controller)
    assert controller.state is AppState.UNLOCK
    view = controller.unlock_window
    assert view is not None
    assert view.user.text() == demo.DEMO_USER
    assert demo.DEMO_PASSWORD in view.demo_hint.text()
    assert controller.unlock is not None
    assert controller.unlock.path.parent == tmp_path / "demo"
    unlock(qtbot, controller, demo.DEMO_USER, demo.DEMO_PASSWORD)
    assert controller.state is AppState.MAIN
    first = controller.unlock.path
    # Trying the demo again opens the same vault: no second folder, no second fill.
    controller.close_vault()
    assert controller.welcome is not None
    assert controller.welcome.recent.item(0).text().startswith("Demo practice")
    controller.welcome.demo_button.click()
    wait_idle(qtbot, controller)
    assert controller.unlock is not None and controller.unlock.path == first
    assert [p.name for p in (tmp_path / "demo").iterdir()] == [first.name]


def test_cancelled_demo_leaves_nothing(tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Exception, match="Cancelled"):
        demo.make_demo_vault(Progress(lambda *_a: None, cancel), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_is_demo(tmp_path: Path) -> None:
    assert demo.is_demo(tmp_path / "demo-1", tmp_path)
    assert not demo.is_demo(tmp_path / "x" / "demo-1", tmp_path)
