"""Consents: who may receive which parts of a patient's record, for what, until when.

A consent names a recipient (a contact), the sections it covers, one purpose, and a
validity window. Withdrawing keeps the row (with who and when) so the history of what the
patient agreed to stays answerable. `consent_allows` is the one check that sharing and
export call before sending anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.messages import Moment
from app.core.records import clock, kinds
from app.core.records.contacts import load_contact
from app.core.records.guard import RecordNotFound, patient_access
from app.core.roles import Operation
from app.core.session import Session

# The parts of a record a consent can cover: everything, the registry's demographics, or
# the entries of one clinical kind (the registry's sections).
ALL = "all"
DEMOGRAPHICS = "demographics"
SECTIONS: tuple[str, ...] = (ALL, DEMOGRAPHICS, *kinds.consent_sections())


class Purpose(StrEnum):
    """After HL7 v3 PurposeOfUse: treatment, payment, research, patient's own request..."""

    TREATMENT = "treatment"
    REFERRAL = "referral"
    PAYMENT = "payment"
    RESEARCH = "research"
    PATIENT_REQUEST = "patient-request"
    PUBLIC_HEALTH = "public-health"
    LEGAL = "legal"


@dataclass(frozen=True)
class Consent:
    id: str
    patient_id: str
    recipient_id: str
    sections: tuple[str, ...]
    purpose: str
    valid_from: str
    valid_until: str | None
    withdrawn_at: str | None
    withdrawn_by: str | None
    note: str | None
    created_at: str
    created_by: str

    def in_force(self, at: str | None = None) -> bool:
        at = at or clock.now_iso()
        return (self.withdrawn_at is None and self.valid_from <= at
                and (self.valid_until is None or at < self.valid_until))

    def covers(self, section: str, purpose: str, at: str | None = None) -> bool:
        return (self.in_force(at) and purpose == self.purpose
                and (section in self.sections or ALL in self.sections))

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "sections": list(self.sections), "in_force": self.in_force()}


_COLUMNS = ("id, patient_id, recipient_id, sections, purpose, valid_from, valid_until, "
            "withdrawn_at, withdrawn_by, note, created_at, created_by")


def consent_from_row(row: tuple[Any, ...]) -> Consent:
    return Consent(row[0], row[1], row[2], tuple(json.loads(row[3])), *row[4:])


def _load(conn: Connection, consent_id: str) -> Consent | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM consents WHERE id = ?",
                       (consent_id,)).fetchone()
    return consent_from_row(row) if row else None


def _sections(values: Iterable[str]) -> tuple[str, ...]:
    chosen = set(values)
    if chosen - set(SECTIONS):
        raise UsageError("Sections are: " + ", ".join(SECTIONS))
    sections = tuple(sorted(chosen))
    if not sections:
        raise UsageError.coded("consent.no_sections")
    return sections


def parse_purpose(value: str) -> str:
    try:
        return Purpose(value).value
    except ValueError:
        raise UsageError("The purpose is one of: " + ", ".join(p.value for p in Purpose)
                         ) from None


def _bound(value: str | None, what: str, *, end_of_day: bool) -> str | None:
    """A date alone means the whole day: "valid until 2025-12-31" includes that day."""
    if not value:
        return None
    moment = clock.moment(value, what)
    if len(moment) == 10:
        moment += "T23:59:59.999+00:00" if end_of_day else "T00:00:00.000+00:00"
    return moment


def add_consent(session: Session, patient_id: str, recipient_id: str,
                sections: Iterable[str], purpose: str, *, valid_until: str | None = None,
                valid_from: str | None = None, note: str | None = None) -> Consent:
    patient_access(session, Operation.CONSENT_WRITE, patient_id)
    chosen, why = _sections(sections), parse_purpose(purpose)
    start = _bound(valid_from, "valid from", end_of_day=False) or clock.now_iso()
    until = _bound(valid_until, "valid until", end_of_day=True)
    if until is not None and until <= start:
        raise UsageError.coded("consent.end_after_start")
    if load_contact(session.conn, recipient_id) is None:
        raise RecordNotFound(f"There is no contact with id {recipient_id!r}.")
    consent = Consent(new_id(), patient_id, recipient_id, chosen, why, start, until,
                      None, None, note, clock.now_iso(), session.user.user_id)
    with session.transaction() as conn:
        values = asdict(consent)
        values["sections"] = json.dumps(list(chosen))
        conn.execute(f"INSERT INTO consents ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                     tuple(values.values()))
        session.record("consent.create", patient_id=patient_id, target=consent.id,
                       detail={"recipient": recipient_id, "sections": list(chosen),
                               "purpose": why})
    return consent


def withdraw_consent(session: Session, consent_id: str) -> Consent:
    session.require(Operation.CONSENT_WRITE, target=consent_id)
    consent = _load(session.conn, consent_id)
    if consent is None:
        raise RecordNotFound(f"There is no consent with id {consent_id!r}.")
    patient_access(session, Operation.CONSENT_WRITE, consent.patient_id, required=True)
    if consent.withdrawn_at is not None:
        raise UsageError.coded("consent.withdrawn_already",
                               when=Moment(consent.withdrawn_at))
    with session.transaction() as conn:
        conn.execute("UPDATE consents SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ?",
                     (clock.now_iso(), session.user.user_id, consent_id))
        session.record("consent.withdraw", patient_id=consent.patient_id, target=consent_id)
        withdrawn = _load(conn, consent_id)
    assert withdrawn is not None
    return withdrawn


def list_consents(session: Session, patient_id: str) -> list[Consent]:
    patient_access(session, Operation.CONSENT_READ, patient_id)
    with session.transaction() as conn:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM consents WHERE patient_id = ? "
                            "ORDER BY created_at", (patient_id,)).fetchall()
        session.record("consent.list", patient_id=patient_id, detail={"results": len(rows)})
    return [consent_from_row(r) for r in rows]


def consent_allows(session: Session, patient_id: str, recipient: str, section: str,
                   purpose: str) -> bool:
    """Whether a consent in force lets `recipient` (a contact id) receive `section` of the
    patient's record for `purpose`. Audited, with the answer, as sharing depends on it."""
    patient_access(session, Operation.CONSENT_READ, patient_id)
    wanted_section = _sections([section])[0]
    wanted_purpose = parse_purpose(purpose)
    with session.transaction() as conn:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM consents WHERE patient_id = ? AND "
                            "recipient_id = ?", (patient_id, recipient)).fetchall()
        now = clock.now_iso()
        matching = [c.id for c in map(consent_from_row, rows)
                    if c.covers(wanted_section, wanted_purpose, now)]
        session.record("consent.check", patient_id=patient_id, target=recipient,
                       detail={"section": wanted_section, "purpose": wanted_purpose,
                               "allowed": bool(matching), "consents": matching})
    return bool(matching)
