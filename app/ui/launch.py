"""Start the GUI: `medvault` with no subcommand ends up here.

Start-up is kept quick: only QtWidgets and the first window's modules load before the
window shows. Core crypto, SQLCipher, QtSvg and QtPdf are imported when first needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.e2e_driver import E2EDriver


def _load_translations(app: object) -> list[object]:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from app.ui.icons import resources_dir
    from app.ui.language import SYSTEM, locale_for, stored_choice

    loaded: list[object] = []
    choice = stored_choice()
    locale = locale_for(choice)
    if choice != SYSTEM:
        QLocale.setDefault(locale)  # dates and numbers in the chosen language too
    ours = QTranslator(app)  # type: ignore[arg-type]
    if ours.load(locale, "medvault", "_", str(resources_dir() / "translations")):
        loaded.append(ours)
    qt = QTranslator(app)  # type: ignore[arg-type]
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.
                                                        TranslationsPath)):
        loaded.append(qt)
    return loaded


def configure_application(app: object) -> None:
    from PySide6.QtWidgets import QApplication

    from app import __version__
    from app.ui.icons import icon, stylesheet

    assert isinstance(app, QApplication)
    app.setApplicationName("MedVault")
    app.setApplicationDisplayName("MedVault")
    app.setOrganizationName("MedVault")
    app.setOrganizationDomain("medvault.invalid")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.medvault.MedVault")
    app.setWindowIcon(icon("medvault"))
    app.setStyleSheet(stylesheet())
    from app.ui.screen_fit import install_title_fit

    install_title_fit(app)
    for translator in _load_translations(app):
        app.installTranslator(translator)  # type: ignore[arg-type]


def e2e_driver_class() -> type[E2EDriver] | None:
    """The end-to-end test driver, where this build has it. The installer leaves it out
    (packaging/medvault.spec, TEST_ONLY): there MEDVAULT_E2E_SCRIPT does nothing but say so.
    Any other import failure is a bug and surfaces."""
    try:
        from app.ui.e2e_driver import E2EDriver
    except ModuleNotFoundError as exc:
        if exc.name != "app.ui.e2e_driver":
            raise
        print("MEDVAULT_E2E_SCRIPT is set, but this build has no end-to-end test driver; "
              "it is ignored.", file=sys.stderr)
        return None
    return E2EDriver


def run_gui(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    # Fractional scaling (125 %, 150 %) as the desktop asks, since icons are SVG, is
    # Qt 6's default rounding policy (PassThrough; tests/ui/test_startup.py checks it).
    # It is not set again here: naming the enum makes PySide6 build the whole `Qt`
    # namespace (~15 ms) before the first window, and start-up has a target.
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    configure_application(app)
    if os.environ.get("MEDVAULT_QT_PROBE") == "1":
        # `medvault --self-test` runs this in a child process: the platform plugin, the
        # style and the icons loaded, so a window could open. It opens none.
        print(f"qt-platform: {app.platformName()}", flush=True)
        return 0

    from app.ui.app_controller import AppController, AppState

    controller = AppController()
    app.aboutToQuit.connect(controller.shutdown)
    driver = None
    script = os.environ.get("MEDVAULT_E2E_SCRIPT")
    driver_class = e2e_driver_class() if script else None
    if script and driver_class is not None:
        driver = driver_class(controller, Path(script))
        driver.begin()
    vault = os.environ.get("MEDVAULT_OPEN_VAULT")
    controller.start(Path(vault) if vault else None, defer_open=True)
    if os.environ.get("MEDVAULT_BENCH_FIRST_WINDOW") == "1":
        # bench/startup_figures.py: report once the first window is up ("first-window"),
        # and once it can be used ("window-ready": a reopened vault is opened only after
        # its unlock window shows, see `AppController.start`), then leave.
        from PySide6.QtCore import QTimer

        reported = False

        def ready(_state: str = "") -> None:
            nonlocal reported
            if not reported:  # quitting changes the state once more
                reported = True
                print("window-ready", flush=True)
                app.quit()

        def shown() -> None:
            print("first-window", flush=True)
            if controller.state is AppState.CLOSED:
                controller.state_changed.connect(ready)
            else:
                ready()

        QTimer.singleShot(0, shown)
    code = app.exec()
    controller.shutdown()
    if driver is not None:
        return driver.exit_code(code)
    return int(code)
