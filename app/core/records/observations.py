"""Observations: vitals and lab results stored as numbers with units, ready for charts.

A value is a REAL with its UCUM unit and reference range, never a formatted string, so a
chart plots it and a FHIR export writes a Quantity. The index (patient_id, code, effective)
answers "this patient's HbA1c over time" without scanning their other observations. A
blood pressure is two observations (systolic, diastolic) sharing a `group_id`, which maps to
the components of FHIR's blood pressure panel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.records import clock, kinds
from app.core.records.catalog import VITALS
from app.core.records.codes import Concept
from app.core.records.entries import (
    Entry,
    EntryData,
    EntryList,
    add_entries,
    entry_from,
    fetch_entries,
    select_sql,
)
from app.core.records.guard import PatientAccess, patient_access
from app.core.records.in_error import ACTIVE_SQL
from app.core.records.kinds import Kind
from app.core.roles import Operation
from app.core.session import Session


@dataclass(frozen=True, kw_only=True)
class Observation(EntryData):
    """FHIR Observation with a Quantity (or, for a non-numeric result, text) value."""

    SPEC: ClassVar[Kind] = kinds.kind("observation")
    ORDER: ClassVar[str] = "effective DESC"

    code: Concept
    effective: str
    value: float | None = None
    value_text: str | None = None
    unit: str | None = None
    ref_low: float | None = None
    ref_high: float | None = None
    interpretation: str | None = None
    status: str = "final"
    category: str = "vital-signs"
    group_id: str | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    def checked(self) -> Observation:
        values = self.normalised()
        if values["value"] is not None:
            values["value"] = float(values["value"])
        if values["value"] is None and values["value_text"] is None and values["status"] \
                not in {"cancelled", "entered-in-error", "registered"}:
            raise UsageError.coded("entries.observation_value")
        if values["interpretation"] is None:
            values["interpretation"] = interpret(values["value"], values["ref_low"],
                                                 values["ref_high"])
        return self.with_values(values)


def interpret(value: float | None, low: float | None, high: float | None) -> str | None:
    if value is None or (low is None and high is None):
        return None
    if low is not None and value < low:
        return "L"
    if high is not None and value > high:
        return "H"
    return "N"


@dataclass(frozen=True)
class SeriesPoint:
    entry_id: str
    effective: str
    value: float
    interpretation: str | None


@dataclass(frozen=True)
class ObservationSeries:
    """One code's values over time, oldest first, for a trend chart."""

    code: str
    name: str
    unit: str | None
    ref_low: float | None
    ref_high: float | None
    points: list[SeriesPoint]
    hidden_restricted: int


def record_vitals(session: Session, patient_id: str, effective: str | datetime, *,
                  encounter_id: str | None = None, **values: float) -> list[Entry[Observation]]:
    """File a set of vitals taken together (keys from `catalog.VITALS`: systolic,
    diastolic, heart_rate, weight, ...) with one audit entry."""
    unknown = sorted(set(values) - set(VITALS))
    if unknown:
        raise UsageError(f"Unknown vital sign {unknown[0]!r}; known: {', '.join(VITALS)}.")
    if ("systolic" in values) != ("diastolic" in values):
        raise UsageError.coded("entries.blood_pressure_pair")
    when = clock.moment(effective, "effective")
    group = new_id() if "systolic" in values else None
    items = [Observation(code=VITALS[k].concept, effective=when, value=float(v),
                         unit=VITALS[k].unit, ref_low=VITALS[k].low, ref_high=VITALS[k].high,
                         category="vital-signs",
                         group_id=group if k in ("systolic", "diastolic") else None)
             for k, v in values.items()]
    return add_entries(session, patient_id, items, encounter_id=encounter_id)


def list_observations(session: Session, patient_id: str, *, code: str | None = None,
                      limit: int = 200, offset: int = 0) -> EntryList[Observation]:
    """A page of observations, newest first, optionally of one code."""
    access = patient_access(session, Operation.CLINICAL_READ, patient_id, clinical=True)
    where, params = ("code = ?", [code]) if code else ("", [])
    with session.transaction() as conn:
        result = fetch_entries(conn, Observation, access, where=where, params=params,
                               limit=max(1, min(limit, 5000)), offset=max(0, offset))
        session.record("observation.list", patient_id=patient_id, flagged=access.via_grant,
                       detail=access.audit_detail(code=code, results=len(result.entries)))
    return result


def observation_series(session: Session, patient_id: str, code: str, *,
                       since: str | None = None, until: str | None = None
                       ) -> ObservationSeries:
    access = patient_access(session, Operation.CLINICAL_READ, patient_id, clinical=True)
    sql = ("SELECT id, effective, value, interpretation, restricted, code_text, unit, ref_low,"
           " ref_high FROM clinical.observations WHERE patient_id = ? AND code = ?"
           f" AND value IS NOT NULL AND {ACTIVE_SQL}")
    params: list[Any] = [patient_id, code]
    if since:
        sql += " AND effective >= ?"
        params.append(clock.moment(since, "since"))
    if until:
        sql += " AND effective <= ?"
        params.append(clock.moment(until, "until"))
    with session.transaction() as conn:
        rows = conn.execute(sql + " ORDER BY effective", params).fetchall()
        session.record("observation.series", patient_id=patient_id, flagged=access.via_grant,
                       detail=access.audit_detail(code=code, results=len(rows)))
    shown = [r for r in rows if access.sees(r[0], bool(r[4]))]
    last = shown[-1] if shown else None
    return ObservationSeries(
        code=code, name=last[5] if last else code, unit=last[6] if last else None,
        ref_low=last[7] if last else None, ref_high=last[8] if last else None,
        points=[SeriesPoint(r[0], r[1], r[2], r[3]) for r in shown],
        hidden_restricted=len(rows) - len(shown))


def latest_by_code(conn: Connection, access: PatientAccess) -> list[Entry[Observation]]:
    """The newest visible observation of each code, for a chart's summary. Unaudited: the
    caller audits the view it belongs to."""
    # For bare columns next to max(), SQLite returns them from the row holding the maximum.
    sql = (select_sql(Observation).replace("SELECT ", "SELECT max(effective), ", 1)
           + f" WHERE patient_id = ? AND restricted = 0 AND {ACTIVE_SQL} "
           "GROUP BY code, code_text")
    rows = [entry_from(Observation, row[1:]) for row in conn.execute(sql, (access.patient_id,))]
    latest = {_code_key(e): e for e in rows}
    if access.scope.grant_ids:
        # Restricted observations this user may now see replace older ones of their code.
        granted = fetch_entries(conn, Observation, access, where="restricted = 1")
        for entry in granted.entries:
            key = _code_key(entry)
            if key not in latest or latest[key].data.effective < entry.data.effective:
                latest[key] = entry
    return sorted(latest.values(), key=lambda e: e.data.code.text.casefold())


def _code_key(entry: Entry[Observation]) -> tuple[str | None, str]:
    coding = entry.data.code.coding
    return (coding.code if coding else None, entry.data.code.text)
