"""The application's state machine: Welcome → Unlock → Main ↔ Locked.

One `AppController` per running program, created by `run_gui` and handed everything it
needs (no globals): tests create their own with a scripted `Prompts`. It owns the open
vault (the `OpenVault` holding ``vault.lock``) from the unlock screen until the vault is
closed, the session while unlocked, and the three kinds of window.

    WELCOME ──open/create/demo──▶ UNLOCK ──unlocked──▶ MAIN
       ▲                            │                   │  ▲
       └──────── other vault ───────┘          lock     ▼  │ unlocked
       ▲                                              LOCKED
       └──────────────── close vault (from MAIN) ───────┘
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication

from app.ui.recent_vaults import RecentVaults

if TYPE_CHECKING:
    from app.core.session import Session
    from app.ui.context import UiContext
    from app.ui.create_wizard import CreateVaultWizard
    from app.ui.dialogs import NewPasswordDialog
    from app.ui.integrity_alert import IntegrityAlertDialog
    from app.ui.lock_controller import LockController, LockReason
    from app.ui.main_window import MainWindow, PageFactory
    from app.ui.prompts import Prompts
    from app.ui.session_watch import SessionLockWatcher
    from app.ui.unlock_controller import UnlockController
    from app.ui.unlock_window import UnlockWindow
    from app.ui.welcome_window import WelcomeWindow


class AppState(StrEnum):
    WELCOME = "welcome"
    UNLOCK = "unlock"
    MAIN = "main"
    LOCKED = "locked"
    CLOSED = "closed"


class AppController(QObject):
    state_changed = Signal(str)

    def __init__(self, *, recent: RecentVaults | None = None, prompts: Prompts | None = None,
                 watcher: SessionLockWatcher | None = None, demo_root: Path | None = None,
                 pages: list[PageFactory] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The shared services and the lock controller are built on first use (see `ctx`
        # and `lock`): their modules (workers, PIN, prompts, D-Bus watch) cost ~15 ms of
        # imports that the first window does not need, and start-up has a target.
        self._prompts = prompts
        self._watcher = watcher
        self._ctx: UiContext | None = None
        self._lock: LockController | None = None
        self.recent = recent or RecentVaults()
        self.demo_root = demo_root
        self._pages = pages
        self.state = AppState.CLOSED
        self.session: Session | None = None
        self.welcome: WelcomeWindow | None = None
        self.wizard: CreateVaultWizard | None = None
        self.unlock_window: UnlockWindow | None = None
        self.unlock: UnlockController | None = None
        self._pending_open: Path | None = None  # shown at start-up, opened once painted
        self.main_window: MainWindow | None = None
        # The owner's tampering alert while it is open (integrity_alert.py).
        self.integrity_alert: IntegrityAlertDialog | None = None
        # Shown right after a sign-in with a temporary password (tests reach it here).
        self.password_dialog: NewPasswordDialog | None = None
        self._last_user = ""

    # -- services, built when first needed --------------------------------------------
    @property
    def ctx(self) -> UiContext:
        if self._ctx is None:
            from app.ui.context import UiContext
            from app.ui.pin_unlock import QuickUnlock
            from app.ui.prompts import Prompts
            from app.ui.secure_clipboard import SecureClipboard
            from app.ui.workers import TaskRunner

            self._ctx = UiContext(prompts=self._prompts or Prompts(self),
                                  tasks=TaskRunner(self), clipboard=SecureClipboard(self),
                                  quick_unlock=QuickUnlock(self))
        return self._ctx

    @property
    def lock(self) -> LockController:
        # Nothing can be locked before a vault is unlocked, so until then no lock
        # controller (nor its session watcher) needs to exist.
        if self._lock is None:
            from app.ui.lock_controller import LockController

            self._lock = LockController(self.ctx, self, watcher=self._watcher)
            self._lock.locked.connect(self._on_locked)
        return self._lock

    # -- state ---------------------------------------------------------------------
    def _set_state(self, state: AppState) -> None:
        self.state = state
        self.state_changed.emit(state.value)

    def start(self, vault: Path | None = None, *, defer_open: bool = False) -> None:
        """Show the first window: the unlock window of `vault`, else of the most recent
        vault that still exists, else the welcome window.

        With `defer_open` (as `run_gui` starts) the unlock window shows first, its fields
        disabled, and the vault is opened (lock taken, vault.json read) once the window is
        on screen. Opening loads the crypto, SQLCipher and the unlock machinery (~100 ms),
        and start-up has a target: the first window within 1.5x a bare PySide6 window.
        """
        target = vault or self.recent.most_recent_existing()
        if target is None:
            self.show_welcome()
        elif defer_open:
            self._open_when_shown(target)
        else:
            self.open_vault(target)

    def _open_when_shown(self, path: Path) -> None:
        path = Path(path).expanduser().absolute()
        window = self._unlock_view()
        window.set_vault_info(path.name, path, None)
        window.set_busy(True)  # nothing can be tried before the vault is open
        self._pending_open = path
        window.first_painted.connect(self._open_pending)
        window.show()
        window.raise_()
        window.activateWindow()

    @Slot()
    def _open_pending(self) -> None:
        # Anything that replaced the start-up window meanwhile (quit, another vault)
        # cleared the pending path.
        path, self._pending_open = self._pending_open, None
        if path is not None:
            self.open_vault(path)

    def _unlock_view(self) -> UnlockWindow:
        if self.unlock_window is None:
            from app.ui.unlock_window import UnlockWindow

            self.unlock_window = UnlockWindow()
            self.unlock_window.close_requested.connect(self.quit)
        return self.unlock_window

    # -- welcome -------------------------------------------------------------------
    def show_welcome(self, message: str = "", kind: str = "info") -> None:
        self._release_vault()
        if self.unlock_window is not None:
            self.unlock_window.hide()
        if self.welcome is None:
            from app.ui.welcome_window import WelcomeWindow

            self.welcome = WelcomeWindow()
            self.welcome.create_practice.connect(lambda: self.create_vault("practice"))
            self.welcome.create_personal.connect(lambda: self.create_vault("personal"))
            self.welcome.open_existing.connect(self.choose_and_open)
            self.welcome.try_demo.connect(self.try_demo)
            self.welcome.open_recent.connect(self.open_vault)
            self.welcome.forget_recent.connect(self._forget_recent)
            self.welcome.close_requested.connect(self.quit)
        self.welcome.set_recent(*self._recent_for_welcome())
        if message:
            self.welcome.banner.show_message(message, kind)
        else:
            self.welcome.banner.clear_message()
        self.welcome.show()
        self.welcome.raise_()
        self._set_state(AppState.WELCOME)

    @Slot(Path)
    def _forget_recent(self, path: Path) -> None:
        self.recent.remove(path)
        if self.welcome is not None:
            self.welcome.set_recent(*self._recent_for_welcome())

    def create_vault(self, kind: str) -> None:
        from app.ui.create_wizard import CreateVaultWizard

        wizard = CreateVaultWizard(self.ctx, kind, self.welcome)
        self.wizard = wizard
        wizard.created.connect(self._on_created)
        wizard.finished.connect(lambda _r: self._drop_wizard(wizard))
        wizard.open()

    def _drop_wizard(self, wizard: CreateVaultWizard) -> None:
        if self.wizard is wizard:
            self.wizard = None
        wizard.deleteLater()

    @Slot(Path, str)
    def _on_created(self, path: Path, owner: str) -> None:
        self.recent.add(path)
        self.open_vault(path, user_name=owner, message=self.tr(
            "Your vault is ready. Sign in with the password you just chose."))

    @Slot()
    def choose_and_open(self) -> None:
        parent = self.welcome
        chosen = self.ctx.prompts.choose_directory(parent, self.tr("Open a vault folder"))
        if chosen is None:
            return
        if not (chosen / "vault.json").is_file():
            self.ctx.prompts.warn(parent, self.tr("Open a vault"), self.tr(
                "{path} is not a MedVault vault: it has no vault.json. Choose the vault "
                "folder itself.").format(path=chosen))
            return
        self.open_vault(chosen)

    def _recent_for_welcome(self) -> tuple[list[Path], frozenset[Path]]:
        from app.ui.demo import demo_root, is_demo

        paths = self.recent.paths()
        root = self.demo_root or demo_root()
        return paths, frozenset(p for p in paths if is_demo(p, root))

    @Slot()
    def try_demo(self) -> None:
        from app.ui.demo import existing_demo_vault, make_demo_vault

        root = self.demo_root
        existing = existing_demo_vault(root)
        if existing is not None:
            self._on_demo_made(existing)
            return

        def failed(message: str, _exc: BaseException | None) -> None:
            if self.welcome is not None:
                self.welcome.banner.show_message(message, "warning")

        self.ctx.tasks.run(self.welcome, self.tr("Creating a demo vault…"),
                           lambda progress: make_demo_vault(progress, root),
                           on_done=self._on_demo_made, on_failed=failed, cancellable=True)

    def _on_demo_made(self, path: Path) -> None:
        from app.ui.demo import DEMO_USER

        self.recent.add(path)
        self.open_vault(path, user_name=DEMO_USER)

    # -- unlock --------------------------------------------------------------------
    def open_vault(self, path: Path, *, user_name: str = "", message: str = "") -> None:
        from app.ui.demo import DEMO_PASSWORD, DEMO_USER, demo_root, is_demo
        from app.ui.unlock_controller import UnlockController

        path = Path(path).expanduser().absolute()
        self._release_vault()
        view = self._unlock_view()
        # The view is shared between vaults: another vault's account name is not offered
        # here (on a shared workstation it tells who used the other vault).
        view.user.clear()
        self._last_user = ""
        hint = None
        if is_demo(path, self.demo_root or demo_root()):
            hint = self.tr("Demo vault with made-up patients. Sign in as “{user}” with the "
                           "password “{password}”.").format(user=DEMO_USER,
                                                            password=DEMO_PASSWORD)
        else:
            view.demo_hint.clear_message()
        controller = UnlockController(self.ctx, view, path, demo_hint=hint)
        controller.unlocked.connect(self._on_unlocked)
        controller.other_vault.connect(self.show_welcome)
        controller.open_restored.connect(self._open_restored)
        self.unlock = controller
        controller.prepare(user_name=user_name, message=message)
        if controller.vault is not None:
            self.recent.add(path)
        if self.welcome is not None:
            self.welcome.hide()
        view.show()
        view.raise_()
        view.activateWindow()
        self._set_state(AppState.UNLOCK)

    @Slot(Path)
    def _open_restored(self, path: Path) -> None:
        self.open_vault(path, message=self.tr("This is the restored vault."))

    @Slot(object)
    def _on_unlocked(self, session: Session) -> None:
        from app.ui.main_window import MainWindow

        self.session = session
        self._last_user = session.user.name
        self.ctx.quick_unlock.keep_only_for(session.vault.file.vault_id, session.user.user_id)
        if self.main_window is None:
            self.main_window = MainWindow(self.ctx, self._pages)
            self.main_window.quit_requested.connect(self.quit)
            self.main_window.close_vault_requested.connect(self.close_vault)
            self.main_window.about_requested.connect(self.show_about)
            from app.ui.admin.administration_page import AdministrationPage

            admin = self.main_window.page(AdministrationPage)
            if isinstance(admin, AdministrationPage):
                admin.backups.restored.connect(self._open_restored_from_main)
                admin.settings.settings_saved.connect(self.lock.apply_settings)
                # My account shows whether PIN unlock is allowed, among other settings.
                admin.settings.settings_saved.connect(self.main_window.refresh_pages)
        self.main_window.set_session(session)
        self.lock.attach(session, self.main_window)
        if self.unlock_window is not None:
            self.unlock_window.hide()
        self.main_window.show()
        self.main_window.raise_()
        self.main_window.activateWindow()
        self._set_state(AppState.MAIN)
        from app.core.temporary_passwords import must_change

        if must_change(session):
            # A temporary password (user import): before anything else, the user's own.
            from app.ui.admin.account_page import AccountPage

            account = self.main_window.page(AccountPage)
            if isinstance(account, AccountPage):
                self.main_window.show_page(account)
                self.password_dialog = account.change_password()
        if session.notices:
            from app.ui.core_messages import worded

            # What core says the user must be told now: a password reset by someone else,
            # or (for the owner) an emergency activation still to clean up.
            self.ctx.prompts.warn(self.main_window, self.tr("Please note"),
                                  "\n\n".join(worded(n) for n in session.notices))
        self._show_integrity_alerts(session)

    def _show_integrity_alerts(self, session: Session) -> None:
        """Tampering findings for the owner (core returns none for anyone else), with
        Acknowledge asking core to record that they were seen."""
        alerts = session.integrity_alerts()
        if not alerts or self.main_window is None:
            return
        from app.core.audit_heads import acknowledge_alerts
        from app.ui.integrity_alert import IntegrityAlertDialog

        dialog = IntegrityAlertDialog(self.main_window, alerts,
                                      lambda: acknowledge_alerts(session))
        dialog.finished.connect(lambda _result: self._alert_closed(dialog))
        self.integrity_alert = dialog
        dialog.open()

    def _alert_closed(self, dialog: IntegrityAlertDialog) -> None:
        if self.integrity_alert is dialog:
            self.integrity_alert = None
        dialog.deleteLater()

    @Slot(str)
    def _on_locked(self, reason: str) -> None:
        from app.ui.lock_controller import LockReason

        self.session = None
        if self.unlock is None or self.unlock_window is None:
            return
        pin = reason == LockReason.IDLE.value
        self.unlock.prepare(user_name=self._last_user, pin_offered=pin,
                            message=self._locked_message(LockReason(reason)))
        self.unlock_window.show()
        self.unlock_window.raise_()
        self.unlock_window.activateWindow()
        self._set_state(AppState.LOCKED)

    def _locked_message(self, reason: LockReason) -> str:
        """Why and when the vault locked, for the lock screen (issue 15)."""
        from datetime import datetime

        from app.ui.lock_controller import LockReason

        at = datetime.now().strftime("%H:%M")
        if reason is LockReason.IDLE:
            minutes = max(1, round(self.lock.timer.timeout_ms() / 60_000))
            return self.tr("Locked at {time} after {n} min without use.").format(
                time=at, n=minutes)
        texts = {
            LockReason.MANUAL: self.tr("Locked at {time} (Lock or Ctrl+L)."),
            LockReason.SCREEN: self.tr("Locked at {time} because the screen was locked."),
            LockReason.SLEEP: self.tr("Locked at {time} because the computer went to "
                                      "sleep."),
            LockReason.MINIMISE: self.tr("Locked at {time} when the window was minimised."),
        }
        return texts[reason].format(time=at)

    def lock_now(self, reason: LockReason | None = None) -> bool:
        from app.ui.lock_controller import LockReason

        return self.lock.lock(reason or LockReason.MANUAL)

    @Slot(Path)
    def _open_restored_from_main(self, path: Path) -> None:
        self.close_vault(then_open=path)

    # -- closing -------------------------------------------------------------------
    def _end_session(self) -> None:
        """Save drafts and close the session, as a lock does, without showing anything."""
        session = self.session
        self.session = None
        if session is None or not session.is_open:
            return
        from app.ui.lock_controller import end_session

        end_session(self.ctx, session, self.main_window, "close")

    def _release_vault(self) -> None:
        self._pending_open = None
        self._end_session()
        if self._lock is not None:
            self._lock.detach()
        if self.unlock is not None:
            self.unlock.release()
            self.unlock.deleteLater()
            self.unlock = None
        if self._ctx is not None:  # no context yet: no PIN either
            self._ctx.quick_unlock.wipe()
        if self.main_window is not None:
            self.main_window.allow_close()
            self.main_window.close()
            self.main_window.hide()  # close() is a no-op when called from its closeEvent
            self.main_window.deleteLater()
            self.main_window = None

    @Slot()
    def close_vault(self, then_open: Path | None = None) -> None:
        if self._ctx is not None and self._ctx.tasks.is_busy():
            return
        self._release_vault()
        if self.unlock_window is not None:
            self.unlock_window.hide()
        if then_open is not None:
            self.open_vault(then_open, message=self.tr("This is the restored vault."))
        else:
            self.show_welcome()

    @Slot()
    def quit(self) -> None:
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Close everything in order; safe to call twice."""
        if (self.state is AppState.CLOSED and self.unlock is None and self.session is None
                and self._pending_open is None):
            return
        if self._ctx is not None:
            self._ctx.tasks.cancel_all()
            self._ctx.tasks.wait_all()
        self._release_vault()
        for window in (self.unlock_window, self.welcome):
            if window is not None:
                window.allow_close()
                window.close()
                window.hide()
        self._set_state(AppState.CLOSED)

    @Slot()
    def show_about(self) -> None:
        from app.ui.about_dialog import AboutDialog

        parent = self.main_window
        vault = self.unlock.vault if self.unlock is not None else None
        dialog = AboutDialog(parent, vault.file if vault is not None else None)
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
