"""Start-up stays light; About shows versions and the vault's KDF parameters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.vault import OpenVault
from app.ui.about_dialog import AboutDialog
from app.ui.app_controller import AppController
from tests.ui.conftest import sign_in


def test_importing_the_gui_entry_point_loads_no_heavy_modules() -> None:
    code = ("import sys, app.ui.launch, app.ui.app_controller, app.ui.welcome_window;"
            "heavy = [m for m in ('sqlcipher3', 'argon2', 'app.core.vault', 'zxcvbn', "
            "'PySide6.QtCharts', 'PySide6.QtPdf', 'PySide6.QtSvg', 'segno', 'keyring') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == ""


def test_about_shows_versions_and_kdf_parameters(qtbot: QtBot, practice: Path) -> None:
    with OpenVault.open(practice) as vault:
        dialog = AboutDialog(None, vault.file)
        qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert "sqlcipher" in text and "argon2" in text.lower()
    assert "Argon2id" in text and "time cost" in text
    # The toolkit a bug report needs: Python, Qt and PySide6 with their versions.
    import platform

    import PySide6
    from PySide6.QtCore import qVersion

    for name, version in (("python", platform.python_version()), ("qt", qVersion()),
                          ("pyside6", PySide6.__version__)):
        assert f"<td>{name}</td><td>{version}" in text
    assert "recovery key" in text
    assert "owner" in text and "clinician1" in text
    # The suite runs with cheap test parameters, and About says so.
    assert dialog.warning.isVisible() or not dialog.warning.isHidden()


def test_about_from_the_help_menu(qtbot: QtBot, controller: AppController,
                                  practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    assert controller.main_window is not None
    controller.main_window.about_action.trigger()
    dialog = controller.main_window.findChild(AboutDialog)
    assert isinstance(dialog, AboutDialog)
    assert "Riverside Practice" in dialog.text.text()
    controller.lock_now()
    assert not dialog.isVisible() if dialog is not None else True


def test_without_the_driver_the_e2e_variable_does_nothing_but_say_so(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from app.ui.launch import e2e_driver_class

    assert e2e_driver_class() is not None  # a source checkout has it
    monkeypatch.setitem(sys.modules, "app.ui.e2e_driver", None)  # as in the installed build
    assert e2e_driver_class() is None
    assert "no end-to-end test driver" in capsys.readouterr().err
