"""The access report: who opened or changed a patient's record, when and why, from the
audit chain, exportable for the patient."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.records.access_report import access_report, export_access_report, render
from app.core.records.chart import open_chart
from app.core.records.notes import NoteContent, add_note
from app.core.records.patients import get_patient
from app.core.records.restricted import open_restricted
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in


def test_report_lists_who_did_what_and_why(practice: PracticeVault, tmp_path: Path) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner, "Reporté", "Zoë", restricted=True)
        open_restricted(owner, patient, "first visit paperwork")
        add_note(owner, patient, NoteContent(body="private text never in the report"))
    with signed_in(practice, Role.CLINICIAN) as doc:
        open_restricted(doc, patient, "covering for the owner")
        open_chart(doc, patient)
    with signed_in(practice, Role.RECEPTION) as desk, pytest.raises(PermissionDenied,
                                                                    match="restricted"):
        get_patient(desk, patient)
    with signed_in(practice, Role.AUDITOR) as auditor:
        report = access_report(auditor, patient)
        assert report.patient_name is None  # the auditor may not read patient details
        rows = [(e.actor, e.description, e.reason, e.flagged) for e in report.events]
        assert ("clinician1", "opened the restricted record (break-glass)",
                "covering for the owner", True) in rows
        assert ("clinician1", "opened the chart", None, True) in rows
        assert ("reception1", "was refused access to restricted information", None,
                True) in rows
        assert rows[-1][:2] == ("auditor1", "produced an access report")
        assert [e.seq for e in report.events] == sorted(e.seq for e in report.events)
        for fmt in ("json", "csv", "html"):
            export_access_report(auditor, report, tmp_path / f"report.{fmt}")
        assert [e.action for e in auditor.audit.entries(action_prefix="access.report.export")
                ] == ["access.report.export"] * 3
    data = json.loads((tmp_path / "report.json").read_text())
    assert data["patient_id"] == patient and data["audit_head"]["seq"] > 0
    table = list(csv.DictReader((tmp_path / "report.csv").open(encoding="utf-8")))
    assert {"when", "who", "role", "what", "why", "flagged"} == set(table[0])
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "covering for the owner" in page and "<script" not in page
    for exported in tmp_path.glob("report.*"):
        assert b"private text" not in exported.read_bytes()


def test_owner_sees_the_name_and_text_escapes(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner, "<b>Bold</b>", "=cmd()")
        report = access_report(owner, patient)
        assert report.patient_name == "<b>Bold</b>, =cmd()"
        assert b"&lt;b&gt;Bold" in render(report, "html")
        assert b"Access report for <b>Bold</b>" in render(report, "text")
        with pytest.raises(UsageError):
            render(report, "pdf")
        with pytest.raises(UsageError, match="Nothing in this vault"):
            access_report(owner, "no-such-patient")
