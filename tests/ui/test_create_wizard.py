"""The create wizard: creates a vault, shows the recovery key once, saves the kit as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.core.vault import OpenVault
from app.core.vault_file import VaultFile
from app.ui.app_controller import AppController, AppState
from app.ui.create_wizard import CreateVaultWizard
from tests.ui.conftest import ScriptedPrompts, unlock

PASSWORD = "orange kettle drum 42"


def _fill_to_recovery(qtbot: QtBot, wizard: CreateVaultWizard, folder: Path,
                      name: str = "clinic") -> None:
    # The kind came from the welcome window: the wizard starts on the folder page.
    assert wizard.currentPage() is wizard.folder_page
    wizard.folder_page.location.setText(str(folder))
    wizard.folder_page.name.setText(name)
    wizard.next()
    if wizard.kind() == "personal":
        # A personal vault asks who the owner is: their own record comes with the vault.
        about = wizard.about_page
        assert wizard.currentPage() is about and not about.isComplete()
        about.given.setText("Bea")
        about.family.setText("Boss")
        about.birth_date.setText("31.02.1980")
        wizard.next()
        assert wizard.currentPage() is about and "not a date" in about.problem.text()
        about.birth_date.setText("29.02.1980")
        wizard.next()
    assert wizard.currentPage() is wizard.owner_page
    owner = wizard.owner_page
    owner.user.setText("boss")
    owner.full_name.setText("Bea Boss")
    owner.password.setText("short")
    assert not owner.isComplete()
    assert "at least 12 characters" in owner.meter.advice()
    owner.password.setText(PASSWORD)
    owner.repeat.setText(PASSWORD + "x")
    assert not owner.isComplete()
    assert "not the same" in owner.mismatch.text()
    owner.repeat.setText(PASSWORD)
    assert owner.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=20_000)


def test_wizard_creates_a_vault_and_shows_the_key_once(qtbot: QtBot, controller: AppController,
                                                       tmp_path: Path) -> None:
    controller.show_welcome()
    assert controller.welcome is not None
    controller.welcome.practice_button.click()
    wizard = controller.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible)
    assert wizard.kind() == "practice"
    _fill_to_recovery(qtbot, wizard, tmp_path / "vaults")
    # The password left the widgets once creation started.
    assert wizard.owner_page.password.text() == ""
    created = wizard.new_vault
    assert created is not None
    key = wizard.recovery_page.key.text()
    assert key == created.recovery_key and len(key.replace("-", "")) == 32
    assert not wizard.recovery_page.isComplete()  # Finish waits for the confirmation
    wizard.recovery_page.confirm.setChecked(True)
    assert wizard.recovery_page.isComplete()
    wizard.accept()
    # Shown once: no widget holds it any more.
    assert wizard.recovery_page.key.text() == ""
    assert created.recovery_key == ""

    path = tmp_path / "vaults" / "clinic"
    vf = VaultFile.load(path)
    assert vf.kind == "practice" and vf.name == "clinic"
    assert controller.state is AppState.UNLOCK
    assert controller.unlock_window is not None
    assert controller.unlock_window.user.text() == "boss"
    assert "ready" in controller.unlock_window.banner.text()
    unlock(qtbot, controller, "boss", PASSWORD)
    assert controller.state is AppState.MAIN
    assert controller.recent.paths()[0] == path


def test_recovery_key_from_the_wizard_opens_the_vault(qtbot: QtBot, controller: AppController,
                                                      tmp_path: Path) -> None:
    wizard = CreateVaultWizard(controller.ctx, "personal")
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.kind() == "personal"
    _fill_to_recovery(qtbot, wizard, tmp_path, "mine")
    key = wizard.recovery_page.key.text()
    wizard.recovery_page.confirm.setChecked(True)
    wizard.accept()
    with OpenVault.open(tmp_path / "mine") as vault:
        assert vault.file.kind == "personal"
        session = vault.unlock_with_recovery(key, "a brand new owner passphrase")
        session.close()


def test_a_personal_vault_is_created_with_the_owners_own_record(
        qtbot: QtBot, controller: AppController, tmp_path: Path) -> None:
    from app.core.records.own_record import own_record_id
    from app.core.records.patients import get_patient

    wizard = CreateVaultWizard(controller.ctx, "personal")
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_to_recovery(qtbot, wizard, tmp_path, "mine")
    # The sign-in page took the name from "About you".
    assert wizard.owner_page.full_name.text() == "Bea Boss"
    wizard.recovery_page.confirm.setChecked(True)
    wizard.accept()
    with OpenVault.open(tmp_path / "mine") as vault:
        session = vault.unlock("boss", PASSWORD)
        own = own_record_id(session)
        assert own is not None
        me = get_patient(session, own)
        assert (me.given, me.family, me.birth_date) == ("Bea", "Boss", "1980-02-29")
        session.close()


def test_a_practice_vault_skips_the_about_you_page(qtbot: QtBot, controller: AppController,
                                                  tmp_path: Path) -> None:
    wizard = CreateVaultWizard(controller.ctx, "practice")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.folder_page.location.setText(str(tmp_path))
    wizard.folder_page.name.setText("clinic")
    wizard.next()
    assert wizard.currentPage() is wizard.owner_page
    wizard.back()
    assert wizard.currentPage() is wizard.folder_page


def test_emergency_kit_is_a_pdf_and_nothing_else_is_written(qtbot: QtBot,
                                                            controller: AppController,
                                                            prompts: ScriptedPrompts,
                                                            tmp_path: Path) -> None:
    wizard = CreateVaultWizard(controller.ctx, "practice")
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_to_recovery(qtbot, wizard, tmp_path / "vaults")
    kit_dir = tmp_path / "kit"
    kit_dir.mkdir()
    prompts.save_paths.append(kit_dir / "emergency kit")  # no suffix: .pdf is added
    wizard.recovery_page.save_pdf()
    files = sorted(p.name for p in kit_dir.iterdir())
    assert files == ["emergency kit.pdf"]
    data = (kit_dir / "emergency kit.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"%%EOF" in data[-64:]
    assert "Saved to" in wizard.recovery_page.saved.text()
    # Printing: the person cancelled the print dialog; nothing happens.
    wizard.recovery_page.print_kit()
    assert wizard.recovery_page.saved.text().startswith("Saved to")


def test_folder_that_is_not_empty_is_refused(qtbot: QtBot, controller: AppController,
                                             tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "something.txt").write_text("x")
    wizard = CreateVaultWizard(controller.ctx, "practice")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.folder_page.location.setText(str(tmp_path))
    wizard.folder_page.name.setText("taken")
    wizard.next()
    assert wizard.currentPage() is wizard.folder_page
    assert "not empty" in wizard.folder_page.problem.text()


def test_closing_on_the_key_page_asks_first(qtbot: QtBot, controller: AppController,
                                            prompts: ScriptedPrompts, tmp_path: Path) -> None:
    wizard = CreateVaultWizard(controller.ctx, "practice")
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_to_recovery(qtbot, wizard, tmp_path)
    prompts.confirms.append(False)
    wizard.reject()
    assert wizard.isVisible()
    assert any("only time the recovery key is shown" in t for t in prompts.texts("confirm"))
    prompts.confirms.append(True)
    with qtbot.waitSignal(wizard.created):
        wizard.reject()
    assert not wizard.isVisible()
    assert wizard.recovery_page.key.text() == ""


def test_cancel_during_creation_stops_and_writes_nothing(
        qtbot: QtBot, controller: AppController, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from app.core import vault_create as vault_module

    # Hold the work before its first safe point until Cancel has been pressed.
    release = threading.Event()
    real = vault_module.initial_kdf_params

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(vault_module, "initial_kdf_params", held)
    wizard = CreateVaultWizard(controller.ctx, "practice")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.folder_page.location.setText(str(tmp_path))
    wizard.folder_page.name.setText("clinic")
    wizard.next()
    wizard.owner_page.user.setText("boss")
    wizard.owner_page.password.setText(PASSWORD)
    wizard.owner_page.repeat.setText(PASSWORD)
    wizard.next()
    assert wizard.currentPage() is wizard.create_page and wizard.create_page.busy()
    wizard.reject()  # the wizard's Cancel button
    assert wizard.isVisible() and "Cancelling" in wizard.create_page.status.text()
    release.set()
    with qtbot.waitSignal(wizard.rejected, timeout=20_000):
        pass
    assert not wizard.isVisible()
    assert list(tmp_path.iterdir()) == [], "no vault and no staging folder"


def test_folder_page_labels_have_buddies_so_alt_keys_work(qtbot: QtBot,
                                                          controller: AppController) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    controller.show_welcome()
    assert controller.welcome is not None
    controller.welcome.practice_button.click()
    wizard = controller.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible)
    page = wizard.folder_page
    labels = {label.text(): label for label in page.findChildren(QLabel)
              if "&" in label.text()}
    assert set(labels) >= {"Vault &name:", "&Save it in:"}
    # A label without a buddy shows its "&" literally and its Alt key does nothing.
    assert all(label.buddy() is not None for label in labels.values())
    assert labels["&Save it in:"].buddy() is page.location
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    page.name.setFocus()
    qtbot.keyClick(page.name, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(page.location.hasFocus)


def test_cancel_once_the_vault_is_being_written_lets_it_finish(
        qtbot: QtBot, controller: AppController, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from app.core import vault_create as vault_module

    release = threading.Event()
    reached = threading.Event()
    real = vault_module.VaultDatabase

    class HeldDatabase:
        # Past create_vault's FINAL mark: the files are about to be written.
        @staticmethod
        def open(*args: Any, **kwargs: Any) -> Any:
            reached.set()
            release.wait(10)
            return real.open(*args, **kwargs)

    monkeypatch.setattr(vault_module, "VaultDatabase", HeldDatabase)
    wizard = CreateVaultWizard(controller.ctx, "practice")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.folder_page.location.setText(str(tmp_path))
    wizard.folder_page.name.setText("clinic")
    wizard.next()
    wizard.owner_page.user.setText("boss")
    wizard.owner_page.password.setText(PASSWORD)
    wizard.owner_page.repeat.setText(PASSWORD)
    wizard.next()
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: wizard.create_page.final, timeout=5_000)
    wizard.reject()  # too late to stop: no promise to cancel
    assert "cannot be stopped" in wizard.create_page.status.text()
    assert wizard.isVisible()
    release.set()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.recovery_page, timeout=20_000)
    assert (tmp_path / "clinic" / "vault.json").is_file()


def test_kind_chosen_on_the_welcome_window_is_not_asked_again(
        qtbot: QtBot, controller: AppController) -> None:
    controller.show_welcome()
    assert controller.welcome is not None
    controller.welcome.personal_button.click()
    wizard = controller.wizard
    assert wizard is not None
    qtbot.waitUntil(wizard.isVisible)
    # Straight to the folder, already named for a personal vault...
    assert wizard.currentPage() is wizard.folder_page
    assert wizard.kind() == "personal"
    assert wizard.folder_page.name.text() == "My health records"
    # ...and Back still leads to the kind, to change one's mind.
    wizard.back()
    assert wizard.currentPage() is wizard.kind_page
    wizard.kind_page.practice.setChecked(True)
    wizard.next()
    assert wizard.currentPage() is wizard.folder_page and wizard.kind() == "practice"


def test_without_a_kind_the_wizard_asks_it(qtbot: QtBot, controller: AppController) -> None:
    wizard = CreateVaultWizard(controller.ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentPage() is wizard.kind_page
