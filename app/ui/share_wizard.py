"""Chart → Share… (and My record → Share my record…): a wizard, one question a page.

1. Who receives it: a contact (with their key's fingerprint and whether it was checked;
   a card can be imported right there) or anyone with a passphrase (strength shown).
2. What goes in: sections and a date.
3. What leaves: core's count of what the package will carry, and of what the restriction
   rules keep out.
4. Why and how long: purpose and expiry, with core's consent check; without consent a
   reason is asked (flagged for review).
5. Where to save it.
6. Summary; "Create package" commits.
7. Progress with Cancel: the package is built and written on a worker; Cancel stops it at
   the next safe point and nothing is left behind (`save_share`).

Every rule is core's (`app.core.sharing.share`); the pages ask it and show its answers.
The wizard opens window-modal with `open()`, so a lock closes it like every dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QStandardPaths, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.ui.core_messages import error_text
from app.ui.sharing_dialogs import (
    MIN_PASSPHRASE,
    package_filter,
    passphrase_field,
    read_card_file,
)
from app.ui.widgets import Banner, hint

if TYPE_CHECKING:
    from app.core.session import Session
    from app.core.sharing.share import SharePreview
    from app.ui.context import UiContext


_KIND_WORDS = {
    "Patient": QT_TRANSLATE_NOOP("ShareWizard", "Personal details"),
    "Condition": QT_TRANSLATE_NOOP("ShareWizard", "Problems"),
    "MedicationStatement": QT_TRANSLATE_NOOP("ShareWizard", "Medications"),
    "AllergyIntolerance": QT_TRANSLATE_NOOP("ShareWizard", "Allergies"),
    "Immunization": QT_TRANSLATE_NOOP("ShareWizard", "Immunizations"),
    "Observation": QT_TRANSLATE_NOOP("ShareWizard", "Observations"),
    "DocumentReference": QT_TRANSLATE_NOOP("ShareWizard", "Documents"),
    "Encounter": QT_TRANSLATE_NOOP("ShareWizard", "Encounters"),
    "Procedure": QT_TRANSLATE_NOOP("ShareWizard", "Procedures"),
    "Consent": QT_TRANSLATE_NOOP("ShareWizard", "Consents"),
}


def _kind_words(kind: str) -> str:
    """A FHIR resource type as people read it ("Condition" → the problems section)."""
    from PySide6.QtCore import QCoreApplication

    words = _KIND_WORDS.get(kind)
    return QCoreApplication.translate("ShareWizard", str(words)) if words else kind


def _counts_text(counts: dict[str, int]) -> str:
    return "\n".join(f"{_kind_words(kind)}: {n}" for kind, n in sorted(
        counts.items(), key=lambda item: _kind_words(item[0])))


class RecipientPage(QWizardPage):
    def __init__(self, wizard: ShareWizard) -> None:
        super().__init__(wizard)
        self.share = wizard
        self.setTitle(self.tr("Who receives it?"))
        self.to_contact = QRadioButton(self.tr("A &contact, with their key"), self)
        self.to_passphrase = QRadioButton(self.tr("Anyone who knows a &passphrase"), self)
        group = QButtonGroup(self)
        group.addButton(self.to_contact)
        group.addButton(self.to_passphrase)
        self.contact = QComboBox(self)
        self.contact.setAccessibleName(self.tr("Contact"))
        self.import_button = QPushButton(self.tr("Import a contact &card…"), self)
        self.import_button.clicked.connect(self._import_card)
        self.key_state = QLabel(self)
        self.key_state.setWordWrap(True)
        self.key_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.allow_unverified = QCheckBox(self.tr(
            "Send &anyway: I cannot compare the fingerprint now"), self)
        # Shown only for an unverified key, without moving the fields below it.
        policy = self.allow_unverified.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.allow_unverified.setSizePolicy(policy)
        self.key_state.setMinimumHeight(2 * self.key_state.fontMetrics().lineSpacing())
        self.passphrase, self.strength = passphrase_field(self)
        self.repeat = QLineEdit(self)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.tr("Repeat the passphrase"))
        self.mismatch = QLabel(self)
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.contact, 1)
        contact_row.addWidget(self.import_button)
        form = QFormLayout()
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        form.addRow(self.tr("Repeat it:"), self.repeat)
        form.addRow("", self.strength)
        form.addRow("", self.mismatch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.to_contact)
        layout.addLayout(contact_row)
        layout.addWidget(self.key_state)
        layout.addWidget(self.allow_unverified)
        layout.addSpacing(8)
        layout.addWidget(self.to_passphrase)
        layout.addLayout(form)
        layout.addWidget(hint(self.tr(
            "Tell the passphrase another way than the file: by phone or in person."), self))
        layout.addStretch(1)
        for signal in (self.to_contact.toggled, self.allow_unverified.toggled,
                       self.passphrase.textChanged, self.repeat.textChanged):
            signal.connect(self._update)
        self.contact.currentIndexChanged.connect(self._update)
        self.to_passphrase.toggled.connect(
            lambda on: self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason) if on else None)
        self._contacts: dict[str, Any] = {}
        self.load_contacts()

    def load_contacts(self, select: str | None = None) -> None:
        from app.core.records.contacts import list_contacts
        from app.core.roles import Operation

        session = self.share.session
        self.contact.clear()
        self._contacts = {}
        if session.allowed(Operation.CONTACT_READ):
            for contact in list_contacts(session, limit=1000):
                if contact.age_recipient:
                    state = (self.tr("verified") if contact.key_verified
                             else self.tr("not verified"))
                    self.contact.addItem(f"{contact.name} ({state})", contact.id)
                    self._contacts[contact.id] = contact
        self.import_button.setVisible(session.allowed(Operation.CONTACT_WRITE))
        if select is not None:
            self.contact.setCurrentIndex(max(0, self.contact.findData(select)))
        has_contacts = self.contact.count() > 0
        self.to_contact.setEnabled(has_contacts)
        (self.to_contact if has_contacts else self.to_passphrase).setChecked(True)
        self._update()

    def chosen_contact(self) -> Any:
        if not self.to_contact.isChecked():
            return None
        return self._contacts.get(str(self.contact.currentData()))

    @Slot()
    def _update(self) -> None:
        contact = self.chosen_contact()
        by_contact = self.to_contact.isChecked()
        self.contact.setEnabled(by_contact)
        for field in (self.passphrase, self.repeat):
            field.setEnabled(not by_contact)
        if contact is None:
            self.key_state.setText(self.tr("No contact has a key yet: import their contact "
                                           "card, or use a passphrase.")
                                   if by_contact else "")
            self.allow_unverified.hide()
        elif contact.key_verified:
            self.key_state.setText(self.tr("Key fingerprint {0}, compared with them on "
                                           "{1}.").format(contact.fingerprint,
                                                          (contact.fingerprint_verified_at
                                                           or "")[:10]))
            self.allow_unverified.hide()
        else:
            self.key_state.setText(self.tr(
                "Key fingerprint {0} has NOT been compared with them. Read it to them by "
                "phone first (Contacts → Verify key…).").format(contact.fingerprint))
            self.allow_unverified.show()
        same = self.passphrase.text() == self.repeat.text()
        self.mismatch.setText("" if same or not self.repeat.text()
                              else self.tr("The two passphrases are not the same."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.to_contact.isChecked():
            contact = self.chosen_contact()
            return contact is not None and (contact.key_verified
                                            or self.allow_unverified.isChecked())
        phrase = self.passphrase.text()
        return len(phrase) >= MIN_PASSPHRASE and phrase == self.repeat.text()

    @Slot()
    def _import_card(self) -> None:
        from app.core.errors import MedVaultError
        from app.core.sharing.identity import import_card

        ctx, title = self.share.ctx, self.tr("Import contact card")
        data = read_card_file(ctx, self, title)
        if data is None:
            return
        try:
            contact, _created = import_card(self.share.session, data)
        except MedVaultError as exc:
            ctx.prompts.warn(self, title, error_text(exc))
            return
        self.load_contacts(select=contact.id)


class ContentsPage(QWizardPage):
    def __init__(self, wizard: ShareWizard) -> None:
        from app.core.records.consent import ALL, SECTIONS
        from app.ui.chart.entry_form import choice_text

        super().__init__(wizard)
        self.setTitle(self.tr("What goes in?"))
        self.setSubTitle(self.tr("The person's name and birth date always go along, so the "
                                 "recipient can file it."))
        self.sections: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for number, name in enumerate(s for s in SECTIONS if s not in (ALL, "demographics")):
            box = QCheckBox(choice_text(name), self)
            box.setChecked(True)
            box.toggled.connect(self.completeChanged)
            self.sections[name] = box
            grid.addWidget(box, number // 3, number % 3)
        self.use_since = QCheckBox(self.tr("Only entries recorded or changed &since"), self)
        self.since = QDateEdit(QDate.currentDate().addYears(-1), self)
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setEnabled(False)
        self.use_since.toggled.connect(self.since.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.use_since)
        row.addWidget(self.since)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(row)
        layout.addStretch(1)

    def chosen(self) -> list[str]:
        return [name for name, box in self.sections.items() if box.isChecked()]

    def since_text(self) -> str | None:
        return self.since.date().toString("yyyy-MM-dd") if self.use_since.isChecked() else None

    def isComplete(self) -> bool:
        return bool(self.chosen())


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ShareWizard) -> None:
        super().__init__(wizard)
        self.share = wizard
        self.setTitle(self.tr("What leaves the vault"))
        self.included = QLabel(self)
        self.included.setWordWrap(True)
        self.withheld = QLabel(self)
        self.withheld.setWordWrap(True)
        self.problem = Banner(self, "warning")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("The package will carry:"), self))
        layout.addWidget(self.included)
        layout.addSpacing(8)
        layout.addWidget(self.withheld)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.preview: SharePreview | None = None

    def initializePage(self) -> None:
        from app.core.errors import MedVaultError
        from app.core.sharing.share import preview_share

        contents = self.share.contents_page
        self.problem.clear_message()
        self.preview = None
        try:
            self.preview = preview_share(self.share.session, self.share.patient_id,
                                         contents.chosen(), contents.since_text())
        except MedVaultError as exc:
            self.problem.show_message(error_text(exc), "warning")
            self.included.clear()
            self.withheld.clear()
            self.completeChanged.emit()
            return
        self.included.setText(_counts_text(self.preview.included))
        left_out = sum(self.preview.withheld.values())
        self.withheld.setText(self.tr(
            "Left out by the restriction rules: {0} restricted entries ({1}). They stay in "
            "the vault; a restricted entry leaves only when named on purpose, under an "
            "emergency-access grant (medvault share create --include-restricted).").format(
                left_out, ", ".join(_kind_words(k) for k in sorted(self.preview.withheld)))
            if left_out else self.tr("Nothing is left out by the restriction rules."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.preview is not None


class PurposePage(QWizardPage):
    def __init__(self, wizard: ShareWizard) -> None:
        from app.core.records.consent import Purpose
        from app.ui.chart.entry_form import choice_text

        super().__init__(wizard)
        self.share = wizard
        self.setTitle(self.tr("Why, and for how long?"))
        self.purpose = QComboBox(self)
        self.purpose.setAccessibleName(self.tr("Purpose"))
        for purpose in Purpose:
            self.purpose.addItem(choice_text(purpose.value), purpose.value)
        self.expires = QDateEdit(QDate.currentDate().addDays(30), self)
        self.expires.setCalendarPopup(True)
        self.expires.setDisplayFormat("yyyy-MM-dd")
        self.expires.setMinimumDate(QDate.currentDate().addDays(1))
        self.expires.setMaximumDate(QDate.currentDate().addDays(365))
        self.consent = Banner(self, "info")
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason for sharing without consent"))
        self.reason.setPlaceholderText(self.tr("Why this must go without the consent"))
        form = QFormLayout()
        form.addRow(self.tr("&Purpose:"), self.purpose)
        form.addRow(self.tr("&Expires:"), self.expires)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.consent)
        layout.addWidget(self.reason)
        layout.addWidget(hint(self.tr(
            "After it expires, MedVault refuses to import the package (unless the recipient "
            "gives a reason, which is recorded)."), self))
        layout.addStretch(1)
        self.purpose.currentIndexChanged.connect(self._check)
        self.reason.textChanged.connect(self.completeChanged)
        self.needs_reason = False

    def initializePage(self) -> None:
        from app.core.records.consent import Purpose

        # A passphrase is how a person takes their own record along; a contact, a referral.
        recipient = self.share.recipient_page
        wanted = Purpose.REFERRAL if recipient.to_contact.isChecked() \
            else Purpose.PATIENT_REQUEST
        self.purpose.setCurrentIndex(max(0, self.purpose.findData(wanted.value)))
        self._check()

    @Slot()
    def _check(self) -> None:
        from app.core.errors import MedVaultError
        from app.core.sharing.share import check_share_consent

        contact = self.share.recipient_page.chosen_contact()
        try:
            check = check_share_consent(
                self.share.session, self.share.patient_id,
                contact_id=contact.id if contact is not None else None,
                sections=self.share.contents_page.chosen(),
                purpose=str(self.purpose.currentData()))
        except MedVaultError as exc:
            self.needs_reason = True
            self.consent.show_message(error_text(exc), "warning")
        else:
            self.needs_reason = check.needs_reason
            if check.needs_reason:
                self.consent.show_message(check.message, "warning")
            elif contact is None:
                self.consent.show_message(self.tr(
                    "The person asked for their own record: no further consent is needed."),
                    "info")
            else:
                self.consent.show_message(self.tr("The patient's consent covers this."),
                                          "info")
        self.reason.setVisible(self.needs_reason)
        self.completeChanged.emit()

    def override_reason(self) -> str | None:
        return self.reason.text().strip() or None if self.needs_reason else None

    def isComplete(self) -> bool:
        return not self.needs_reason or bool(self.reason.text().strip())


class SavePage(QWizardPage):
    def __init__(self, wizard: ShareWizard) -> None:
        super().__init__(wizard)
        self.share = wizard
        self.setTitle(self.tr("Where should the package be saved?"))
        self.setSubTitle(self.tr("The file is encrypted: it can travel by e-mail, USB stick "
                                 "or a cloud folder."))
        self.path = QLineEdit(self)
        self.path.setAccessibleName(self.tr("Package file"))
        self.browse = QPushButton(self.tr("&Browse…"), self)
        self.browse.clicked.connect(self._browse)
        self.problem = Banner(self, "warning")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.path.textChanged.connect(self.completeChanged)

    def initializePage(self) -> None:
        if not self.path.text():
            documents = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation)
            folder = documents if documents and Path(documents).is_dir() else str(Path.home())
            name = f"share-{QDate.currentDate().toString('yyyy-MM-dd')}.medvault-share"
            self.path.setText(str(Path(folder) / name))

    def chosen(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    @Slot()
    def _browse(self) -> None:
        chosen = self.share.ctx.prompts.choose_save_file(
            self, self.tr("Save the sharing package"), self.chosen(), package_filter())
        if chosen is not None:
            self.path.setText(str(chosen))

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        from app.core.errors import MedVaultError
        from app.core.sharing.share import check_new_file

        try:
            check_new_file(self.chosen())
        except MedVaultError as exc:
            self.problem.show_message(error_text(exc), "warning")
            return False
        self.problem.clear_message()
        return True


class SummaryPage(QWizardPage):
    def __init__(self, wizard: ShareWizard) -> None:
        super().__init__(wizard)
        self.share = wizard
        self.setTitle(self.tr("Check, then create"))
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Create package"))

    def initializePage(self) -> None:
        w = self.share
        contact = w.recipient_page.chosen_contact()
        to = (contact.name + (" " + self.tr("(key verified)") if contact.key_verified
                              else " " + self.tr("(key NOT verified)"))
              if contact is not None else self.tr("anyone with the passphrase"))
        since = w.contents_page.since_text()
        preview = w.preview_page.preview
        reason = w.purpose_page.override_reason()
        lines = [
            self.tr("Record of: {0}").format(w.patient_name),
            self.tr("To: {0}").format(to),
            self.tr("Sections: {0}").format(", ".join(
                box.text() for box in w.contents_page.sections.values() if box.isChecked())),
            self.tr("Entries: all") if since is None
            else self.tr("Entries: recorded or changed since {0}").format(since),
            self.tr("Purpose: {0}").format(w.purpose_page.purpose.currentText()),
            self.tr("Expires: {0}").format(
                w.purpose_page.expires.date().toString("yyyy-MM-dd")),
            self.tr("Without consent, because: {0}").format(reason) if reason
            else self.tr("Consent: covered"),
            self.tr("Left out (restricted): {0}").format(
                sum(preview.withheld.values()) if preview else 0),
            self.tr("File: {0}").format(w.save_page.chosen()),
        ]
        self.text.setText("\n".join(lines))


class ProgressPage(QWizardPage):
    """Builds and writes the package on a worker; Cancel stops it at a safe point."""

    stopped = Signal()

    def __init__(self, wizard: ShareWizard) -> None:
        super().__init__(wizard)
        self.share = wizard
        self.setTitle(self.tr("Creating the package"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Progress"))
        self.banner = Banner(self, "alert")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        self.worker: Any = None
        self.final = False
        self.created: Any = None

    def initializePage(self) -> None:
        from app.core.sharing.share import save_share

        w = self.share
        contact = w.recipient_page.chosen_contact()
        phrase = None if contact is not None else w.recipient_page.passphrase.text()
        options = {"contact_id": contact.id if contact is not None else None,
                   "passphrase": phrase, "sections": w.contents_page.chosen(),
                   "since": w.contents_page.since_text(),
                   "purpose": str(w.purpose_page.purpose.currentData()),
                   "expires": w.purpose_page.expires.date().toString("yyyy-MM-dd"),
                   "override_reason": w.purpose_page.override_reason(),
                   "allow_unverified": w.recipient_page.allow_unverified.isChecked()}
        # The passphrase lives in the work's options only from here on.
        w.recipient_page.passphrase.clear()
        w.recipient_page.repeat.clear()
        out, session, patient_id = w.save_page.chosen(), w.session, w.patient_id
        self.final = False
        self.banner.clear_message()
        self.bar.setRange(0, 0)
        self.status.setText(self.tr("Collecting the record and encrypting it…"))
        self.worker = w.ctx.tasks.run(
            w, self.title(),
            lambda progress: save_share(session, patient_id, out, progress=progress,
                                        **options),
            on_done=self._done, on_failed=self._failed, cancellable=True,
            show_progress=False)
        self.worker.progress.connect(self._progress)
        self.completeChanged.emit()

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, text: str) -> None:
        from app.core.progress import FINAL

        self.bar.setRange(0, total)
        self.bar.setValue(done)
        if text == FINAL and not self.final:
            self.final = True
            self.status.setText(self.tr("Saving the file. This step cannot be stopped; it "
                                        "takes a moment."))

    def cancel(self) -> None:
        if self.worker is not None and not self.final:
            self.status.setText(self.tr("Cancelling at the next safe point…"))
            self.worker.cancel()

    def _done(self, created: Any) -> None:
        self.worker = None
        self.created = created
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        path = self.share.save_page.chosen()
        if created.recipient == "passphrase":
            text = self.tr("The package was saved to {0}. Give the file to the recipient, "
                           "and tell them the passphrase another way: by phone or in "
                           "person, never with the file.").format(str(path))
        else:
            text = self.tr("The package was saved to {0}. Only the recipient (and you) "
                           "can open it; send it any way you like.").format(str(path))
        self.status.setText(text)
        self.setTitle(self.tr("Package created"))
        # Nothing is left to cancel: Finish closes.
        self.share.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.completeChanged.emit()
        self.share.finished_sharing.emit()

    def _failed(self, message: str, exc: BaseException | None) -> None:
        from app.ui.workers import Cancelled

        self.worker = None
        if isinstance(exc, Cancelled):
            self.stopped.emit()
            return
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setText(self.tr("No package was created."))
        self.banner.show_message(message, "alert")
        self.completeChanged.emit()

    def busy(self) -> bool:
        return self.worker is not None

    def isComplete(self) -> bool:
        return self.created is not None or (self.worker is None and self.banner.isVisible())


class ShareWizard(QWizard):
    """See the module docstring."""

    #: A package was written (the pages listing shares refresh).
    finished_sharing = Signal()

    def __init__(self, ctx: UiContext, session: Session, patient_id: str,
                 parent: QWidget | None = None) -> None:
        from app.core.records.patients import get_patient

        super().__init__(parent)
        self.ctx, self.session, self.patient_id = ctx, session, patient_id
        patient = get_patient(session, patient_id)  # core checks access and audits the read
        self.patient_name = f"{patient.given} {patient.family}".strip()
        self.setWindowTitle(self.tr("Share {0}'s record").format(self.patient_name))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(640, 520)
        self.recipient_page = RecipientPage(self)
        self.contents_page = ContentsPage(self)
        self.preview_page = PreviewPage(self)
        self.purpose_page = PurposePage(self)
        self.save_page = SavePage(self)
        self.summary_page = SummaryPage(self)
        self.progress_page = ProgressPage(self)
        self.progress_page.stopped.connect(self._stopped)
        for page in (self.recipient_page, self.contents_page, self.preview_page,
                     self.purpose_page, self.save_page, self.summary_page,
                     self.progress_page):
            self.addPage(page)

    def reject(self) -> None:
        if self.progress_page.busy():
            # Stop at the next safe point; the wizard closes once it has (`stopped`). If
            # the file is already being saved, that finishes and the wizard stays open.
            self.progress_page.cancel()
            return
        self._forget()
        super().reject()

    def accept(self) -> None:
        self._forget()
        super().accept()

    @Slot()
    def _stopped(self) -> None:
        self._forget()
        super().reject()

    def _forget(self) -> None:
        self.recipient_page.passphrase.clear()
        self.recipient_page.repeat.clear()
