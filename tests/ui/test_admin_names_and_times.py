"""The audit viewer and the emergency review queue name patients (ids in tooltips), show
local time (UTC in tooltips) and size their columns for bold flagged rows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.records.patients import PatientInput, add_patient
from app.core.records.restricted import open_restricted
from app.core.roles import Role
from app.core.vault import OpenVault
from app.ui.admin.audit_page import AuditPage, AuditTableModel
from app.ui.admin.emergency_page import EmergencyQueueModel, EmergencyReviewPage
from app.ui.admin.times import local_time, utc_time
from app.ui.app_controller import AppController
from tests.ui.conftest import OWNER_PASSWORD, credentials, sign_in

REASON = "patient collapsed in clinic"


def _restricted_patient_opened(practice: Path) -> str:
    """A restricted patient whose record the clinician opened with a reason."""
    with OpenVault.open(practice) as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        patient = add_patient(owner, PatientInput(family="Famous", given="Fiona",
                                                  restricted=True)).id
        owner.close()
    with OpenVault.open(practice) as vault:
        clinician = vault.unlock(*credentials(Role.CLINICIAN))
        open_restricted(clinician, patient, REASON)
        clinician.close()
    return patient


def _page(c: AppController, kind: type) -> object:
    window = c.main_window
    assert window is not None
    page = window.page(kind)
    window.show_page(page)
    return page


def test_audit_viewer_names_patients_and_shows_local_time(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    patient = _restricted_patient_opened(practice)
    sign_in(qtbot, controller, practice, Role.AUDITOR)
    page = _page(controller, AuditPage)
    assert isinstance(page, AuditPage)
    model = page.model
    rows = [r for r in range(model.rowCount()) if model.entry_at(r).patient_id == patient]
    assert rows
    for r in rows:
        entry = model.entry_at(r)
        cell = model.index(r, AuditTableModel.PATIENT)
        assert cell.data() == "Famous, Fiona"
        assert patient in cell.data(Qt.ItemDataRole.ToolTipRole)
        when = model.index(r, AuditTableModel.WHEN)
        assert when.data() == local_time(entry.ts, seconds=True)
        assert when.data(Qt.ItemDataRole.ToolTipRole) == utc_time(entry.ts)
    # Naming a page of patients is one audit entry, not one per row.
    names = [model.entry_at(r).action for r in range(model.rowCount())]
    assert names.count("patient.names") <= 1

    flagged = next(r for r in rows if model.entry_at(r).flagged)
    # The flag has its own column; "#" shows the number, undecorated.
    assert model.index(flagged, AuditTableModel.FLAG).data(
        Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(flagged, AuditTableModel.SEQ).data(
        Qt.ItemDataRole.DecorationRole) is None
    assert model.index(flagged, AuditTableModel.SEQ).data() == str(
        model.entry_at(flagged).seq)
    # Columns fit their bold (flagged) text.
    header = page.table.horizontalHeader()
    font = model.index(flagged, 0).data(Qt.ItemDataRole.FontRole)
    assert font is not None and font.bold()
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(font)
    for column in (AuditTableModel.WHEN, AuditTableModel.USER, AuditTableModel.ROLE,
                   AuditTableModel.ACTION, AuditTableModel.PATIENT):
        text = model.index(flagged, column).data()
        assert header.sectionSize(column) > metrics.horizontalAdvance(text), text


def test_review_queue_names_patients_and_shows_the_review_note(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    patient = _restricted_patient_opened(practice)
    sign_in(qtbot, controller, practice)
    page = _page(controller, EmergencyReviewPage)
    assert isinstance(page, EmergencyReviewPage)
    model = page.model
    assert model.rowCount() == 1
    cell = model.index(0, EmergencyQueueModel.PATIENT)
    assert cell.data() == "Famous, Fiona"
    assert patient in cell.data(Qt.ItemDataRole.ToolTipRole)
    grant = model.grant_at(0)
    assert model.index(0, EmergencyQueueModel.WHEN).data() == local_time(grant.granted_at)

    page._mark(grant.id, "Checked with the ward: justified.")
    page.include_reviewed.setChecked(True)
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, EmergencyQueueModel.NOTE).data() == \
        "Checked with the ward: justified."
    assert model.index(0, EmergencyQueueModel.REVIEWED).data().startswith("owner ")
