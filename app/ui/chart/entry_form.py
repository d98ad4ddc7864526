"""Add and edit dialogs for structured entries, built from a list of fields.

The form only turns widgets into values of the entry's dataclass; core checks them
(`EntryData.checked`: allowed codes, dates, lengths) and its message is shown in the
dialog's banner, with everything typed kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TR_NOOP
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.core.errors import UsageError
from app.core.records.codes import CodeSystem, Coding, Concept
from app.ui.chart.common import FormDialog, number_text, tr

_SYSTEM_NAMES = {CodeSystem.SNOMED: "SNOMED CT", CodeSystem.ICD10: "ICD-10",
                 CodeSystem.RXNORM: "RxNorm", CodeSystem.LOINC: "LOINC",
                 CodeSystem.CVX: "CVX"}


def system_name(uri: str) -> str:
    return next((name for system, name in _SYSTEM_NAMES.items() if system.value == uri), uri)


#: The FHIR codes the chart offers or shows, as people read them (marked for
#: translation; codes not listed fall back to the code itself, capitalised).
_CHOICE_LABELS: dict[str, object] = {
    "active": QT_TR_NOOP("Active"),
    "recurrence": QT_TR_NOOP("Recurrence"),
    "relapse": QT_TR_NOOP("Relapse"),
    "inactive": QT_TR_NOOP("Inactive"),
    "remission": QT_TR_NOOP("Remission"),
    "resolved": QT_TR_NOOP("Resolved"),
    "unconfirmed": QT_TR_NOOP("Unconfirmed"),
    "provisional": QT_TR_NOOP("Provisional"),
    "differential": QT_TR_NOOP("Differential"),
    "confirmed": QT_TR_NOOP("Confirmed"),
    "refuted": QT_TR_NOOP("Refuted"),
    "entered-in-error": QT_TR_NOOP("Entered in error"),
    "mild": QT_TR_NOOP("Mild"),
    "moderate": QT_TR_NOOP("Moderate"),
    "severe": QT_TR_NOOP("Severe"),
    "completed": QT_TR_NOOP("Completed"),
    "intended": QT_TR_NOOP("Intended"),
    "stopped": QT_TR_NOOP("Stopped"),
    "on-hold": QT_TR_NOOP("On hold"),
    "unknown": QT_TR_NOOP("Unknown"),
    "not-taken": QT_TR_NOOP("Not taken"),
    "low": QT_TR_NOOP("Low"),
    "high": QT_TR_NOOP("High"),
    "unable-to-assess": QT_TR_NOOP("Unable to assess"),
    "food": QT_TR_NOOP("Food"),
    "medication": QT_TR_NOOP("Medication"),
    "environment": QT_TR_NOOP("Environment"),
    "biologic": QT_TR_NOOP("Biologic"),
    "allergy": QT_TR_NOOP("Allergy"),
    "intolerance": QT_TR_NOOP("Intolerance"),
    "presumed": QT_TR_NOOP("Presumed"),
    "not-done": QT_TR_NOOP("Not done"),
    "current": QT_TR_NOOP("Current"),
    "superseded": QT_TR_NOOP("Superseded"),
    "all": QT_TR_NOOP("All"),
    "demographics": QT_TR_NOOP("Demographics"),
    "encounters": QT_TR_NOOP("Encounters"),
    "conditions": QT_TR_NOOP("Conditions"),
    "medications": QT_TR_NOOP("Medications"),
    "allergies": QT_TR_NOOP("Allergies"),
    "immunizations": QT_TR_NOOP("Immunizations"),
    "observations": QT_TR_NOOP("Observations"),
    "notes": QT_TR_NOOP("Notes"),
    "documents": QT_TR_NOOP("Documents"),
    "treatment": QT_TR_NOOP("Treatment"),
    "referral": QT_TR_NOOP("Referral"),
    "payment": QT_TR_NOOP("Payment"),
    "research": QT_TR_NOOP("Research"),
    "patient-request": QT_TR_NOOP("Patient's own request"),
    "public-health": QT_TR_NOOP("Public health"),
    "legal": QT_TR_NOOP("Legal"),
    "male": QT_TR_NOOP("Male"),
    "female": QT_TR_NOOP("Female"),
    "other": QT_TR_NOOP("Other"),
}


def choice_text(value: str | None) -> str:
    """A FHIR code as people read it, in their language: "on-hold" → "On hold"."""
    if not value:
        return ""
    label = _CHOICE_LABELS.get(value)
    if label is not None:
        return tr(str(label))
    return value.replace("-", " ").capitalize() if value.islower() else value


@dataclass(frozen=True)
class Field:
    name: str
    label: Any  # marked with QT_TR_NOOP, translated where shown
    kind: str = "text"  # text, long, choice, date, int, number, concept
    choices: tuple[str, ...] = ()
    systems: tuple[CodeSystem, ...] = ()
    hint: Any = ""
    optional_choice: bool = True


class ConceptEdit(QWidget):
    """A coded value: the name people read, and optionally a code in a known system."""

    def __init__(self, label: str, systems: Sequence[CodeSystem],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit(self)
        self.text.setAccessibleName(label)
        self.system = QComboBox(self)
        self.system.setAccessibleName(tr("{label}: code system").format(label=label))
        self.system.addItem(tr("No code"), None)
        for system in systems:
            self.system.addItem(_SYSTEM_NAMES.get(system, system.value), system.value)
        self.code = QLineEdit(self)
        self.code.setAccessibleName(tr("{label}: code").format(label=label))
        self.code.setPlaceholderText(tr("code"))
        self.code.setMaximumWidth(120)
        self.code.setEnabled(False)
        self.system.currentIndexChanged.connect(
            lambda _i: self.code.setEnabled(self.system.currentData() is not None))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.system)
        row.addWidget(self.code)
        self.setFocusProxy(self.text)
        self._more: tuple[Coding, ...] = ()

    def set_concept(self, concept: Concept | None) -> None:
        self.text.setText(concept.text if concept else "")
        coding = concept.coding if concept else None
        index = self.system.findData(coding.system) if coding else 0
        if coding is not None and index < 0:
            self.system.addItem(coding.system, coding.system)
            index = self.system.count() - 1
        self.system.setCurrentIndex(max(0, index))
        self.code.setText(coding.code if coding else "")
        self._more = concept.more if concept else ()

    def concept(self, required: bool) -> Concept | None:
        text = self.text.text().strip()
        system = self.system.currentData()
        code = self.code.text().strip()
        if not text and not required and not code:
            return None
        coding = Coding(system, code) if system and code else None
        return Concept(text, coding, self._more)  # core's message if the name is empty


class EntryDialog(FormDialog):
    """Add or edit one entry of ``kind`` (a core EntryData dataclass)."""

    def __init__(self, parent: QWidget | None, title: str, action_text: str,
                 kind: type[Any], fields: Sequence[Field], *,
                 offer_restricted: bool = False) -> None:
        super().__init__(parent, title, action_text)
        self.kind = kind
        self.fields = list(fields)
        self.widgets: dict[str, QWidget] = {}
        required = {f.name for f in dataclasses.fields(kind)
                    if f.default is dataclasses.MISSING
                    and f.default_factory is dataclasses.MISSING}
        self._required = required
        for field in self.fields:
            widget = self._widget(field)
            self.widgets[field.name] = widget
            label = tr(field.label) + (" *" if field.name in required else "")
            self.form.addRow(label, widget)
        self.restricted = QCheckBox(tr("Restricted: opening it will need a reason"), self)
        self.restricted.setAccessibleName(tr("Restricted entry"))
        if offer_restricted:
            self.form.addRow("", self.restricted)
        else:
            self.restricted.hide()
        first = self.widgets[self.fields[0].name] if self.fields else None
        if first is not None:
            first.setFocus()

    def _widget(self, field: Field) -> QWidget:
        label = tr(field.label)
        if field.kind == "concept":
            return ConceptEdit(label, field.systems, self)
        if field.kind == "choice":
            combo = QComboBox(self)
            combo.setAccessibleName(label)
            if field.optional_choice:
                combo.addItem("", None)
            for value in field.choices:
                combo.addItem(choice_text(value), value)
            return combo
        if field.kind == "long":
            edit = QPlainTextEdit(self)
            edit.setAccessibleName(label)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(70)
            return edit
        line = QLineEdit(self)
        line.setAccessibleName(label)
        if field.kind == "date":
            line.setPlaceholderText(tr(field.hint) if field.hint
                                    else tr("YYYY, YYYY-MM or YYYY-MM-DD"))
        elif field.hint:
            line.setPlaceholderText(tr(field.hint))
        return line

    # -- values ---------------------------------------------------------------------------
    def set_values(self, data: Any) -> None:
        for field in self.fields:
            widget = self.widgets[field.name]
            value = getattr(data, field.name)
            if isinstance(widget, ConceptEdit):
                widget.set_concept(value)
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index < 0 and value is not None:
                    widget.addItem(choice_text(value), value)
                    index = widget.count() - 1
                widget.setCurrentIndex(max(0, index))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif isinstance(widget, QLineEdit):
                widget.setText(number_text(value) if isinstance(value, float)
                               else "" if value is None else str(value))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in self.fields:
            widget = self.widgets[field.name]
            if isinstance(widget, ConceptEdit):
                out[field.name] = widget.concept(field.name in self._required)
            elif isinstance(widget, QComboBox):
                out[field.name] = widget.currentData()
            elif isinstance(widget, QPlainTextEdit):
                out[field.name] = widget.toPlainText().strip() or None
            elif isinstance(widget, QLineEdit):
                out[field.name] = self._parse(field, widget.text().strip())
        return out

    def _parse(self, field: Field, text: str) -> Any:
        if not text:
            return None
        if field.kind == "int":
            try:
                return int(text)
            except ValueError:
                raise UsageError(tr("{label} is a whole number.").format(
                    label=tr(field.label))) from None
        if field.kind == "number":
            try:
                return float(text.replace(",", "."))
            except ValueError:
                raise UsageError(tr("{label} is a number.").format(
                    label=tr(field.label))) from None
        return text

    def build(self, original: Any | None = None) -> Any:
        """The entry's new content: the original with the form's fields replaced."""
        values = self.values()
        if original is not None:
            return dataclasses.replace(original, **values)
        return self.kind(**{k: v for k, v in values.items() if v is not None})
