"""A trend chart for one kind of observation: the values over time on a date axis, and
the reference range as a shaded band behind them.

This is the only module that imports QtCharts, and only the Observations section imports
it, when a trend is first shown: opening the program or a chart never pays for QtCharts.
"""

from __future__ import annotations

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


def _msecs(moment: str) -> float:
    text = moment if len(moment) > 10 else moment + "T12:00:00+00:00"
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000


class TrendChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(tr("Trend chart"))
        self.setMinimumHeight(220)
        self.values: QLineSeries | None = None
        self.outliers: QScatterSeries | None = None
        self.band: QAreaSeries | None = None
        self._band_edges: tuple[QLineSeries, QLineSeries] | None = None
        self.show_series(None)

    def show_series(self, series: ObservationSeries | None) -> None:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setVisible(False)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.values = self.outliers = self.band = None
        self._band_edges = None
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
        x_min, x_max = min(xs), max(xs)
        if x_max - x_min < _DAY_MS:
            x_min, x_max = x_min - _DAY_MS, x_max + _DAY_MS

        x_axis = QDateTimeAxis()
        x_axis.setFormat("yyyy-MM-dd" if x_max - x_min < 3 * 365 * _DAY_MS else "yyyy")
        x_axis.setTickCount(6)
        x_axis.setTitleText(tr("Date"))
        x_axis.setRange(QDateTime.fromMSecsSinceEpoch(int(x_min)),
                        QDateTime.fromMSecsSinceEpoch(int(x_max)))
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
