"""Render the patient list and every chart section to PNG, for the docs and for review.

    python tools/render_chart.py [--out docs/screenshots] [--platform offscreen|xcb]
                                 [--patients 2000]

Everything happens in a throwaway folder: a practice vault filled with made-up patients
(`fill_demo`) plus one hand-made showcase patient with a few years of history, cheap test
key derivation and no keychain. Writes patient-list.png, chart.png (the README's picture:
the summary) and chart-<section>.png for each section, plus the note editor, the trend,
a document viewer and the break-glass prompt.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"  # noqa: S105 - a throwaway vault for pictures
SIZE = (1280, 800)


def _prepare_environment(platform: str, home: Path) -> None:
    os.environ["QT_QPA_PLATFORM"] = platform
    os.environ["MEDVAULT_INSECURE_TEST_KDF"] = "1"
    os.environ["HOME"] = str(home)
    os.environ["TMPDIR"] = str(home)
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    os.environ["MEDVAULT_POLICY"] = str(home / "no-policy.toml")
    sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--platform", default="offscreen")
    parser.add_argument("--patients", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="medvault-chart-") as tmp:
        work = Path(tmp)
        (work / "home").mkdir()
        _prepare_environment(args.platform, work / "home")
        return ChartRenderer(work, args.out.absolute(), args.patients).run()


def showcase(session: Any) -> str:
    """One patient with enough history to show every section."""
    from datetime import UTC, datetime, timedelta

    from app.core.records.catalog import LABS
    from app.core.records.clinical import (
        Allergy,
        Condition,
        Encounter,
        Immunization,
        Medication,
        Procedure,
    )
    from app.core.records.codes import CodeSystem, Concept
    from app.core.records.consent import add_consent
    from app.core.records.contacts import ContactInput, add_contact
    from app.core.records.documents import add_document
    from app.core.records.entries import add_entry
    from app.core.records.notes import NoteContent, add_note, amend_note, start_note
    from app.core.records.observations import Observation, record_vitals
    from app.core.records.patients import Address, EmergencyContact, PatientInput, add_patient

    patient = add_patient(session, PatientInput(
        family="García Núñez", given="Zoë", birth_date="1968-04-23", sex="female",
        mrn="RP-004217", phone="+34 600 912 345", email="zoe.garcia@example.org",
        address=Address(lines=("Calle de la Rosa 12, 3º B",), city="Sevilla",
                        postal_code="41004", country="ES"),
        emergency_contact=EmergencyContact("Martín García", "son", "+34 600 955 221")))
    pid = patient.id
    add_entry(session, pid, Allergy(code=Concept.of("Penicillin", CodeSystem.SNOMED,
                                                    "764146007"),
                                    reaction=Concept.of("Anaphylaxis"), severity="severe",
                                    criticality="high", category="medication"))
    add_entry(session, pid, Allergy(code=Concept.of("Latex"), reaction=Concept.of("Rash"),
                                    severity="mild", category="environment"))
    add_entry(session, pid, Condition(code=Concept.of(
        "Type 2 diabetes mellitus", CodeSystem.SNOMED, "44054006"), onset="2016"))
    add_entry(session, pid, Condition(code=Concept.of(
        "Essential hypertension", CodeSystem.SNOMED, "59621000"), onset="2019-03",
        severity="moderate"))
    add_entry(session, pid, Condition(code=Concept.of("Fractured left radius"),
                                      clinical_status="resolved", onset="2021-01-14",
                                      abatement="2021-03"))
    add_entry(session, pid, Medication(code=Concept.of(
        "Metformin 500 mg tablet", CodeSystem.RXNORM, "861007"),
        dosage_text="500 mg twice daily with meals", effective_start="2016-06",
        reason_text="Type 2 diabetes"))
    add_entry(session, pid, Medication(code=Concept.of("Amlodipine 5 mg tablet"),
                                       dosage_text="5 mg once daily",
                                       effective_start="2019-04",
                                       reason_text="Hypertension"))
    add_entry(session, pid, Medication(code=Concept.of("Ibuprofen 400 mg"),
                                       status="completed", dosage_text="as needed",
                                       effective_start="2021-01-14",
                                       effective_end="2021-02-01"))
    add_entry(session, pid, Immunization(code=Concept.of("Influenza, seasonal",
                                                         CodeSystem.CVX, "141"),
                                         occurrence="2024-10-08", lot_number="FL2291",
                                         site="left deltoid"))
    add_entry(session, pid, Immunization(code=Concept.of("COVID-19 mRNA", CodeSystem.CVX,
                                                         "208"),
                                         occurrence="2023-11-02", dose_number=4))
    add_entry(session, pid, Procedure(code=Concept.of("Appendectomy", CodeSystem.SNOMED,
                                                      "80146002"), performed="1998-07",
                                      body_site=Concept.of("Appendix", CodeSystem.SNOMED,
                                                           "66754008")))
    now = datetime.now(UTC).replace(hour=9, minute=30, second=0, microsecond=0)
    systolic = [152, 149, 147, 144, 141, 139, 136, 133, 131, 128, 126, 124]
    hba1c = [8.4, 8.1, 7.8, 7.6, 7.3, 7.1, 6.9, 6.8]
    for i, value in enumerate(systolic):
        when = now - timedelta(days=90 * (len(systolic) - 1 - i))
        encounter = add_entry(session, pid, Encounter(
            code=Concept.of("Diabetes and blood pressure review"),
            period_start=when.isoformat(), period_end=(when + timedelta(minutes=20))
            .isoformat(), reason_text="Routine review"))
        record_vitals(session, pid, when, encounter_id=encounter.id, systolic=value,
                      diastolic=round(value * 0.6), heart_rate=70 + i % 5,
                      weight=round(82 - i * 0.6, 1))
        if i >= len(systolic) - len(hba1c):
            lab = LABS["hba1c"]
            add_entry(session, pid, Observation(
                code=lab.concept, effective=when.isoformat(),
                value=hba1c[i - (len(systolic) - len(hba1c))], unit=lab.unit,
                ref_low=lab.low, ref_high=lab.high, category="laboratory"),
                encounter_id=encounter.id)
    first = add_note(session, pid, NoteContent(
        title="Diabetes review",
        subjective="Feels well. Walking 30 minutes most days. No hypoglycaemia.",
        objective="BP 131/79. Weight 77.8 kg. Feet: pulses present, no ulcers.",
        assessment="Type 2 diabetes, improving control. Hypertension at target.",
        plan="Continue metformin and amlodipine. HbA1c in 3 months. Retinal screening "
             "booked."))
    amend_note(session, first.id, NoteContent(
        title="Diabetes review",
        subjective="Feels well. Walking 30 minutes most days. No hypoglycaemia.",
        objective="BP 131/79. Weight 77.8 kg. Feet: pulses present, no ulcers.",
        assessment="Type 2 diabetes, improving control. Hypertension at target.",
        plan="Continue metformin and amlodipine. HbA1c in 3 months. Retinal screening "
             "booked for 14 May."))
    add_note(session, pid, NoteContent(
        title="Telephone call", body="Results discussed: HbA1c 6.8 %, lowest in five "
                                     "years. Patient pleased. No change to treatment."))
    start_note(session, pid, NoteContent(title="Follow-up (draft)",
                                         subjective="Asked about travel vaccinations."))
    add_document(session, pid, _letter_pdf(), title="Discharge letter, Hospital Virgen "
                 "del Rocío", doc_date="2021-01-15", description="Fracture clinic")
    add_document(session, pid, _picture_png(), title="Photo of rash (latex)",
                 doc_date="2022-07-02")
    contact = add_contact(session, ContactInput(name="Dr Ana Ruiz",
                                                organisation="Endocrinology, HUVR"))
    add_consent(session, pid, contact.id, ["conditions", "medications", "observations"],
                "referral", valid_until="2026-12-31")
    return pid


def _letter_pdf() -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice, QRectF, Qt
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(150)
    painter = QPainter(writer)
    font = QFont()
    font.setPointSize(16)
    painter.setFont(font)
    painter.drawText(QRectF(100, 100, 1000, 100), "Hospital Virgen del Rocío")
    font.setPointSize(11)
    painter.setFont(font)
    painter.drawText(QRectF(100, 250, 1000, 900), Qt.TextFlag.TextWordWrap,
                     "Discharge letter (made-up example)\n\nPatient admitted after a fall "
                     "with a fracture of the left distal radius. Closed reduction and cast. "
                     "Discharged the same day with analgesia. Fracture clinic in one week.")
    painter.end()
    del writer
    return bytes(buffer.data().data())


def _picture_png() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF
    from PySide6.QtGui import QColor, QImage, QPainter, QRadialGradient

    image = QImage(640, 420, QImage.Format.Format_RGB32)
    image.fill(QColor("#e9c9b4"))
    painter = QPainter(image)
    gradient = QRadialGradient(QPointF(320, 210), 150)
    gradient.setColorAt(0, QColor("#c9505a"))
    gradient.setColorAt(1, QColor(233, 201, 180, 0))
    painter.setBrush(gradient)
    painter.setPen(QColor(0, 0, 0, 0))
    painter.drawEllipse(QPointF(320, 210), 170, 120)
    painter.end()
    data = QByteArray()
    out = QBuffer(data)
    out.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(out, "PNG")
    return bytes(data.data())


class ChartRenderer:
    def __init__(self, work: Path, out: Path, patients: int) -> None:
        from PySide6.QtWidgets import QApplication

        from app.ui.launch import configure_application

        self.app = QApplication.instance() or QApplication(["medvault-chart"])
        configure_application(self.app)  # type: ignore[arg-type]
        self.work = work
        self.out = out
        self.out.mkdir(parents=True, exist_ok=True)
        self.patients = patients

    def settle(self, condition: Callable[[], bool] | None = None, ms: int = 20_000) -> None:
        from PySide6.QtCore import QDeadlineTimer, QEventLoop

        deadline = QDeadlineTimer(ms)
        while True:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if condition is None or condition() or deadline.hasExpired():
                break
        for _ in range(5):
            self.app.processEvents()

    def shot(self, widget: Any, name: str) -> None:
        self.settle()
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        print(f"wrote {path}")

    def run(self) -> int:
        from app.core.records.demo import fill_demo
        from app.core.vault import OpenVault, create_vault
        from app.ui.app_controller import AppController
        from app.ui.patients_page import PatientsPage
        from app.ui.recent_vaults import RecentVaults

        vault_path = self.work / "Riverside Practice"
        create_vault(vault_path, owner_name="olive", password=PASSWORD, kind="practice",
                     full_name="Dr Olive Owner", vault_name="Riverside Practice")
        with OpenVault.open(vault_path) as vault:
            session = vault.unlock("olive", PASSWORD)
            fill_demo(session, self.patients, seed=7)
            patient_id = showcase(session)
            session.close("close")

        prompts, watcher = _quiet_services()
        c = AppController(recent=RecentVaults(self.work / "recent.json"), prompts=prompts,
                          watcher=watcher, demo_root=self.work / "demo")
        c.open_vault(vault_path)
        view = c.unlock_window
        assert view is not None
        view.user.setText("olive")
        view.password.setText(PASSWORD)
        view.unlock_button.click()
        self.settle(lambda: c.session is not None)
        window = c.main_window
        assert window is not None
        window.resize(*SIZE)
        page = window.page(PatientsPage)
        assert isinstance(page, PatientsPage)
        window.show_page(page)
        self.shot(window, "patient-list")
        page.list_view.search.setText("garc")
        page.list_view.run_query_now()
        self.shot(window, "patient-search")

        model = page.list_view.model
        row = model.row_of(patient_id)
        assert row >= 0, "the showcase patient is not in the search result"
        page.open_patient(model.summary_at(row))
        chart = page.chart_view
        for key in chart.section_keys():
            section = chart.show_section(key)
            self.settle()
            name = f"chart-{key}"
            if key == "notes":
                table = section.table  # type: ignore[union-attr]
                table.selectRow(1)
            if key == "observations":
                rows = section.model.rows  # type: ignore[union-attr]
                wanted = next(i for i, e in enumerate(rows)
                              if e.data.code.text == "Systolic blood pressure")
                section.table.selectRow(wanted)  # type: ignore[union-attr]
            self.shot(window, name)
            if key == "summary":
                self.shot(window, "chart")
        chart.show_section("observations")
        section = chart.sections["observations"]
        rows = section.model.rows  # type: ignore[attr-defined]
        section.table.selectRow(next(i for i, e in enumerate(rows)  # type: ignore[attr-defined]
                                     if e.data.code.text == "Hemoglobin A1c"))
        self.shot(window, "chart-observations-hba1c")
        chart.new_note()
        editor = chart.sections["notes"].editor  # type: ignore[attr-defined]
        editor.title.setText("Travel advice")
        editor.soap["subjective"].setPlainText("Travelling to Peru in March. Asks about "
                                               "vaccinations and altitude.")
        editor.soap["plan"].setPlainText("Hepatitis A and typhoid vaccines. Yellow fever "
                                         "clinic referral.")
        editor.save_now()
        self.shot(window, "chart-note-editor")
        editor.discard()
        documents = chart.show_section("documents")
        documents.table.selectRow(0)  # type: ignore[union-attr]
        viewer = documents.view_selected()  # type: ignore[union-attr]
        viewer.resize(700, 820)
        self.settle(lambda: viewer.page_count() > 0)
        self.shot(viewer, "document-viewer")
        viewer.reject()
        page.show_list()
        page.list_view.search.setText("")
        page.list_view.run_query_now()
        restricted = next(model.summary_at(r) for r in range(model.rowCount())
                          if model.summary_at(r).restricted)
        page.open_patient(restricted)
        dialog = page.dialog
        if dialog is not None:
            dialog.resize(520, dialog.sizeHint().height())
            dialog.show()
            self.shot(dialog, "restricted-reason")
            dialog.reject()
        c.shutdown()
        return 0


def _quiet_services() -> tuple[Any, Any]:
    from app.ui.prompts import Prompts
    from app.ui.session_watch import SessionLockWatcher

    class QuietPrompts(Prompts):
        def confirm(self, *args: object, **kwargs: object) -> bool:
            return False

        def inform(self, *args: object) -> None:
            return None

        def warn(self, *args: object) -> None:
            print("warning shown:", *args[1:])

    class QuietWatcher(SessionLockWatcher):
        def start(self) -> None:
            return None

    return QuietPrompts(), QuietWatcher()


if __name__ == "__main__":
    sys.exit(main())
