"""Every screen fits a 1024×700 display: the main window's minimum size stays within it
whichever page or chart section is shown (a small practice's old monitor, a laptop)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.ui.app_controller import AppController
from app.ui.patients_page import PatientsPage
from tests.ui.chart_support import add_people, signed_in
from tests.ui.conftest import sign_in

SCREEN = (1024, 700)


def _fits(controller: AppController, where: str, failures: list[str]) -> None:
    window = controller.main_window
    assert window is not None
    window.layout().activate()
    hint = window.minimumSizeHint()
    floor = window.minimumSize()
    width = max(hint.width(), floor.width())
    height = max(hint.height(), floor.height())
    if width > SCREEN[0] or height > SCREEN[1]:
        failures.append(f"{where}: needs {width}×{height}")


def test_every_page_and_chart_section_fits_1024_by_700(qtbot: QtBot, controller: AppController,
                                                       practice: Path) -> None:
    with signed_in(practice) as session:
        people = add_people(session)
    sign_in(qtbot, controller, practice, Role.OWNER)
    window = controller.main_window
    assert window is not None
    failures: list[str] = []
    for page in window.visible_pages():
        window.show_page(page)
        _fits(controller, page.title(), failures)
    patients = window.page(PatientsPage)
    assert isinstance(patients, PatientsPage)
    window.show_page(patients)
    patients.open_patient(patients.list_view.model.summary_at(
        patients.list_view.model.row_of(people.zoe)))
    chart = patients.chart_view
    for key in chart.section_keys():
        chart.show_section(key)
        _fits(controller, f"chart/{key}", failures)
    assert failures == []
