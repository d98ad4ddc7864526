"""My account: change password, authenticator app (TOTP), workstation factor, PIN.

The dialogs that set those factors up live in `factor_dialogs.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation, Role
from app.ui.admin.factor_dialogs import NewRecoveryKeyDialog, SetPinDialog, TotpEnrolDialog
from app.ui.context import UiContext
from app.ui.dialogs import NewPasswordDialog, PasswordPromptDialog
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.role_text import role_name
from app.ui.widgets import Banner, heading

if TYPE_CHECKING:
    from app.core.session import Session
    from app.ui.pin_unlock import PinSeal



class AccountPage(SessionPage):
    """Shown to everyone: a user manages their own sign-in here."""

    operation = None
    icon_name = "key"

    #: The user's factors changed (the main window re-checks pending enrolment).
    account_changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.banner = Banner(self, "warning")
        self.who = QLabel(self)
        self.who.setWordWrap(True)

        self.password_button = QPushButton(self.tr("&Change password…"), self)
        self.password_button.clicked.connect(self.change_password)
        self.recovery_button = QPushButton(icon("key"), self.tr("New &recovery key…"), self)
        self.recovery_button.setToolTip(self.tr(
            "Make a new recovery key; the one in your emergency kit stops working"))
        self.recovery_button.clicked.connect(self.new_recovery_key)
        self.recovery_dialog: NewRecoveryKeyDialog | None = None

        self.totp_status = QLabel(self)
        self.totp_status.setWordWrap(True)
        self.totp_button = QPushButton(self.tr("Set up &authenticator app…"), self)
        self.totp_remove_button = QPushButton(self.tr("Turn off…"), self)
        self.totp_button.clicked.connect(self.enrol_totp)
        self.totp_remove_button.clicked.connect(self.remove_totp)

        self.workstation_status = QLabel(self)
        self.workstation_status.setWordWrap(True)
        self.workstation_button = QPushButton(self.tr("Enrol this &computer…"), self)
        self.workstation_remove_button = QPushButton(self.tr("Stop using it…"), self)
        self.workstation_button.clicked.connect(self.enrol_workstation)
        self.workstation_remove_button.clicked.connect(self.remove_workstation)

        self.pin_status = QLabel(self)
        self.pin_status.setWordWrap(True)
        self.pin_button = QPushButton(self.tr("Set a &PIN…"), self)
        self.pin_remove_button = QPushButton(self.tr("Forget the PIN"), self)
        self.pin_button.clicked.connect(self.set_pin)
        self.pin_remove_button.clicked.connect(self.ctx.quick_unlock.wipe)
        self.ctx.quick_unlock.changed.connect(self._show_pin)

        self.emergency_status = QLabel(self)
        self.emergency_reason = QLineEdit(self)
        self.emergency_reason.setAccessibleName(self.tr("Reason for emergency access"))
        self.emergency_reason.setPlaceholderText(self.tr(
            "Why is emergency access needed? (recorded for the owner's review)"))
        self.emergency_button = QPushButton(self.tr("Activate &emergency access"), self)
        self.emergency_button.setProperty("role", "danger")
        self.emergency_button.clicked.connect(self.activate_emergency)
        self.emergency_group = self._group(self.tr("Emergency access"), self.emergency_status,
                                           self.emergency_button)
        group_layout = self.emergency_group.layout()
        assert isinstance(group_layout, QVBoxLayout)
        group_layout.insertWidget(1, self.emergency_reason)
        # Core's durations, capped by the machine policy (break_glass_max_minutes).
        self.emergency_minutes = QComboBox(self)
        self.emergency_minutes.setAccessibleName(self.tr("Emergency access lasts"))
        group_layout.insertWidget(2, self.emergency_minutes)
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self._changed)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("My account"), self))
        layout.addWidget(self.banner)
        layout.addWidget(self.who)
        layout.addWidget(self.emergency_group)
        self.password_note = QLabel(self)  # worded for the owner or for staff (refresh)
        self.password_note.setWordWrap(True)
        layout.addWidget(self._group(self.tr("Password"), self.password_note,
                                     self.password_button, self.recovery_button))
        layout.addWidget(self._group(self.tr("Authenticator app"), self.totp_status,
                                     self.totp_button, self.totp_remove_button))
        layout.addWidget(self._group(self.tr("Workstation factor"), self.workstation_status,
                                     self.workstation_button, self.workstation_remove_button))
        layout.addWidget(self._group(self.tr("Quick unlock"), self.pin_status,
                                     self.pin_button, self.pin_remove_button))
        layout.addWidget(self._language_group())
        layout.addStretch(1)

    def _language_group(self) -> QGroupBox:
        """The language MedVault speaks for this OS account (app/ui/language.py)."""
        from app.ui.language import CHOICES, NAMES, SYSTEM, stored_choice

        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language"))
        for choice in CHOICES:
            self.language.addItem(self.tr("Same as this computer") if choice == SYSTEM
                                  else NAMES[choice], choice)
        self.language.setCurrentIndex(max(0, self.language.findData(stored_choice())))
        self.language_note = QLabel(self.tr(
            "For your account on this computer, the sign-in screen included. MedVault "
            "speaks the language you choose from the next time it starts."), self)
        self.language.activated.connect(self._choose_language)
        box = self._group(self.tr("Language"), self.language_note)
        inner = box.layout()
        assert isinstance(inner, QVBoxLayout)
        inner.insertWidget(0, self.language)
        return box

    @Slot()
    def _choose_language(self) -> None:
        from app.ui.language import store_choice

        choice = str(self.language.currentData())
        try:
            store_choice(choice)
        except OSError as exc:
            self.show_error(self.tr("The language choice could not be saved: {error}")
                            .format(error=exc.strerror or exc))
            return
        from app.ui.language import SYSTEM

        self.language_note.setText(
            self.tr("Saved. MedVault will speak this computer's language the next time it "
                    "starts.") if choice == SYSTEM else
            self.tr("Saved. MedVault will speak {language} the next time it starts.").format(
                language=self.language.currentText()))

    def _group(self, title: str, text: QLabel, *buttons: QPushButton) -> QGroupBox:
        box = QGroupBox(title, self)
        text.setWordWrap(True)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addWidget(text)
        inner.addLayout(row)
        return box

    def title(self) -> str:
        return self.tr("My account")

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        user = session.user
        self.recovery_button.setVisible(session.allowed(Operation.RECOVERY_REGENERATE))
        if user.role is Role.OWNER:
            self.password_note.setText(self.tr(
                "Your password opens your key to the vault. Nobody can read it back. If "
                "you forget it, the recovery key from your emergency kit sets a new one "
                "(“Forgot your password?” on the unlock screen)."))
        else:
            self.password_note.setText(self.tr(
                "Your password opens your key to the vault. Nobody can read it back. If "
                "you forget it, the vault owner sets a new one for you."))
        self.who.setText(self.tr("Signed in as {name} ({role}) in {vault}.").format(
            name=user.full_name or user.name, role=role_name(user.role),
            vault=session.vault.file.name))
        pending = session.pending_enrolment
        if pending:
            parts = []
            if "password" in pending:
                parts.append(self.tr("choose your own password"))
            if "totp" in pending:
                parts.append(self.tr("set up an authenticator app"))
            if "workstation" in pending:
                parts.append(self.tr("enrol this computer"))
            self.banner.show_message(self.tr(
                "Before you can use the vault, the policy asks you to {what}.").format(
                    what=self.tr(" and ").join(parts)), "warning")
        else:
            self.banner.clear_message()
        # Which factors may be set or removed here is core's answer; this page words it.
        from app.core.factors import sign_in_factors

        factors = sign_in_factors(session)
        totp = factors.totp
        text = (self.tr("On: signing in asks for a code from your phone.") if totp.enrolled
                else self.tr("Off. An authenticator app adds a 6-digit code to signing in."))
        if totp.why_not_remove == "role_required":
            text += " " + self.tr("This vault requires it for your role.")
        self.totp_status.setText(text)
        self.totp_button.setVisible(totp.may_add)
        self.totp_remove_button.setVisible(totp.may_remove)

        station = factors.workstation
        if station.why_not_add == "policy_disabled":
            text = self.tr("Turned off by the machine policy.")
        elif station.enrolled:
            text = self.tr("On: your vault key also needs this computer's keychain, so a "
                           "copied vault and your password are not enough.")
        elif station.why_not_add == "no_keychain":
            text = self.tr("Unavailable: this computer has no keychain MedVault can use.")
        else:
            text = self.tr("Off. Turning it on ties your sign-in to this computer's "
                           "keychain.")
        self.workstation_status.setText(text)
        self.workstation_button.setVisible(station.may_add)
        self.workstation_remove_button.setVisible(station.may_remove)
        self._show_pin(factors.pin_allowed)
        self._show_emergency(session)

    def _show_emergency(self, session: Session) -> None:
        # Only the emergency account has this switch; core refuses anyone else anyway.
        is_emergency = session.user.role is Role.EMERGENCY
        self.emergency_group.setVisible(is_emergency)
        if not is_emergency:
            return
        until = session.emergency_until
        if session.emergency_active() and until is not None:
            self.emergency_status.setText(self.tr(
                "Active until {time}. Everything you do is flagged for review.").format(
                    time=until.astimezone().strftime("%H:%M")))
        else:
            self.emergency_status.setText(self.tr(
                "This account can do nothing until it is activated with a reason. The "
                "owner reviews every activation."))
        active = session.emergency_active()
        self.emergency_reason.setVisible(not active)
        self.emergency_button.setVisible(not active)
        self.emergency_minutes.setVisible(not active)
        if not active:
            from app.core.records.breakglass import duration_choices
            from app.ui.chart.reason_dialog import fill_durations

            fill_durations(self.emergency_minutes, duration_choices(session))

    @Slot()
    def activate_emergency(self) -> None:
        session = self.session
        if session is None:
            return
        try:
            from app.core.records.emergency import activate_emergency
        except ImportError:  # a build without the records layer
            self.show_error(self.tr("Emergency access is not available in this build."))
            return
        with self.reporting():
            activate_emergency(session, self.emergency_reason.text(),
                               float(self.emergency_minutes.currentData() or 60))
            self.emergency_reason.clear()
            until = session.emergency_until
            if until is not None:
                from datetime import UTC, datetime

                left_ms = int((until - datetime.now(UTC)).total_seconds() * 1000)
                self._expiry.start(max(0, left_ms) + 1000)
            self._changed()

    @Slot()
    def _show_pin(self, allowed: bool | None = None) -> None:
        session = self.session
        if session is None:
            return
        if allowed is None:
            from app.core.factors import sign_in_factors

            allowed = sign_in_factors(session).pin_allowed
        has_pin = self.ctx.quick_unlock.is_set_for(session.vault.file.vault_id,
                                                   session.user.user_id)
        if not allowed:
            self.pin_status.setText(self.tr(
                "The vault owner has not allowed PIN unlock (Vault settings)."))
        elif has_pin:
            self.pin_status.setText(self.tr(
                "A PIN is set. After an idle lock it unlocks MedVault again until MedVault "
                "closes."))
        else:
            self.pin_status.setText(self.tr(
                "No PIN. With one, unlocking after an idle lock is quicker."))
        self.pin_button.setVisible(allowed)
        self.pin_remove_button.setVisible(has_pin)

    def clear_view(self) -> None:
        self._expiry.stop()
        self.emergency_reason.clear()
        for label in (self.who, self.totp_status, self.workstation_status, self.pin_status,
                      self.emergency_status):
            label.setText("")
        self.banner.clear_message()

    def _changed(self, _result: object = None) -> None:
        self.refresh()
        self.account_changed.emit()

    # -- actions --------------------------------------------------------------------
    @Slot()
    def change_password(self) -> NewPasswordDialog | None:
        session = self.session
        if session is None:
            return None
        from app.core.temporary_passwords import must_change

        if must_change(session):
            # Core allows nothing else until this is done (Session.require refuses).
            dialog = NewPasswordDialog(
                self, self.tr("Choose your own password"),
                self.tr("You signed in with a temporary password that someone else has "
                        "seen. Choose your own now: nothing else in MedVault opens until "
                        "you have."), min_length=session.vault.policy.policy
                .min_password_length, context=[session.user.name, session.vault.file.name],
                ask_current=True, action_text=self.tr("Set my password"),
                current_label=self.tr("&Temporary password:"),
                current_name=self.tr("Temporary password"), clipboard=self.ctx.clipboard)
        else:
            dialog = NewPasswordDialog(
                self, self.tr("Change your password"),
                self.tr("Your data is not re-encrypted: only your key slot is rewritten, "
                        "so this is quick."), min_length=session.vault.policy.policy
                .min_password_length, context=[session.user.name, session.vault.file.name],
                ask_current=True, action_text=self.tr("Change password"),
                clipboard=self.ctx.clipboard)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._do_change(dialog.current.text(),
                                                        dialog.new.text()))
        dialog.open()
        return dialog

    def _do_change(self, old: str, new: str) -> None:
        from app.core.users import change_own_password

        def done(_r: object) -> None:
            self._changed()
            session = self.session
            if session is not None and "totp" in session.pending_enrolment:
                # Next of what the first sign-in asks for: the authenticator.
                self.enrol_totp()
                return
            self.ctx.prompts.inform(self, self.tr("Password changed"),
                                    self.tr("Your password was changed."))

        self.run_task(self.tr("Changing your password…"),
                      lambda s: change_own_password(s, old, new), on_done=done)

    @Slot()
    def enrol_totp(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.factors import totp_begin

        dialog = TotpEnrolDialog(self, totp_begin(session))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.confirm_requested.connect(lambda: self._confirm_totp(dialog))
        dialog.open()

    def _confirm_totp(self, dialog: TotpEnrolDialog) -> None:
        from app.core.factors import totp_confirm

        password, code = dialog.password.text(), dialog.code.text()
        enrolment = dialog.enrolment
        dialog.password.wipe()
        dialog.set_busy(True)

        def failed(message: str, _exc: BaseException | None) -> None:
            dialog.set_busy(False)
            dialog.banner.show_message(message, "warning")

        def done(_r: object) -> None:
            dialog.accept()
            self._changed()

        self.run_task(self.tr("Turning on the authenticator app…"),
                      lambda s: totp_confirm(s, password, enrolment, code),
                      on_done=done, on_failed=failed, parent=dialog)

    @Slot()
    def new_recovery_key(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.recovery_key import regenerate_recovery_key

        vault = session.vault
        owner, name, path = session.user.name, vault.file.name, vault.directory

        def show(key: object) -> None:
            dialog = NewRecoveryKeyDialog(self.ctx, self, str(key), vault_name=name,
                                          vault_path=path, owner=owner)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.recovery_dialog = dialog
            dialog.finished.connect(lambda _r: setattr(self, "recovery_dialog", None))
            dialog.open()

        dialog = PasswordPromptDialog(
            self, self.tr("New recovery key"), self.tr(
                "A new recovery key replaces the one in your emergency kit, which stops "
                "working at once. Do this if the kit may have been seen or is lost. Type "
                "your password to go on."), self.tr("Make a new key"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            password = dialog.password.text()
            self.run_task(self.tr("Making a new recovery key…"),
                          lambda s: regenerate_recovery_key(s, password), on_done=show)

        dialog.accepted.connect(accepted)
        dialog.open()

    def _with_password(self, title: str, explanation: str, action_text: str,
                       work: Callable[[Session, str], object]) -> None:
        dialog = PasswordPromptDialog(self, title, explanation, action_text)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            password = dialog.password.text()
            self.run_task(title, lambda s: work(s, password), on_done=self._changed)

        dialog.accepted.connect(accepted)
        dialog.open()

    @Slot()
    def remove_totp(self) -> None:
        from app.core.factors import totp_remove

        self._with_password(self.tr("Turn off the authenticator app"), self.tr(
            "Signing in will no longer ask for a code."), self.tr("Turn off"), totp_remove)

    @Slot()
    def enrol_workstation(self) -> None:
        from app.core.factors import workstation_enrol

        self._with_password(self.tr("Enrol this computer"), self.tr(
            "A random secret is stored in this computer's keychain and mixed into your "
            "key. You will then be able to sign in only on this computer; the owner can "
            "reset your password if it is replaced."), self.tr("Enrol"), workstation_enrol)

    @Slot()
    def remove_workstation(self) -> None:
        from app.core.factors import workstation_remove

        self._with_password(self.tr("Stop using the workstation factor"), self.tr(
            "Your key will open with the password alone again."), self.tr("Stop using it"),
            workstation_remove)

    @Slot()
    def set_pin(self) -> None:
        if self.session is None:
            return
        dialog = SetPinDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._do_set_pin(dialog.password.text(),
                                                         dialog.pin.text()))
        dialog.open()

    def _do_set_pin(self, password: str, pin: str) -> None:
        from app.ui.pin_unlock import seal_for_session

        def work(session: Session) -> PinSeal:
            return seal_for_session(session, password, pin)

        def done(seal: PinSeal) -> None:
            self.ctx.quick_unlock.set_seal(seal)
            self.refresh()

        self.run_task(self.tr("Setting the PIN…"), work, on_done=done)
