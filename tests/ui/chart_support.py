"""Helpers for the patient list and chart tests: vaults with hand-made patients, sessions
of any role, and a PatientsPage wired to a scripted context (no AppController needed)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, Qt
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter
from pytestqt.qtbot import QtBot

from app.core.records.clinical import Allergy, Condition, Medication
from app.core.records.codes import CodeSystem, Concept
from app.core.records.observations import record_vitals
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from app.core.session import Session
from app.core.vault import OpenVault
from app.ui.context import UiContext
from app.ui.patients_page import PatientsPage
from app.ui.pin_unlock import QuickUnlock
from app.ui.secure_clipboard import SecureClipboard
from app.ui.workers import TaskRunner
from tests.ui.conftest import ScriptedPrompts, credentials


@dataclass(frozen=True)
class People:
    zoe: str
    soren: str
    obrien: str
    lukasz: str
    hidden: str  # a restricted patient


def add_people(session: Session) -> People:
    from app.core.records.entries import add_entry

    def add(family: str, given: str, birth: str, mrn: str, *, restricted: bool = False,
            sex: str = "female") -> str:
        return add_patient(session, PatientInput(family=family, given=given, birth_date=birth,
                                                 mrn=mrn, sex=sex, restricted=restricted,
                                                 phone="+44 7700 900123")).id

    people = People(
        zoe=add("García", "Zoë", "1980-03-12", "MRN-0001"),
        soren=add("Kierkegaard", "Søren", "1955-05-05", "MRN-0002", sex="male"),
        obrien=add("O'Brien", "Siobhán", "1980-03-12", "MRN-0003"),
        lukasz=add("Wiśniewski", "Łukasz", "2001-11-30", "MRN-0004", sex="male"),
        hidden=add("Famous", "Fiona", "1970-01-01", "MRN-0005", restricted=True),
    )
    add_entry(session, people.zoe, Allergy(code=Concept.of("Penicillin"),
                                           reaction=Concept.of("Anaphylaxis"),
                                           severity="severe", criticality="high"))
    add_entry(session, people.zoe, Condition(code=Concept.of(
        "Essential hypertension", CodeSystem.SNOMED, "59621000")))
    add_entry(session, people.zoe, Medication(code=Concept.of("Amlodipine 5 mg tablet"),
                                              dosage_text="5 mg once daily"))
    for day, systolic in enumerate((150, 146, 141, 128, 118), start=1):
        record_vitals(session, people.zoe, f"2024-0{day}-10T09:30:00+00:00",
                      systolic=systolic, diastolic=systolic * 0.62, heart_rate=70 + day)
    return people


@contextlib.contextmanager
def signed_in(path: Path, role: Role = Role.OWNER) -> Iterator[Session]:
    with OpenVault.open(path) as vault:
        name, password = credentials(role)
        session = vault.unlock(name, password)
        try:
            yield session
        finally:
            session.close("close")


def make_context(prompts: ScriptedPrompts) -> UiContext:
    return UiContext(prompts=prompts, tasks=TaskRunner(), clipboard=SecureClipboard(),
                     quick_unlock=QuickUnlock())


def make_page(qtbot: QtBot, session: Session, prompts: ScriptedPrompts, *,
              autosave_ms: int | None = None) -> PatientsPage:
    ctx = make_context(prompts)
    if autosave_ms is not None:
        PatientsPage.autosave_ms = autosave_ms
    try:
        page = PatientsPage(ctx)
    finally:
        PatientsPage.autosave_ms = None
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    page.set_session(session)
    return page


def open_chart(page: PatientsPage, patient_id: str) -> None:
    """Open a chart by id, as a search and Enter would."""
    from app.core.records.search import find_patients

    session = page.session
    assert session is not None
    summary = next(s for s in find_patients(session, _mrn_of(session, patient_id))
                   if s.id == patient_id)
    assert page.open_patient(summary)


def _mrn_of(session: Session, patient_id: str) -> str:
    row = session.conn.execute("SELECT mrn FROM patients WHERE id = ?",
                               (patient_id,)).fetchone()
    return str(row[0])


def pdf_bytes(text: str = "Discharge letter") -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    writer.setPageMargins(QMarginsF(10, 10, 10, 10))
    painter = QPainter(writer)
    painter.drawText(100, 200, text)
    painter.end()
    del writer
    return bytes(buffer.data().data())


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(Qt.GlobalColor.darkCyan))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def audit_actions(session: Session, patient_id: str | None = None) -> list[str]:
    return [e.action for e in session.audit.entries(patient_id=patient_id)]
