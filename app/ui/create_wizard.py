"""The create-a-vault wizard: kind, folder, (a personal vault's owner's own record), owner
and password, creation, recovery key.

Argon2 calibration and the creation itself run on a worker thread with progress. The
recovery key is shown once, on the last page, with "Print…" and "Save emergency kit as
PDF…"; Finish is enabled only after the person confirms they kept it. When the wizard
closes the key is dropped from every widget it was in.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
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

from app.ui.context import UiContext
from app.ui.core_messages import error_text
from app.ui.dialogs import offer_passphrase
from app.ui.icons import icon
from app.ui.widgets import Banner, PasswordEdit, StrengthMeter, hint
from app.ui.workers import Cancelled, Progress, Worker

if TYPE_CHECKING:
    from app.core.records.patients import PatientInput
    from app.core.vault import NewVault


def default_parent_folder() -> Path:
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "MedVault"


def folder_problem(path: Path) -> str | None:
    """Why a vault cannot be created at `path` (plain words), or None."""
    from PySide6.QtCore import QCoreApplication

    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        return QCoreApplication.translate(
            "create_wizard", "{path} already exists and is not empty. Choose another name."
        ).format(path=path)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    import os

    if not os.access(parent, os.W_OK):
        return QCoreApplication.translate(
            "create_wizard", "MedVault cannot write in {path}. Choose another folder."
        ).format(path=parent)
    return None


class KindPage(QWizardPage):
    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("What kind of vault?"))
        self.practice = QRadioButton(self.tr("&Practice vault — several staff, each with their "
                                             "own sign-in and role"), self)
        self.personal = QRadioButton(self.tr("P&ersonal vault — my own and my family's "
                                             "records"), self)
        (self.personal if kind == "personal" else self.practice).setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.practice)
        layout.addWidget(self.personal)
        layout.addWidget(hint(self.tr(
            "A practice vault locks itself after 5 idle minutes and can require an "
            "authenticator app for staff. A personal vault has one user, you; family "
            "members are added as patients."), self))
        layout.addStretch(1)

    def kind(self) -> str:
        return "personal" if self.personal.isChecked() else "practice"


class FolderPage(QWizardPage):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(self.tr("Where should the vault live?"))
        self.setSubTitle(self.tr("The vault is a folder of encrypted files. Back it up like "
                                 "any other folder."))
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Vault name"))
        self.location = QLineEdit(str(default_parent_folder()), self)
        self.location.setAccessibleName(self.tr("Folder that will hold the vault"))
        self.browse = QPushButton(self.tr("&Browse…"), self)
        self.browse.clicked.connect(self._browse)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        self.problem = Banner(self, "warning")
        row = QHBoxLayout()
        row.addWidget(self.location, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.tr("Vault &name:"), self.name)
        # A label added next to a layout gets no buddy; without one it shows its "&" and
        # Alt+S does nothing. The buddy is the folder field.
        save_label = QLabel(self.tr("&Save it in:"), self)
        save_label.setBuddy(self.location)
        form.addRow(save_label, row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.name.textChanged.connect(self._update)
        self.location.textChanged.connect(self._update)

    def initializePage(self) -> None:
        wizard = self.wizard()
        if not self.name.text() and isinstance(wizard, CreateVaultWizard):
            self.name.setText(self.tr("My health records") if wizard.kind() == "personal"
                              else self.tr("Practice vault"))
        self._update()

    def path(self) -> Path:
        return Path(self.location.text().strip()).expanduser() / self.name.text().strip()

    @Slot()
    def _browse(self) -> None:
        chosen = self.ctx.prompts.choose_directory(self, self.tr("Save the vault in"),
                                                   Path(self.location.text()))
        if chosen is not None:
            self.location.setText(str(chosen))

    @Slot()
    def _update(self) -> None:
        self.problem.clear_message()
        self.result.setText(self.tr("The vault will be the folder {path}").format(
            path=self.path()) if self.isComplete() else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        name = self.name.text().strip()
        return bool(name) and bool(self.location.text().strip()) and not any(
            ch in name for ch in "/\\")

    def validatePage(self) -> bool:
        problem = folder_problem(self.path())
        if problem:
            self.problem.show_message(problem, "warning")
            return False
        return True

    def nextId(self) -> int:
        # A personal vault asks who its owner is (their own record) before the sign-in.
        wizard = self.wizard()
        if isinstance(wizard, CreateVaultWizard):
            shown = wizard.about_page if wizard.kind() == "personal" else wizard.owner_page
            return next(i for i in wizard.pageIds() if wizard.page(i) is shown)
        return super().nextId()


class AboutYouPage(QWizardPage):
    """Personal vaults: the owner's own record, filed with the vault, so the owner does
    not add themselves again as a person afterwards."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("About you"))
        self.setSubTitle(self.tr("This vault keeps your own health records and your "
                                 "family's. Your own record starts with these details; "
                                 "you can add more later."))
        self.given = QLineEdit(self)
        self.given.setAccessibleName(self.tr("Your given name"))
        self.family = QLineEdit(self)
        self.family.setAccessibleName(self.tr("Your family name"))
        self.birth_date = QLineEdit(self)
        self.birth_date.setAccessibleName(self.tr("Your birth date"))
        self.birth_date.setPlaceholderText(self.tr("YYYY-MM-DD or DD.MM.YYYY"))
        self.problem = Banner(self, "warning")
        form = QFormLayout()
        form.addRow(self.tr("&Given name:"), self.given)
        form.addRow(self.tr("F&amily name:"), self.family)
        form.addRow(self.tr("Birth &date:"), self.birth_date)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(hint(self.tr(
            "Only you see these: they are stored encrypted in the vault, like every "
            "record."), self))
        layout.addStretch(1)
        for field in (self.given, self.family):
            field.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.given.text().strip() or self.family.text().strip())

    def own_record(self) -> PatientInput:
        from app.core.records.patients import PatientInput

        return PatientInput(family=self.family.text(), given=self.given.text(),
                            birth_date=self.birth_date.text().strip() or None)

    def validatePage(self) -> bool:
        # Core's rules (names, a real birth date), checked before the password is asked.
        from app.core.errors import MedVaultError
        from app.core.records.patients import validate

        try:
            validate(self.own_record())
        except MedVaultError as exc:
            self.problem.show_message(error_text(exc), "warning")
            return False
        self.problem.clear_message()
        return True


class OwnerPage(QWizardPage):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your sign-in"))
        self.setSubTitle(self.tr("You are the vault's owner. Choose a password you can "
                                 "remember: nobody, not even MedVault, can read it back. "
                                 "The recovery key on the next page is the only way to "
                                 "set a new one if you forget it."))
        from app.core.policy import load_policy

        self.policy = load_policy()
        from app.core.vault_settings import clipboard_seconds

        # A passphrase copied here is cleared within what the machine policy allows.
        ctx.clipboard.set_clear_after_ms(1000 * clipboard_seconds(None, self.policy.policy))
        self.user = QLineEdit(self)
        self.user.setAccessibleName(self.tr("Your user name"))
        self.user.setMaxLength(64)
        self.full_name = QLineEdit(self)
        self.full_name.setAccessibleName(self.tr("Your full name"))
        self.password = PasswordEdit(self.tr("Password"), self)
        self.repeat = PasswordEdit(self.tr("Repeat the password"), self)
        self.meter = StrengthMeter(self, min_length=self.policy.policy.min_password_length)
        self.mismatch = QLabel(self)
        self.workstation = QCheckBox(self.tr(
            "Also tie my sign-in to this computer's &keychain (workstation factor)"), self)
        self.workstation_note = QLabel(self)
        self.workstation_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.user)
        form.addRow(self.tr("&Full name:"), self.full_name)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("&Repeat it:"), self.repeat)
        self.offer = offer_passphrase(
            self, ctx.clipboard, form, self.password, self.repeat,
            min_length=self.policy.policy.min_password_length,
            context=lambda: [self.user.text(), self.vault_name()])
        form.addRow("", self.meter)
        form.addRow("", self.mismatch)
        form.addRow("", self.workstation)
        form.addRow("", self.workstation_note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for field in (self.user, self.password, self.repeat):
            field.textChanged.connect(self._update)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Create vault"))

    def initializePage(self) -> None:
        from app.core.workstation import WorkstationKeychain

        wizard = self.wizard()
        if isinstance(wizard, CreateVaultWizard) and wizard.kind() == "personal" \
                and not self.full_name.text().strip():
            about = wizard.about_page
            self.full_name.setText(" ".join(
                f"{about.given.text()} {about.family.text()}".split()))

        mode = self.policy.policy.workstation_factor
        available = WorkstationKeychain().available()
        self.workstation.setVisible(mode != "disabled")
        self.workstation.setEnabled(available and mode == "allowed")
        self.workstation.setChecked(mode == "required")
        if mode == "required":
            self.workstation_note.setText(self.tr("The machine policy requires it."))
        elif not available:
            self.workstation_note.setText(self.tr(
                "Unavailable: this computer has no keychain MedVault can use."))
        else:
            self.workstation_note.setText("")
        self._update()

    def vault_name(self) -> str:
        wizard = self.wizard()
        return wizard.folder_page.name.text().strip() if isinstance(
            wizard, CreateVaultWizard) else ""

    @Slot()
    def _update(self) -> None:
        self.meter.context = [self.user.text(), self.vault_name()]
        self.meter.assess(self.password.text())
        same = self.password.text() == self.repeat.text()
        self.mismatch.setText("" if same or not self.repeat.text()
                              else self.tr("The two passwords are not the same."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return (bool(self.user.text().strip()) and self.meter.acceptable()
                and self.password.text() == self.repeat.text())


class CreatePage(QWizardPage):
    """Calibrates Argon2 and creates the vault on a worker thread."""

    #: Cancel stopped the work before anything was written.
    stopped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Creating your vault"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Progress"))
        self.banner = Banner(self, "alert")
        self.retry = QPushButton(self.tr("&Try again"), self)
        self.retry.clicked.connect(self._start)
        self.retry.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.worker: Worker | None = None
        self.cancelling = False
        self.final = False
        self._request: dict[str, object] = {}

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, CreateVaultWizard)
        owner = wizard.owner_page
        self._request = {
            "path": wizard.folder_page.path(), "kind": wizard.kind(),
            "owner": owner.user.text().strip(), "full_name": owner.full_name.text().strip(),
            "password": owner.password.text(), "vault_name": wizard.folder_page.name.text()
            .strip(), "workstation": owner.workstation.isChecked(),
            "own_record": wizard.about_page.own_record() if wizard.kind() == "personal"
            else None}
        # From here on the password lives only in this request, dropped once created.
        owner.password.wipe()
        owner.repeat.wipe()
        owner.offer.wipe()
        self._start()

    @Slot()
    def _start(self) -> None:
        request = self._request
        self.cancelling = False
        self.final = False
        self.banner.clear_message()
        self.retry.hide()
        self.bar.setRange(0, 0)
        self.status.setText(self.tr("Starting…"))

        measuring = self.tr("Measuring this computer to set how hard your password is to "
                            "guess (about a second)…")
        creating = self.tr("Creating the encrypted vault…")

        def work(progress: Progress) -> NewVault:
            from app.core.policy import load_policy
            from app.core.vault import create_vault, initial_kdf_params

            # One bar over both stages: three timed derivations, then two creation steps.
            # Calling `progress` also stops the work there once Cancel was pressed.
            policy = load_policy()
            params = initial_kdf_params(
                policy, progress=lambda done, _total, _text: progress(done, 5, measuring))
            return create_vault(
                Path(str(request["path"])), owner_name=str(request["owner"]),
                password=str(request["password"]),
                kind="personal" if request["kind"] == "personal" else "practice",
                policy=policy, full_name=str(request["full_name"]),
                vault_name=str(request["vault_name"]), kdf=params,
                use_workstation=bool(request["workstation"]),
                own_record=request["own_record"],  # type: ignore[arg-type]
                progress=lambda done, _total, stage: progress(3 + done, 5, stage or creating))

        worker = Worker(work, self)
        self.worker = worker
        worker.progress.connect(self._progress)
        worker.finished.connect(self._done)
        worker.failed.connect(self._failed)
        worker.start()
        self.completeChanged.emit()

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, text: str) -> None:
        from app.core.progress import FINAL

        self.bar.setRange(0, total)
        self.bar.setValue(done)
        if text == FINAL:
            # The vault is being written now: Cancel can no longer stop it.
            self.final = True
            text = self.tr("Writing the vault. This step cannot be stopped; it takes a "
                           "moment.")
        if not self.cancelling:
            self.status.setText(text)

    def cancel(self) -> None:
        """Stop at the next safe point; `stopped` follows if it did. Once the vault is being
        written there is no safe point left, and creation finishes."""
        if self.worker is not None and not self.final:
            self.cancelling = True
            self.status.setText(self.tr("Cancelling…"))
            self.worker.cancel()

    @Slot(object)
    def _done(self, created: NewVault) -> None:
        self.worker = None
        self._request.pop("password", None)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status.setText(self.tr("Your vault is ready at {path}.").format(path=created.path))
        wizard = self.wizard()
        if isinstance(wizard, CreateVaultWizard):
            wizard.new_vault = created
        self.completeChanged.emit()
        if isinstance(wizard, CreateVaultWizard):
            wizard.next()

    @Slot(str)
    def _failed(self, message: str) -> None:
        worker, self.worker = self.worker, None
        if worker is not None and isinstance(worker.error, Cancelled):
            self._request.pop("password", None)
            self.stopped.emit()
            return
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setText(self.tr("The vault was not created."))
        self.banner.show_message(message, "alert")
        self.retry.show()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        wizard = self.wizard()
        return isinstance(wizard, CreateVaultWizard) and wizard.new_vault is not None

    def busy(self) -> bool:
        return self.worker is not None


class RecoveryKeyPage(QWizardPage):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setTitle(self.tr("Your recovery key"))
        self.setSubTitle(self.tr("This is shown once. Print it or save the emergency kit now."))
        self.explanation = hint(self.tr(
            "If you ever forget your password, this key is the only way back into the "
            "vault: “Forgot your password?” on the unlock screen asks for it and sets a new "
            "password. Anyone who has it and a copy of the vault can open the vault, so keep "
            "it on paper, somewhere safe, away from this computer."), self)
        from app.ui.recovery_key_view import RecoveryKeyView

        self.view = RecoveryKeyView(ctx, self, document=self._document,
                                    file_name=self._file_name)
        # The page's own names for the view's parts (tests and the screen renderer use them).
        self.key, self.saved = self.view.key, self.view.saved
        self.print_button, self.pdf_button = self.view.print_button, self.view.pdf_button
        self.confirm = QCheckBox(self.tr(
            "I have &printed or saved my recovery key and will keep it somewhere safe."), self)
        self.confirm.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.view)
        layout.addStretch(1)
        layout.addWidget(self.confirm)

    def _created(self) -> NewVault | None:
        wizard = self.wizard()
        return wizard.new_vault if isinstance(wizard, CreateVaultWizard) else None

    def initializePage(self) -> None:
        created = self._created()
        self.view.set_key(created.recovery_key if created else "")

    def isComplete(self) -> bool:
        return self.confirm.isChecked()

    def _file_name(self) -> str:
        created = self._created()
        return f"MedVault emergency kit - {created.path.name if created else ''}"

    def _document(self) -> QTextDocument:
        from app.ui.emergency_kit import kit_document

        created = self._created()
        wizard = self.wizard()
        assert created is not None and isinstance(wizard, CreateVaultWizard)
        return kit_document(vault_name=wizard.folder_page.name.text().strip(),
                            vault_path=created.path, owner=wizard.owner_page.user.text(),
                            recovery_key=created.recovery_key,
                            created=datetime.now().strftime("%Y-%m-%d %H:%M"))

    @Slot()
    def print_kit(self) -> None:
        self.view.print_kit()

    @Slot()
    def save_pdf(self) -> None:
        self.view.save_pdf()

    def forget(self) -> None:
        self.view.set_key("")


class CreateVaultWizard(QWizard):
    #: The vault exists at this path, with this owner name.
    created = Signal(Path, str)

    def __init__(self, ctx: UiContext, kind: str | None = None,
                 parent: QWidget | None = None) -> None:
        """``kind``: "practice" or "personal" when the person already chose it (the
        welcome window's two buttons), so the wizard opens on the folder page; None asks."""
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Create a vault — MedVault"))
        self.setWindowIcon(icon("medvault"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.resize(680, 560)
        self.new_vault: NewVault | None = None
        self.kind_page = KindPage(kind or "practice", self)
        self.folder_page = FolderPage(ctx, self)
        self.about_page = AboutYouPage(self)
        self.owner_page = OwnerPage(ctx, self)
        self.create_page = CreatePage(self)
        self.create_page.stopped.connect(self._stopped)
        self.recovery_page = RecoveryKeyPage(ctx, self)
        for page in (self.kind_page, self.folder_page, self.about_page, self.owner_page,
                     self.create_page, self.recovery_page):
            self.addPage(page)
        if kind is not None:
            # Asking again what was just clicked is a needless step, but the kind page
            # stays in the history, so Back can still change it.
            self.restart()
            self.next()

    def kind(self) -> str:
        return self.kind_page.kind()

    def accept(self) -> None:
        created = self.new_vault
        self._forget()
        super().accept()
        if created is not None:
            self.created.emit(created.path, self.owner_page.user.text().strip())

    def reject(self) -> None:
        if self.create_page.busy():
            # Stop at the next safe point, then close (via `stopped`). If the vault was
            # already being written, creation finishes and the recovery key is shown.
            self.create_page.cancel()
            return
        if self.new_vault is not None and not self.ctx.prompts.confirm(
                self, self.tr("Close without keeping the key?"), self.tr(
                    "Your vault was created, but this is the only time the recovery key is "
                    "shown. Without it, a forgotten password cannot be replaced. Close "
                    "anyway?"), yes_text=self.tr("Close anyway"), danger=True):
            return
        created = self.new_vault
        self._forget()
        super().reject()
        if created is not None:
            self.created.emit(created.path, self.owner_page.user.text().strip())

    @Slot()
    def _stopped(self) -> None:
        self._forget()
        super().reject()

    def _forget(self) -> None:
        if self.new_vault is not None:
            self.new_vault.recovery_key = ""
        self.new_vault = None
        self.recovery_page.forget()
