"""Unlocking a vault: opens it, runs Argon2 off the GUI thread, and tells each outcome apart.

Outcomes and what the person sees:
  * wrong password or code — a plain "not correct" message; the vault stays closed;
  * TOTP needed — the code field appears (shown up front when ``vault.json`` says the user
    has TOTP, or after core raises `TotpRequired`);
  * throttled — a countdown; the Unlock button stays disabled until it reaches zero;
  * damaged — an alert and "Restore from backup…", which restores into a *new* folder and
    offers to open it;
  * in use — someone is signed in to the vault in another MedVault: said at sign-in
    (opening the vault holds no lock), and Unlock tries again.
On every failure core has already dropped whatever it opened (no half-open session), and
the password field is cleared in ``finally`` whatever happened.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.core.errors import (
    FactorUnavailable,
    MedVaultError,
    PolicyInvalid,
    Throttled,
    VaultDamaged,
    VaultNotFound,
    WrongCredentials,
)
from app.ui.context import UiContext
from app.ui.core_messages import error_text
from app.ui.unlock_window import UnlockWindow
from app.ui.workers import Worker

if TYPE_CHECKING:
    from app.core.backup import BackupInfo
    from app.core.session import Session
    from app.core.vault import OpenVault
    from app.ui.dialogs import NewPasswordDialog
    from app.ui.workers import Progress


def backup_time_text(backup: BackupInfo) -> str:
    """When a backup was made, in local time as the rest of the program shows times."""
    made = backup.created_at
    return made.astimezone().strftime("%Y-%m-%d %H:%M") if made else backup.created


class UnlockController(QObject):
    #: A session is open; the receiver owns it from now on.
    unlocked = Signal(object)
    #: A backup was restored into this folder and the person wants to open it.
    open_restored = Signal(Path)
    other_vault = Signal()

    def __init__(self, ctx: UiContext, view: UnlockWindow, path: Path,
                 demo_hint: str | None = None) -> None:
        super().__init__(view)
        self.ctx = ctx
        self.view = view
        self.path = path
        self.vault: OpenVault | None = None
        self._worker: Worker | None = None
        self._deadline: float | None = None
        self._pin_offered = False
        self._disposed = False
        self._totp_demanded = False
        self._recovering = False
        # The name and password of the attempt under way, and of one whose password was
        # accepted (or not yet tried) while the authenticator code is still to come: the
        # code is then asked without typing the password again (issue 15.2). Held in this
        # object only, never in a widget, and for at most HOLD_MS.
        self._attempt_creds: tuple[str, str] | None = None
        self._held: tuple[str, str] | None = None
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.timeout.connect(self.drop_held_password)
        self.recovery_dialog: NewPasswordDialog | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(200)
        self._tick.timeout.connect(self._update_countdown)
        # The view outlives this controller (one unlock window, one controller per vault),
        # so the connections are kept to be cut in `release`.
        self._connections = [
            (view.unlock_clicked, self.attempt),
            (view.restore_clicked, self.restore_from_backup),
            (view.other_vault_clicked, self._on_other_vault),
            (view.use_password_clicked, self.use_password),
            (view.forgot_clicked, self.recover),
            (view.user.textChanged, self._user_changed),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        if demo_hint:
            view.demo_hint.show_message(demo_hint, "info")

    # -- state -----------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self._worker is not None

    def prepare(self, *, user_name: str = "", pin_offered: bool = False,
                message: str = "") -> None:
        """Show the screen for this vault: open it (take the lock) if not yet open."""
        self.view.banner.clear_message()
        self.view.restore_button.hide()
        self.view.set_busy(False)
        # The view is shared between vaults: no state of another vault's attempts remains.
        if self._deadline is None:
            self.view.set_countdown(None)
        self.view.unlock_button.setText(self.tr("&Unlock"))
        self.view.set_vault_info(self.path.name, self.path, None)
        if self.vault is None:
            self._open()
        if self.vault is not None:
            self.view.set_vault_info(self.vault.file.name, self.path, self.vault.file.kind)
        self._pin_offered = pin_offered and self._seal_usable()
        if user_name:
            self.view.user.setText(user_name)
        elif not self.view.user.text():
            self.view.user.setText(self._only_personal_user())
        self.view.set_pin_mode(self._pin_offered)
        if self._pin_offered:
            seal = self.ctx.quick_unlock.seal()
            assert seal is not None
            self.view.user.setText(seal.user_name)
        self._user_changed(self.view.user.text())
        if message:
            self.view.banner.show_message(message, "info")
        self.view.focus_first_empty()

    def _only_personal_user(self) -> str:
        """A personal vault with one account: its name, so the person only types a password
        (and never types it into the user field by habit). Practice vaults on shared
        workstations leave the field empty: the screen does not offer account names."""
        vault = self.vault
        if vault is None or vault.file.kind != "personal":
            return ""
        active = [u.name for u in vault.file.users if u.status == "active"]
        return active[0] if len(active) == 1 else ""

    def _seal_usable(self) -> bool:
        return self.vault is not None and self.ctx.quick_unlock.is_set_for(
            self.vault.file.vault_id)

    def _open(self) -> bool:
        from app.core.vault import OpenVault

        try:
            # Holds no lock: that is taken at sign-in (app/core/lockfile.py), where a
            # vault someone is signed in to elsewhere is reported like any refusal.
            self.vault = OpenVault.open(self.path)
        except VaultDamaged as exc:
            self._show_damage(exc)
            return False
        except VaultNotFound as exc:
            self._show(exc, "alert")
            return False
        except PolicyInvalid as exc:
            self._show_policy_refusal(exc)
            return False
        except MedVaultError as exc:
            self._show(exc, "warning")
            return False
        except OSError as exc:
            from app.ui.workers import describe_error

            self.view.banner.show_message(describe_error(exc), "alert")
            return False
        self.view.unlock_button.setText(self.tr("&Unlock"))
        self.view.banner.clear_message()
        from app.core.vault_settings import clipboard_seconds

        # Before sign-in (a passphrase copied while recovering) the policy still bounds it.
        self.ctx.clipboard.set_clear_after_ms(
            1000 * clipboard_seconds(None, self.vault.policy.policy))
        return True

    HOLD_MS = 120_000

    def _hold(self, creds: tuple[str, str]) -> None:
        self._held = creds
        self._hold_timer.start(self.HOLD_MS)
        self.view.password.setPlaceholderText(self.tr("Kept: just enter the code below"))

    @Slot()
    def drop_held_password(self) -> None:
        self._held = None
        self._hold_timer.stop()
        self.view.password.setPlaceholderText("")

    def holds_password(self) -> bool:
        return self._held is not None

    def release(self) -> None:
        """Give up the vault (back to the welcome window, or quitting)."""
        self.drop_held_password()
        if not self._disposed:
            for signal, slot in self._connections:
                signal.disconnect(slot)
        self._disposed = True
        self._tick.stop()
        if self._worker is not None:
            self._worker.wait()
        if self.vault is not None:
            self.vault.close()
            self.vault = None

    def _show(self, exc: BaseException, kind: str) -> None:
        from app.ui.core_messages import error_text

        self.view.banner.show_message(error_text(exc), kind)

    def _show_policy_refusal(self, exc: PolicyInvalid) -> None:
        # Core's message names the file, line, key and fix (for IT, in English); the
        # heading tells the person at the desk what it means for them.
        details = "\n".join(exc.problems) if exc.problems else error_text(exc)
        self.view.banner.show_message(
            self.tr("This computer's MedVault policy has an error, so no vault can be "
                    "opened until IT corrects it.") + "\n" + details, "alert")
        self.view.unlock_button.setText(self.tr("&Try again"))

    def _show_damage(self, exc: BaseException) -> None:
        from app.core.database import DatabaseError, damage_from

        if isinstance(exc, DatabaseError):
            exc = damage_from(exc)
        self.view.banner.show_message(
            # Core's message says what is damaged and what to do; this line only heads it
            # in the person's language.
            self.tr("This vault cannot be opened safely.") + "\n" + error_text(exc),
            "alert")
        self.view.restore_button.show()
        # Nothing of it is open now; let go of the lock so a restore or a copy can proceed.
        if self.vault is not None:
            self.vault.close()
            self.vault = None

    @Slot(str)
    def _user_changed(self, name: str) -> None:
        if self._held is not None and self._held[0] != name.strip():
            self.drop_held_password()  # kept for that account only
        user = self.vault.file.user_by_name(name.strip()) if self.vault and name.strip() \
            else None
        if user is not None and user.totp:
            self.view.show_totp(True)
        elif not self._totp_demanded:
            self.view.show_totp(False)

    # -- attempts --------------------------------------------------------------------
    @Slot()
    def attempt(self) -> None:
        if self._disposed or self._worker is not None or self._deadline is not None:
            return
        self.view.set_countdown(None)  # "You can try again now" has been read
        try:
            if self.vault is None and not self._open():
                return
            if self.view.pin_mode():
                self._attempt_pin()
            else:
                self._attempt_password()
        finally:
            # Whatever happened, the password and PIN leave the widgets now.
            self.view.password.wipe()
            self.view.pin.wipe()
            self.view.totp.clear()

    def _attempt_password(self) -> None:
        name = self.view.user.text().strip()
        password = self.view.password.text()
        totp = "".join(self.view.totp.text().split()) or None
        if not name:
            self.view.banner.show_message(self.tr("Enter your user name."), "warning")
            self.view.user.setFocus()
            return
        vault = self.vault
        assert vault is not None
        if not password and self._held is not None and self._held[0] == name:
            password = self._held[1]
        if password and not totp and self.view.totp_shown():
            # This account needs its code: ask for it now rather than spend a try (and an
            # Argon2 run) on an attempt that can only end in "enter the code".
            self._hold((name, password))
            self.view.banner.show_message(self.tr(
                "Enter the 6-digit code from your authenticator app. Your password is "
                "kept; you do not need to type it again."), "info")
            self.view.totp.setFocus()
            return
        if not password:
            if vault.file.user_by_name(name) is None:
                # Most likely a password typed into the user field: do not leave it on
                # screen for the next person to read.
                self.view.user.clear()
                self.view.banner.show_message(self.tr(
                    "Enter your user name in the first field and your password in the "
                    "second."), "warning")
                self.view.user.setFocus()
                return
            self.view.banner.show_message(self.tr("Enter your password."), "warning")
            self.view.password.setFocus()
            return
        self._attempt_creds = (name, password)
        self._run(lambda _p: vault.unlock(name, password, totp), pin=False)

    def _attempt_pin(self) -> None:
        quick = self.ctx.quick_unlock
        pin = self.view.pin.text()
        totp = "".join(self.view.totp.text().split()) or None
        if quick.seal() is None:
            self.use_password()
            return
        if not pin:
            self.view.banner.show_message(self.tr("Enter your PIN."), "warning")
            return
        vault = self.vault
        assert vault is not None
        # Core counts the try and wipes the seal when it is void or the tries run out.
        self._run(lambda _p: quick.resume(vault, pin, totp), pin=True)

    def _run(self, fn: object, *, pin: bool) -> None:
        assert callable(fn)
        self.view.banner.clear_message()
        self.view.set_busy(True)
        worker = Worker(fn, self)
        self._worker = worker
        worker.finished.connect(self._succeeded)
        worker.failed.connect(lambda message: self._failed(message, worker.error, pin))
        worker.start()

    @Slot(object)
    def _succeeded(self, session: Session) -> None:
        self._worker = None
        self.view.set_busy(False)
        if self._disposed:
            session.close("signin-abandoned")
            return
        self._totp_demanded = False
        self._attempt_creds = None
        self.drop_held_password()
        self.view.show_totp(False)
        self.view.banner.clear_message()
        self._pin_offered = False
        recovered, self._recovering = self._recovering, False
        self.unlocked.emit(session)
        if recovered:
            self.ctx.prompts.inform(self.view, self.tr("New password set"), self.tr(
                "Your new password is set and you are signed in. Keep the recovery key in a "
                "safe place: it still works. If you used an authenticator app, set it up "
                "again under My account."))

    def _failed(self, message: str, exc: BaseException | None, pin: bool) -> None:
        from app.core.database import DatabaseError
        from app.core.vault import TotpRequired
        from app.ui.pin_unlock import PinVoid, WrongPin

        self._worker = None
        self._recovering = False
        self.view.set_busy(False)
        creds, self._attempt_creds = self._attempt_creds, None
        if self._disposed:
            return
        from app.core.errors import WrongTotpCode

        if not pin and creds is not None and isinstance(exc, TotpRequired | WrongTotpCode):
            # The password was right; only the code is missing or wrong.
            self._hold(creds)
        else:
            self.drop_held_password()
        if isinstance(exc, Throttled):
            self.start_countdown(exc.retry_after)
        elif isinstance(exc, TotpRequired):
            self._totp_demanded = True
            self.view.show_totp(True)
            text = self.tr("Enter your PIN again, with the 6-digit code from your "
                           "authenticator app.") if pin else \
                self.tr("Your password was accepted. Enter the 6-digit code from your "
                        "authenticator app; you do not need to type the password again.")
            self.view.banner.show_message(text, "info")
            self.view.totp.setFocus()
        elif pin and isinstance(exc, PinVoid):
            self.use_password(message)
        elif pin and isinstance(exc, WrongPin):
            # A wrong PIN or a wrong code after it: core counted the try.
            if self.ctx.quick_unlock.seal() is None:
                self.use_password(message)
            else:
                self.view.banner.show_message(message, "warning")
                self.view.pin.setFocus()
        elif not pin and isinstance(exc, WrongTotpCode):
            self.view.banner.show_message(message + " " + self.tr(
                "Your password is kept: enter the new code."), "warning")
            self.view.totp.setFocus()
        elif isinstance(exc, WrongCredentials | FactorUnavailable):
            self.view.banner.show_message(message, "warning")
            self.view.password.setFocus()
        elif isinstance(exc, VaultDamaged | DatabaseError):
            assert exc is not None
            self._show_damage(exc)
        elif isinstance(exc, PolicyInvalid):
            self._show_policy_refusal(exc)
        else:
            self.view.banner.show_message(message, "warning")

    @Slot()
    def use_password(self, message: str = "") -> None:
        self._pin_offered = False
        self.view.set_pin_mode(False)
        if message:
            self.view.banner.show_message(message, "warning")
        self.view.password.setFocus()

    # -- throttling ------------------------------------------------------------------
    def start_countdown(self, seconds: float) -> None:
        self._deadline = time.monotonic() + max(0.0, seconds)
        self._update_countdown()
        self._tick.start()

    def seconds_left(self) -> int:
        if self._deadline is None:
            return 0
        return max(0, int(self._deadline - time.monotonic() + 0.999))

    @Slot()
    def _update_countdown(self) -> None:
        left = self.seconds_left()
        if left <= 0:
            self._deadline = None
            self._tick.stop()
            self.view.set_countdown(0)  # the wait is over: says so
            self.view.banner.clear_message()
            self.view.focus_first_empty()
        else:
            self.view.set_countdown(left)

    # -- restore ---------------------------------------------------------------------
    @Slot()
    def restore_from_backup(self) -> None:
        from app.core.backup import default_backup_dir

        prompts = self.ctx.prompts
        start = default_backup_dir(self.path)
        chosen = prompts.choose_directory(
            self.view, self.tr("Choose a backup (or the folder that holds your backups)"),
            start if start.is_dir() else self.path.parent)
        if chosen is None:
            return
        vault_id = self._damaged_vault_id()
        backup = self._pick_backup(chosen, vault_id)
        if backup is None:
            prompts.warn(self.view, self.tr("Restore from backup"), self.tr(
                "There is no MedVault backup in {path}.").format(path=chosen))
            return
        when = backup_time_text(backup)
        if vault_id is not None and backup.vault_id != vault_id and not prompts.confirm(
                self.view, self.tr("A backup of another vault"), self.tr(
                    "The backup from {when} in {path} was made from a different vault, not "
                    "from this one. Restoring it brings back that vault's records, not "
                    "yours. Restore it anyway?").format(when=when, path=backup.path),
                yes_text=self.tr("Restore the other vault"), danger=True):
            return
        parent = prompts.choose_directory(
            self.view, self.tr("Restore into which folder? A new vault folder is made "
                               "inside it; the damaged vault is left as it is."),
            self.path.parent)
        if parent is None:
            return
        from app.core.backup import restore_backup
        from app.ui.admin.backups_page import restore_target

        target = restore_target(parent, self.path.name)

        def work(progress: Progress) -> Path:
            restore_backup(backup.path, target, progress=progress)
            return target

        def done(path: Path) -> None:
            if prompts.confirm(self.view, self.tr("Backup restored"), self.tr(
                    "The backup from {when} was restored to {path}. Open it now?").format(
                        when=when, path=path),
                    yes_text=self.tr("Open restored vault")):
                self.open_restored.emit(path)

        def failed(message: str, exc: BaseException | None) -> None:
            from app.ui.workers import Cancelled

            if not isinstance(exc, Cancelled):  # Cancel needs no message
                prompts.warn(self.view, self.tr("Restore from backup"), message)

        self.ctx.tasks.run(self.view, self.tr("Restoring the backup…"), work,
                           on_done=done, on_failed=failed, cancellable=True)

    def _damaged_vault_id(self) -> str | None:
        """The damaged vault's id, when its vault.json still reads (the damage is often in
        a database file); None when it does not, and any backup is then offered."""
        from app.core.vault_file import VaultFile

        try:
            return VaultFile.load(self.path).vault_id
        except (MedVaultError, OSError):
            return None

    # -- forgotten password ------------------------------------------------------------
    @Slot()
    def recover(self) -> NewPasswordDialog | None:
        """The owner's way back in with the recovery key from the emergency kit: a new
        password is set and the owner signed in (core: `unlock_with_recovery`). Staff who
        forgot theirs are told to ask the owner, who resets it under Users."""
        from app.ui.dialogs import NewPasswordDialog

        if self._worker is not None or (self.vault is None and not self._open()):
            return None
        vault = self.vault
        assert vault is not None
        owner = vault.owner_name()
        dialog = NewPasswordDialog(
            self.view, self.tr("Forgot your password?"), self.tr(
                "Staff: ask the vault owner to set a new password for you (Administration → "
                "Users). Owner ({owner}): type the recovery key from your emergency kit and "
                "choose a new password. Your authenticator app, if you used one, must be set "
                "up again afterwards.").format(owner=owner),
            min_length=vault.policy.policy.min_password_length,
            context=[owner, vault.file.name], ask_current=True,
            current_label=self.tr("Recovery &key:"), current_name=self.tr("Recovery key"),
            action_text=self.tr("Set password and unlock"), clipboard=self.ctx.clipboard)
        self.recovery_dialog = dialog

        def accepted() -> None:
            key, password = dialog.current.text(), dialog.new.text()
            self._recovering = True
            self._run(lambda _p: vault.unlock_with_recovery(key, password), pin=False)

        def finished(_result: int) -> None:
            if self.recovery_dialog is dialog:
                self.recovery_dialog = None
            dialog.deleteLater()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    @staticmethod
    def _pick_backup(chosen: Path, vault_id: str | None) -> BackupInfo | None:
        """The chosen backup, or the newest in the chosen folder — of this vault if the
        folder holds any of it."""
        from app.core.backup import MANIFEST, list_backups, read_manifest

        if (chosen / MANIFEST).is_file():
            try:
                return read_manifest(chosen)
            except MedVaultError:
                return None
        found = list_backups(chosen)
        ours = [b for b in found if b.vault_id == vault_id]
        candidates = ours or found
        return max(candidates, key=lambda b: b.created) if candidates else None

    @Slot()
    def _on_other_vault(self) -> None:
        if self._worker is None:
            self.other_vault.emit()
