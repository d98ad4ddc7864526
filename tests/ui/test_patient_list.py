"""The patient list: search as you type, paging, keyboard, New patient, clearing on lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from app.core.records.demo import fill_demo
from app.core.roles import Role
from app.ui.patient_dialog import PatientDialog
from app.ui.patient_list import PAGE_SIZE, SORT_ROLE, PatientListModel
from app.ui.patients_page import PatientsPage
from tests.ui.chart_support import People, add_people, audit_actions, make_page, signed_in
from tests.ui.conftest import ScriptedPrompts


@pytest.fixture
def people(practice: Path) -> People:
    with signed_in(practice) as session:
        return add_people(session)


def names(model: PatientListModel) -> list[str]:
    return [model.summary_at(r).display_name for r in range(model.rowCount())]


def type_search(qtbot: QtBot, page: PatientsPage, text: str) -> None:
    search = page.list_view.search
    search.clear()
    qtbot.keyClicks(search, text)


@pytest.mark.parametrize(("query", "expected"), [
    ("zoe gar", ["García, Zoë"]),
    ("GARCIA", ["García, Zoë"]),
    ("soren", ["Kierkegaard, Søren"]),
    ("obrien", ["O'Brien, Siobhán"]),
    ("lukasz wisn", ["Wiśniewski, Łukasz"]),
    ("MRN-0002", ["Kierkegaard, Søren"]),
    ("mrn-0004", ["Wiśniewski, Łukasz"]),
    ("1980-03-12", ["García, Zoë", "O'Brien, Siobhán"]),
])
def test_search_as_you_type(qtbot: QtBot, practice: Path, people: People,
                            prompts: ScriptedPrompts, query: str, expected: list[str]) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        model = page.list_view.model
        assert model.rowCount() == 5  # every patient, by name, before any search
        type_search(qtbot, page, query)
        qtbot.waitUntil(lambda: model.query() == query and names(model) == expected)
        assert page.list_view.status.text()


def test_typing_is_debounced_into_one_search(qtbot: QtBot, practice: Path, people: People,
                                             prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        model = page.list_view.model
        before = audit_actions(session).count("patient.search")
        type_search(qtbot, page, "kierkegaard")
        qtbot.waitUntil(lambda: model.query() == "kierkegaard")
        assert names(model) == ["Kierkegaard, Søren"]
        assert audit_actions(session).count("patient.search") == before + 1


def test_restricted_patient_is_found_by_name_only(qtbot: QtBot, practice: Path,
                                                  people: People,
                                                  prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        model = page.list_view.model
        type_search(qtbot, page, "famous")
        qtbot.waitUntil(lambda: model.query() == "famous" and model.rowCount() == 1)
        row = model.summary_at(0)
        assert row.restricted and row.birth_date is None and row.mrn is None
        assert model.data(model.index(0, PatientListModel.BIRTH_DATE)) == "—"
        type_search(qtbot, page, "MRN-0005")  # the MRN would confirm who it is
        qtbot.waitUntil(lambda: model.query() == "MRN-0005")
        assert model.rowCount() == 0


def test_a_bad_date_is_explained_not_fatal(qtbot: QtBot, practice: Path, people: People,
                                           prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        type_search(qtbot, page, "2023-02-30")
        qtbot.waitUntil(lambda: page.list_view.banner.isVisible())
        assert "2023-02-30" in page.list_view.banner.text()
        assert page.list_view.model.rowCount() == 0
        assert prompts.messages == []  # no modal box while typing


def test_pages_load_on_scroll_never_all(qtbot: QtBot, practice: Path,
                                        prompts: ScriptedPrompts) -> None:
    with signed_in(practice) as session:
        fill_demo(session, 3 * PAGE_SIZE + 50, seed=3)
        page = make_page(qtbot, session, prompts)
        model, table = page.list_view.model, page.list_view.table
        assert model.total() == 3 * PAGE_SIZE + 50
        assert model.rowCount() == PAGE_SIZE
        assert model.canFetchMore(QModelIndex())
        lists = audit_actions(session).count("patient.list")
        table.scrollToBottom()
        qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE)
        assert audit_actions(session).count("patient.list") == lists + 1
        assert model.rowCount() < model.total()  # only what was scrolled to
        # The pages join up in name order without gaps or repeats.
        keys = [model.data(model.index(r, 0), SORT_ROLE)
                for r in range(model.rowCount())]
        assert keys == sorted(keys)
        assert len({model.summary_at(r).id for r in range(model.rowCount())}) == 2 * PAGE_SIZE
        # Sorting by another column waits for a complete result (a search).
        assert not table.isSortingEnabled()
        type_search(qtbot, page, "DEMO-0000007")
        qtbot.waitUntil(lambda: model.query() == "DEMO-0000007" and model.is_complete())
        assert table.isSortingEnabled()


def test_search_results_sort_by_any_column(qtbot: QtBot, practice: Path, people: People,
                                           prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        model = page.list_view.model
        assert model.is_complete()
        model.sort(PatientListModel.BIRTH_DATE, Qt.SortOrder.DescendingOrder)
        assert [model.summary_at(r).birth_date for r in range(model.rowCount())][:2] == \
            ["2001-11-30", "1980-03-12"]
        model.sort(PatientListModel.NAME, Qt.SortOrder.AscendingOrder)
        assert names(model)[0] == "Famous, Fiona"


def test_enter_in_search_opens_the_chart(qtbot: QtBot, practice: Path, people: People,
                                         prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        type_search(qtbot, page, "soren")
        qtbot.keyClick(page.list_view.search, Qt.Key.Key_Return)
        assert page.is_chart_shown()
        assert page.chart_view.patient_id == people.soren
        assert page.chart_view.name_label.text() == "Kierkegaard, Søren"


def test_enter_on_a_row_opens_the_chart(qtbot: QtBot, practice: Path, people: People,
                                        prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        table = page.list_view.table
        qtbot.keyClick(page.list_view.search, Qt.Key.Key_Down)
        assert table.hasFocus() or table.currentIndex().row() == 0
        qtbot.keyClick(table, Qt.Key.Key_Down)
        row = table.currentIndex().row()
        expected = page.list_view.model.summary_at(row).id
        qtbot.keyClick(table, Qt.Key.Key_Return)
        assert page.is_chart_shown() and page.chart_view.patient_id == expected


def test_ctrl_f_returns_from_a_chart_to_the_search_box(qtbot: QtBot, practice: Path,
                                                       people: People,
                                                       prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        type_search(qtbot, page, "soren")
        qtbot.keyClick(page.list_view.search, Qt.Key.Key_Return)
        assert page.is_chart_shown()
        page.focus_search()  # what Ctrl+F does from the chart
        assert not page.is_chart_shown()
        assert page.chart_view.controller.chart is None  # the chart was forgotten
        assert page.list_view.search.selectedText() == "soren"


def test_new_patient_dialog_adds_and_opens_the_chart(qtbot: QtBot, practice: Path,
                                                     prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        assert page.list_view.new_button.isVisible()
        page.list_view.new_button.click()
        dialog = page.dialog
        assert isinstance(dialog, PatientDialog)
        dialog.family.setText("Ní Bhriain")
        dialog.given.setText("Aoife")
        dialog.birth_date.setText("2099-01-01")
        dialog.ok_button.click()
        # Core refuses a future birth date; the dialog stays with what was typed.
        assert dialog.isVisible() and "future" in dialog.banner.text()
        dialog.birth_date.setText("1990-06-15")
        dialog.mrn.setText("MRN-0100")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: page.is_chart_shown())
        assert page.chart_view.name_label.text() == "Ní Bhriain, Aoife"
        # Reception sees the registry only.
        assert page.chart_view.section_keys() == ["details", "consents"]
        page.show_list()
        page.list_view.search.setText("aoife")
        page.list_view.run_query_now()
        assert names(page.list_view.model) == ["Ní Bhriain, Aoife"]


def test_auditor_cannot_add_patients(qtbot: QtBot, practice: Path, people: People,
                                     prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.AUDITOR) as session:
        page = make_page(qtbot, session, prompts)
        assert not page.list_view.new_button.isVisible()
        assert page.new_patient() is None


def test_clear_leaves_nothing(qtbot: QtBot, practice: Path, people: People,
                              prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        type_search(qtbot, page, "zoe")
        qtbot.waitUntil(lambda: page.list_view.model.rowCount() == 1)
        page.clear()
        assert page.session is None
        assert page.list_view.model.rowCount() == 0
        assert page.list_view.search.text() == ""
        assert page.list_view.status.text() == ""
        assert not page.list_view.model.canFetchMore(QModelIndex())


def test_status_does_not_count_a_search_that_has_more_pages(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        model, view = page.list_view.model, page.list_view
        model.page_size = 1  # two matches: the view pulls the second page at once
        shown: list[str] = []
        real_set_text = view.status.setText
        monkeypatch.setattr(view.status, "setText",
                            lambda text: (shown.append(text), real_set_text(text)))
        type_search(qtbot, page, "1980-03-12")
        qtbot.waitUntil(lambda: model.query() == "1980-03-12" and model.is_complete())
        first = shown.index(next(t for t in shown if "match" in t))
        assert "scroll for more" in shown[first], "one row loaded of more: no count yet"
        assert view.status.text() == "2 matching patients."
