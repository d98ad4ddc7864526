"""The audit log viewer: paging, filters, verification, export; reading it is audited."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.core.vault import OpenVault
from app.ui.admin import audit_page
from app.ui.admin.audit_page import AuditPage
from app.ui.app_controller import AppController
from tests.ui.conftest import OWNER_PASSWORD, ScriptedPrompts, sign_in, wait_idle


def _audit(c: AppController) -> AuditPage:
    assert c.main_window is not None
    page = c.main_window.page(AuditPage)
    assert isinstance(page, AuditPage)
    c.main_window.show_page(page)
    return page


def _many_entries(vault_path: Path, count: int) -> None:
    with OpenVault.open(vault_path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        with session.transaction():
            for i in range(count):
                session.record("test.bulk", target=str(i), flagged=(i % 50 == 0))
        session.close()


def test_pages_in_as_the_view_scrolls(qtbot: QtBot, controller: AppController,
                                      practice: Path, monkeypatch: object) -> None:
    _many_entries(practice, 450)
    sign_in(qtbot, controller, practice)
    page = _audit(controller)
    model = page.model
    total = model.total()
    assert total > 450
    assert model.rowCount() == audit_page.PAGE_SIZE  # only the first page is read
    first = model.entry_at(0)
    assert first.seq > model.entry_at(1).seq  # newest first
    while model.canFetchMore(model.index(-1, -1).parent()):
        model.fetchMore(model.index(-1, -1).parent())
    assert model.rowCount() == total
    seqs = [model.entry_at(r).seq for r in range(model.rowCount())]
    assert seqs == sorted(set(seqs), reverse=True)  # no duplicates, no gaps from paging
    assert page.count_label.text() == f"Entries: {total}"


def test_filters(qtbot: QtBot, controller: AppController, practice: Path) -> None:
    _many_entries(practice, 120)
    sign_in(qtbot, controller, practice)
    page = _audit(controller)
    page.action_filter.setText("test.bulk")
    page.refresh()
    assert page.model.total() == 120
    page.flagged_only.setChecked(True)
    page.refresh()
    assert page.model.total() == 3  # entries 0, 50 and 100 were flagged
    page.flagged_only.setChecked(False)
    page.action_filter.setText("")
    index = page.user_filter.findText("owner")
    page.user_filter.setCurrentIndex(index)
    page.refresh()
    assert page.model.total() > 0
    assert {page.model.entry_at(r).actor for r in range(page.model.rowCount())} == {"owner"}
    page.user_filter.setCurrentIndex(0)
    page.to_enabled.setChecked(True)
    page.to_date.setDate(page.to_date.date().addDays(-2))
    page.refresh()
    assert page.model.total() == 0


def test_reading_the_log_is_audited_once_per_query(qtbot: QtBot, controller: AppController,
                                                   practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    page = _audit(controller)
    session = controller.session
    assert session is not None
    reads = session.audit.count(action_prefix="audit.read")
    page.refresh()
    assert session.audit.count(action_prefix="audit.read") == reads + 1


def test_verify_chain_and_export(qtbot: QtBot, controller: AppController,
                                 prompts: ScriptedPrompts, practice: Path,
                                 tmp_path: Path) -> None:
    sign_in(qtbot, controller, practice)
    page = _audit(controller)
    page.verify_button.click()
    wait_idle(qtbot, controller)
    assert "intact" in page.result.text()
    target = tmp_path / "log.json"
    prompts.save_paths.append(target)
    page.export_button.click()
    wait_idle(qtbot, controller)
    data = json.loads(target.read_text())
    assert data["head"]["seq"] > 0 and data["entries"]
    assert "Exported" in page.result.text()
    whole = len(data["entries"])
    # With a filter on, the export holds what the viewer shows, and says so.
    page.action_filter.setText("signin")
    page.refresh()  # skip the typing debounce
    shown = page.model.total()
    assert shown is not None and 0 < shown < whole
    filtered = tmp_path / "signins.json"
    prompts.save_paths.append(filtered)
    page.export_button.click()
    wait_idle(qtbot, controller)
    entries = json.loads(filtered.read_text())["entries"]
    assert entries and all(e["action"].startswith("signin") for e in entries)
    assert "filters applied" in page.result.text()


def test_auditor_reads_but_admin_does_not_see_it(qtbot: QtBot, controller: AppController,
                                                 practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.AUDITOR)
    page = _audit(controller)
    assert page.model.rowCount() > 0
    assert page.export_button.isVisible()
    controller.lock_now()
    assert page.model.rowCount() == 0


def test_a_role_without_audit_read_is_refused_by_core_through_the_viewer(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts,
        practice: Path) -> None:
    # The page is not offered to an admin, but the model must not rely on that: core
    # refuses the query, audits the refusal, and the viewer shows nothing but the reason.
    sign_in(qtbot, controller, practice, Role.ADMIN)
    session = controller.session
    assert session is not None
    page = AuditPage(controller.ctx)
    qtbot.addWidget(page)
    page.set_session(session)
    assert page.model.rowCount() == 0 and page.model.total() == 0
    assert any(kind == "warn" and "audit.read" in text
               for kind, _title, text in prompts.messages)
    denied = next(session.audit.entries(action_prefix="permission.denied",
                                        newest_first=True, limit=1))
    assert denied.flagged and json.loads(denied.detail) == {"operation": "audit.read"}
    assert session.audit.count(action_prefix="audit.read") == 0


def test_double_click_opens_an_entrys_details(qtbot: QtBot, controller: AppController,
                                              practice: Path) -> None:
    from PySide6.QtCore import Qt

    from app.ui.admin.audit_page import AuditEntryDialog

    with OpenVault.open(practice) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        session.record("test.detail", target="t-1", reason="checking", flagged=True,
                       detail={"fields": ["phone", "email"], "count": 2})
        session.close()
    sign_in(qtbot, controller, practice)
    page = _audit(controller)
    page.action_filter.setText("test.detail")
    page.refresh()
    assert page.model.total() == 1
    index = page.model.index(0, 2)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.details
    assert isinstance(dialog, AuditEntryDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.values["Action"] == "test.detail"
    assert dialog.values["Reason"] == "checking"
    assert dialog.values["Details"] == 'count: 2\nfields: ["phone", "email"]'
    assert "Yes" in dialog.values["Flagged"]
    dialog.close()
    page.table.setCurrentIndex(index)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.details is not dialog and page.details is not None
    from app.ui.lock_controller import LockReason

    assert controller.lock.lock(LockReason.MANUAL)
    assert page.details is None


def _denials(vault_path: Path, count: int = 5) -> None:
    """A clinician refused `count` times today: the monitoring `denials` rule's trail."""
    with OpenVault.open(vault_path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        doc = next(u for u in session.vault.file.users if u.name == "clinician1")
        with session.transaction():
            for _ in range(count):
                session.audit.append(actor_id=doc.user_id, actor="clinician1",
                                     role="clinician", action="permission.denied",
                                     flagged=True)
        session.close()


def test_monitoring_flags_filter_the_log_and_a_review_is_audited(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    from PySide6.QtCore import QItemSelectionModel, Qt

    from app.ui.admin.flags_panel import ReviewFlagDialog

    _denials(practice)
    sign_in(qtbot, controller, practice)
    page = _audit(controller)
    session = controller.session
    assert session is not None
    whole = page.model.total()
    runs = session.audit.count(action_prefix="monitor.run")
    assert not page.flags.isVisible()
    page.flags_button.click()
    assert page.flags.isVisible()
    assert session.audit.count(action_prefix="monitor.run") == runs + 1  # core's rules
    flags = page.flags.model
    # The rule filter: another rule shows nothing, this one shows its flag.
    page.flags.rule_filter.setCurrentIndex(page.flags.rule_filter.findData("bulk_export"))
    assert flags.rowCount() == 0
    page.flags.rule_filter.setCurrentIndex(page.flags.rule_filter.findData("denials"))
    assert flags.rowCount() == 1
    flag = flags.flag_at(0)
    assert flag.rule == "denials" and flag.actor == "clinician1"
    assert flags.index(0, 0).data() == "Repeated refusals"
    assert page.flags.summary.text() == "To review: 1 of 1"
    assert not page.flags.review_button.isEnabled()  # nothing chosen yet
    # Choosing the flag narrows the log to the five refusals it names.
    page.flags.table.selectionModel().select(
        flags.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    assert page.model.total() == 5
    assert {page.model.entry_at(r).action for r in range(5)} == {"permission.denied"}
    assert page.flags.review_button.isEnabled()
    page.flags.review_button.click()
    dialog = page.review_dialog
    assert isinstance(dialog, ReviewFlagDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    dialog.note.setPlainText("asked them: a role set up wrongly")
    dialog.buttons.buttons()[0].click()
    [entry] = session.audit.entries(action_prefix="monitor.reviewed")
    assert entry.target == flag.flag_id and "wrongly" not in entry.detail
    assert flags.rowCount() == 0  # reviewed flags are hidden unless asked for
    assert page.flags.summary.text() == "To review: 0 of 1"
    page.flags.include_reviewed.setChecked(True)
    assert flags.rowCount() == 1 and flags.index(0, 3).data().startswith("owner, ")
    # "Show the whole log" lifts the flag's narrowing.
    page.flags.all_button.click()
    assert page.model.total() > whole


def test_lock_closes_the_review_dialog(qtbot: QtBot, controller: AppController,
                                       practice: Path) -> None:
    from PySide6.QtCore import QItemSelectionModel

    from app.ui.lock_controller import LockReason

    _denials(practice)
    sign_in(qtbot, controller, practice)
    page = _audit(controller)
    page.flags_button.click()
    page.flags.table.selectionModel().select(
        page.flags.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    page.flags.review_button.click()
    dialog = page.review_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert controller.lock.lock(LockReason.MANUAL)
    assert not dialog.isVisible() and page.review_dialog is None
    assert page.flags.model.rowCount() == 0 and not page.flags_button.isChecked()


def test_the_selected_entry_reads_in_full_in_the_pane(qtbot: QtBot, controller: AppController,
                                                      practice: Path) -> None:
    long_reason = "a reason long enough to need wrapping " * 6
    with OpenVault.open(practice) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        session.record("test.pane", target="t-9", reason=long_reason.strip(),
                       detail={"count": 3})
        session.close()
    sign_in(qtbot, controller, practice)
    page = _audit(controller)
    page.action_filter.setText("test.pane")
    page.refresh()
    page.table.setCurrentIndex(page.model.index(0, 1))
    text = page.entry_pane.toPlainText()
    assert f"Reason: {long_reason.strip()}" in text and "Details: count: 3" in text
    assert page.entry_pane.lineWrapMode() != page.entry_pane.LineWrapMode.NoWrap
    # No sideways scrolling is needed to read it: the table fits the window's width, once
    # the layout has settled (the vertical scroll bar of the unfiltered rows goes away in
    # a later layout pass; checking before it did made this test depend on timing).
    qtbot.waitUntil(lambda: not page.table.verticalScrollBar().isVisible(), timeout=3000)
    assert page.table.horizontalScrollBar().maximum() == 0


def test_columns_are_sized_from_the_visible_rows_only(qtbot: QtBot, controller: AppController,
                                                      practice: Path,
                                                      monkeypatch: object) -> None:
    import pytest

    from app.ui.admin.audit_page import AuditTableModel

    _many_entries(practice, 1200)
    sign_in(qtbot, controller, practice)
    page = _audit(controller)
    qtbot.waitUntil(page.table.isVisible)
    calls = [0]
    original = AuditTableModel.cells

    # Counted one step inside data(): PySide6 caches a model's Python data() override
    # for calls from C++, so patching data() itself is not seen once Qt has called it.
    def counting(self: AuditTableModel, row: object) -> tuple[object, ...]:
        calls[0] += 1
        return original(self, row)

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(AuditTableModel, "cells", counting)
    page.fit_columns()
    one_page = calls[0]
    assert one_page > 0
    while page.model.canFetchMore(page.model.index(-1, -1).parent()):
        page.model.fetchMore(page.model.index(-1, -1).parent())
    assert page.model.rowCount() > 1200
    calls[0] = 0
    page.fit_columns()
    # Six times the rows loaded, the same screenful measured.
    assert calls[0] <= one_page
    visible = page.table.rowAt(page.table.viewport().height() - 1) + 1
    assert 0 < visible < 100
    assert calls[0] <= visible * page.model.columnCount() * 12


def test_incident_package_from_the_viewer(qtbot: QtBot, controller: AppController,
                                          prompts: ScriptedPrompts, practice: Path,
                                          tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from app.core.incident import open_incident
    from app.ui.admin.incident_dialog import IncidentDialog

    _denials(practice)
    sign_in(qtbot, controller, practice, Role.AUDITOR)
    page = _audit(controller)
    assert page.incident_button.isVisible()
    page.user_filter.setCurrentIndex(page.user_filter.findText("clinician1"))
    page.incident_button.click()
    dialog = page.incident_dialog
    assert isinstance(dialog, IncidentDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.account.currentText() == "clinician1"  # the viewer's filter, prefilled
    accept = dialog.buttons.buttons()[0]
    accept.click()  # neither a key nor a passphrase: said in the dialog, which stays
    assert dialog.isVisible() and "passphrase of at least 12" in dialog.error.text()
    phrase = "a passphrase for the authority"
    dialog.passphrase.setText(phrase)
    out = tmp_path / "incident.age"
    prompts.save_paths.append(out)
    accept.click()
    wait_idle(qtbot, controller)
    assert page.incident_dialog is None
    # The package is age-encrypted with a passphrase (scrypt): slow on a loaded machine.
    qtbot.waitUntil(lambda: "Notify the supervisory authority by" in page.result.text(),
                    timeout=60_000)
    with out.open("rb") as source:
        members, check = open_incident(source, passphrase=phrase)
    assert check.verified
    assert json.loads(members["manifest.json"])["focus"]["account"] == "clinician1"
    session = controller.session
    assert session is not None
    assert session.audit.count(action_prefix="incident.export") == 1


def test_lock_closes_the_incident_dialog(qtbot: QtBot, controller: AppController,
                                         practice: Path) -> None:
    from app.ui.lock_controller import LockReason

    sign_in(qtbot, controller, practice)
    page = _audit(controller)
    page.incident_button.click()
    dialog = page.incident_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.passphrase.setText("typed but not sent anywhere")
    assert controller.lock.lock(LockReason.MANUAL)
    assert not dialog.isVisible() and page.incident_dialog is None
    assert dialog.passphrase.text() == ""


def test_the_incident_window_takes_in_the_whole_minute_it_shows(qtbot: QtBot) -> None:
    """The fields show minutes; "to 14:05" must take in what happened during 14:05 (the
    entries written a moment before the dialog opened with "now" as its end were left out
    half the time), and "from 14:00" starts at 14:00:00."""
    from datetime import UTC, datetime

    from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone

    from app.ui.admin.incident_dialog import IncidentDialog

    utc = QTimeZone.utc()
    start = QDateTime(QDate(2026, 12, 1), QTime(14, 0, 42, 500), utc)
    end = QDateTime(QDate(2026, 12, 2), QTime(14, 5, 30, 250), utc)
    dialog = IncidentDialog(start, end, ["clinician1"], None, None)
    qtbot.addWidget(dialog)
    request = dialog.request()
    assert request.start == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    assert request.end == datetime(2026, 12, 2, 14, 5, 59, 999000, tzinfo=UTC)
