"""Users: list, add, disable (with an offer to rotate keys) and reset a password."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import ASSIGNABLE_ROLES, Operation, Role, may_reset, role_facts
from app.ui.admin.vault_kind import TeamPage
from app.ui.context import UiContext
from app.ui.dates import date_text
from app.ui.dialogs import NewPasswordDialog, offer_passphrase
from app.ui.icons import icon
from app.ui.role_text import role_description, role_name
from app.ui.table_model import RowTableModel
from app.ui.widgets import (
    PasswordEdit,
    StrengthMeter,
    configure_table,
    heading,
    hint,
    set_danger_enabled,
)

if TYPE_CHECKING:
    from app.core.session import Session
    from app.core.users import UserInfo
    from app.ui.secure_clipboard import SecureClipboard
    from app.ui.workers import Progress



class UsersTableModel(RowTableModel):
    """The vault's users; a vault has tens of users, so one list is enough."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("UsersTableModel", "Name"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Full name"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Role"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Status"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Keys"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Authenticator"),
        QT_TRANSLATE_NOOP("UsersTableModel", "Waiting for"),
    )

    def set_users(self, users: list[UserInfo]) -> None:
        self.set_rows(users)

    def user_at(self, row: int) -> UserInfo:
        return cast("UserInfo", self.row_at(row))

    def cells(self, row: Any) -> tuple[Any, ...]:
        user = cast("UserInfo", row)
        return (user.name, user.full_name, role_name(user.role),
                self.tr("active") if user.status == "active" else self.tr("disabled"),
                ", ".join(user.compartments) or "—",
                self.tr("on") if user.totp else self.tr("off"),
                ", ".join(user.pending_grants) or "")

    def decoration(self, row: Any, column: int) -> Any:
        return icon("users") if column == 0 else None


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, min_length: int, vault_name: str,
                 clipboard: SecureClipboard | None = None, may_approve: bool = False) -> None:
        """`may_approve`: the person adding holds the clinical key and may grant it (core's
        `may_approve_now`), so the dialog offers to approve in the same step."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a user"))
        self._may_approve = may_approve
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("User name"))
        self.name.setMaxLength(64)
        self.full_name = QLineEdit(self)
        self.full_name.setAccessibleName(self.tr("Full name"))
        self.role = QComboBox(self)
        self.role.setAccessibleName(self.tr("Role"))
        for role in ASSIGNABLE_ROLES:
            self.role.addItem(role_name(role), role.value)
        # What the chosen role may do, worded from core's facts about it.
        self.role_note = QLabel(self)
        self.role_note.setWordWrap(True)
        self.role.currentIndexChanged.connect(
            lambda _i: self.role_note.setText(role_description(self.chosen_role())))
        self.role.setCurrentIndex(list(ASSIGNABLE_ROLES).index(Role.CLINICIAN))
        self.role_note.setText(role_description(self.chosen_role()))
        self.emergency_note = hint(self.tr(
            "The emergency account is a sealed break-glass secret. Its password opens the "
            "clinical records even without MedVault, so reading them that way leaves no "
            "audit entry. Print the password, seal it in an envelope and keep it in a safe. "
            "After each use, you must rotate the clinical key and set a new emergency "
            "password before the account works again."), self)
        self.emergency_note.hide()
        self.role.currentIndexChanged.connect(self._role_changed)
        self.password = PasswordEdit(self.tr("Password"), self)
        self.repeat = PasswordEdit(self.tr("Repeat the password"), self)
        self.meter = StrengthMeter(self, min_length=min_length)
        self._vault_name = vault_name
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.name)
        form.addRow(self.tr("&Full name:"), self.full_name)
        form.addRow(self.tr("&Role:"), self.role)
        form.addRow("", self.role_note)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("R&epeat it:"), self.repeat)
        self.offer = (offer_passphrase(self, clipboard, form, self.password, self.repeat,
                                       min_length=min_length,
                                       context=lambda: [self.name.text(), vault_name])
                      if clipboard is not None else None)
        form.addRow("", self.meter)
        # Made after the fields: the focus chain follows creation order.
        self.approve_now = QCheckBox(self.tr(
            "&Give them access to clinical records now (you hold the key)"), self)
        self.approve_now.setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton(self.tr("Add user"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("role", "primary")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "The new user chooses nothing yet: give them this password in person and ask "
            "them to change it under My account. Clinicians get access to clinical records "
            "once a clinician or the owner approves it under Pending grants."), self))
        layout.addLayout(form)
        layout.addWidget(self.approve_now)
        layout.addWidget(self.emergency_note)
        layout.addWidget(self.buttons)
        self._role_changed()
        for field in (self.name, self.password, self.repeat):
            field.textChanged.connect(self._update)
        self._update()

    def chosen_role(self) -> Role:
        return Role(self.role.currentData())

    @Slot()
    def _role_changed(self) -> None:
        self.emergency_note.setVisible(self.chosen_role() is Role.EMERGENCY)
        self.approve_now.setVisible(self._may_approve and role_facts(
            self.chosen_role()).waits_for_clinical_approval)

    def approves_now(self) -> bool:
        return bool(self.approve_now.isVisibleTo(self) and self.approve_now.isChecked())

    @Slot()
    def _update(self) -> None:
        self.meter.context = [self.name.text(), self._vault_name]
        self.meter.assess(self.password.text())
        ready = (bool(self.name.text().strip()) and self.meter.acceptable()
                 and self.password.text() == self.repeat.text())
        self.ok_button.setEnabled(ready)

    def done(self, result: int) -> None:
        super().done(result)
        self.password.wipe()
        self.repeat.wipe()
        if self.offer is not None:
            self.offer.wipe()


class ChangeRoleDialog(QDialog):
    """Choose another role for one account: only the roles core allows the acting user to
    give it, with what each may do and what happens to the keys."""

    def __init__(self, parent: QWidget | None, user: UserInfo, roles: Sequence[Role], *,
                 may_approve: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change role: {name}").format(name=user.name))
        self.setMinimumWidth(460)
        self._user = user
        self._may_approve = may_approve
        self.role = QComboBox(self)
        self.role.setAccessibleName(self.tr("New role"))
        for role in roles:
            self.role.addItem(role_name(role), role.value)
        self.role_note = QLabel(self)
        self.role_note.setWordWrap(True)
        self.keys_note = QLabel(self)
        self.keys_note.setWordWrap(True)
        self.approve_now = QCheckBox(self.tr(
            "&Give them access to clinical records now (you hold the key)"), self)
        self.approve_now.setChecked(True)
        form = QFormLayout()
        form.addRow(self.tr("Current role:"), QLabel(role_name(user.role), self))
        form.addRow(self.tr("&New role:"), self.role)
        form.addRow("", self.role_note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton(self.tr("Change role"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setProperty("role", "primary")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.keys_note)
        layout.addWidget(self.approve_now)
        layout.addWidget(self.buttons)
        self.role.currentIndexChanged.connect(self._update)
        self._update()

    def chosen_role(self) -> Role:
        return Role(self.role.currentData())

    def approves_now(self) -> bool:
        return bool(self.approve_now.isVisibleTo(self) and self.approve_now.isChecked())

    @Slot()
    def _update(self) -> None:
        new = role_facts(self.chosen_role())
        self.role_note.setText(role_description(self.chosen_role()))
        holds_clinical = "clinical" in self._user.compartments
        gains = "clinical" in new.compartments and not holds_clinical \
            and "clinical" not in role_facts(Role(self._user.role)).compartments
        if holds_clinical and "clinical" not in new.compartments:
            self.keys_note.setText(self.tr(
                "They lose the key to the clinical records now. Afterwards you are offered "
                "to rotate it, in case they kept a copy."))
        elif gains:
            self.keys_note.setText(self.tr(
                "Their access to clinical records waits for approval by someone who holds "
                "the key, as for a new account."))
        else:
            self.keys_note.setText(self.tr("Their keys stay as they are."))
        self.approve_now.setVisible(gains and self._may_approve)
        # The texts differ in length from role to role: grow with them, never cut them.
        self.adjustSize()


class UsersPage(TeamPage):
    operation = Operation.USER_LIST
    icon_name = "users"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = UsersTableModel(self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self._proxy)
        self._proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        configure_table(self.table)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Users"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                           ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton(icon("add"), self.tr("&Add user…"), self)
        self.disable_button = QPushButton(self.tr("&Disable…"), self)
        self.disable_button.setProperty("role", "danger")
        self.reset_button = QPushButton(icon("key"), self.tr("&Reset password…"), self)
        self.add_button.clicked.connect(self.add_user)
        self.disable_button.clicked.connect(self.disable_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.personal_note = QLabel(self.tr(
            "A personal vault has one user, its owner. Family members are added as "
            "patients."), self)
        self.personal_note.setWordWrap(True)
        buttons = QHBoxLayout()
        self.role_button = QPushButton(self.tr("Change r&ole…"), self)
        self.role_button.clicked.connect(self.change_role_of_selected)
        for button in (self.add_button, self.role_button, self.reset_button,
                       self.disable_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("People who can sign in to this vault"), self))
        layout.addWidget(self.personal_note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def title(self) -> str:
        return self.tr("Users")

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.users import list_users

        with self.reporting():
            self.model.set_users(list_users(session))
        from app.core.users import account_rights

        rights = account_rights(session)
        self.personal_note.setVisible(not rights.gains_accounts)
        self.add_button.setVisible(rights.may_add)
        self.disable_button.setVisible(rights.may_disable)
        self.reset_button.setVisible(rights.may_reset_password)
        self.role_button.setVisible(rights.may_change_role)
        self._update_buttons()

    def clear_view(self) -> None:
        self.model.clear()

    def selected_user(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.user_at(self._proxy.mapToSource(rows[0]).row())

    def select_user(self, name: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.user_at(row).name == name:
                self.table.selectRow(self._proxy.mapFromSource(self.model.index(row, 0)).row())
                return

    @Slot()
    def _update_buttons(self) -> None:
        user = self.selected_user()
        usable = user is not None and user.status == "active" and user.role != Role.OWNER
        set_danger_enabled(self.disable_button, usable)
        # Core's separation of duties decides whose password this user may reset.
        session = self.session
        self.reset_button.setEnabled(usable and session is not None and user is not None
                                     and may_reset(session.user.role, Role(user.role)))
        from app.core.users import roles_assignable_to

        self.role_button.setEnabled(usable and session is not None and user is not None
                                    and bool(roles_assignable_to(session, user.name)))

    # -- actions --------------------------------------------------------------------
    @Slot()
    def add_user(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.grants import may_approve_now

        dialog = AddUserDialog(self, min_length=session.vault.policy.policy.min_password_length,
                               vault_name=session.vault.file.name, clipboard=self.ctx.clipboard,
                               may_approve=may_approve_now(session))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._do_add(dialog))
        dialog.open()

    def _do_add(self, dialog: AddUserDialog) -> None:
        name, full_name = dialog.name.text().strip(), dialog.full_name.text().strip()
        role, password = dialog.chosen_role(), dialog.password.text()
        approve = dialog.approves_now()
        from app.core.grants import approve_grant
        from app.core.users import add_user

        def work(session: Session) -> UserInfo:
            info = add_user(session, name=name, role=role, password=password,
                            full_name=full_name)
            if approve and "clinical" in info.pending_grants:
                # The same approval as under Pending grants: core checks and audits it.
                approve_grant(session, info.name, "clinical")
                info = dataclasses.replace(
                    info, compartments=(*info.compartments, "clinical"),
                    pending_grants=tuple(c for c in info.pending_grants if c != "clinical"))
            return info

        def done(info: UserInfo) -> None:
            self.refresh()
            self.select_user(info.name)
            self.vault_changed.emit()
            if info.pending_grants:
                self.ctx.prompts.inform(self, self.tr("User added"), self.tr(
                    "{name} was added as {role}. Their access to {keys} records waits for "
                    "approval by someone who holds that key (Administration → Pending "
                    "grants).").format(name=info.name, role=role_name(info.role),
                                       keys=", ".join(info.pending_grants)))

        self.run_task(self.tr("Adding {name}…").format(name=name), work, on_done=done)

    @Slot()
    def change_role_of_selected(self) -> None:
        user = self.selected_user()
        session = self.session
        if user is None or session is None:
            return
        from app.core.grants import may_approve_now
        from app.core.users import roles_assignable_to

        roles = roles_assignable_to(session, user.name)
        if not roles:
            return
        dialog = ChangeRoleDialog(self, user, roles, may_approve=may_approve_now(session))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._do_change_role(
            user.name, dialog.chosen_role(), dialog.approves_now()))
        dialog.open()

    def _do_change_role(self, name: str, role: Role, approve: bool) -> None:
        from app.core.grants import approve_grant
        from app.core.users import RoleChange, change_role

        def work(session: Session) -> tuple[RoleChange, bool]:
            change = change_role(session, name, role)
            approved = approve and "clinical" in change.pending
            if approved:
                approve_grant(session, name, "clinical")
            return change, approved

        def done(result: tuple[RoleChange, bool]) -> None:
            change, approved = result
            self.refresh()
            self.select_user(name)
            self.vault_changed.emit()
            if change.revoked:
                self.offer_rotation(name, list(change.revoked))
            elif change.pending and not approved:
                self.ctx.prompts.inform(self, self.tr("Role changed"), self.tr(
                    "{name} is now {role}. Their access to {keys} records waits for approval "
                    "by someone who holds that key (Administration → Pending grants).")
                    .format(name=name, role=role_name(role), keys=", ".join(change.pending)))

        self.run_task(self.tr("Changing {name}'s role…").format(name=name), work, on_done=done)

    @Slot()
    def disable_selected(self) -> None:
        user = self.selected_user()
        if user is None or self.session is None:
            return
        if not self.ctx.prompts.confirm(self, self.tr("Disable user"), self.tr(
                "Disable {name}? They will no longer be able to sign in. Their entries in "
                "the records and the audit log stay.").format(name=user.name),
                yes_text=self.tr("Disable {name}").format(name=user.name), danger=True):
            return
        from app.core.users import disable_user

        def done(held: list[str]) -> None:
            self.refresh()
            self.vault_changed.emit()
            if held:
                self.offer_rotation(user.name, held)

        self.run_task(self.tr("Disabling {name}…").format(name=user.name),
                      lambda session: disable_user(session, user.name), on_done=done)

    def offer_rotation(self, name: str, held: list[str]) -> None:
        """A disabled holder may have kept a copy of a key: offer to replace it now."""
        session = self.session
        if session is None:
            return
        from app.core.rotation import rotation_rights

        rights = rotation_rights(session)
        mine = [c for c in held if rights[c].may]
        others = [c for c in held if c not in mine]
        if others:
            self.ctx.prompts.inform(self, self.tr("Rotate keys"), self.tr(
                "{name} held the {keys} key. Ask the vault owner to rotate it (Administration "
                "→ Key rotation).").format(name=name, keys=", ".join(others)))
        if not mine or not self.ctx.prompts.confirm(self, self.tr("Rotate keys"), self.tr(
                "{name} held the {keys} key and may have kept a copy. Replace it with a new "
                "key now? Everyone else keeps their access.").format(
                    name=name, keys=", ".join(mine)),
                yes_text=self.tr("Rotate now")):
            return
        from app.core.rotation import rotate_key

        def work(session: Session, progress: Progress) -> list[int]:
            return [rotate_key(session, compartment, progress=progress) for compartment in mine]

        self.run_measured_task(self.tr("Rotating keys…"), work,
                               on_done=lambda _versions: self.vault_changed.emit())

    @Slot()
    def reset_selected(self) -> None:
        user = self.selected_user()
        session = self.session
        if user is None or session is None:
            return
        dialog = NewPasswordDialog(
            self, self.tr("Reset password for {name}").format(name=user.name),
            self.tr("Choose a new password for {name} and give it to them in person. They "
                    "choose their own at their next sign-in (an emergency or backup "
                    "account keeps this one). Their authenticator app is reset, and "
                    "clinical access must be approved again under Pending grants."
                    ).format(name=user.name),
            min_length=session.vault.policy.policy.min_password_length,
            context=[user.name, session.vault.file.name], action_text=self.tr("Reset"),
            clipboard=self.ctx.clipboard)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._do_reset(user.name, dialog.new.text()))
        dialog.open()

    def _do_reset(self, name: str, password: str) -> None:
        from app.core.users import reset_password

        def done(until: object) -> None:
            self.refresh()
            self.vault_changed.emit()
            said = self.tr("{name}'s password was reset.").format(name=name)
            if isinstance(until, str):
                said += " " + self.tr(
                    "It is temporary: {name} chooses their own at the next sign-in, and it "
                    "stops working unused after {date}.").format(name=name,
                                                                 date=date_text(until[:10]))
            self.ctx.prompts.inform(self, self.tr("Password reset"), said)

        self.run_task(self.tr("Resetting the password…"),
                      lambda session: reset_password(session, name, password), on_done=done)
