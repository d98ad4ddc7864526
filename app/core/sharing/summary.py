"""summary.html and summary.pdf: the package's facts for a person with no MedVault.

Both are made from the FHIR Bundle that goes in the same package, so the person reads
exactly what the software imports. Core has no Qt, so the PDF is written directly: PDF 1.4,
one built-in font (Helvetica, WinAnsi), text only; characters outside Latin-1 are shown
as "?" in the PDF (the HTML has them all).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from app.core.textpdf import text_pdf

_HEADINGS = [("Patient", "Patient"), ("AllergyIntolerance", "Allergies"),
             ("Condition", "Problems"), ("MedicationStatement", "Medications"),
             ("MedicationRequest", "Medications"), ("Immunization", "Immunizations"),
             ("Observation", "Observations and results"), ("Encounter", "Encounters"),
             ("DocumentReference", "Notes and documents")]


def _concept(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    if value.get("text"):
        return str(value["text"])
    for coding in value.get("coding") or []:
        if isinstance(coding, dict) and (coding.get("display") or coding.get("code")):
            return str(coding.get("display") or coding.get("code"))
    return ""


def _line(resource: dict[str, Any]) -> str:
    kind = resource.get("resourceType")
    if kind == "Patient":
        names = resource.get("name") or [{}]
        name = names[0] if isinstance(names[0], dict) else {}
        given = " ".join(name.get("given") or [])
        return (f"{given} {name.get('family', '')}".strip()
                + (f", born {resource['birthDate']}" if resource.get("birthDate") else ""))
    if kind == "Observation":
        value = resource.get("valueQuantity") or {}
        shown = (f"{value.get('value', '')} {value.get('unit', '')}".strip()
                 if isinstance(value, dict) and value else str(resource.get("valueString", "")))
        return " ".join(x for x in (str(resource.get("effectiveDateTime", ""))[:10],
                                    _concept(resource.get("code")), shown) if x)
    if kind in ("MedicationStatement", "MedicationRequest"):
        return _concept(resource.get("medicationCodeableConcept")) or "medication"
    if kind == "AllergyIntolerance":
        return _concept(resource.get("code")) or "allergy"
    if kind == "Immunization":
        return " ".join(x for x in (str(resource.get("occurrenceDateTime", ""))[:10],
                                    _concept(resource.get("vaccineCode"))) if x)
    if kind == "DocumentReference":
        content = (resource.get("content") or [{}])[0]
        attachment = content.get("attachment", {}) if isinstance(content, dict) else {}
        return " ".join(x for x in (str(resource.get("date", ""))[:10],
                                    str(attachment.get("title") or resource.get("description")
                                        or _concept(resource.get("type")) or "document"))
                        if x)
    if kind == "Encounter":
        period = resource.get("period") or {}
        return " ".join(x for x in (str(period.get("start", ""))[:10],
                                    _concept((resource.get("type") or [{}])[0])) if x)
    onset = str(resource.get("onsetDateTime") or resource.get("recordedDate") or "")[:10]
    return " ".join(x for x in (onset, _concept(resource.get("code"))) if x) or str(kind)


def sections(bundle: dict[str, Any]) -> list[tuple[str, list[str]]]:
    by_type: dict[str, list[str]] = {}
    for entry in bundle.get("entry") or []:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict):
            by_type.setdefault(str(resource.get("resourceType")), []).append(_line(resource))
    out: dict[str, list[str]] = {}
    for kind, heading in _HEADINGS:
        if by_type.get(kind):
            out.setdefault(heading, []).extend(by_type.pop(kind))
    for kind, lines in sorted(by_type.items()):
        out[kind] = lines
    return list(out.items())


def summary_html(bundle: dict[str, Any], header: Iterable[str]) -> bytes:
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Health record "
             "summary</title><style>body{font-family:sans-serif;max-width:50em;margin:2em}"
             "h2{border-bottom:1px solid #999}</style></head><body><h1>Health record "
             "summary</h1>"]
    parts += [f"<p>{html.escape(line)}</p>" for line in header]
    for heading, lines in sections(bundle):
        parts.append(f"<h2>{html.escape(heading)}</h2><ul>")
        parts += [f"<li>{html.escape(line)}</li>" for line in lines]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")


def summary_pdf(bundle: dict[str, Any], header: Iterable[str]) -> bytes:
    lines: list[tuple[int, str]] = [(16, "Health record summary")]
    lines += [(10, h) for h in header]
    for heading, items in sections(bundle):
        lines.append((13, heading))
        for item in items:
            while len(item) > 95:  # wrap long lines; Helvetica 10 pt fits ~95 per line
                lines.append((10, "  " + item[:95]))
                item = item[95:]
            lines.append((10, "  " + item))
    return text_pdf(lines)
