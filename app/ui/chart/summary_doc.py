"""The patient summary as rich text: shown in the chart's Summary section and printed.

Every value from the record is HTML-escaped; the text comes from people and imports.
Printing goes through `print_summary_pdf`/`print_summary` here, which ask core first
(SUMMARY_PRINT) and leave an audit entry for every copy made.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.records.absence import absence_of, allergy_status, medication_status
from app.ui.chart.common import (
    age_text,
    esc,
    measure_text,
    number_text,
    status_text,
    tr,
    unit_text,
    user_names,
)
from app.ui.chart.entry_form import choice_text
from app.ui.dates import day_text, moment_text

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

    from app.core.records.chart import Chart
    from app.core.records.entries import Entry
    from app.core.records.summary import SummaryOutput
    from app.core.session import Session

_ACTIVE_PROBLEM = ("active", "recurrence", "relapse")
_FLAG = {"H": "▲", "HH": "▲▲", "L": "▼", "LL": "▼▼", "A": "!"}


def _table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f"<p><i>{esc(empty)}</i></p>"
    head = "".join(f"<th align='left'>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
                   for row in rows)
    return (f"<table width='100%' cellspacing='0' cellpadding='3' border='0'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _value(entry: Entry[Any]) -> str:
    data = entry.data
    if data.value is None:
        return esc(data.value_text or "")
    unit = f" {esc(unit_text(data.unit))}" if data.unit else ""
    flag = _FLAG.get(data.interpretation or "", "")
    text = f"{esc(number_text(data.value))}{unit}"
    return f"<b>{text} {flag}</b>" if flag else text


def range_text(entry: Entry[Any]) -> str:
    low, high = entry.data.ref_low, entry.data.ref_high
    if low is None and high is None:
        return ""
    if low is None:
        return f"≤ {number_text(high)}"
    if high is None:
        return f"≥ {number_text(low)}"
    return f"{number_text(low)}–{number_text(high)}"


def _one_row_each(medications: list[Entry[Any]]) -> list[Entry[Any]]:
    """One row per medicine and dosage, with its earliest start: an import from a system
    that writes a request per refill (Synthea: one a month) is one medicine taken since
    then, not 200 rows of it."""
    first: dict[tuple[str, str], Entry[Any]] = {}
    for entry in medications:
        key = (entry.data.code.text.casefold(), (entry.data.dosage_text or "").casefold())
        kept = first.get(key)
        if kept is None or (entry.data.effective_start or "9") < (
                kept.data.effective_start or "9"):
            first[key] = entry
    return [e for e in medications if first.get(
        (e.data.code.text.casefold(), (e.data.dosage_text or "").casefold())) is e]


def summary_html(chart: Chart, *, for_print: bool = False, printed_by: str = "",
                 names: Mapping[str, str] | None = None) -> str:
    p = chart.patient
    parts: list[str] = []
    if for_print:
        details = [tr("Born {date}").format(date=esc(p.birth_date)) if p.birth_date else "",
                   esc(age_text(p.birth_date)), esc(choice_text(p.sex)),
                   tr("MRN {mrn}").format(mrn=esc(p.mrn)) if p.mrn else ""]
        parts.append(f"<h1>{esc(p.display_name)}</h1>"
                     f"<p>{' · '.join(d for d in details if d)}</p>")
        if p.address is not None:
            lines = [*p.address.lines, " ".join(x for x in (p.address.postal_code,
                                                            p.address.city) if x)]
            parts.append(f"<p>{'<br>'.join(esc(x) for x in lines if x)}</p>")

    # Allergies first, and loud: the one thing nobody may miss. An empty list is "not yet
    # recorded", never "none": the same words as the chart's banner (core's absence.py).
    status = allergy_status(chart.allergies)
    allergies = [a for a in chart.allergies if a.data.clinical_status in (None, "active")
                 and absence_of(a) is None
                 and a.data.verification_status not in ("refuted", "entered-in-error")]
    parts.append("<h2>" + esc(tr("Allergies and intolerances")) + "</h2>")
    if status.state == "recorded":
        items = []
        for a in allergies:
            reaction = f" — {esc(a.data.reaction.text)}" if a.data.reaction else ""
            severity = f" ({esc(choice_text(a.data.severity))})" if a.data.severity else ""
            high = a.data.criticality == "high" or a.data.severity == "severe"
            text = f"{esc(a.data.code.text)}{reaction}{severity}"
            items.append(f"<li><b><font color='#a4262c'>{text}</font></b></li>" if high
                         else f"<li><b>{text}</b></li>")
        parts.append(f"<ul>{''.join(items)}</ul>")
    else:
        words = esc(status_text(status, names or {}))
        parts.append(f"<p><b><font color='#a4262c'>{words}</font></b></p>" if status.warning
                     else f"<p><i>{words}</i></p>")

    problems = [c for c in chart.conditions if c.data.clinical_status in _ACTIVE_PROBLEM]
    parts.append("<h2>" + esc(tr("Active problems")) + "</h2>")
    parts.append(_table([tr("Problem"), tr("Since"), tr("Severity")],
                        [[esc(c.data.code.text), esc(day_text(c.data.onset)),
                          esc(choice_text(c.data.severity))] for c in problems],
                        tr("No active problems.")))

    medications = _one_row_each([m for m in chart.medications
                                 if m.data.status in ("active", "intended", "on-hold")
                                 and absence_of(m) is None])
    no_medications = status_text(medication_status(chart.medications), names or {})
    parts.append("<h2>" + esc(tr("Medications")) + "</h2>")
    parts.append(_table([tr("Medication"), tr("Dosage"), tr("Since")],
                        [[esc(m.data.code.text), esc(m.data.dosage_text or ""),
                          esc(day_text(m.data.effective_start))] for m in medications],
                        no_medications))

    vitals = [o for o in chart.latest_observations if o.data.category == "vital-signs"]
    labs = [o for o in chart.latest_observations if o.data.category != "vital-signs"]
    parts.append("<h2>" + esc(tr("Latest vital signs")) + "</h2>")
    parts.append(_table([tr("Measurement"), tr("Value"), tr("Normal"), tr("When")],
                        [[esc(measure_text(o.data.code.text)), _value(o), esc(range_text(o)),
                          esc(moment_text(o.data.effective))] for o in vitals],
                        tr("No vital signs recorded.")))
    if labs:
        parts.append("<h2>" + esc(tr("Latest results")) + "</h2>")
        parts.append(_table([tr("Test"), tr("Value"), tr("Normal"), tr("When")],
                            [[esc(measure_text(o.data.code.text)), _value(o),
                              esc(range_text(o)),
                              esc(day_text(o.data.effective))] for o in labs], ""))

    if chart.immunizations:
        parts.append("<h2>" + esc(tr("Immunizations")) + "</h2>")
        parts.append(_table([tr("Vaccine"), tr("Date")],
                            [[esc(i.data.code.text), esc(day_text(i.data.occurrence))]
                             for i in chart.immunizations[:10]], ""))

    if chart.hidden_restricted:
        parts.append("<p><i>" + esc(tr(
            "{n} restricted entries are not shown.").format(n=chart.hidden_restricted))
            + "</i></p>")
    if for_print:
        stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
        parts.append("<hr><p><small>" + esc(tr(
            "Printed {when} by {who} from MedVault. Confidential health information."
        ).format(when=stamp, who=printed_by)) + "</small></p>")
    style = ("<style>h1{font-size:16pt;margin-bottom:2px} h2{font-size:12pt;"
             "margin-top:14px;margin-bottom:4px} th{border-bottom:1px solid #888}</style>")
    return style + "".join(parts)


# -- printing ------------------------------------------------------------------------------
def summary_document(chart: Chart, printed_by: str,
                     names: Mapping[str, str] | None = None) -> QTextDocument:
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setHtml(summary_html(chart, for_print=True, printed_by=printed_by, names=names))
    return document


def _audit(session: Session, chart: Chart, output: SummaryOutput) -> None:
    from app.core.records.summary import record_summary_print

    record_summary_print(session, chart.patient.id, output)


def summary_pdf_bytes(chart: Chart, printed_by: str,
                      names: Mapping[str, str] | None = None) -> bytes:
    """Render in memory: the only file written is the one the person chose."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setCreator("MedVault")
    writer.setTitle(tr("Patient summary"))
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    document = summary_document(chart, printed_by, names)
    document.print_(writer)
    del writer  # finishes the PDF
    data = bytes(buffer.data().data())
    buffer.close()
    buffer.setData(QByteArray())
    return data


def print_summary_pdf(session: Session, chart: Chart, path: Path) -> None:
    from app.core.atomic import atomic_write_bytes

    # Core checks SUMMARY_PRINT and records the print before anything is rendered.
    _audit(session, chart, "pdf")
    data = summary_pdf_bytes(chart, session.user.full_name or session.user.name,
                             user_names(session))
    atomic_write_bytes(path, data)


def print_summary(session: Session, chart: Chart, printer: Any) -> None:
    _audit(session, chart, "printer")
    document = summary_document(chart, session.user.full_name or session.user.name,
                                user_names(session))
    document.print_(printer)
