"""A trend chart for one kind of observation: the values over time on a date axis, and
the reference range as a shaded band behind them.

This is the only module that imports QtCharts, and only the Observations section imports
it, when a trend is first shown: opening the program or a chart never pays for QtCharts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QAreaSeries,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.ui.chart.common import number_text, tr, unit_text

if TYPE_CHECKING:
    from app.core.records.observations import ObservationSeries

_DAY_MS = 86_400_000
_LINE = QColor("#1f7a8c")
_OUT_OF_RANGE = QColor("#a4262c")
_BAND = QColor(46, 160, 67, 45)


@dataclass(frozen=True)
class DateAxis:
    """How the date axis shows a span: its range, label format and tick count."""

    start: float  # ms since the epoch
    end: float
    format: str
    ticks: int


# (longest span in ms, label format, shortest tick spacing in ms that keeps labels apart).
# A tick spacing of at least one label unit means no two ticks can share a label: two
# moments 31 days apart can never fall in the same month, nor 366 days apart in one year.
_SCALES = (
    (3 * _DAY_MS, "d MMM HH:mm", _DAY_MS / 24),
    (183 * _DAY_MS, "d MMM", _DAY_MS),
    (6 * 366 * _DAY_MS, "MMM yyyy", 31 * _DAY_MS),
    (float("inf"), "yyyy", 366 * _DAY_MS),
)
MAX_TICKS = 6


def date_axis(first: float, last: float) -> DateAxis:
    """The axis for points from `first` to `last` (ms). The range is padded by 4% of the
    span on each side, so the first and last points are drawn whole rather than cut in
    half by the plot edge; a single day is widened to three."""
    span = max(last - first, 0.0)
    pad = max(span * 0.04, _DAY_MS if span < _DAY_MS else 0.0)
    start, end = first - pad, last + pad
    width = end - start
    fmt, unit = next((f, u) for longest, f, u in _SCALES if width <= longest)
    # QDateTimeAxis spaces its ticks evenly over the range, ticks - 1 gaps.
    ticks = max(2, min(MAX_TICKS, int(width // unit) + 1))
    return DateAxis(start, end, fmt, ticks)


def _msecs(moment: str) -> float:
    text = moment if len(moment) > 10 else moment + "T12:00:00+00:00"
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000


class TrendChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(tr("Trend chart"))
        self.setMinimumHeight(160)
        self.values: QLineSeries | None = None
        self.outliers: QScatterSeries | None = None
        self.band: QAreaSeries | None = None
        self._band_edges: tuple[QLineSeries, QLineSeries] | None = None
        self.date_axis: DateAxis | None = None
        self.show_series(None)

    def show_series(self, series: ObservationSeries | None) -> None:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setVisible(False)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.values = self.outliers = self.band = None
        self._band_edges = None
        self.date_axis = None
        if series is None or not series.points:
            chart.setTitle(tr("No values to chart") if series is not None else "")
            self._replace(chart)
            return
        unit = f" ({unit_text(series.unit)})" if series.unit else ""
        chart.setTitle(f"{series.name}{unit}")

        xs = [_msecs(p.effective) for p in series.points]
        ys = [p.value for p in series.points]
        low, high = series.ref_low, series.ref_high
        y_values = ys + [v for v in (low, high) if v is not None]
        y_min, y_max = min(y_values), max(y_values)
        pad = (y_max - y_min) * 0.1 or max(abs(y_max) * 0.1, 1.0)
        y_min, y_max = y_min - pad, y_max + pad
        axis = date_axis(min(xs), max(xs))
        x_min, x_max = axis.start, axis.end

        x_axis = QDateTimeAxis()
        x_axis.setFormat(axis.format)
        x_axis.setTickCount(axis.ticks)
        x_axis.setTitleText(tr("Date"))
        x_axis.setRange(QDateTime.fromMSecsSinceEpoch(int(x_min)),
                        QDateTime.fromMSecsSinceEpoch(int(x_max)))
        self.date_axis = axis
        y_axis = QValueAxis()
        y_axis.setRange(y_min, y_max)
        y_axis.setTitleText(unit_text(series.unit))
        y_axis.applyNiceNumbers()
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)

        if low is not None or high is not None:
            lower, upper = QLineSeries(), QLineSeries()
            band_low = low if low is not None else y_axis.min()
            band_high = high if high is not None else y_axis.max()
            for x in (x_min, x_max):
                lower.append(x, band_low)
                upper.append(x, band_high)
            band = QAreaSeries(upper, lower)
            band.setName(tr("Reference range {low}–{high}").format(
                low=number_text(low) if low is not None else "",
                high=number_text(high) if high is not None else ""))
            band.setColor(_BAND)
            band.setBorderColor(Qt.GlobalColor.transparent)
            chart.addSeries(band)
            band.attachAxis(x_axis)
            band.attachAxis(y_axis)
            self.band = band
            self._band_edges = (upper, lower)  # QAreaSeries does not own its edges

        line = QLineSeries()
        line.setName(series.name)
        line.setPen(QPen(_LINE, 2))
        line.setPointsVisible(True)
        for x, y in zip(xs, ys, strict=True):
            line.append(x, y)
        chart.addSeries(line)
        line.attachAxis(x_axis)
        line.attachAxis(y_axis)
        self.values = line

        flagged = [(x, p.value) for x, p in zip(xs, series.points, strict=True)
                   if p.interpretation in ("H", "HH", "L", "LL", "A")]
        if flagged:
            dots = QScatterSeries()
            dots.setName(tr("Outside the reference range"))
            dots.setColor(_OUT_OF_RANGE)
            dots.setBorderColor(_OUT_OF_RANGE)
            dots.setMarkerSize(9)
            for x, y in flagged:
                dots.append(x, y)
            chart.addSeries(dots)
            dots.attachAxis(x_axis)
            dots.attachAxis(y_axis)
            self.outliers = dots
        self._replace(chart)

    def point_count(self) -> int:
        return self.values.count() if self.values is not None else 0

    def _replace(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()

    def clear(self) -> None:
        self.show_series(None)
