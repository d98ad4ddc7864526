"""Fixing the record from the chart (issue 12 item 2): entries marked entered in error,
and duplicate records merged (from core's candidates) and unmerged."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from tests.ui.chart_support import People, add_people, make_page, open_chart, signed_in
from tests.ui.conftest import ScriptedPrompts


@pytest.fixture
def people(practice: Path) -> People:
    with signed_in(practice) as session:
        return add_people(session)


def test_an_allergy_entered_in_error_leaves_the_banner_and_stays_in_the_history(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.ui.chart.entry_sections import EntrySection, ErrorReasonDialog

    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        view = page.chart_view
        assert "Penicillin" in view.allergy_banner.text()
        section = view.show_section("allergies")
        assert isinstance(section, EntrySection)
        assert section.error_button.isVisible() and not section.in_error.isVisible()
        dialog = section.mark_selected_in_error()
        assert isinstance(dialog, ErrorReasonDialog) and dialog.isVisible()
        assert not dialog.ok_button.isEnabled(), "a reason is needed"
        dialog.reason.setText("allergy belongs to her sister")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert "Penicillin" not in view.allergy_banner.text()
        assert view.allergy_banner.text() == "Allergies not yet recorded"
        section = view.section("allergies")
        assert isinstance(section, EntrySection)
        assert section.model.rowCount() == 0
        assert section.in_error.isVisible()
        text = section.in_error.text()
        assert "Penicillin" in text and "clinician1" in text
        assert "allergy belongs to her sister" in text


def test_reception_has_no_entered_in_error_button(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.OWNER) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        assert page.chart_view.merge_action.isVisible()
    with signed_in(practice, Role.RECEPTION) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        assert not page.chart_view.merge_action.isVisible()


def test_a_duplicate_is_merged_from_its_candidates_and_the_merge_undone(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.core.records.search import find_patients
    from app.ui.chart.entry_sections import EntrySection
    from app.ui.chart.merge_dialog import MergeDialog

    with signed_in(practice, Role.RECEPTION) as desk:
        twin = add_patient(desk, PatientInput(family="Garcia", given="Zoe",
                                              birth_date="1980-03-12"),
                           not_a_duplicate=True).id
    with signed_in(practice, Role.CLINICIAN) as session:
        from app.core.records.clinical import Condition
        from app.core.records.codes import Concept
        from app.core.records.entries import add_entry

        add_entry(session, twin, Condition(code=Concept.of("Asthma")))
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        view = page.chart_view
        assert not view.undo_merge_button.isVisible()
        dialog = view.ask_merge()
        assert isinstance(dialog, MergeDialog) and dialog.isVisible()
        # Core's candidates: same birth date and folded names (not O'Brien, born the same day).
        items = [dialog.candidates.item(i).text() for i in range(dialog.candidates.count())]
        assert items == ["Garcia, Zoe, born 1980-03-12"]
        dialog.reason.setText("registered twice at the front desk")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        problems = view.section("problems")
        assert isinstance(problems, EntrySection)
        names = [problems.model.index(r, 0).data() for r in range(problems.model.rowCount())]
        assert "Asthma" in names
        assert view.undo_merge_button.isVisible() and view.merge_banner.isVisible()
        assert [p.id for p in find_patients(session, "garcia")] == [people.zoe]
        prompts.confirms.append(True)
        view.undo_merge_button.click()
        qtbot.waitUntil(lambda: not view.undo_merge_button.isVisible())
        problems = view.section("problems")
        assert isinstance(problems, EntrySection)
        names = [problems.model.index(r, 0).data() for r in range(problems.model.rowCount())]
        assert "Asthma" not in names
        assert {p.id for p in find_patients(session, "garcia")} == {people.zoe, twin}


def test_a_lock_closes_the_merge_and_error_dialogs(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.ui.chart.entry_sections import EntrySection

    with signed_in(practice, Role.OWNER) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        merge = page.chart_view.ask_merge()
        assert merge is not None and merge.isVisible()
        page.clear()
        assert not merge.isVisible()
        page.set_session(session)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("allergies")
        assert isinstance(section, EntrySection)
        error = section.mark_selected_in_error()
        assert error is not None and error.isVisible()
        page.clear()
        assert not error.isVisible()


def test_a_document_filed_on_the_wrong_patient_is_marked_not_deleted(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.core.records.documents import add_document
    from app.ui.chart.documents_section import DocumentsSection
    from tests.ui.chart_support import pdf_bytes

    with signed_in(practice, Role.CLINICIAN) as session:
        add_document(session, people.zoe, pdf_bytes(), title="Letter for Mr Kierkegaard")
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("documents")
        assert isinstance(section, DocumentsSection)
        dialog = section.mark_selected_in_error()
        assert dialog is not None
        dialog.reason.setText("filed on the wrong patient")  # type: ignore[attr-defined]
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        section = page.chart_view.section("documents")
        assert isinstance(section, DocumentsSection)
        assert section.model.rowCount() == 0 and section.in_error.isVisible()
        assert "Letter for Mr Kierkegaard" in section.in_error.text()


def test_a_signed_note_on_the_wrong_patient_is_marked_and_kept(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.core.records.notes import NoteContent, add_note
    from app.ui.chart.notes_section import NotesSection

    with signed_in(practice, Role.CLINICIAN) as session:
        add_note(session, people.zoe, NoteContent(title="Knee review", body="for Søren"))
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        section = page.chart_view.show_section("notes")
        assert isinstance(section, NotesSection)
        assert section.error_button.isVisible()
        dialog = section.mark_selected_in_error()
        assert dialog is not None
        dialog.reason.setText("written in the wrong chart")  # type: ignore[attr-defined]
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        section = page.chart_view.section("notes")
        assert isinstance(section, NotesSection)
        assert section.model.rowCount() == 0
        assert "Knee review" in section.in_error.text() and section.in_error.isVisible()
