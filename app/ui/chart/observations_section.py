"""Observations: the latest value of each measurement, and its trend when selected.

The chart snapshot holds only the newest value per code (so a patient with 10,000
readings opens as fast as one with ten); the full series is read, and audited, when a
row is selected. QtCharts is imported the first time this section is built.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TR_NOOP, QDateTime, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
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
    moment_text,
    number_text,
    set_table_defaults,
    tr,
    unit_text,
)
from app.ui.chart.controller import ChartController
from app.ui.chart.section import ChartSection, Column, RowsModel
from app.ui.chart.summary_doc import range_text
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.widgets import heading

if TYPE_CHECKING:
    from app.ui.chart.trend_chart import TrendChart

_E = Entry[Any]
_FLAGS = {"H": QT_TR_NOOP("High"),
          "HH": QT_TR_NOOP("Critically high"),
          "L": QT_TR_NOOP("Low"),
          "LL": QT_TR_NOOP("Critically low"),
          "A": QT_TR_NOOP("Abnormal"), "N": QT_TR_NOOP("Normal")}
#: The names of app.core.records.catalog's VITALS and LABS, marked for translation (the
#: core does not use Qt). tests/ui/test_translations.py checks that the lists agree.
MEASURE_NAMES = (
    QT_TR_NOOP("Blood pressure panel"),
    QT_TR_NOOP("Systolic blood pressure"),
    QT_TR_NOOP("Diastolic blood pressure"),
    QT_TR_NOOP("Heart rate"),
    QT_TR_NOOP("Respiratory rate"),
    QT_TR_NOOP("Body temperature"),
    QT_TR_NOOP("Oxygen saturation (pulse oximetry)"),
    QT_TR_NOOP("Body weight"),
    QT_TR_NOOP("Body height"),
    QT_TR_NOOP("Body mass index"),
    QT_TR_NOOP("Hemoglobin A1c"),
    QT_TR_NOOP("Glucose"),
    QT_TR_NOOP("Cholesterol, total"),
    QT_TR_NOOP("HDL cholesterol"),
    QT_TR_NOOP("LDL cholesterol (calculated)"),
    QT_TR_NOOP("Creatinine"),
    QT_TR_NOOP("Hemoglobin"),
    QT_TR_NOOP("Thyrotropin (TSH)"),
    QT_TR_NOOP("Potassium"),
    QT_TR_NOOP("Sodium"),
)


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

        self.model: RowsModel[_E] = RowsModel([
            Column(tr("Measurement"), lambda e: e.data.code.text),
            Column(tr("Latest"), _value, sort=lambda e: e.data.value),
            Column(tr("Normal range"), range_text),
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
        self.vitals_button.clicked.connect(self.record_vitals)
        self.result_button.clicked.connect(self.add_result)
        self.empty = QLabel(tr("No measurements or results recorded."), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.vitals_button)
        buttons.addWidget(self.result_button)
        buttons.addStretch(1)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(heading(tr("Measurements and results"), top))
        top_layout.addWidget(self.empty)
        top_layout.addWidget(self.table, 1)
        top_layout.addLayout(buttons)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.trend, 1)
        bottom_layout.addWidget(self.trend_note)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self.series: Any = None
        self.dialog: FormDialog | None = None
        self._shown_code: tuple[str | None, str] | None = None

    def load(self) -> None:
        chart = self.chart.chart
        latest = list(chart.latest_observations) if chart else []
        selected = self.selected()
        self.model.set_rows(latest)
        core_order(self.table)
        self.empty.setVisible(not latest)
        writable = self.chart.allowed(Operation.CLINICAL_WRITE)
        self.vitals_button.setVisible(writable)
        self.result_button.setVisible(writable)
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
            self.series = observation_series(session, patient_id, code)
        except MedVaultError as exc:
            self.series = None
            self.trend.clear()
            self.trend_note.setText(str(exc))
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
    def add_result(self) -> ResultDialog:
        dialog = ResultDialog(self)
        dialog.submit = lambda: self.chart.add_observation(dialog.observation())
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
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
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
    """One laboratory result (or a single measurement) with the catalogue's code, unit and
    reference range."""

    def __init__(self, parent: QWidget | None) -> None:
        from app.core.records.catalog import LABS, VITALS

        super().__init__(parent, tr("Add a result"), tr("Add"))
        self.measures = {**LABS, **VITALS}
        self.test = QComboBox(self)
        self.test.setAccessibleName(tr("Test"))
        for measure in self.measures.values():
            name = tr(measure.name)
            self.test.addItem(f"{name} ({unit_text(measure.unit)})" if measure.unit else name,
                              measure.key)
        self.value = QDoubleSpinBox(self)
        self.value.setRange(-1e9, 1e9)
        self.value.setDecimals(2)
        self.value.setAccessibleName(tr("Value"))
        self.when = _moment_edit(self)
        self.form.addRow(tr("&Test"), self.test)
        self.form.addRow(tr("&Value"), self.value)
        self.form.addRow(tr("&Taken at"), self.when)

    def observation(self) -> Any:
        from app.core.records.observations import Observation

        measure = self.measures[str(self.test.currentData())]
        return Observation(code=measure.concept, effective=_iso(self.when),
                           value=self.value.value(), unit=measure.unit or None,
                           ref_low=measure.low, ref_high=measure.high,
                           category=measure.category)
