"""The timeline: visits, notes, measurements, problems, medicines and documents by date,
newest first, grouped by year.

Everything but the measurements comes from the chart snapshot. Measurements are read
when the timeline is first opened (one audited read of the newest `OBSERVATION_LIMIT`),
and those taken together are shown as one line, as a nurse would write them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TR_NOOP, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import MedVaultError
from app.core.records import kinds
from app.ui.chart.common import measure_text, number_text, tr, unit_text
from app.ui.chart.controller import ChartController
from app.ui.chart.entry_form import field_text
from app.ui.chart.section import ChartSection
from app.ui.context import UiContext
from app.ui.dates import moment_text
from app.ui.icons import icon
from app.ui.widgets import heading

OBSERVATION_LIMIT = 1000


@dataclass(frozen=True)
class Event:
    when: str
    group: str  # visits, notes, measurements, problems, documents
    icon_name: str
    title: str
    detail: str = ""


def _value(entry: Any, name: str) -> Any:
    """A field of the entry's content, or of the entry itself (``created_at``)."""
    return getattr(entry.data, name) if hasattr(entry.data, name) else getattr(entry, name)


def chart_events(chart: Any, observations: list[Any]) -> list[Event]:
    events: list[Event] = []
    for e in chart.encounters:
        d = e.data
        if d.period_start:
            title = d.code.text if d.code else (d.reason_text or tr("Visit"))
            events.append(Event(d.period_start, "visits", "patient", title,
                                d.reason_text if d.reason_text != title else ""))
    for n in chart.notes:
        when = n.signed_at or n.updated_at
        status = tr("draft") if n.status == "draft" else (
            tr("amendment") if n.amends else "")
        title = n.content.title or tr("Untitled note")
        detail = " · ".join(x for x in (status, tr("amended {n}×").format(
            n=n.amendment_count) if n.amendment_count else "") if x)
        events.append(Event(when, "notes", "note", title, detail))
    for m in chart.medications:
        if m.data.effective_start:
            events.append(Event(m.data.effective_start, "problems", "medication",
                                tr("Started {name}").format(name=m.data.code.text),
                                m.data.dosage_text or ""))
        if m.data.effective_end:
            events.append(Event(m.data.effective_end, "problems", "medication",
                                tr("Stopped {name}").format(name=m.data.code.text)))
    # Every other kind with a timeline line (`Kind.event`): dated by its first date set.
    for spec in kinds.listed():
        if not spec.event:
            continue
        shown = spec.field(spec.event_detail) if spec.event_detail else None
        for entry in chart.entries(spec.name):
            when = next((v for v in (_value(entry, f) for f in spec.when) if v), None)
            if when:
                events.append(Event(
                    when, "problems", spec.icon, tr(spec.event).format(
                        name=entry.data.code.text),
                    field_text(shown, _value(entry, shown.name)) if shown else ""))
    for doc in chart.documents:
        events.append(Event(doc.doc_date or doc.created_at, "documents", "document",
                            doc.title, doc.description or ""))
    by_moment: dict[str, list[Any]] = defaultdict(list)
    for o in observations:
        by_moment[o.data.effective].append(o)
    for when, group in by_moment.items():
        parts = []
        for o in sorted(group, key=lambda o: measure_text(o.data.code.text)):
            value = number_text(o.data.value) if o.data.value is not None else (
                o.data.value_text or "")
            flag = " ▲" if o.data.interpretation in ("H", "HH") else \
                " ▼" if o.data.interpretation in ("L", "LL") else ""
            parts.append(f"{measure_text(o.data.code.text)} {value} {unit_text(o.data.unit)}{flag}"
                         .strip())
        events.append(Event(when, "measurements", "chart",
                            tr("{n} measurements").format(n=len(group)) if len(group) > 1
                            else tr("Measurement"), "; ".join(parts)))
    events.sort(key=lambda e: e.when, reverse=True)
    return events


class TimelineSection(ChartSection):
    key = "timeline"
    icon_name = "timeline"

    GROUPS = (("", QT_TR_NOOP("Everything")),
              ("visits", QT_TR_NOOP("Visits")),
              ("notes", QT_TR_NOOP("Notes")),
              ("measurements", QT_TR_NOOP("Measurements")),
              ("problems", QT_TR_NOOP("Problems and medicines")),
              ("documents", QT_TR_NOOP("Documents")))

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, chart, parent)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(tr("Timeline"))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.filter = QComboBox(self)
        self.filter.setAccessibleName(tr("Show"))
        for key, label in self.GROUPS:
            self.filter.addItem(tr(label), key)
        self.filter.currentIndexChanged.connect(lambda _i: self._fill())
        show = QLabel(tr("&Show:"), self)
        show.setBuddy(self.filter)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(heading(tr("Timeline"), self), 1)
        top.addWidget(show)
        top.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        self.events: list[Event] = []
        self._observations: list[Any] | None = None
        self._read_count = -1

    def load(self) -> None:
        chart = self.chart.chart
        if chart is None:
            self.clear_view()
            return
        if self._observations is None or self._read_count != chart.observation_count:
            self._observations = self._read_observations()
            self._read_count = chart.observation_count
        self.events = chart_events(chart, self._observations)
        shown = len(self._observations)
        self.note.setText(tr("Showing the newest {n} of {total} measurements; the "
                             "Observations section has every trend.").format(
            n=shown, total=chart.observation_count)
            if chart.observation_count > shown else "")
        self._fill()

    def _read_observations(self) -> list[Any]:
        from app.core.records.observations import list_observations

        session, patient_id = self.chart.session, self.chart.patient_id
        if session is None or patient_id is None:
            return []
        try:
            return list(list_observations(session, patient_id,
                                          limit=OBSERVATION_LIMIT).entries)
        except MedVaultError:
            return []

    @Slot()
    def _fill(self) -> None:
        wanted = self.filter.currentData()
        self.model.clear()
        self.model.setHorizontalHeaderLabels([tr("When"), tr("What"), tr("Details")])
        years: dict[str, QStandardItem] = {}
        for event in self.events:
            if wanted and event.group != wanted:
                continue
            year = event.when[:4]
            parent = years.get(year)
            if parent is None:
                parent = QStandardItem(year)
                font = parent.font()
                font.setBold(True)
                parent.setFont(font)
                self.model.appendRow([parent, QStandardItem(), QStandardItem()])
                years[year] = parent
            when = QStandardItem(moment_text(event.when))
            what = QStandardItem(icon(event.icon_name), event.title)
            detail = QStandardItem(event.detail)
            detail.setToolTip(event.detail)
            parent.appendRow([when, what, detail])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(1, 260)
        header.setStretchLastSection(True)
        if not self.events:
            self.note.setText(tr("Nothing recorded yet."))

    def event_count(self) -> int:
        return sum(self.model.item(r).rowCount() for r in range(self.model.rowCount()))

    def clear_view(self) -> None:
        self.events = []
        self._observations = None
        self._read_count = -1
        self.model.clear()
        self.note.setText("")
