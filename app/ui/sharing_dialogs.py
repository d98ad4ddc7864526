"""Sharing in the window: File → Open sharing package…, File → Import contact card…, the
export target fields, and the whole export (Administration → Export). Chart → Share… is
the wizard in `share_wizard.py`; the Contacts page is `contacts_page.py`.

Every rule is core's (`app.core.sharing`): these views collect choices, show core's answers
(fingerprints, trust, what would leave) and run the work on a worker with progress and
Cancel. Nothing here decides who may do what.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.core_messages import error_text
from app.ui.pages import SessionPage
from app.ui.widgets import heading, hint

if TYPE_CHECKING:
    from app.core.session import Session
    from app.ui.context import UiContext

MIN_PASSPHRASE = 12


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def package_filter() -> str:
    return _tr("MedVault sharing package (*.medvault-share);;All files (*)")


def card_filter() -> str:
    return _tr("Contact card (*.card *.json);;All files (*)")


def read_card_file(ctx: UiContext, parent: QWidget, title: str) -> bytes | None:
    """Ask for a contact card file and read it, bounded; None if none was chosen or it
    could not be read (said to the person)."""
    from app.core.sharing.identity import MAX_CARD_BYTES

    path = ctx.prompts.choose_open_file(parent, title, Path.home(), card_filter())
    if path is None:
        return None
    try:
        if not path.is_file() or path.stat().st_size > MAX_CARD_BYTES:
            raise OSError(_tr("not a file, or too large"))
        return path.read_bytes()
    except OSError as exc:
        ctx.prompts.warn(parent, title, error_text(exc))
        return None


def passphrase_field(parent: QWidget) -> tuple[QLineEdit, QLabel]:
    """A hidden passphrase entry and the strength label that follows it."""
    entry = QLineEdit(parent)
    entry.setEchoMode(QLineEdit.EchoMode.Password)
    entry.setAccessibleName(_tr("Passphrase"))
    strength = QLabel(parent)
    entry.textChanged.connect(lambda text: strength.setText(_strength_text(text)))
    return entry, strength


def _strength_text(phrase: str) -> str:
    from app.core.passwords import check_password

    if not phrase:
        return ""
    verdict = check_password(phrase, min_length=MIN_PASSPHRASE)
    words = [_tr("very weak"), _tr("weak"), _tr("fair"), _tr("good"), _tr("strong")]
    text = _tr("Strength: {0}").format(words[verdict.strength])
    return text if verdict.acceptable else text + " — " + _tr(
        "use at least 12 characters, not a common password")


class OpenPackageDialog(QDialog):
    """File → Open sharing package…: who sent it (fingerprint, trust), what is inside,
    then import with the reasons core asks for."""

    def __init__(self, ctx: UiContext, session: Session, data: bytes,
                 parent: QWidget | None = None) -> None:
        from app.core.sharing.share import open_in_vault

        super().__init__(parent)
        self.ctx, self.session, self.data = ctx, session, data
        self.setWindowTitle(self.tr("Sharing package"))
        _, shown = open_in_vault(session, data)
        self.shown = shown
        trust = shown.trust.state if shown.trust else "unknown"
        words = {"verified": self.tr("a verified contact"),
                 "unverified": self.tr("a contact whose key is NOT verified"),
                 "unknown": self.tr("NOT one of your contacts"),
                 "changed": self.tr("a contact whose key has CHANGED: do not import")}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("From"), QLabel(f"{shown.sender['name']} "
                                            f"{shown.sender['practice']}", self))
        self.fingerprint = QLabel(shown.sender_fingerprint, self)
        form.addRow(self.tr("Fingerprint"), self.fingerprint)
        self.trust = QLabel(words.get(trust, trust), self)
        form.addRow(self.tr("Sender"), self.trust)
        form.addRow(self.tr("Purpose"), QLabel(shown.purpose, self))
        form.addRow(self.tr("Expires"), QLabel(shown.expires[:10] + (
            "  " + self.tr("EXPIRED") if shown.expired else ""), self))
        form.addRow(self.tr("Patient"), QLabel(
            f"{shown.patient.get('given', '')} {shown.patient.get('family', '')} "
            f"{shown.patient.get('birth_date') or ''}", self))
        form.addRow(self.tr("Contents"), QLabel(", ".join(
            f"{n} {kind}" for kind, n in sorted(shown.contents.items())), self))
        layout.addLayout(form)
        self.unknown_reason = QLineEdit(self)
        self.unknown_reason.setPlaceholderText(self.tr("Why you trust this sender"))
        self.unknown_reason.setVisible(trust == "unknown")
        self.expired_reason = QLineEdit(self)
        self.expired_reason.setPlaceholderText(self.tr("Why you import it after expiry"))
        self.expired_reason.setVisible(shown.expired)
        layout.addWidget(self.unknown_reason)
        layout.addWidget(self.expired_reason)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(self.tr("Import"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(trust != "changed")
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.import_package)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_report: Any = None

    @Slot()
    def import_package(self) -> None:
        from app.core.sharing.share import import_share

        expired = self.expired_reason.text() or None
        unknown = self.unknown_reason.text() or None

        def done(result: Any) -> None:
            self.setEnabled(True)
            self.result_report = result
            imported = result.report.to_json()
            self.ctx.prompts.inform(self, self.windowTitle(), self.tr(
                "Imported {0} entries; {1} duplicates skipped.").format(
                imported["imported_total"], len(imported["duplicates"])))
            self.accept()

        def failed(message: str, exc: BaseException | None) -> None:
            from app.ui.workers import Cancelled

            self.setEnabled(True)
            if not isinstance(exc, Cancelled):  # a Cancel needs no message
                self.ctx.prompts.warn(self, self.windowTitle(), message)

        self.setEnabled(False)  # the session's connection is the worker's meanwhile
        # Cancel stops before the import writes (core's FINAL step): nothing is imported.
        self.ctx.tasks.run(self, self.tr("Importing the package…"), lambda progress: import_share(
            self.session, self.data, new_patient=False, expired_reason=expired,
            unknown_sender_reason=unknown, progress=progress), on_done=done,
            on_failed=failed, cancellable=True)


class ContactCardDialog(QDialog):
    """File → Import contact card…: the fingerprint to compare, then confirm it."""

    def __init__(self, ctx: UiContext, session: Session, data: bytes,
                 parent: QWidget | None = None) -> None:
        from app.core.sharing.identity import import_card

        super().__init__(parent)
        self.ctx, self.session = ctx, session
        self.setWindowTitle(self.tr("Contact card"))
        self.contact, _ = import_card(session, data)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("{0} was added to your contacts.").format(
            self.contact.name), self))
        self.fingerprint = QLabel(self.contact.fingerprint or "", self)
        self.fingerprint.setStyleSheet("font-family: monospace; font-size: 16pt")
        layout.addWidget(self.fingerprint)
        layout.addWidget(hint(self.tr(
            "Read this fingerprint to the contact by phone or in person. Only if theirs "
            "is the same, confirm it; until then their key stays unverified.")))
        buttons = QDialogButtonBox(self)
        self.confirm_button = buttons.addButton(self.tr("The fingerprints match"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setEnabled(not self.contact.key_verified)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @Slot()
    def confirm(self) -> None:
        from app.core.records.contacts import verify_contact_key

        self.contact = verify_contact_key(self.session, self.contact.id,
                                          self.contact.fingerprint or "")
        self.accept()


class ExportTarget(QWidget):
    """Who can open an export: an age key, or a passphrase with its strength shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recipient = QLineEdit(self)
        self.recipient.setPlaceholderText(self.tr("age1…"))
        self.recipient.setAccessibleName(self.tr("Recipient key"))
        self.passphrase, self.strength = passphrase_field(self)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Encrypt to a key"), self.recipient)
        form.addRow(self.tr("or to a passphrase"), self.passphrase)
        form.addRow("", self.strength)

    def chosen(self) -> tuple[str | None, str | None] | str:
        """(key, passphrase) with exactly one set, or what is wrong, in words."""
        key, phrase = self.recipient.text().strip(), self.passphrase.text()
        if bool(key) == bool(phrase) or (phrase and len(phrase) < MIN_PASSPHRASE):
            return self.tr("Give a recipient key or a passphrase of at least 12 characters, "
                           "not both.")
        return (key or None, phrase or None)

    def clear(self) -> None:
        self.recipient.clear()
        self.passphrase.clear()


class ExportPage(SessionPage):
    """Administration → Export: everything in the vault, encrypted, with progress and
    Cancel. The owner only (core's `export.all`)."""

    operation = Operation.EXPORT_ALL
    icon_name = "export"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Export everything")))
        layout.addWidget(hint(self.tr(
            "One encrypted file with every record as FHIR, every document in its original "
            "format, each patient's access report and consents. For a patient's copy of "
            "their data or for moving to another system.")))
        self.target = ExportTarget(self)
        layout.addWidget(self.target)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.clicked.connect(self.export_all)
        layout.addWidget(self.export_button)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("Encrypted export")

    def clear_view(self) -> None:
        self.target.clear()

    @Slot()
    def export_all(self) -> None:
        from app.core.sharing.export import export_vault

        target = self.target.chosen()
        if isinstance(target, str):
            self.show_error(target)
            return
        key, phrase = target
        path = self.ctx.prompts.choose_save_file(
            self, self.tr("Save the export"), Path.home() / "vault.medvault-export",
            self.tr("MedVault export (*.medvault-export);;All files (*)"))
        if path is None:
            return

        def done(result: Any) -> None:
            self.ctx.prompts.inform(self, self.tr("Export made"), self.tr(
                "The export was written to {0}.").format(str(result.path)))

        self.run_measured_task(
            self.tr("Exporting…"),
            lambda session, progress: export_vault(
                session, path, everything=True, recipients=[key] if key else None,
                passphrase=phrase, progress=progress),
            on_done=done, cancellable=True)
