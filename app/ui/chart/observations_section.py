"""Observations: the latest value of each measurement, and its trend when selected.

The chart snapshot holds only the newest value per code (so a patient with 10,000
readings opens as fast as one with ten); the full series is read, and audited, when a
row is selected. QtCharts is imported the first time this section is built.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TR_NOOP, QDateTime, QLocale, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import MedVaultError, UsageError
from app.core.records.entries import Entry
from app.core.roles import Operation
from app.ui.chart.common import (
    FormDialog,
    core_order,
    measure_text,
    number_text,
    reporting,
    set_table_defaults,
    tr,
    unit_text,
)
from app.ui.chart.controller import ChartController
from app.ui.chart.section import ChartSection, Column, RowsModel
from app.ui.chart.summary_doc import range_text
from app.ui.context import UiContext
from app.ui.core_messages import error_text
from app.ui.dates import date_format, day_text, moment_text
from app.ui.icons import icon
from app.ui.widgets import heading

if TYPE_CHECKING:
    from app.core.records.lab_tests import LabChoice
    from app.core.records.units import UnitSystem
    from app.ui.chart.trend_chart import TrendChart

_E = Entry[Any]
_FLAGS = {"H": QT_TR_NOOP("High"),
          "HH": QT_TR_NOOP("Critically high"),
          "L": QT_TR_NOOP("Low"),
          "LL": QT_TR_NOOP("Critically low"),
          "A": QT_TR_NOOP("Abnormal"), "N": QT_TR_NOOP("Normal")}
def _value(entry: _E) -> str:
    d = entry.data
    if d.value is None:
        return d.value_text or ""
    return f"{number_text(d.value)} {unit_text(d.unit)}".strip()


def _code(entry: _E) -> str | None:
    coding = entry.data.code.coding
    return coding.code if coding else None


class ObservationsSection(ChartSection):
    key = "observations"
    icon_name = "chart"

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, chart, parent)
        from app.ui.chart.trend_chart import TrendChart

        # The practice's laboratory units (a vault setting); read at each load.
        self.units: UnitSystem = "conventional"
        self.model: RowsModel[_E] = RowsModel([
            Column(tr("Measurement"), lambda e: measure_text(e.data.code.text)),
            Column(tr("Latest"), self._value_text, sort=lambda e: e.data.value),
            Column(tr("Normal range"), self._range_text),
            Column(tr("Flag"), lambda e: tr(_FLAGS.get(e.data.interpretation or "", ""))),
            Column(tr("When"), lambda e: moment_text(e.data.effective),
                   sort=lambda e: e.data.effective),
        ], self, restricted=lambda e: e.restricted,
            emphasis=lambda e: e.data.interpretation in ("H", "HH", "L", "LL", "A"),
            source=lambda e: chart.source_of(e.id))
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Latest measurements"))
        set_table_defaults(self.table)
        self.table.setSortingEnabled(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.show_trend())
        self.trend: TrendChart = TrendChart(self)
        self.trend_note = QLabel(self)
        self.trend_note.setWordWrap(True)
        self.vitals_button = QPushButton(icon("add"), tr("Record &vitals…"), self)
        self.result_button = QPushButton(icon("add"), tr("Add &result…"), self)
        self.test_button = QPushButton(tr("New &test…"), self)
        self.test_button.setToolTip(tr("Add a laboratory test the list lacks, with its LOINC "
                                       "code, UCUM unit and reference range"))
        self.vitals_button.clicked.connect(self.record_vitals)
        self.result_button.clicked.connect(self.add_result)
        self.test_button.clicked.connect(self.add_custom_test)
        # Its own accelerator: Add &result already takes R here.
        self.error_button = QPushButton(tr("Entered in err&or…"), self)
        self.error_button.setToolTip(tr("Mark the selected latest value as entered in "
                                        "error: it stays in the history, marked, and the "
                                        "value before it becomes the latest"))
        self.error_button.clicked.connect(self.mark_selected_in_error)
        # Computed by core from the latest weight and height; never typed in.
        self.in_error = QLabel(self)
        self.in_error.setObjectName("enteredInError")
        self.in_error.setWordWrap(True)
        self.in_error.hide()
        self.bmi = QLabel(self)
        self.bmi.setObjectName("computedBmi")
        self.bmi.hide()
        self.empty = QLabel(tr("No measurements or results recorded."), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.vitals_button)
        buttons.addWidget(self.result_button)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.error_button)
        buttons.addStretch(1)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(heading(tr("Measurements and results"), top))
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.bmi)
        top_layout.addWidget(self.in_error)
        top_layout.addLayout(buttons)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.trend, 1)
        bottom_layout.addWidget(self.trend_note)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        # The list first: on a 700-pixel screen the trend took it down to five rows.
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.series: Any = None
        self.dialog: FormDialog | None = None
        self._shown_code: tuple[str | None, str] | None = None

    def _value_text(self, entry: _E) -> str:
        """In the practice's units, converted by core where the test is convertible."""
        from app.core.records.lab_tests import shown_result

        result = shown_result(self.units, entry)
        if result is None:
            return _value(entry)
        return f"{QLocale().toString(result.value, 'f', result.decimals)} " \
               f"{unit_text(result.unit)}"

    def _range_text(self, entry: _E) -> str:
        from app.core.records.lab_tests import shown_result

        result = shown_result(self.units, entry)
        if result is None:
            return range_text(entry)
        low, high = result.low, result.high
        places = result.decimals if result.decimals else 0

        def num(x: float) -> str:
            return QLocale().toString(x, "f", places)

        if low is not None and high is not None:
            return f"{num(low)}–{num(high)} {unit_text(result.unit)}"
        if low is not None:
            return f"≥ {num(low)} {unit_text(result.unit)}"
        if high is not None:
            return f"≤ {num(high)} {unit_text(result.unit)}"
        return ""

    def load(self) -> None:
        session = self.chart.session
        if session is not None and session.holds("clinical"):
            from app.core.records.lab_tests import lab_units

            self.units = lab_units(session)
        chart = self.chart.chart
        latest = list(chart.latest_observations) if chart else []
        selected = self.selected()
        self.model.set_rows(latest)
        core_order(self.table)
        self.empty.setVisible(not latest)
        writable = self.chart.allowed(Operation.CLINICAL_WRITE)
        self.vitals_button.setVisible(writable)
        self.result_button.setVisible(writable)
        self.test_button.setVisible(writable)
        self.error_button.setVisible(self.chart.allowed(Operation.ENTRY_MARK_ERROR))
        self.error_button.setEnabled(bool(latest))
        self._show_bmi(latest)
        from app.ui.chart.entry_sections import show_in_error

        show_in_error(self.in_error, self.chart, "observation")
        if latest:
            self.table.resizeColumnsToContents()
            row = 0
            if selected is not None:
                row = next((i for i, e in enumerate(latest)
                            if e.data.code.text == selected.data.code.text), 0)
            self._shown_code = None  # the series may have grown: read it again
            self.table.selectRow(row)
        else:
            self.trend.clear()
            self.trend_note.setText("")

    def _show_bmi(self, latest: list[_E]) -> None:
        from app.core.records.lab_tests import latest_bmi

        result = latest_bmi(latest)
        if result is None:
            self.bmi.hide()
            self.bmi.clear()
            return
        self.bmi.setText(tr("BMI {bmi} kg/m² (computed from the weight of {weight} and "
                            "the height of {height})").format(
            bmi=QLocale().toString(result.value, "f", 1),
            weight=day_text(result.weight_taken), height=day_text(result.height_taken)))
        self.bmi.show()

    def selected(self) -> _E | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    @Slot()
    def show_trend(self) -> None:
        from app.core.records.observations import observation_series

        entry = self.selected()
        session, patient_id = self.chart.session, self.chart.patient_id
        if entry is None or session is None or patient_id is None:
            self.trend.clear()
            return
        code = _code(entry)
        key = (code, entry.data.code.text)
        if key == self._shown_code:
            return
        self._shown_code = key
        if code is None or entry.data.value is None:
            self.series = None
            self.trend.show_series(None)
            self.trend_note.setText(tr("This measurement has no code or no numeric value, "
                                       "so it cannot be charted."))
            return
        try:
            from app.core.records.lab_tests import series_in_units

            # In the practice's units, as the table shows the latest value.
            self.series = series_in_units(observation_series(session, patient_id, code),
                                          self.units)
        except MedVaultError as exc:
            self.series = None
            self.trend.clear()
            self.trend_note.setText(error_text(exc))
            return
        self.trend.show_series(self.series)
        count = len(self.series.points)
        note = tr("Values: {n}. The shaded band is the reference range.").format(n=count) \
            if self.series.ref_low is not None or self.series.ref_high is not None \
            else tr("Values: {n}.").format(n=count)
        if self.series.hidden_restricted:
            note += " " + tr("Restricted values not shown: {n}.").format(
                n=self.series.hidden_restricted)
        self.trend_note.setText(note)

    def clear_view(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None
        self.model.clear()
        self.bmi.clear()
        self.in_error.clear()
        self.series = None
        self._shown_code = None
        self.trend.clear()
        self.trend_note.setText("")

    # -- adding ---------------------------------------------------------------------------------
    @Slot()
    def record_vitals(self) -> VitalsDialog:
        dialog = VitalsDialog(self)
        dialog.submit = lambda: self.chart.record_vitals(dialog.moment(), dialog.values())
        self._open(dialog)
        return dialog

    @Slot()
    def add_result(self) -> ResultDialog | None:
        from app.core.records.lab_tests import lab_choices

        session = self.chart.session
        if session is None:
            return None
        with reporting(self.ctx, self, tr("Add a result")):
            dialog = ResultDialog(self, lab_choices(session))
            dialog.submit = lambda: self.chart.add_observation(dialog.observation())
            self._open(dialog)
            return dialog
        return None

    @Slot()
    def mark_selected_in_error(self) -> FormDialog | None:
        from app.ui.chart.entry_sections import ErrorReasonDialog

        entry = self.selected()
        if entry is None or not self.chart.allowed(Operation.ENTRY_MARK_ERROR):
            return None
        dialog = ErrorReasonDialog(self, f"{entry.data.code.text}: {self._value_text(entry)}")
        dialog.submit = lambda: self.chart.mark_entered_in_error(entry.id,
                                                                 dialog.reason.text())
        self._open(dialog)
        return dialog

    @Slot()
    def add_custom_test(self) -> CustomTestDialog | None:
        from app.core.records.lab_tests import add_custom_test

        session = self.chart.session
        if session is None:
            return None
        dialog = CustomTestDialog(self)
        dialog.submit = lambda: add_custom_test(
            session, dialog.name.text(), dialog.loinc.text(), dialog.unit.text(),
            dialog.bound(dialog.low), dialog.bound(dialog.high))
        self._open(dialog)
        return dialog

    def _open(self, dialog: FormDialog) -> None:
        self.dialog = dialog

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()


def _moment_edit(parent: QWidget) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime.currentDateTime(), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(f"{date_format()} HH:mm")  # the user's date format
    edit.setAccessibleName(tr("Taken at"))
    return edit


def _iso(edit: QDateTimeEdit) -> str:
    moment = edit.dateTime().toPython()
    assert isinstance(moment, datetime)
    return moment.astimezone().isoformat()


class VitalsDialog(FormDialog):
    """A set of vital signs taken together; any subset may be filled in."""

    def __init__(self, parent: QWidget | None) -> None:
        from app.core.records.catalog import VITALS

        super().__init__(parent, tr("Record vital signs"), tr("Record"))
        self.when = _moment_edit(self)
        self.form.addRow(tr("&Taken at"), self.when)
        self.fields: dict[str, QLineEdit] = {}
        for key, measure in VITALS.items():
            edit = QLineEdit(self)
            edit.setAccessibleName(tr(measure.name))
            edit.setPlaceholderText(unit_text(measure.unit))
            edit.setMaximumWidth(140)
            self.fields[key] = edit
            self.form.addRow(tr(measure.name), edit)

    def moment(self) -> str:
        return _iso(self.when)

    def values(self) -> dict[str, float]:
        from app.core.records.catalog import VITALS

        values: dict[str, float] = {}
        for key, edit in self.fields.items():
            text = edit.text().strip().replace(",", ".")
            if text:
                try:
                    values[key] = float(text)
                except ValueError:
                    raise UsageError(tr("{what} is a number.").format(
                        what=tr(VITALS[key].name))) from None
        if not values:
            raise UsageError(tr("Fill in at least one measurement."))
        return values


class ResultDialog(FormDialog):
    """One laboratory result (or a single measurement): core's tests in the practice's
    units (`lab_choices`: the catalogue, then the practice's custom tests), each with its
    LOINC code, UCUM unit and reference range. The value starts empty and an empty or
    non-numeric value is refused: a result is never a silent 0."""

    def __init__(self, parent: QWidget | None, choices: list[LabChoice]) -> None:
        super().__init__(parent, tr("Add a result"), tr("Add"))
        self.choices = {c.key: c for c in choices}
        self.test = QComboBox(self)
        self.test.setAccessibleName(tr("Test"))
        for choice in choices:
            name = tr(choice.name) if not choice.custom else choice.name
            self.test.addItem(f"{name} ({unit_text(choice.unit)})" if choice.unit else name,
                              choice.key)
        self.value = QLineEdit(self)
        self.value.setAccessibleName(tr("Value"))
        self.value.setPlaceholderText(tr("a number"))
        self.value.setMaximumWidth(160)
        self.unit = QLabel(self)
        self.when = _moment_edit(self)
        value_row = QHBoxLayout()
        value_row.addWidget(self.value)
        value_row.addWidget(self.unit, 1)
        self.form.addRow(tr("&Test"), self.test)
        self.form.addRow(tr("&Value"), value_row)
        self.form.addRow(tr("&Taken at"), self.when)
        self.test.currentIndexChanged.connect(lambda _i: self._show_unit())
        self.value.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(False)
        self._show_unit()
        self.value.setFocus()

    def _show_unit(self) -> None:
        choice = self.choices.get(str(self.test.currentData()))
        self.unit.setText(unit_text(choice.unit) if choice is not None else "")

    def number(self) -> float:
        """The typed value, in the user's locale (a decimal comma in German) or with a
        point; a UsageError when empty or not a number."""
        text = self.value.text().strip()
        if not text:
            raise UsageError(tr("Type the result's value."))
        value, ok = QLocale().toDouble(text)
        if not ok:
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                raise UsageError(tr("{text} is not a number.").format(text=text)) from None
        return value

    def observation(self) -> Any:
        from app.core.records.observations import Observation

        choice = self.choices[str(self.test.currentData())]
        measure = choice.measure
        return Observation(code=measure.concept, effective=_iso(self.when),
                           value=self.number(), unit=choice.unit or None,
                           ref_low=choice.low, ref_high=choice.high,
                           category=choice.category)


class CustomTestDialog(FormDialog):
    """A test the catalogue lacks: its name, LOINC code, UCUM unit and reference range
    (core checks the LOINC check digit, the unit's form and that low < high)."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, tr("New laboratory test"), tr("Add &test"))
        self.setObjectName("customTestDialog")
        self.name = QLineEdit(self)
        self.name.setAccessibleName(tr("Test name"))
        self.loinc = QLineEdit(self)
        self.loinc.setAccessibleName(tr("LOINC code"))
        self.loinc.setPlaceholderText(tr("e.g. 2571-8"))
        self.unit = QLineEdit(self)
        self.unit.setAccessibleName(tr("UCUM unit"))
        self.unit.setPlaceholderText(tr("e.g. mg/dL, mmol/L, 10*3/uL"))
        self.low = QLineEdit(self)
        self.low.setAccessibleName(tr("Reference range, low"))
        self.high = QLineEdit(self)
        self.high.setAccessibleName(tr("Reference range, high"))
        self.form.addRow(tr("&Name"), self.name)
        self.form.addRow(tr("&LOINC code"), self.loinc)
        self.form.addRow(tr("&Unit (UCUM)"), self.unit)
        self.form.addRow(tr("Reference &low"), self.low)
        self.form.addRow(tr("Reference &high"), self.high)

    def bound(self, edit: QLineEdit) -> float | None:
        text = edit.text().strip()
        if not text:
            return None
        value, ok = QLocale().toDouble(text)
        if ok:
            return value
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise UsageError(tr("{text} is not a number.").format(text=text)) from None
