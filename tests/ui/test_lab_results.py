"""Laboratory results in the chart (issue 12 item 5): the practice's units, a value that
starts empty and cannot be saved empty, custom tests, and BMI computed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.records.observations import record_vitals
from app.core.roles import Role
from app.core.vault_settings import save_settings, stored_settings
from tests.ui.chart_support import People, add_people, make_page, open_chart, signed_in
from tests.ui.conftest import ScriptedPrompts


@pytest.fixture
def people(practice: Path) -> People:
    with signed_in(practice) as session:
        people = add_people(session)
        record_vitals(session, people.zoe, "2024-06-01T09:00:00+00:00", weight=72.25,
                      height=170)
        save_settings(session, dataclasses.replace(stored_settings(session), lab_units="si"))
        return people


def test_a_result_starts_empty_is_never_saved_empty_and_shows_in_si(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.ui.chart.observations_section import ObservationsSection, ResultDialog

    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("observations")
        assert isinstance(section, ObservationsSection)
        assert section.bmi.isVisible() and "BMI 25.0 kg/m²" in section.bmi.text()
        dialog = section.add_result()
        assert isinstance(dialog, ResultDialog)
        assert dialog.value.text() == "" and not dialog.ok_button.isEnabled()
        glucose = dialog.test.findData("glucose")
        assert "mmol/L" in dialog.test.itemText(glucose)
        dialog.test.setCurrentIndex(glucose)
        assert dialog.unit.text() == "mmol/L"
        dialog.value.setText("   ")
        dialog.accept()  # Enter with only spaces: refused, nothing saved
        assert dialog.isVisible() and "value" in dialog.banner.text()
        dialog.value.setText("seven")
        dialog.accept()
        assert dialog.isVisible() and "not a number" in dialog.banner.text()
        dialog.value.setText("7.0")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        model = section.model
        row = next(r for r in range(model.rowCount())
                   if model.row_at(r).data.code.text == "Glucose")
        assert model.index(row, 1).data() == "7.0 mmol/L"
        stored = model.row_at(row).data
        assert (stored.value, stored.unit) == (7.0, "mmol/L")
        assert stored.code.coding is not None and stored.code.coding.code == "14749-6"


def test_a_custom_test_is_added_and_offered(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.ui.chart.observations_section import CustomTestDialog, ObservationsSection

    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("observations")
        assert isinstance(section, ObservationsSection)
        dialog = section.add_custom_test()
        assert isinstance(dialog, CustomTestDialog)
        dialog.name.setText("Ferritin")
        dialog.loinc.setText("2276-5")
        dialog.unit.setText("ng/mL")
        dialog.low.setText("30")
        dialog.high.setText("400")
        dialog.ok_button.click()
        assert dialog.isVisible() and "check digit" in dialog.banner.text()
        dialog.loinc.setText("2276-4")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        result = section.add_result()
        assert result is not None
        texts = [result.test.itemText(i) for i in range(result.test.count())]
        assert "Ferritin (ng/mL)" in texts
        result.reject()


def test_a_mistyped_value_is_marked_in_error_and_the_one_before_is_latest(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.ui.chart.observations_section import ObservationsSection

    with signed_in(practice, Role.CLINICIAN) as session:
        record_vitals(session, people.zoe, "2024-07-01T09:00:00+00:00", weight=7.2)
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("observations")
        assert isinstance(section, ObservationsSection)
        model = section.model
        row = next(r for r in range(model.rowCount())
                   if model.row_at(r).data.code.text == "Body weight")
        assert model.index(row, 1).data() == "7.2 kg"
        section.table.selectRow(row)
        dialog = section.mark_selected_in_error()
        assert dialog is not None
        dialog.reason.setText("typed 7.2 for 72.25")  # type: ignore[attr-defined]
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        section = page.chart_view.section("observations")
        assert isinstance(section, ObservationsSection)
        model = section.model
        row = next(r for r in range(model.rowCount())
                   if model.row_at(r).data.code.text == "Body weight")
        assert model.index(row, 1).data() == "72.25 kg"
        assert section.in_error.isVisible() and "typed 7.2" in section.in_error.text()


def test_the_trend_is_in_the_practices_units_too(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.core.records.catalog import LABS
    from app.core.records.entries import add_entry
    from app.core.records.observations import Observation
    from app.ui.chart.observations_section import ObservationsSection

    with signed_in(practice, Role.CLINICIAN) as session:
        add_entry(session, people.zoe, Observation(
            code=LABS["glucose"].concept, effective="2024-05-01T08:00:00+00:00", value=126,
            unit="mg/dL", ref_low=70, ref_high=99, category="laboratory"))
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("observations")
        assert isinstance(section, ObservationsSection)
        model = section.model
        row = next(r for r in range(model.rowCount())
                   if model.row_at(r).data.code.text == "Glucose")
        section.table.selectRow(row)
        qtbot.waitUntil(lambda: section.series is not None and section.series.unit == "mmol/L")
        assert round(section.series.points[0].value, 1) == 7.0
