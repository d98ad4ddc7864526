"""Dates in the user's locale (issue 12 item 5): typed in the locale's format (German
14.03.1968, US 3/14/1968), picked from a calendar, shown back the same way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QDate, QLocale, QModelIndex
from pytestqt.qtbot import QtBot

from app.core.errors import UsageError
from app.core.roles import Role
from app.ui.dates import DateField, date_text, day_text, moment_text, parse_date
from tests.support import zone
from tests.ui.chart_support import add_people, make_page, open_chart, signed_in
from tests.ui.conftest import ScriptedPrompts

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


@pytest.fixture
def german() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(GERMAN)
    try:
        yield
    finally:
        QLocale.setDefault(previous)


def test_dates_are_read_and_shown_in_the_locale() -> None:
    assert parse_date("14.03.1968", GERMAN) == "1968-03-14"
    assert date_text("1968-03-14", GERMAN) == "14.03.1968"
    assert parse_date("3/14/1968", US) == "1968-03-14"
    assert date_text("1968-03-14", US) == "3/14/1968"
    assert parse_date("1968-03-14", US) == "1968-03-14"  # ISO always
    assert parse_date("  ", GERMAN) is None
    with pytest.raises(UsageError, match="not a date"):
        parse_date("14/03/1968", US)  # never guessed: the US reads month first
    assert date_text("2019-04", GERMAN) == "2019-04", "a partial date stays as stored"


def test_a_new_patient_in_a_german_locale_takes_14_03_1968(
        qtbot: QtBot, practice: Path, prompts: ScriptedPrompts, german: None) -> None:
    from app.core.records.search import find_patients

    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        dialog = page.new_patient()
        assert dialog is not None
        assert dialog.birth_date.line.placeholderText() == "14.03.1968"
        dialog.family.setText("Neumann")
        dialog.given.setText("Greta")
        dialog.birth_date.setText("14.03.1968")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        [found] = find_patients(session, "14.03.1968")
        assert found.birth_date == "1968-03-14" and found.family == "Neumann"
        assert "14.03.1968" in page.chart_view.facts_label.text()


def test_the_calendar_fills_the_field(qtbot: QtBot, german: None) -> None:
    field = DateField(None, "Birth date")
    qtbot.addWidget(field)
    field.show()
    dialog = field.choose()
    assert dialog.isVisible()
    dialog.calendar.setSelectedDate(QDate(1968, 3, 14))
    dialog.accept()
    assert field.text() == "14.03.1968" and field.iso() == "1968-03-14"


def test_entry_forms_take_locale_dates_and_keep_partial_ones(
        qtbot: QtBot, practice: Path, prompts: ScriptedPrompts, german: None) -> None:
    from app.core.records.kinds import kind
    from app.ui.chart.entry_form import EntryDialog, field_text

    spec = kind("condition")
    dialog = EntryDialog(None, "Add problem", "Add", spec.data,
                         tuple(f for f in spec.fields if f.form))
    qtbot.addWidget(dialog)
    onset = spec.field("onset")
    assert dialog._parse(onset, "14.03.1968") == "1968-03-14"
    assert dialog._parse(onset, "2019-04") == "2019-04"  # a partial FHIR date, as typed
    assert dialog._parse(onset, "2019") == "2019"
    with pytest.raises(UsageError):
        dialog._parse(onset, "im Frühling")
    assert field_text(onset, "1968-03-14") == "14.03.1968"
    assert field_text(onset, "2019-04") == "2019-04"


def test_a_result_is_timed_in_the_locales_date_format(qtbot: QtBot, german: None) -> None:
    from app.ui.chart.observations_section import VitalsDialog

    dialog = VitalsDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.when.displayFormat() == "dd.MM.yyyy HH:mm"


ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture
def berlin() -> Iterator[None]:
    with zone("Europe/Berlin"):
        yield


def _texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> list[str]:
    parent = parent or QModelIndex()
    out: list[str] = []
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            out.append(str(model.data(index) or ""))
            out += _texts(model, index)
    return out


def test_moments_are_shown_in_the_locale_and_the_local_zone(berlin: None) -> None:
    stored = "2026-03-14T09:05:30.250+00:00"  # UTC, as core stores it
    assert moment_text(stored, locale=GERMAN) == "14.03.2026 10:05"
    assert moment_text(stored, seconds=True, locale=GERMAN) == "14.03.2026 10:05:30"
    assert moment_text(stored, locale=US).replace("\u202f", " ") == "3/14/2026 10:05 AM"
    assert moment_text(stored, locale=QLocale.c()) == "2026-03-14 10:05"  # no locale: ISO
    assert moment_text("2026-03-14T23:30:00Z", locale=GERMAN) == "15.03.2026 00:30"
    assert day_text("2026-03-14T23:30:00Z", GERMAN) == "15.03.2026"  # the local day
    assert moment_text("2019-04", locale=GERMAN) == "2019-04"  # partial: as stored
    assert moment_text("not a time", locale=GERMAN) == "not a time"
    assert moment_text("2026-03-14T09:05:00", locale=GERMAN) == "14.03.2026 10:05", \
        "a stored time without a zone was written as UTC"


def test_chart_tables_and_timeline_show_no_iso_dates_and_sort_by_date(
        qtbot: QtBot, practice: Path, prompts: ScriptedPrompts, german: None,
        berlin: None) -> None:
    """Every table of the chart and the timeline, in German: dates as 10.05.2024, never
    2024-05-10; a date column sorts by the date, not by its text."""
    from PySide6.QtCore import Qt

    from app.core.records.clinical import Condition
    from app.core.records.codes import Concept
    from app.core.records.entries import add_entry

    with signed_in(practice, Role.OWNER) as session:
        people = add_people(session)
        for name, onset in (("Gout", "2024-01-05"), ("Asthma", "2023-12-28")):
            add_entry(session, people.zoe, Condition(code=Concept.of(name), onset=onset))
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        view = page.chart_view
        shown: dict[str, list[str]] = {}
        for key in view.section_keys():
            section = view.show_section(key)
            model = getattr(section, "model", None)
            if isinstance(model, QAbstractItemModel):
                shown[key] = _texts(model)
        assert {"timeline", "observations", "problems"} <= set(shown)
        iso = {key: [t for t in texts if ISO_DAY.search(t)] for key, texts in shown.items()}
        assert not any(iso.values()), iso
        assert "10.05.2024 11:30" in shown["observations"]  # 09:30 UTC, summer time
        assert any("10.05.2024 11:30" in t for t in shown["timeline"])
        assert "05.01.2024" in shown["problems"]
        problems = view.show_section("problems")
        model = problems.model  # type: ignore[union-attr]
        headers = [model.headerData(c, Qt.Orientation.Horizontal)
                   for c in range(model.columnCount())]
        onset = headers.index("Onset")
        model.sort(onset, Qt.SortOrder.AscendingOrder)
        column = [model.data(model.index(r, onset)) for r in range(model.rowCount())]
        dated = [c for c in column if c]
        assert dated == ["28.12.2023", "05.01.2024"], column


def test_numbers_use_the_locales_decimal_mark_and_read_back(qtbot: QtBot) -> None:
    """36,9 in German: what the chart shows is what a German user types, and a form filled
    with it reads the same value back; no grouping (1234,5, not 1.234,5), which would not."""
    from app.core.records.kinds import kind
    from app.ui.chart.common import number_text
    from app.ui.chart.entry_form import EntryDialog

    spec = kind("observation")
    value = spec.field("value")
    previous = QLocale()
    arabic = QLocale(QLocale.Language.Arabic, QLocale.Country.Egypt)
    assert arabic.decimalPoint() not in (".", ",")  # the case the point is for
    for locale, mark in ((GERMAN, ","), (US, "."), (arabic, ".")):
        QLocale.setDefault(locale)
        try:
            assert number_text(36.9) == f"36{mark}9"
            assert number_text(1234.5) == f"1234{mark}5"
            assert number_text(0.25) == f"0{mark}25"
            assert number_text(120.0) == "120"
            dialog = EntryDialog(None, "Edit", "Save", spec.data,
                                 tuple(f for f in spec.fields if f.form))
            qtbot.addWidget(dialog)
            assert dialog._parse(value, number_text(1234.5)) == 1234.5
        finally:
            QLocale.setDefault(previous)
