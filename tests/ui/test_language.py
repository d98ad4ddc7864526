"""Issue 15 item 10: a language choice in My account, kept per OS account (the sign-in
screen speaks it too), taking effect at the next start; a broken choice means the
computer's language, never an error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale

from app.core.roles import Role
from app.ui import language
from app.ui.admin.account_page import AccountPage
from app.ui.app_controller import AppController
from tests.ui.conftest import sign_in

US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
GERMANY = QLocale(QLocale.Language.German, QLocale.Country.Germany)


@pytest.fixture
def choice_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / language.FILE_NAME
    monkeypatch.setattr(language, "default_location", lambda: path)
    return path


@pytest.fixture
def system_is(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    previous = QLocale()

    def set_system(locale: QLocale) -> None:
        monkeypatch.setattr(QLocale, "system", staticmethod(lambda: locale))

    yield set_system
    QLocale.setDefault(previous)


def _loaded(qapp: Any) -> list[str]:
    from app.ui.launch import _load_translations

    return [Path(t.filePath()).name for t in _load_translations(qapp)]


@pytest.mark.parametrize("content", [None, b"", b"{not json", b'{"language": "klingon"}',
                                     b'["de"]', b'{"language": 7}',
                                     b'{"language": "de", "pad": "' + b"x" * 5000 + b'"}'])
def test_a_missing_or_broken_choice_means_the_computers_language(
        choice_file: Path, content: bytes | None) -> None:
    if content is not None:
        choice_file.parent.mkdir(parents=True)
        choice_file.write_bytes(content)
    assert language.stored_choice() == language.SYSTEM


def test_a_choice_is_kept_and_only_known_ones(choice_file: Path) -> None:
    language.store_choice("de")
    assert language.stored_choice() == "de"
    assert json.loads(choice_file.read_text())["language"] == "de"
    with pytest.raises(ValueError):
        language.store_choice("../../etc")
    assert language.stored_choice() == "de"


def test_the_choice_decides_the_translation_at_start(qapp: Any, choice_file: Path,
                                                     system_is: Any) -> None:
    system_is(US)
    assert "medvault_de.qm" not in _loaded(qapp)
    language.store_choice("de")
    assert "medvault_de.qm" in _loaded(qapp)
    assert QLocale().language() == QLocale.Language.German  # dates follow the choice
    system_is(GERMANY)
    language.store_choice("en")
    assert "medvault_de.qm" not in _loaded(qapp)
    language.store_choice("system")
    assert "medvault_de.qm" in _loaded(qapp)


def test_my_account_offers_the_choice(qtbot: Any, controller: AppController, practice: Path,
                                      choice_file: Path) -> None:
    sign_in(qtbot, controller, practice, Role.RECEPTION)
    window = controller.main_window
    assert window is not None
    page = window.page(AccountPage)
    assert isinstance(page, AccountPage)
    window.show_page(page)
    combo = page.language
    assert [combo.itemData(i) for i in range(combo.count())] == ["system", "en", "de"]
    assert combo.itemText(2) == "Deutsch"
    assert combo.currentData() == "system"
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert language.stored_choice() == "de"
    assert "next time it starts" in page.language_note.text()
