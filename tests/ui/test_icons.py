"""Bundled icons and style sheet: every file parses, loads by name, and is found when frozen."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, QSize
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.icons import ICON_NAMES, icon, icon_path, resources_dir, stylesheet, stylesheet_path

ICON_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons"
PALETTE = {"#2b3a4a", "#1f7a8c"}


def test_resources_dir_in_a_checkout() -> None:
    assert resources_dir() == ICON_DIR.parent
    assert (resources_dir() / "icons").is_dir()


def test_resources_dir_when_frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


def test_every_shipped_icon_is_listed() -> None:
    shipped = {p.stem for p in ICON_DIR.glob("*.svg")}
    assert shipped == set(ICON_NAMES)
    assert len(ICON_NAMES) == len(set(ICON_NAMES))


@pytest.mark.parametrize("name", ICON_NAMES)
def test_svg_is_valid_and_consistent(qapp: QApplication, name: str) -> None:
    path = icon_path(name)
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    assert renderer.viewBoxF() == QRectF(0, 0, 24, 24)
    # One visual language: the two house colours and nothing else.
    colours = set(re.findall(r"#[0-9a-fA-F]{6}\b", path.read_text(encoding="utf-8")))
    assert colours <= PALETTE


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icon_loads(qapp: QApplication, name: str) -> None:
    loaded = icon(name)
    assert not loaded.isNull()
    for size in (16, 24, 48):
        assert not loaded.pixmap(QSize(size, size)).isNull()
    assert icon(name) is loaded  # cached


def test_missing_icon_is_null_not_fatal(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="app.ui.icons"):
        assert icon("no-such-icon").isNull()
    assert "no-such-icon" in caplog.text


@pytest.mark.parametrize("bad", ["", "../secrets", "lock.svg", "Lock", "a/b"])
def test_icon_names_cannot_leave_the_folder(qapp: QApplication, bad: str) -> None:
    with pytest.raises(ValueError):
        icon(bad)


def test_stylesheet_parses_and_applies(qtbot: QtBot) -> None:
    text = stylesheet()
    assert stylesheet_path().is_file()
    assert "QLineEdit:focus" in text
    # Sizes come from the system, so high DPI and text scaling keep working.
    assert "font-size" not in text
    assert "font-family" not in text

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    primary = QPushButton("Unlock")
    primary.setProperty("role", "primary")
    banner = QLabel("Allergy: penicillin")
    banner.setProperty("banner", "alert")
    for child in (QLineEdit(), primary, QPushButton("Cancel"), banner):
        layout.addWidget(child)
    # A parse error would surface as a Qt warning, which fails the test.
    root.setStyleSheet(text)
    assert not root.grab().isNull()
