"""New patient and Edit details: one form over core's `PatientInput`.

The form collects; core validates (names, dates, e-mail, a unique MRN) and its message
appears in the dialog, which keeps everything typed.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.records.patients import (
    Address,
    EmergencyContact,
    Patient,
    PatientInput,
    PatientSummary,
)
from app.ui.chart.common import FormDialog
from app.ui.dates import DateField, date_text


class DuplicatePanel(QWidget):
    """Shown when core finds someone like the new patient: the candidates, a way to open
    one instead, and an explicit "different person" box to add anyway."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatePanel")
        self.candidates = QListWidget(self)
        self.candidates.setAccessibleName(self.tr("Possible duplicates"))
        self.candidates.setMaximumHeight(110)
        self.open_button = QPushButton(self.tr("&Open this record instead"), self)
        self.different = QCheckBox(self.tr("This is a &different person: add anyway"), self)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.different, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.candidates)
        layout.addLayout(row)
        self.candidates.itemDoubleClicked.connect(lambda _i: self.open_button.click())
        self.hide()

    def show_candidates(self, candidates: list[PatientSummary]) -> None:
        self.candidates.clear()
        for c in candidates:
            facts = [date_text(c.birth_date), self.tr("MRN {mrn}").format(mrn=c.mrn) if c.mrn
                     else ""]
            text = " · ".join([c.display_name, *[f for f in facts if f]])
            if c.masked:
                text += " · " + self.tr("restricted")
            item = QListWidgetItem(text, self.candidates)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
        self.candidates.setCurrentRow(0)
        self.different.setChecked(False)
        self.show()

    def chosen(self) -> str | None:
        item = self.candidates.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


class PatientDialog(FormDialog):
    SEXES = ("female", "male", "other", "unknown")

    def __init__(self, parent: QWidget | None, *, patient: Patient | None = None,
                 offer_restricted: bool = True, personal: bool = False) -> None:
        """`personal`: a personal vault's wording (a person, not a patient) and no record
        number or restricted-record box, which belong to a practice (issue 15)."""
        if personal:
            title = self.tr("New person") if patient is None else self.tr("Edit details")
            action = self.tr("Add person") if patient is None else self.tr("Save")
        else:
            title = self.tr("New patient") if patient is None else \
                self.tr("Edit patient details")
            action = self.tr("Add patient") if patient is None else self.tr("Save")
        super().__init__(parent, title, action)
        self.setObjectName("patientDialog")
        self.original = patient

        def line(name: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(self)
            edit.setAccessibleName(name)
            if placeholder:
                edit.setPlaceholderText(placeholder)
            return edit

        self.family = line(self.tr("Family name"))
        self.given = line(self.tr("Given names"))
        # In the user's date format, or from a calendar (app/ui/dates.py).
        self.birth_date = DateField(self, self.tr("Birth date"))
        self.sex = QComboBox(self)
        self.sex.setAccessibleName(self.tr("Sex (administrative)"))
        self.sex.addItem("", None)
        for value, label in zip(self.SEXES, (self.tr("Female"), self.tr("Male"),
                                             self.tr("Other"), self.tr("Unknown")),
                                strict=True):
            self.sex.addItem(label, value)
        self.gender = line(self.tr("Gender identity"), self.tr("in the person's own words"))
        self.mrn = line(self.tr("MRN"), self.tr("medical record number"))
        self.phone = line(self.tr("Phone"))
        self.email = line(self.tr("E-mail"))
        self.street = line(self.tr("Street address"))
        self.postal_code = line(self.tr("Postal code"))
        self.city = line(self.tr("City"))
        self.country = line(self.tr("Country"))
        self.contact_name = line(self.tr("Emergency contact"))
        self.contact_relationship = line(self.tr("Relationship"))
        self.contact_phone = line(self.tr("Emergency contact phone"))
        self.restricted = QCheckBox(self.tr("Restricted record"), self)
        self.restricted.setAccessibleName(self.tr("Restricted record"))
        # The why on a line of its own that wraps: in a check box's own text it was cut off
        # in German at 1024 pixels.
        self.restricted_hint = QLabel(self.tr("For staff, public figures and others whose "
                                              "record colleagues should not browse: opening "
                                              "it needs a reason."), self)
        self.restricted_hint.setWordWrap(True)
        self.restricted.setAccessibleDescription(self.restricted_hint.text())

        rows = ((self.tr("&Family name *"), self.family), (self.tr("&Given names *"), self.given),
                (self.tr("&Birth date"), self.birth_date), (self.tr("&Sex"), self.sex),
                (self.tr("Gender &identity"), self.gender), (self.tr("&MRN"), self.mrn),
                (self.tr("&Phone"), self.phone), (self.tr("&E-mail"), self.email),
                (self.tr("Street &address"), self.street),
                (self.tr("Postal &code"), self.postal_code), (self.tr("Ci&ty"), self.city),
                (self.tr("Co&untry"), self.country),
                (self.tr("Emergency &contact"), self.contact_name),
                (self.tr("Relations&hip"), self.contact_relationship),
                (self.tr("Contact p&hone"), self.contact_phone))
        for label, widget in rows:
            if personal and widget is self.mrn and not (patient and patient.mrn):
                widget.hide()  # a family's own vault has no record numbers to type
                continue
            self.form.addRow(label, widget)
        if offer_restricted and not (personal and not (patient and patient.restricted)):
            self.form.addRow("", self.restricted)
            self.form.addRow("", self.restricted_hint)
        else:
            self.restricted.hide()
            self.restricted_hint.hide()
        self.duplicates = DuplicatePanel(self)
        self.layout_.insertWidget(1, self.duplicates)
        if patient is not None:
            self._fill(patient)
        self.family.setFocus()

    def _fill(self, p: Patient) -> None:
        self.family.setText(p.family)
        self.given.setText(p.given)
        self.birth_date.set_iso(p.birth_date)
        self.sex.setCurrentIndex(max(0, self.sex.findData(p.sex)))
        self.gender.setText(p.gender or "")
        self.mrn.setText(p.mrn or "")
        self.phone.setText(p.phone or "")
        self.email.setText(p.email or "")
        if p.address is not None:
            self.street.setText(", ".join(p.address.lines))
            self.postal_code.setText(p.address.postal_code or "")
            self.city.setText(p.address.city or "")
            self.country.setText(p.address.country or "")
        if p.emergency_contact is not None:
            self.contact_name.setText(p.emergency_contact.name)
            self.contact_relationship.setText(p.emergency_contact.relationship or "")
            self.contact_phone.setText(p.emergency_contact.phone or "")
        self.restricted.setChecked(p.restricted)

    def patient_input(self) -> PatientInput:
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        address = None
        if any(text(e) for e in (self.street, self.postal_code, self.city, self.country)):
            old = self.original.address if self.original else None
            street = text(self.street)
            lines = old.lines if old is not None and street == ", ".join(old.lines) \
                else tuple(x for x in (street,) if x)
            address = Address(lines=lines,
                              city=text(self.city), postal_code=text(self.postal_code),
                              country=text(self.country), state=old.state if old else None)
        contact = None
        if text(self.contact_name):
            contact = EmergencyContact(self.contact_name.text().strip(),
                                       text(self.contact_relationship),
                                       text(self.contact_phone))
        values = PatientInput(
            family=self.family.text(), given=self.given.text(),
            birth_date=self.birth_date.iso(), sex=self.sex.currentData(),
            gender=text(self.gender), mrn=text(self.mrn), phone=text(self.phone),
            email=text(self.email), address=address, emergency_contact=contact,
            restricted=self.restricted.isChecked())
        if self.original is not None:
            # Keep what this form does not show (other identifiers, FHIR extras).
            values = replace(values, identifiers=self.original.identifiers,
                             extra=self.original.extra)
        return values
