"""Contacts: the doctors and practices records are shared with, their keys and whether each
key's fingerprint was compared with them; import their contact cards, verify a key, and
save your own card to give to them.

Core decides everything (`app.core.records.contacts`, `app.core.sharing.identity`): who
may read or change contacts, what a valid card is, whether a fingerprint matches. The
page lists, asks and shows core's answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TR_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.chart.common import FormDialog
from app.ui.core_messages import error_text
from app.ui.pages import SessionPage
from app.ui.sharing_dialogs import card_filter, read_card_file
from app.ui.widgets import configure_table, hint

if TYPE_CHECKING:
    from app.core.records.contacts import Contact
    from app.core.session import Session
    from app.ui.context import UiContext

_COLUMNS = (QT_TR_NOOP("Name"), QT_TR_NOOP("Organisation"), QT_TR_NOOP("Key fingerprint"),
            QT_TR_NOOP("Key"))


class VerifyKeyDialog(FormDialog):
    """Compare a contact's key fingerprint: read aloud, or typed as heard. Only a match is
    recorded (core checks it and audits `contact.key.verified`, or a flagged mismatch)."""

    def __init__(self, session: Session, contact: Contact, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent, self.tr("Verify {0}'s key").format(contact.name),
                         self.tr("The fingerprints &match"))
        self.session, self.contact = session, contact
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.match_button = self.ok_button
        self.fingerprint = QLabel(contact.fingerprint or "", self)
        self.fingerprint.setStyleSheet("font-family: monospace; font-size: 16pt")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heard = QLineEdit(self)
        self.heard.setAccessibleName(self.tr("The fingerprint they read to you"))
        self.heard.setPlaceholderText(self.tr("Type what they read to you (spaces do not "
                                              "matter)"))
        self.form.addRow(hint(self.tr(
            "Call {0} on a number you already know (not one from the card) and read these "
            "digits together. If theirs are the same, the key really is theirs.").format(
                contact.name), self))
        self.form.addRow(self.fingerprint)
        self.form.addRow(self.heard)
        self.submit = self._verify

    def _verify(self) -> None:
        from app.core.records.contacts import verify_contact_key

        # Typed digits are compared by core; left empty, the person confirms what they
        # compared by reading the shown digits aloud.
        given = self.heard.text().strip() or (self.contact.fingerprint or "")
        self.contact = verify_contact_key(self.session, self.contact.id, given)


class ContactsPage(SessionPage):
    operation = Operation.CONTACT_READ
    icon_name = "users"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("contactsPage")
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Find a contact"))
        self.search.setAccessibleName(self.tr("Find a contact"))
        self.search.textChanged.connect(self.refresh)
        self.table = QTableWidget(0, len(_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("", str(c)) for c in _COLUMNS])
        self.table.setAccessibleName(self.tr("Contacts"))
        configure_table(self.table)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.verify_key())
        self.import_button = QPushButton(self.tr("&Import contact card…"), self)
        self.import_button.clicked.connect(self.import_card)
        self.verify_button = QPushButton(self.tr("&Verify key…"), self)
        self.verify_button.clicked.connect(self.verify_key)
        self.my_card_button = QPushButton(self.tr("Save &my contact card…"), self)
        self.my_card_button.clicked.connect(self.save_my_card)
        buttons = QHBoxLayout()
        for button in (self.import_button, self.verify_button, self.my_card_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "Records are shared with a contact's key. Import the contact card they send "
            "you, then verify the key by reading its fingerprint together by phone: until "
            "then, sharing with them needs an explicit confirmation."), self))
        layout.addWidget(self.search)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.contacts: list[Contact] = []
        self.dialog: QDialog | None = None
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Contacts")

    def refresh(self) -> None:
        from app.core.records.contacts import list_contacts

        session = self.session
        if session is None:
            return
        writer = session.allowed(Operation.CONTACT_WRITE)
        self.import_button.setVisible(writer)
        self.verify_button.setVisible(writer)
        with self.reporting():
            self.contacts = list_contacts(session, self.search.text(), limit=1000)
        self.table.setRowCount(len(self.contacts))
        for row, contact in enumerate(self.contacts):
            if contact.fingerprint is None:
                state = self.tr("no key")
            elif contact.key_verified:
                state = self.tr("verified {0}").format(
                    (contact.fingerprint_verified_at or "")[:10])
            else:
                state = self.tr("NOT verified")
            values = (contact.name, contact.organisation or "", contact.fingerprint or "",
                      state)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        if self.contacts and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_buttons()

    def clear_view(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.contacts = []
        self.table.setRowCount(0)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)

    def selected(self) -> Contact | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() \
            else []
        if not rows or rows[0].row() >= len(self.contacts):
            return None
        return self.contacts[rows[0].row()]

    @Slot()
    def _update_buttons(self) -> None:
        contact = self.selected()
        self.verify_button.setEnabled(contact is not None and contact.fingerprint is not None
                                      and not contact.key_verified)

    def select(self, contact_id: str) -> None:
        for row, contact in enumerate(self.contacts):
            if contact.id == contact_id:
                self.table.selectRow(row)

    @Slot()
    def import_card(self) -> None:
        from app.core.errors import MedVaultError
        from app.core.sharing.identity import import_card

        session, title = self.session, self.tr("Import contact card")
        if session is None:
            return
        data = read_card_file(self.ctx, self, title)
        if data is None:
            return
        try:
            contact, created = import_card(session, data)
        except MedVaultError as exc:
            self.show_error(error_text(exc))
            return
        self.refresh()
        self.select(contact.id)
        self.vault_changed.emit()
        if not contact.key_verified:
            # The next step is comparing the fingerprint: offer it right away.
            self.verify_key()
        elif not created:
            self.ctx.prompts.inform(self, title, self.tr(
                "{0} is already among your contacts with this key.").format(contact.name))

    @Slot()
    def verify_key(self) -> None:
        session, contact = self.session, self.selected()
        if session is None or contact is None or contact.fingerprint is None \
                or contact.key_verified or not session.allowed(Operation.CONTACT_WRITE):
            return
        dialog = VerifyKeyDialog(session, contact, self)

        def finished(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
            if result and self.session is not None:
                self.refresh()
                self.select(contact.id)
                self.vault_changed.emit()

        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()

    @Slot()
    def save_my_card(self) -> None:
        from app.core.atomic import atomic_write_bytes
        from app.core.errors import MedVaultError
        from app.core.sharing.identity import export_card

        session, title = self.session, self.tr("Save my contact card")
        if session is None:
            return
        name = (session.user.full_name or session.user.name).replace(" ", "-")
        path = self.ctx.prompts.choose_save_file(
            self, title, Path.home() / f"{name}.card", card_filter())
        if path is None:
            return
        with self.reporting():
            data = export_card(session, practice=session.vault.file.name
                               if session.vault.file.kind == "practice" else "")
            try:
                atomic_write_bytes(path, data, mode=0o644)
            except OSError as exc:
                raise MedVaultError(error_text(exc)) from exc
            self.ctx.prompts.inform(self, title, self.tr(
                "Your card was saved to {0}. It holds only public keys: send it to your "
                "contacts, then read them your fingerprint by phone:\n{1}").format(
                    str(path), _my_fingerprint(session)))


def _my_fingerprint(session: Session) -> str:
    from app.core.sharing.identity import show_identity

    return show_identity(session).fingerprint
