"""My record: a personal vault's page about its owner — their own chart in brief, their
export, the packages they shared.

The page is a column of sections, each a `MyRecordSection`. To add one (appointments,
say), write a `MyRecordSection` subclass and append its class to `MY_RECORD_SECTIONS`
(or pass ``sections=`` when building the page in a test); the page builds it, gives it the
session and the owner's record id after each unlock and whenever the record changes, and
clears it on lock. A section asks core for everything it shows, as every page does.

Which person is the owner is core's (`app.core.records.own_record`): chosen when the vault
is created, or here for vaults made before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TR_NOOP, QCoreApplication, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.pages import SessionPage
from app.ui.widgets import configure_table, hint

if TYPE_CHECKING:
    from app.core.session import Session
    from app.ui.context import UiContext


class MyRecordSection(QGroupBox):
    """One part of the My record page (see the module docstring)."""

    #: Emitted when the section changed the vault (the page tells the other pages).
    changed = Signal()

    def __init__(self, page: MyRecordPage) -> None:
        super().__init__(page)
        self.page = page
        self.ctx = page.ctx
        self.setTitle(self.title())

    def title(self) -> str:
        raise NotImplementedError

    def visible_for(self, session: Session) -> bool:
        """Whether the signed-in user sees this section; ask core (`session.allowed`)."""
        return True

    def show_record(self, session: Session, patient_id: str | None) -> None:
        """Show what belongs to the owner's record (None: no own record chosen yet)."""

    def clear(self) -> None:
        """Forget everything shown from the vault (called on lock)."""


class MeSection(MyRecordSection):
    """Who the owner is, their chart in brief, and a way into the full chart. A vault made
    before own records existed chooses or adds the owner here."""

    def title(self) -> str:
        return self.tr("About me")

    def __init__(self, page: MyRecordPage) -> None:
        super().__init__(page)
        self.name = QLabel(self)
        self.name.setObjectName("myName")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name.setFont(font)
        self.born = QLabel(self)
        self.brief = QLabel(self)
        self.brief.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open my &chart"), self)
        self.open_button.clicked.connect(self._open_chart)
        self.missing = hint(self.tr(
            "Which person in this vault are you? Add your own details, or choose yourself "
            "among the people already here. Nothing else changes: you can still open "
            "everyone's records."), self)
        self.add_button = QPushButton(self.tr("&Add my details…"), self)
        self.add_button.clicked.connect(self._add_me)
        self.people = QComboBox(self)
        self.people.setAccessibleName(self.tr("People in this vault"))
        self.choose_button = QPushButton(self.tr("This is &me"), self)
        self.choose_button.clicked.connect(self._choose_me)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        choose = QHBoxLayout()
        choose.addWidget(self.add_button)
        choose.addWidget(self.people, 1)
        choose.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.born)
        layout.addWidget(self.brief)
        layout.addLayout(row)
        layout.addWidget(self.missing)
        layout.addLayout(choose)
        self._patient_id: str | None = None
        self.dialog: QWidget | None = None
        self.clear()

    def show_record(self, session: Session, patient_id: str | None) -> None:
        from app.core.records.chart import open_chart
        from app.core.records.patients import list_patients

        self._patient_id = patient_id
        known = patient_id is not None
        for shown in (self.name, self.born, self.brief, self.open_button):
            shown.setVisible(known)
        for choice in (self.missing, self.add_button, self.people, self.choose_button):
            choice.setVisible(not known)
        if patient_id is None:
            self.people.clear()
            for person in list_patients(session, limit=200):
                born = f" · {person.birth_date}" if person.birth_date else ""
                self.people.addItem(person.display_name + born, person.id)
            self.choose_button.setEnabled(self.people.count() > 0)
            self.people.setEnabled(self.people.count() > 0)
            return
        chart = open_chart(session, patient_id)  # audited: the owner opened their chart
        patient = chart.patient
        self.name.setText(f"{patient.given} {patient.family}".strip())
        self.born.setText(self.tr("Born {0}").format(patient.birth_date)
                          if patient.birth_date else self.tr("Birth date not recorded"))
        allergies = [e.data.code.text for e in chart.allergies]
        self.brief.setText("\n".join([
            self.tr("Allergies: {0}").format(", ".join(allergies) if allergies
                                             else self.tr("none recorded")),
            self.tr("Problems: {0} · Medications: {1} · Notes: {2} · Documents: {3} · "
                    "Measurements: {4}").format(
                len(chart.conditions), len(chart.medications), len(chart.notes),
                len(chart.documents), chart.observation_count)]))

    def clear(self) -> None:
        self._patient_id = None
        self.name.clear()
        self.born.clear()
        self.brief.clear()
        self.people.clear()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None

    @Slot()
    def _open_chart(self) -> None:
        if self._patient_id is not None:
            self.page.open_patient_requested.emit(self._patient_id)

    @Slot()
    def _choose_me(self) -> None:
        from app.core.records.own_record import set_own_record

        session, chosen = self.page.session, self.people.currentData()
        if session is None or chosen is None:
            return
        with self.page.reporting():
            set_own_record(session, str(chosen))
            self.changed.emit()

    @Slot()
    def _add_me(self) -> None:
        from app.ui.patient_dialog import PatientDialog

        session = self.page.session
        if session is None:
            return
        dialog = PatientDialog(self, personal=True)
        dialog.setWindowTitle(self.tr("My details"))

        def submit() -> None:
            from app.core.records.own_record import create_own_record
            from app.core.records.patients import PossibleDuplicate

            active = self.page.session
            if active is None:
                from app.core.session import SessionClosed

                raise SessionClosed()
            try:
                create_own_record(active, dialog.patient_input(),
                                  not_a_duplicate=dialog.duplicates.different.isChecked())
            except PossibleDuplicate as exc:
                dialog.duplicates.show_candidates(exc.candidates)
                raise

        def choose_existing() -> None:
            # "That is me" among the possible duplicates: no second record.
            from app.core.records.own_record import set_own_record

            chosen, active = dialog.duplicates.chosen(), self.page.session
            if chosen is not None and active is not None:
                with self.page.reporting():
                    set_own_record(active, chosen)
                    dialog.done(1)

        dialog.duplicates.open_button.clicked.connect(choose_existing)

        def finished(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
            if result:
                self.changed.emit()

        dialog.submit = submit
        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()


class ExportSection(MyRecordSection):
    """The owner's copy of their data (GDPR Art. 15/20): their record, or the whole vault,
    as one encrypted file."""

    def title(self) -> str:
        return self.tr("My export")

    def visible_for(self, session: Session) -> bool:
        return session.allowed(Operation.EXPORT_PATIENT)

    def __init__(self, page: MyRecordPage) -> None:
        from app.ui.sharing_dialogs import ExportTarget

        super().__init__(page)
        self.only_me = QRadioButton(self.tr("My record only"), self)
        self.everything = QRadioButton(self.tr("Everything in this vault (me and my family)"),
                                       self)
        self.only_me.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.only_me)
        group.addButton(self.everything)
        self.target = ExportTarget(self)
        self.export_button = QPushButton(self.tr("&Export…"), self)
        self.export_button.clicked.connect(self.export)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "One encrypted file with the records as FHIR, every document in its original "
            "format, who opened the records and the consents: your copy to keep, or to take "
            "to another app."), self))
        scope = QHBoxLayout()
        scope.addWidget(self.only_me)
        scope.addWidget(self.everything)
        scope.addStretch(1)
        layout.addLayout(scope)
        layout.addWidget(self.target)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._patient_id: str | None = None

    def show_record(self, session: Session, patient_id: str | None) -> None:
        self._patient_id = patient_id
        self.only_me.setEnabled(patient_id is not None)
        self.everything.setVisible(session.allowed(Operation.EXPORT_ALL))
        if patient_id is None:
            self.everything.setChecked(True)

    def clear(self) -> None:
        self._patient_id = None
        self.target.clear()

    @Slot()
    def export(self) -> None:
        from app.core.sharing.export import export_vault

        whole = self.everything.isChecked() or self._patient_id is None
        patient_id = None if whole else self._patient_id
        target = self.target.chosen()
        if isinstance(target, str):
            self.page.show_error(target)
            return
        key, phrase = target
        name = "my-vault.medvault-export" if whole else "my-record.medvault-export"
        path = self.ctx.prompts.choose_save_file(
            self, self.tr("Save the export"), Path.home() / name,
            self.tr("MedVault export (*.medvault-export);;All files (*)"))
        if path is None:
            return

        def done(result: Any) -> None:
            self.target.clear()
            self.ctx.prompts.inform(self, self.tr("Export made"), self.tr(
                "The export was written to {0}.").format(str(result.path)))

        self.page.run_measured_task(
            self.tr("Exporting…"),
            lambda session, progress: export_vault(
                session, path, patient_id=patient_id, everything=whole,
                recipients=[key] if key else None, passphrase=phrase, progress=progress),
            on_done=done, cancellable=True)


_SHARE_COLUMNS = (QT_TR_NOOP("Sent"), QT_TR_NOOP("To"), QT_TR_NOOP("Purpose"),
                  QT_TR_NOOP("Expires"), QT_TR_NOOP("Sections"))


class SharesSection(MyRecordSection):
    """The packages made of the owner's record, and a way to share it."""

    def title(self) -> str:
        return self.tr("My shares")

    def visible_for(self, session: Session) -> bool:
        return session.allowed(Operation.EXPORT_PATIENT)

    def __init__(self, page: MyRecordPage) -> None:
        super().__init__(page)
        self.table = QTableWidget(0, len(_SHARE_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("", str(c)) for c in _SHARE_COLUMNS])
        self.table.setAccessibleName(self.tr("Packages shared from my record"))
        configure_table(self.table)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMinimumHeight(120)
        self.empty = QLabel(self.tr("Nothing shared yet."), self)
        self.share_button = QPushButton(self.tr("&Share my record…"), self)
        self.share_button.clicked.connect(self.share)
        row = QHBoxLayout()
        row.addWidget(self.share_button)
        row.addWidget(self.empty, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "An encrypted, signed package of the parts you choose, for a new doctor or a "
            "specialist. It opens only for them (or with the passphrase you give them) and "
            "stops opening on the day it expires."), self))
        layout.addLayout(row)
        layout.addWidget(self.table)
        self._patient_id: str | None = None

    def show_record(self, session: Session, patient_id: str | None) -> None:
        from app.core.sharing.share import CLINICAL_SECTIONS, sent_shares

        self._patient_id = patient_id
        self.share_button.setEnabled(patient_id is not None)
        self.table.setRowCount(0)
        if patient_id is None:
            self.empty.setText(self.tr("Choose who you are above to share your record."))
            return
        shares = sent_shares(session, patient_id)
        self.empty.setText("" if shares else self.tr("Nothing shared yet."))
        self.table.setRowCount(len(shares))
        for row, share in enumerate(shares):
            recipient = (self.tr("anyone with the passphrase")
                         if share.recipient == "passphrase" else share.recipient)
            every = set(CLINICAL_SECTIONS) - {"demographics"}
            sections = (self.tr("everything") if set(share.sections) >= every
                        else ", ".join(_section_words(s) for s in share.sections))
            values = (share.created[:16].replace("T", " "), recipient,
                      _section_words(share.purpose), share.expires[:10], sections)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()

    def clear(self) -> None:
        self._patient_id = None
        self.table.setRowCount(0)

    @Slot()
    def share(self) -> None:
        if self._patient_id is not None:
            self.page.share_requested.emit(self._patient_id)


def _section_words(name: str) -> str:
    from app.ui.chart.entry_form import choice_text

    return choice_text(name)


#: The page's sections, in order. Append a `MyRecordSection` subclass to add one.
MY_RECORD_SECTIONS: list[Callable[[MyRecordPage], MyRecordSection]] = [
    MeSection, ExportSection, SharesSection]


class MyRecordPage(SessionPage):
    """A personal vault's own page (hidden in practice vaults)."""

    operation = Operation.PATIENT_READ
    icon_name = "chart"

    #: The owner asked to open their chart (the main window shows it on the People page).
    open_patient_requested = Signal(str)
    #: The owner asked to share their record (the main window opens the Share wizard).
    share_requested = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 sections: list[Callable[[MyRecordPage], MyRecordSection]] | None = None
                 ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("myRecordPage")
        self.sections = [make(self) for make in (sections if sections is not None
                                                  else MY_RECORD_SECTIONS)]
        body = QWidget(self)
        column = QVBoxLayout(body)
        for section in self.sections:
            section.changed.connect(self._on_section_changed)
            column.addWidget(section)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.own_record_id: str | None = None
        self._stale = True

    def title(self) -> str:
        return self.tr("My record")

    def visible_for(self, session: Session) -> bool:
        return session.vault.file.kind == "personal" and super().visible_for(session)

    def set_session(self, session: Session) -> None:
        self._session = session
        self._stale = True
        for section in self.sections:
            section.setVisible(section.visible_for(session))
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Reading the chart is an audited read: done when the owner looks, not at every
        # unlock while another page is shown.
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        from app.core.records.own_record import own_record_id

        session = self.session
        if session is None:
            return
        if not self.isVisible():
            # Another page changed the vault: read again when the owner looks.
            self._stale = True
            return
        self._stale = False
        with self.reporting():
            self.own_record_id = own_record_id(session)
            for section in self.sections:
                if section.isVisibleTo(self):
                    section.show_record(session, self.own_record_id)

    def clear_view(self) -> None:
        self.own_record_id = None
        self._stale = True
        for section in self.sections:
            section.clear()

    @Slot()
    def _on_section_changed(self) -> None:
        self.refresh()
        self.vault_changed.emit()
