"""The printed day list: core reads it and records the print (`day_list_for_print`), this
module only lays it out and renders it in memory, so the one file written is the PDF the
person chose."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.core.records.appointment_book import BookEntry, PrintOutput, day_list_for_print
from app.core.records.practice_hours import local
from app.core.session import Session
from app.ui.appointments.models import status_text


def _tr(text: str) -> str:
    # A bare helper: lupdate files its strings under the unnamed context.
    return QCoreApplication.translate("", text)


def day_list_html(day: date, entries: Sequence[BookEntry], names: Mapping[str, str],
                  heading: str, printed_by: str) -> str:
    rows = []
    for e in entries:
        a = e.appointment
        reason = a.reason or (_tr("(restricted)") if e.restricted else "")
        rows.append("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in (
            local(a.starts_at).strftime("%H:%M") + "–" + local(a.ends_at).strftime("%H:%M"),
            e.patient_name, names.get(a.practitioner_id or "", ""), status_text(a.status),
            reason)) + "</tr>")
    head = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in (
        _tr("Time"), _tr("Patient"), _tr("With"), _tr("Status"), _tr("Reason")))
    none = html.escape(_tr("No appointments."))
    body = "".join(rows) or f"<tr><td colspan='5'>{none}</td></tr>"
    note = html.escape(_tr("Printed by {who}. Confidential: shred after use.").format(
        who=printed_by))
    return (f"<h2>{html.escape(heading)}</h2><p>{note}</p>"
            f"<table cellspacing='0' cellpadding='4' width='100%'><tr>{head}</tr>{body}</table>")


def _document(text: str) -> Any:
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setHtml(text)
    return document


def _read(session: Session, day: date, output: PrintOutput, practitioner_id: str | None,
          names: Mapping[str, str], heading: str) -> str:
    # Core checks the permission and records the print before anything is rendered.
    entries = day_list_for_print(session, day, output, practitioner_id=practitioner_id)
    return day_list_html(day, entries, names, heading,
                         session.user.full_name or session.user.name)


def print_day_list(session: Session, day: date, printer: Any, *,
                   practitioner_id: str | None, names: Mapping[str, str],
                   heading: str) -> None:
    _document(_read(session, day, "printer", practitioner_id, names, heading)).print_(printer)


def save_day_list_pdf(session: Session, day: date, path: Path, *,
                      practitioner_id: str | None, names: Mapping[str, str],
                      heading: str) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    from app.core.atomic import atomic_write_bytes

    text = _read(session, day, "pdf", practitioner_id, names, heading)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator("MedVault")
    writer.setTitle(heading)
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    _document(text).print_(writer)
    del writer  # finishes the PDF
    data = bytes(buffer.data().data())
    buffer.close()
    buffer.setData(QByteArray())
    atomic_write_bytes(path, data)
