"""The practice's day in the GUI: duplicate patients stopped at the desk, and the chart's
clinical-safety wording."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.roles import Role
from tests.ui.chart_support import People, add_people, make_page, signed_in
from tests.ui.conftest import ScriptedPrompts


@pytest.fixture
def people(practice: Path) -> People:
    with signed_in(practice) as session:
        return add_people(session)


def _type_zoe_again(page: object) -> object:
    dialog = page.new_patient()  # type: ignore[attr-defined]
    assert dialog is not None
    dialog.family.setText("GARCIA")
    dialog.given.setText("zoe")
    dialog.birth_date.setText("12.03.1980")
    dialog.ok_button.click()
    return dialog


def test_a_duplicate_is_stopped_and_the_existing_record_opened(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        dialog = _type_zoe_again(page)
        assert dialog.isVisible()  # type: ignore[attr-defined]
        panel = dialog.duplicates  # type: ignore[attr-defined]
        assert panel.isVisible() and panel.candidates.count() == 1
        assert "García, Zoë" in panel.candidates.item(0).text()
        assert "already in the vault" in dialog.banner.text()  # type: ignore[attr-defined]
        panel.open_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())  # type: ignore[attr-defined]
        assert page.chart_view.patient_id == people.zoe
        from app.core.records.search import find_patients

        assert len(find_patients(session, "garcia zoe")) == 1


def test_a_different_person_is_added_after_saying_so(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        dialog = _type_zoe_again(page)
        panel = dialog.duplicates  # type: ignore[attr-defined]
        panel.different.setChecked(True)
        dialog.ok_button.click()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: not dialog.isVisible())  # type: ignore[attr-defined]
        assert page.chart_view.patient_id not in (None, people.zoe)


def test_allergies_not_recorded_until_a_clinician_says_none_are_known(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.ui.chart.chart_view import ChartView
    from app.ui.chart.entry_sections import EntrySection
    from app.ui.chart.summary_doc import summary_html
    from tests.ui.chart_support import open_chart

    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.lukasz)  # nothing recorded for him
        view: ChartView = page.chart_view
        assert view.allergy_banner.text() == "Allergies not yet recorded"
        assert view.allergy_banner.kind() == "warning"
        chart = view.controller.chart
        assert chart is not None
        assert "Allergies not yet recorded" in summary_html(chart)
        assert "Medications not yet recorded" in summary_html(chart)
        section = view.show_section("allergies")
        assert isinstance(section, EntrySection)
        assert section.empty.text().startswith("Allergies not yet recorded")
        section.absence_buttons["nka"].click()
        assert view.allergy_banner.text().startswith("No known allergies (recorded ")
        assert view.allergy_banner.kind() == "info"
        assert view.allergy_banner.text().endswith(f"by {session.user.name})")
        chart = view.controller.chart
        assert chart is not None
        assert view.allergy_banner.text() in summary_html(
            chart, names={session.user.user_id: session.user.name})
        medications = view.show_section("medications")
        assert isinstance(medications, EntrySection)
        assert set(medications.absence_buttons) == {"no-medications"}
        open_chart(page, people.zoe)  # penicillin: listed, loud
        assert view.allergy_banner.text().startswith("Allergies: Penicillin")
        assert view.allergy_banner.kind() == "alert"


def test_prescribing_against_an_allergy_needs_an_acknowledgement(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.core.records.clinical import Medication
    from app.core.records.entries import list_entries
    from app.ui.chart.entry_form import ConceptEdit
    from app.ui.chart.entry_sections import EntrySection
    from tests.ui.chart_support import open_chart

    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)  # allergic to penicillin
        section = page.chart_view.show_section("medications")
        assert isinstance(section, EntrySection)
        before = section.model.rowCount()
        dialog = section.add()
        code = dialog.widgets["code"]
        assert isinstance(code, ConceptEdit)
        code.text.setText("Amoxicillin 500 mg capsule")
        dialog.ok_button.click()
        assert dialog.isVisible() and "Allergy to Penicillin" in dialog.banner.text()
        assert dialog.acknowledge.isVisible() and not dialog.acknowledge.isChecked()
        dialog.ok_button.click()  # not acknowledged: still stopped
        assert dialog.isVisible() and section.model.rowCount() == before
        dialog.acknowledge.setChecked(True)
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert section.model.rowCount() == before + 1
        stored = [e for e in list_entries(session, Medication, people.zoe).entries
                  if e.data.code.text.startswith("Amoxicillin")]
        assert stored[0].data.extra["acknowledged"][0]["kind"] == "allergy"
