"""Add and edit dialogs for structured entries, built from a list of fields.

The form only turns widgets into values of the entry's dataclass; core checks them
(`EntryData.checked`: allowed codes, dates, lengths) and its message is shown in the
dialog's banner, with everything typed kept.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.core.errors import UsageError
from app.core.records.codes import SYSTEM_NAMES, CodeSystem, Coding, Concept
from app.core.records.kinds import CODE_WORDS, Field
from app.ui.chart.common import FormDialog, number_text, tr
from app.ui.dates import date_text, day_text, parse_date


def system_name(uri: str) -> str:
    return next((name for system, name in SYSTEM_NAMES.items() if system.value == uri), uri)


def choice_text(value: str | None) -> str:
    """A FHIR code as people read it, in their language: "on-hold" → "On hold"."""
    if not value:
        return ""
    label = CODE_WORDS.get(value)
    if label is not None:
        return tr(label)
    return value.replace("-", " ").capitalize() if value.islower() else value


_PARTIAL = re.compile(r"^\d{4}(-\d{2})?$")


def field_text(field: Field, value: Any) -> str:
    """A stored value as the table shows it: a concept by its text, a code in words."""
    if value is None:
        return ""
    if field.widget == "concept":
        return str(value.text)
    if field.widget == "choice":
        return choice_text(value)
    if field.widget == "date":
        return day_text(value)  # the user's format; partial dates as stored
    return str(value)


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
            self.system.addItem(SYSTEM_NAMES.get(system, system.value), system.value)
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
        # Core's prescribing checks: warnings must be read and acknowledged to go on.
        self.acknowledge = QCheckBox(
            tr("I have read the warnings above and still record this medication"), self)
        self.acknowledge.setAccessibleName(tr("Acknowledge the warnings"))
        self.acknowledge.hide()
        self.layout_.insertWidget(1, self.acknowledge)
        self._warnings: tuple[str, ...] = ()
        first = self.widgets[self.fields[0].name] if self.fields else None
        if first is not None:
            first.setFocus()

    def _widget(self, field: Field) -> QWidget:
        label = tr(field.label)
        if field.widget == "concept":
            return ConceptEdit(label, field.systems, self)
        if field.widget == "choice":
            combo = QComboBox(self)
            combo.setAccessibleName(label)
            if field.optional_choice:
                combo.addItem("", None)
            for value in field.choices:
                combo.addItem(choice_text(value), value)
            return combo
        if field.widget == "long":
            edit = QPlainTextEdit(self)
            edit.setAccessibleName(label)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(70)
            return edit
        line = QLineEdit(self)
        line.setAccessibleName(label)
        if field.widget == "date":
            line.setPlaceholderText(tr(field.hint) if field.hint
                                    else tr("YYYY, YYYY-MM or YYYY-MM-DD"))
        elif field.hint:
            line.setPlaceholderText(tr(field.hint))
        return line

    def show_warnings(self, codes: list[str]) -> None:
        """Core refused until these warnings are acknowledged: ask, unticked each time."""
        self._warnings = tuple(codes)
        self.acknowledge.setChecked(False)
        self.acknowledge.show()

    def acknowledged(self) -> tuple[str, ...]:
        return self._warnings if self.acknowledge.isChecked() else ()

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
                               else "" if value is None
                               else date_text(str(value)) if field.widget == "date"
                               else str(value))

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
        if field.widget == "int":
            try:
                return int(text)
            except ValueError:
                raise UsageError(tr("{label} is a whole number.").format(
                    label=tr(field.label))) from None
        if field.widget == "number":
            try:
                return float(text.replace(",", "."))
            except ValueError:
                raise UsageError(tr("{label} is a number.").format(
                    label=tr(field.label))) from None
        if field.widget == "date" and not _PARTIAL.match(text):
            # A whole date in the user's format (14.03.1968, 3/14/1968) or ISO; a year or
            # year-month (FHIR's partial dates) goes to core as typed.
            return parse_date(text)
        return text

    def build(self, original: Any | None = None) -> Any:
        """The entry's new content: the original with the form's fields replaced."""
        values = self.values()
        if original is not None:
            return dataclasses.replace(original, **values)
        return self.kind(**{k: v for k, v in values.items() if v is not None})
