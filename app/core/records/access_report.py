"""The access report: for one patient, who opened or changed their record, when and why.

It is read from the audit chain, the same tamper-evident log `medvault audit verify`
checks, so it can be given to the patient as it stands. The report names people and
actions, never clinical content (the log holds none). Exports carry the chain head, so a
later verify can show the log has not been cut short since.
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.core.errors import UsageError
from app.core.records import clock, kinds, patients
from app.core.records.breakglass import scope_for
from app.core.records.guard import RecordNotFound
from app.core.roles import Operation
from app.core.safe_files import write_file_safely
from app.core.session import Session

# Plain-language descriptions for the patient, besides the clinical kinds' actions
# (`kinds.Kind.describe`); unknown actions fall back to their name.
_DESCRIPTIONS = {
    "patient.create": "created the record",
    "patient.update": "changed personal details",
    "patient.read": "viewed personal details",
    "patient.erase": "erased the record",
    "patient.erase.refused": "asked for erasure (refused: records must be kept)",
    "chart.open": "opened the chart",
    "restricted.open": "opened the restricted record (break-glass)",
    "restricted.denied": "was refused access to restricted information",
    "permission.denied": "was refused access",
    "consent.create": "recorded a consent",
    "consent.withdraw": "recorded withdrawal of a consent",
    "consent.check": "checked consent before sharing",
    "consent.list": "viewed consents",
    "appointment.create": "booked an appointment",
    "appointment.status": "changed an appointment",
    "appointment.list": "viewed appointments",
    "access.report": "produced an access report",
    "access.report.export": "exported an access report",
    "emergency.reviewed": "reviewed an emergency access",
}


def describe(action: str) -> str:
    """Plain words for an audit action; a kind's own actions are worded by the registry."""
    words = _DESCRIPTIONS.get(action) or kinds.describe(action)
    return words or action.replace(".", " ").replace("_", " ")


@dataclass(frozen=True)
class AccessEvent:
    seq: int
    ts: str
    actor: str
    role: str
    action: str
    description: str
    reason: str | None
    flagged: bool


@dataclass(frozen=True)
class AccessReport:
    patient_id: str
    patient_name: str | None  # left out when the reader may not see it
    generated_at: str
    generated_by: str
    events: list[AccessEvent]
    audit_head: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "events": [asdict(e) for e in self.events]}


def access_report(session: Session, patient_id: str) -> AccessReport:
    session.require(Operation.ACCESS_REPORT, patient_id=patient_id)
    events = [AccessEvent(e.seq, e.ts, e.actor, e.role, e.action, describe(e.action), e.reason,
                          e.flagged)
              for e in session.audit.entries(patient_id=patient_id)]
    name = None
    patient = patients.load(session.conn, patient_id)
    if patient is not None and session.allowed(Operation.PATIENT_READ) and (
            not patient.restricted
            or scope_for(session.conn, session.user.user_id, patient_id).patient):
        name = patient.display_name
    if patient is None and not events:
        raise RecordNotFound(f"Nothing in this vault concerns a patient with id {patient_id!r}.")
    entry = session.record("access.report", patient_id=patient_id,
                           detail={"events": len(events)})
    head = session.audit_head()
    return AccessReport(patient_id, name, clock.now_iso(), session.user.name,
                        [*events, AccessEvent(entry.seq, entry.ts, entry.actor, entry.role,
                                              entry.action, describe(entry.action), None,
                                              entry.flagged)],
                        head.to_json() if head else None)


def render(report: AccessReport, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False).encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["when", "who", "role", "what", "why", "flagged"])
        for e in report.events:
            writer.writerow([_cell(v) for v in (e.ts, e.actor, e.role, e.description,
                                                e.reason or "", "yes" if e.flagged else "")])
        return buffer.getvalue().encode()
    if fmt == "html":
        return _html(report).encode()
    if fmt == "text":
        lines = [f"Access report for {report.patient_name or report.patient_id}",
                 f"Generated {report.generated_at} by {report.generated_by}", ""]
        for e in report.events:
            flag = " [flagged]" if e.flagged else ""
            why = f" (reason: {e.reason})" if e.reason else ""
            lines.append(f"{e.ts}  {e.actor} ({e.role}) {e.description}{why}{flag}")
        return ("\n".join(lines) + "\n").encode()
    raise UsageError(f"Unknown report format {fmt!r}; use csv, json, html or text.")


def export_access_report(session: Session, report: AccessReport, path: Path,
                         fmt: str | None = None) -> Path:
    """Write the report atomically; the format follows the file's suffix unless given."""
    fmt = fmt or {".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}.get(
        path.suffix.lower(), "text")
    data = render(report, fmt)
    session.require(Operation.ACCESS_REPORT, patient_id=report.patient_id)
    write_file_safely(path, data, what="access report")
    session.record("access.report.export", patient_id=report.patient_id,
                   detail={"format": fmt, "events": len(report.events)})
    return path


def _cell(value: str) -> str:
    # Spreadsheets run cells starting with = + - @ as formulas; defuse them.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _html(report: AccessReport) -> str:
    e = html.escape
    flagged = ' class="flagged"'
    rows = "\n".join(
        f"<tr{flagged if ev.flagged else ''}><td>{e(ev.ts)}</td>"
        f"<td>{e(ev.actor)}</td><td>{e(ev.role)}</td><td>{e(ev.description)}</td>"
        f"<td>{e(ev.reason or '')}</td><td>{'yes' if ev.flagged else ''}</td></tr>"
        for ev in report.events)
    who = e(report.patient_name or report.patient_id)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Access report</title>
<style>body{{font-family:sans-serif}}table{{border-collapse:collapse}}
td,th{{border:1px solid #999;padding:4px 8px;text-align:left}}
tr.flagged{{background:#fff3cd}}</style></head>
<body><h1>Who opened or changed the record of {who}</h1>
<p>Generated {e(report.generated_at)} by {e(report.generated_by)} from the vault's
tamper-evident audit log. Flagged rows are emergency or restricted-record access, which the
practice owner reviews.</p>
<table><thead><tr><th>When (UTC)</th><th>Who</th><th>Role</th><th>What</th><th>Why</th>
<th>Flagged</th></tr></thead>
<tbody>
{rows}
</tbody></table></body></html>
"""
