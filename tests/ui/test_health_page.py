"""The Security health page (issue 14, item 1): core's findings, and a button to the fix."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.ui.admin.administration_page import AdministrationPage
from app.ui.admin.health_page import HealthPage
from app.ui.app_controller import AppController
from tests.ui.conftest import ScriptedPrompts, sign_in, wait_idle


def _page(c: AppController) -> HealthPage:
    assert c.main_window is not None
    page = c.main_window.page(HealthPage)
    assert isinstance(page, HealthPage)
    c.main_window.show_page(page)
    return page


def test_owner_sees_findings_and_goes_to_the_fix(qtbot: QtBot, controller: AppController,
                                                 practice: Path) -> None:
    sign_in(qtbot, controller, practice)
    page = _page(controller)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    checks = [page.model.finding_at(r).check for r in range(page.model.rowCount())]
    assert "Newest backup" in checks
    # Problems first; the missing backup is one.
    assert page.model.finding_at(0).status == "problem"
    row = checks.index("Newest backup")
    page.table.selectRow(row)
    assert page.go_button.isEnabled()
    assert "No backup of this vault" in page.details.text()
    page.go_button.click()
    assert controller.main_window is not None
    admin = controller.main_window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    assert controller.main_window.stack.currentWidget() is admin
    assert admin.tabs.currentWidget() is admin.backups


def test_only_owner_and_auditor_see_the_page(qtbot: QtBot, controller: AppController,
                                             practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.ADMIN)
    assert controller.main_window is not None
    page = controller.main_window.page(HealthPage)
    assert page is not None
    row = controller.main_window.pages.index(page)
    assert controller.main_window.sidebar.item(row).isHidden()


def test_the_compliance_statement_is_written_from_the_page(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts, practice: Path,
        tmp_path: Path) -> None:
    import json

    sign_in(qtbot, controller, practice, Role.AUDITOR)
    page = _page(controller)
    assert page.statement_button.isVisible()
    session = controller.session
    assert session is not None
    prompts.save_paths.append(tmp_path / "statement.json")
    page.statement_button.click()
    wait_idle(qtbot, controller)
    qtbot.waitUntil(lambda: "Wrote the compliance statement" in page.result.text())
    data = json.loads((tmp_path / "statement.json").read_text())
    assert data["generated_by"] == "auditor1"
    assert "Wrote the compliance statement" in page.result.text()
    assert session.audit.count(action_prefix="report.security") == 1
    # A name without a known suffix gets .pdf, as the first filter offers.
    prompts.save_paths.append(tmp_path / "for-the-inspector")
    page.statement_button.click()
    wait_idle(qtbot, controller)
    qtbot.waitUntil((tmp_path / "for-the-inspector.pdf").exists)
    assert (tmp_path / "for-the-inspector.pdf").read_bytes().startswith(b"%PDF")
