"""Dates in the user's locale (issue 12 item 5): typed in the locale's format (German
14.03.1968, US 3/14/1968), picked from a calendar, shown back the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale
from pytestqt.qtbot import QtBot

from app.core.errors import UsageError
from app.core.roles import Role
from app.ui.dates import DateField, date_text, parse_date
from tests.ui.chart_support import make_page, signed_in
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
