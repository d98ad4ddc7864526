"""Render every main screen of the GUI to PNG, for the docs.

    python tools/render_screens.py [--out docs/screenshots] [--platform offscreen|xcb]

Runs offscreen by default (or under Xvfb with ``--platform xcb``). Everything happens in a
throwaway folder: a practice vault with made-up staff (and made-up patients when the
records layer is installed), cheap test key derivation, and no keychain. Nothing real is
read or written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Throwaway vaults made for the pictures only.
PASSWORD = "correct horse battery staple"  # noqa: S105
STAFF_PASSWORD = "the quiet harbour at dawn"  # noqa: S105
SIZE = (1100, 700)


def _prepare_environment(platform: str, home: Path) -> None:
    os.environ["QT_QPA_PLATFORM"] = platform
    os.environ["MEDVAULT_INSECURE_TEST_KDF"] = "1"
    os.environ["HOME"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    policy = home / "policy.toml"
    policy.write_text("min_password_length = 12\nautolock_max_minutes = 10\n"
                      "backup_keep = 14\n")
    os.environ["MEDVAULT_POLICY"] = str(policy)
    sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--platform", default="offscreen")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="medvault-screens-") as tmp:
        work = Path(tmp)
        (work / "home").mkdir()
        _prepare_environment(args.platform, work / "home")
        return Renderer(work, args.out.absolute()).run()


class Renderer:
    def __init__(self, work: Path, out: Path) -> None:
        from PySide6.QtWidgets import QApplication

        from app.ui.launch import configure_application

        self.app = QApplication.instance() or QApplication(["medvault-screens"])
        configure_application(self.app)
        self.work = work
        self.out = out
        self.out.mkdir(parents=True, exist_ok=True)
        self.written: list[Path] = []

    # -- helpers -------------------------------------------------------------------------
    def settle(self, condition: Callable[[], bool] | None = None, ms: int = 20_000) -> None:
        from PySide6.QtCore import QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(ms)
        while True:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if condition is None or condition() or deadline.hasExpired():
                break
        for _ in range(5):
            self.app.processEvents()

    def shot(self, widget: object, name: str) -> None:
        from PySide6.QtWidgets import QWidget

        assert isinstance(widget, QWidget)
        self.settle()
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        self.written.append(path)
        print(f"wrote {path.relative_to(ROOT) if ROOT in path.parents else path}")

    # -- the screens ---------------------------------------------------------------------
    def run(self) -> int:
        from app.core.grants import approve_grant
        from app.core.roles import Role
        from app.core.users import add_user
        from app.core.vault import OpenVault, create_vault
        from app.ui.app_controller import AppController
        from app.ui.recent_vaults import RecentVaults

        practice = self.work / "Riverside Practice"
        create_vault(practice, owner_name="olive", password=PASSWORD, kind="practice",
                     full_name="Dr Olive Owner", vault_name="Riverside Practice")
        with OpenVault.open(practice) as vault:
            session = vault.unlock("olive", PASSWORD)
            for name, full, role in (("sam", "Sam Admin", Role.ADMIN),
                                     ("dana", "Dr Dana Doctor", Role.CLINICIAN),
                                     ("rhea", "Rhea Reception", Role.RECEPTION),
                                     ("audrey", "Audrey Auditor", Role.AUDITOR),
                                     ("newdoc", "Dr New Colleague", Role.CLINICIAN)):
                add_user(session, name=name, role=role, password=STAFF_PASSWORD,
                         full_name=full)
            approve_grant(session, "dana")
            self._fill_records(session)
            from app.core.backup import create_backup

            create_backup(session)
            session.close()

        recent = RecentVaults(self.work / "recent.json")
        recent.add(self.work / "Home records")
        recent.add(practice)
        prompts, watcher = _quiet_services()
        c = AppController(recent=recent, prompts=prompts, watcher=watcher,
                          demo_root=self.work / "demo")

        c.show_welcome()
        assert c.welcome is not None
        c.welcome.resize(*SIZE)
        self.shot(c.welcome, "welcome")

        self._wizard(c)

        c.open_vault(practice)
        view = c.unlock_window
        assert view is not None
        view.resize(620, 440)
        view.user.setText("olive")
        self.shot(view, "unlock")

        view.password.setText(PASSWORD)
        view.unlock_button.click()
        self.settle(lambda: c.session is not None)
        window = c.main_window
        assert window is not None
        window.resize(*SIZE)
        self.shot(window, "main-patients")
        self._main_pages(c)

        from app.ui.about_dialog import AboutDialog

        about = AboutDialog(window, practice_file(c))
        about.show()
        self.shot(about, "about")
        about.close()

        self._pin_and_lock(c)
        self._damaged(c, practice)
        c.shutdown()
        print(f"{len(self.written)} screenshots")
        return 0

    def _fill_records(self, session: object) -> None:
        try:
            from app.core.records.demo import fill_demo
        except ImportError:
            return
        fill_demo(session, 60, seed=7)  # type: ignore[arg-type]

    def _wizard(self, c: object) -> None:
        from app.ui.app_controller import AppController
        from app.ui.create_wizard import CreateVaultWizard

        assert isinstance(c, AppController)
        wizard = CreateVaultWizard(c.ctx, "practice")
        wizard.resize(680, 580)
        wizard.show()
        wizard.next()
        wizard.folder_page.location.setText(str(self.work / "new"))
        wizard.folder_page.name.setText("Hillside Clinic")
        self.shot(wizard, "wizard-folder")
        wizard.next()
        owner = wizard.owner_page
        owner.user.setText("hana")
        owner.full_name.setText("Dr Hana Hill")
        owner.password.setText("hillside2024")
        owner.repeat.setText("hillside2024")
        self.shot(wizard, "wizard-password-weak")
        owner.password.setText("lantern orchard velvet rain")
        owner.repeat.setText("lantern orchard velvet rain")
        self.shot(wizard, "wizard-password")
        wizard.next()
        self.settle(lambda: wizard.currentPage() is wizard.recovery_page)
        self.shot(wizard, "wizard-recovery-key")
        wizard.recovery_page.confirm.setChecked(True)
        wizard.accept()
        wizard.deleteLater()

    def _main_pages(self, c: object) -> None:
        from app.ui.admin.account_page import AccountPage
        from app.ui.admin.administration_page import AdministrationPage
        from app.ui.admin.audit_page import AuditPage
        from app.ui.admin.emergency_page import EmergencyReviewPage
        from app.ui.admin.factor_dialogs import TotpEnrolDialog
        from app.ui.app_controller import AppController

        assert isinstance(c, AppController) and c.main_window is not None
        window = c.main_window
        admin = window.page(AdministrationPage)
        assert isinstance(admin, AdministrationPage)
        window.show_page(admin)
        for page, name in ((admin.users, "admin-users"), (admin.grants, "admin-grants"),
                           (admin.rotation, "admin-key-rotation"),
                           (admin.backups, "admin-backups"),
                           (admin.settings, "admin-vault-settings"),
                           (admin.policy, "admin-policy")):
            admin.show_tab(page)
            self.shot(window, name)
        audit = window.page(AuditPage)
        assert audit is not None
        window.show_page(audit)
        self.shot(window, "audit-log")
        review = window.page(EmergencyReviewPage)
        assert review is not None
        window.show_page(review)
        self.shot(window, "emergency-review")
        account = window.page(AccountPage)
        assert isinstance(account, AccountPage)
        window.show_page(account)
        self.shot(window, "my-account")
        account.totp_button.click()
        dialog = account.findChild(TotpEnrolDialog)
        assert dialog is not None
        self.shot(dialog, "totp-enrolment")
        dialog.reject()

    def _pin_and_lock(self, c: object) -> None:
        from app.core.vault_settings import VaultSettings, save_settings
        from app.ui.app_controller import AppController
        from app.ui.lock_controller import LockReason
        from app.ui.pin_unlock import seal_for_session

        assert isinstance(c, AppController) and c.session is not None
        save_settings(c.session, VaultSettings(pin_unlock=True))
        c.ctx.quick_unlock.set_seal(seal_for_session(c.session, PASSWORD, "4826"))
        c.lock_now(LockReason.IDLE)
        view = c.unlock_window
        assert view is not None
        self.shot(view, "locked-pin")
        if c.unlock is not None:
            c.unlock.use_password()
        for _ in range(4):
            view.password.setText("wrong guess here")
            view.unlock_button.click()
            self.settle(lambda: c.unlock is not None and not c.unlock.is_busy())
        self.shot(view, "unlock-throttled")

    def _damaged(self, c: object, practice: Path) -> None:
        import shutil

        from app.ui.app_controller import AppController

        assert isinstance(c, AppController)
        c.close_vault()
        damaged = self.work / "Damaged vault"
        shutil.copytree(practice, damaged,
                        ignore=shutil.ignore_patterns("vault.lock", "signin-attempts.json"))
        data = bytearray((damaged / "registry.db").read_bytes())
        data[100] ^= 1
        (damaged / "registry.db").write_bytes(bytes(data))
        c.open_vault(damaged)
        view = c.unlock_window
        assert view is not None
        view.user.setText("olive")
        view.password.setText(PASSWORD)
        view.unlock_button.click()
        self.settle(lambda: c.unlock is not None and not c.unlock.is_busy()
                    and view.restore_button.isVisible())
        self.shot(view, "unlock-damaged")


def practice_file(c: object) -> Any:
    from app.ui.app_controller import AppController

    assert isinstance(c, AppController) and c.unlock is not None and c.unlock.vault
    return c.unlock.vault.file


def _quiet_services() -> tuple[Any, Any]:
    """Prompts that never block and a screen-lock watcher that never subscribes."""
    from app.ui.prompts import Prompts
    from app.ui.session_watch import SessionLockWatcher

    class QuietPrompts(Prompts):
        def confirm(self, *args: object, **kwargs: object) -> bool:
            return False

        def inform(self, *args: object) -> None:
            return None

        def warn(self, *args: object) -> None:
            return None

    class QuietWatcher(SessionLockWatcher):
        def start(self) -> None:
            return None

    return QuietPrompts(), QuietWatcher()


if __name__ == "__main__":
    sys.exit(main())
