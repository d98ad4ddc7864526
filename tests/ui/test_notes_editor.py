"""Notes: writing with autosaved drafts in the vault, signing, amendments that keep the
history, secure copy, and a draft that survives a lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.core.records.notes import note_history
from app.core.roles import Role
from app.ui.app_controller import AppController, AppState
from app.ui.chart.notes_section import NotesSection
from app.ui.lock_controller import LockReason
from app.ui.patients_page import PatientsPage
from app.ui.secure_clipboard import KDE_CONCEAL_MIME
from tests.ui.chart_support import People, add_people, make_page, open_chart, signed_in
from tests.ui.conftest import ScriptedPrompts, credentials, sign_in, unlock


@pytest.fixture
def people(practice: Path) -> People:
    with signed_in(practice) as session:
        return add_people(session)


def notes_of(page: PatientsPage) -> NotesSection:
    section = page.chart_view.show_section("notes")
    assert isinstance(section, NotesSection)
    return section


def test_write_autosave_and_sign(qtbot: QtBot, practice: Path, people: People,
                                 prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts, autosave_ms=50)
        open_chart(page, people.zoe)
        page.chart_view.new_note_button.click()
        notes = notes_of(page)
        editor = notes.editor
        assert notes.editing() and editor.heading.text() == "New note"
        assert editor.draft.note_id is None  # no empty draft is stored
        qtbot.keyClicks(editor.title, "Blood pressure review")
        qtbot.keyClicks(editor.soap["subjective"], "Feels well. No headaches.")
        qtbot.keyClicks(editor.soap["plan"], "Continue amlodipine.")
        qtbot.waitUntil(lambda: editor.draft.note_id is not None and not editor.draft.dirty)
        draft_id = editor.draft.note_id
        assert "saved in the vault" in editor.status.text()
        # The draft is in the list (only its author sees it) and in the vault.
        assert notes.model.rowCount() == 1 and notes.model.row_at(0).status == "draft"
        stored = note_history(session, draft_id)[0]
        assert stored.content.subjective == "Feels well. No headaches."
        assert stored.kind == "soap"
        # Keep typing: autosave overwrites the same draft.
        qtbot.keyClicks(editor.soap["assessment"], "Controlled.")
        qtbot.waitUntil(lambda: not editor.draft.dirty)
        assert editor.draft.note_id == draft_id
        # Signing is final: it is asked once, and "no" leaves the draft open.
        prompts.confirms.append(False)
        editor.sign_button.click()
        assert notes.editing() and note_history(session, draft_id)[0].status == "draft"
        assert prompts.messages[-1] == (
            "confirm", "Sign note",
            "Sign this note? A signed note cannot be edited; later changes are amendments.")
        prompts.confirms.append(True)
        editor.sign_button.click()
        assert not notes.editing()
        signed = note_history(session, draft_id)[0]
        assert signed.status == "signed" and signed.content.assessment == "Controlled."
        assert notes.model.row_at(0).status == "signed"
        assert "Controlled." in notes.reader.toPlainText()
        assert "Signed by" in notes.reader.toPlainText()


def test_an_empty_note_cannot_be_signed(qtbot: QtBot, practice: Path, people: People,
                                        prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.soren)
        page.chart_view.new_note()
        editor = notes_of(page).editor
        editor.sign_button.click()
        assert editor.banner.isVisible() and "empty" in editor.banner.text()
        assert prompts.texts("confirm") == []  # nothing to confirm: core refuses it


def test_free_text_note_and_format_switch(qtbot: QtBot, practice: Path, people: People,
                                          prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.soren)
        page.chart_view.new_note()
        editor = notes_of(page).editor
        editor.format.setCurrentIndex(editor.format.findData("text"))
        qtbot.keyClicks(editor.body, "Phone call: results normal.")
        assert editor.content().kind == "text"
        editor.format.setCurrentIndex(editor.format.findData("soap"))
        assert editor.soap["subjective"].toPlainText() == "Phone call: results normal."
        assert editor.body.toPlainText() == ""
        prompts.confirms.append(True)
        note = editor.sign()
        assert note is not None and note.kind == "soap"


def test_amendment_keeps_the_history(qtbot: QtBot, practice: Path, people: People,
                                     prompts: ScriptedPrompts) -> None:
    from app.core.records.notes import NoteContent, add_note

    with signed_in(practice, Role.CLINICIAN) as session:
        original = add_note(session, people.zoe, NoteContent(title="Visit",
                                                             assessment="Hypertension."))
        page = make_page(qtbot, session, prompts, autosave_ms=50)
        open_chart(page, people.zoe)
        notes = notes_of(page)
        assert notes.model.row_at(0).id == original.id
        assert notes.amend_button.isVisible() and not notes.sign_button.isVisible()
        notes.amend_selected()
        editor = notes.editor
        assert editor.heading.text().startswith("Amending")
        assert editor.soap["assessment"].toPlainText() == "Hypertension."
        editor.soap["assessment"].selectAll()
        qtbot.keyClicks(editor.soap["assessment"], "Hypertension, stage 2.")
        qtbot.waitUntil(lambda: editor.draft.note_id is not None and not editor.draft.dirty)
        amendment_draft = notes.model.rows[0]
        assert amendment_draft.status == "draft" and amendment_draft.amends == original.id
        prompts.confirms.append(True)
        editor.sign_button.click()
        history = note_history(session, original.id)
        assert [n.content.assessment for n in history] == ["Hypertension.",
                                                           "Hypertension, stage 2."]
        assert history[0].id == original.id and history[0].status == "signed"
        # The list shows the original once, marked amended; the reader shows both.
        assert notes.model.rowCount() == 1
        assert notes.model.row_at(0).amendment_count == 1
        notes.table.selectRow(0)
        text = notes.reader.toPlainText()
        assert text.index("Hypertension, stage 2.") < text.index("Original")
        assert "Hypertension." in text.split("Original")[1]


def test_discarding_a_draft_removes_it(qtbot: QtBot, practice: Path, people: People,
                                       prompts: ScriptedPrompts) -> None:
    from app.core.records.notes import list_notes

    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        page.chart_view.new_note()
        notes = notes_of(page)
        qtbot.keyClicks(notes.editor.title, "Wrong patient")
        notes.editor.save_now()
        assert len(list_notes(session, people.zoe).notes) == 1
        notes.editor.discard_button.click()
        assert list_notes(session, people.zoe).notes == []
        assert notes.model.rowCount() == 0 and not notes.editing()


def test_opening_another_patient_saves_the_draft(qtbot: QtBot, practice: Path,
                                                 people: People,
                                                 prompts: ScriptedPrompts) -> None:
    from app.core.records.notes import list_notes

    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)  # the default, slow autosave
        open_chart(page, people.zoe)
        page.chart_view.new_note()
        qtbot.keyClicks(notes_of(page).editor.soap["plan"], "typed just before switching")
        open_chart(page, people.soren)
        drafts = [n for n in list_notes(session, people.zoe).notes if n.status == "draft"]
        assert len(drafts) == 1
        assert "typed just before switching" in drafts[0].text


def test_copy_from_the_editor_is_concealed(qtbot: QtBot, practice: Path, people: People,
                                           prompts: ScriptedPrompts) -> None:
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        page.chart_view.new_note()
        editor = notes_of(page).editor
        body = editor.soap["objective"]
        qtbot.keyClicks(body, "BP 128/82")
        body.selectAll()
        qtbot.keyClick(body, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        mime = QGuiApplication.clipboard().mimeData()
        assert mime.text() == "BP 128/82" and mime.hasFormat(KDE_CONCEAL_MIME)
        assert page.ctx.clipboard.is_pending()
        page.ctx.clipboard.clear_now()
        assert QGuiApplication.clipboard().text() == ""


def test_draft_is_saved_on_lock_and_restored_after_unlock(
        qtbot: QtBot, controller: AppController, practice: Path, people: People,
        prompts: ScriptedPrompts) -> None:
    from app.core.vault import OpenVault

    c = controller
    sign_in(qtbot, c, practice, Role.CLINICIAN)
    window = c.main_window
    assert window is not None
    page = window.page(PatientsPage)
    assert isinstance(page, PatientsPage)
    page.list_view.search.setText("MRN-0001")
    page.list_view.run_query_now()
    assert page.open_patient(page.list_view.model.summary_at(0))
    page.chart_view.new_note()
    notes = notes_of(page)
    qtbot.keyClicks(notes.editor.title, "Half-typed")
    qtbot.keyClicks(notes.editor.soap["subjective"], "Cough for three days")
    assert notes.editor.draft.dirty  # not yet autosaved

    assert c.lock.lock(LockReason.MANUAL)
    assert c.state is AppState.LOCKED
    # Nothing from the record is left in any widget, and the session is gone.
    assert page.session is None and page.chart_view.controller.session is None
    assert page.chart_view.sections == {}
    assert page.list_view.model.rowCount() == 0 and page.list_view.search.text() == ""
    assert notes.editor.title.text() == "" and notes.editor.draft.patient_id is None

    name, password = credentials(Role.CLINICIAN)
    unlock(qtbot, c, name, password)
    assert c.state is AppState.MAIN
    assert page.is_chart_shown() and page.chart_view.patient_id == people.zoe
    restored = page.chart_view.sections.get("notes")
    assert isinstance(restored, NotesSection) and restored.editing()
    assert restored.editor.title.text() == "Half-typed"
    assert restored.editor.soap["subjective"].toPlainText() == "Cough for three days"
    prompts.confirms.append(True)
    restored.editor.sign_button.click()
    assert not restored.editing()
    c.lock.lock(LockReason.MANUAL)
    c.shutdown()
    with OpenVault.open(practice) as vault:
        session = vault.unlock(name, password)
        try:
            from app.core.records.notes import list_notes

            notes_now = list_notes(session, people.zoe).notes
            assert [(n.content.title, n.status) for n in notes_now] == [
                ("Half-typed", "signed")]
        finally:
            session.close("close")


def test_another_user_does_not_get_the_draft(qtbot: QtBot, controller: AppController,
                                             practice: Path, people: People) -> None:
    c = controller
    sign_in(qtbot, c, practice, Role.CLINICIAN)
    window = c.main_window
    assert window is not None
    page = window.page(PatientsPage)
    assert isinstance(page, PatientsPage)
    page.list_view.search.setText("MRN-0001")
    page.list_view.run_query_now()
    assert page.open_patient(page.list_view.model.summary_at(0))
    page.chart_view.new_note()
    qtbot.keyClicks(notes_of(page).editor.title, "Mine only")
    assert c.lock.lock(LockReason.MANUAL)
    name, password = credentials(Role.OWNER)
    unlock(qtbot, c, name, password)
    assert c.state is AppState.MAIN
    assert not page.is_chart_shown()
    assert page.chart_view.sections == {}


def test_keyboard_save_and_sign_in_the_editor(qtbot: QtBot, practice: Path, people: People,
                                              prompts: ScriptedPrompts) -> None:
    """Ctrl+S writes the draft at once; Ctrl+Enter signs after the same question."""
    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts, autosave_ms=60_000)
        page.show()
        page.activateWindow()
        qtbot.waitActive(page)  # shortcuts reach only the active window
        open_chart(page, people.zoe)
        page.chart_view.new_note()
        notes = notes_of(page)
        editor = notes.editor
        qtbot.keyClicks(editor.soap["plan"], "Recheck in two weeks.")
        assert editor.draft.dirty and editor.draft.note_id is None
        editor.soap["plan"].setFocus()
        # Keys go to the window, as from the keyboard, so the shortcut map sees them.
        window = page.windowHandle()
        QTest.keySequence(window, QKeySequence("Ctrl+S"))
        assert not editor.draft.dirty and editor.draft.note_id is not None
        assert "saved in the vault" in editor.status.text()
        draft_id = editor.draft.note_id
        # Ctrl+Enter asks first; declining keeps the draft.
        prompts.confirms.append(False)
        QTest.keySequence(window, QKeySequence("Ctrl+Return"))
        assert len(prompts.texts("confirm")) == 1 and notes.editing()
        assert note_history(session, draft_id)[0].status == "draft"
        prompts.confirms.append(True)
        QTest.keySequence(window, QKeySequence("Ctrl+Enter"))
        assert not notes.editing()
        assert note_history(session, draft_id)[0].status == "signed"
        # The text did not get a stray line break from the shortcut.
        assert note_history(session, draft_id)[0].content.plan == "Recheck in two weeks."


def test_signing_a_draft_from_the_reader_asks_and_copy_says_so(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts) -> None:
    from app.core.records.notes import NoteContent, add_note

    with signed_in(practice, Role.CLINICIAN) as session:
        draft = add_note(session, people.zoe, NoteContent(title="Call", body="Results normal."),
                         sign=False)
        page = make_page(qtbot, session, prompts)
        open_chart(page, people.zoe)
        notes = notes_of(page)
        assert notes.sign_button.isVisible()
        notes.sign_button.click()  # scripted prompts answer no
        assert prompts.texts("confirm") and note_history(session, draft.id)[0].status == "draft"
        prompts.confirms.append(True)
        notes.sign_button.click()
        assert note_history(session, draft.id)[0].status == "signed"

        assert not notes.copy_status.isVisible()
        notes.copy_button.click()
        assert notes.copy_status.isVisible()
        assert notes.copy_status.text() == "Copied; cleared from the clipboard in 30 s."
        assert "Results normal." in QGuiApplication.clipboard().text()
        page.ctx.clipboard.clear_now()
