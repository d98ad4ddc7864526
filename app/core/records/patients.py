"""Patients in the registry: who they are, how to reach them, and whether they are restricted.

Field names follow FHIR R4 Patient: `sex` is the administrative gender (male, female,
other, unknown) and `gender` the gender identity in the person's own words. Identifiers
other than the MRN keep their FHIR system and value.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.messages import Message, Moment, message
from app.core.records import clock
from app.core.records.guard import PatientAccess, patient_access
from app.core.records.normalise import fold, name_keys, search_key
from app.core.roles import Operation
from app.core.session import Session

SEXES = frozenset({"male", "female", "other", "unknown"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Identifier:
    system: str
    value: str
    type: str | None = None  # FHIR identifier type code, e.g. "NI", "PPN", "SB"


@dataclass(frozen=True)
class Address:
    lines: tuple[str, ...] = ()
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class EmergencyContact:
    name: str
    relationship: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class PatientInput:
    """What a person fills in; `add_patient` and `update_patient` take the whole form."""

    family: str
    given: str
    birth_date: str | None = None
    sex: str | None = None
    gender: str | None = None
    mrn: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    phone: str | None = None
    email: str | None = None
    address: Address | None = None
    emergency_contact: EmergencyContact | None = None
    restricted: bool = False
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Patient(PatientInput):
    id: str = ""
    created_at: str = ""
    created_by: str = ""
    updated_at: str = ""
    updated_by: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["display_name"] = self.display_name
        return data


@dataclass(frozen=True)
class PatientSummary:
    """A row in a patient list. For a restricted patient without an active grant only the
    name is shown, so staff can find them and open the record with a reason; `masked`
    says so, so that no caller has to infer it from which fields are empty."""

    id: str
    family: str
    given: str
    birth_date: str | None
    sex: str | None
    mrn: str | None
    restricted: bool
    masked: bool = False

    @property
    def display_name(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "display_name": self.display_name}


_COLUMNS = ("id, family, given, birth_date, sex, gender, mrn, identifiers, phone, email, "
            "address, emergency_contact, restricted, extra, created_at, created_by, "
            "updated_at, updated_by")
SUMMARY_COLUMNS = "id, family, given, birth_date, sex, mrn, restricted"


def _text(value: str | None, what: str, limit: int = 200) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(value.split())
    if len(cleaned) > limit:
        raise UsageError(f"The {what} is longer than {limit} characters.")
    return cleaned or None


def validate(data: PatientInput) -> PatientInput:
    family, given = _text(data.family, "family name"), _text(data.given, "given name")
    if not family and not given:
        raise UsageError.coded("patients.need_name")
    if data.sex is not None and data.sex not in SEXES:
        raise UsageError(f"Sex is one of {', '.join(sorted(SEXES))} (FHIR administrative "
                         "gender); gender identity goes in the gender field.")
    email = _text(data.email, "email address")
    if email and not _EMAIL.match(email):
        raise UsageError.coded("patients.bad_email", email=email)
    mrn = _text(data.mrn, "MRN", 64)
    for ident in data.identifiers:
        if not ident.system.strip() or not ident.value.strip():
            raise UsageError("Each identifier needs a system and a value.")
    return replace(data, family=family or "", given=given or "",
                   birth_date=clock.birth_date(data.birth_date), mrn=mrn, email=email,
                   phone=_text(data.phone, "phone number", 40),
                   gender=_text(data.gender, "gender"))


def _values(data: PatientInput) -> tuple[Any, ...]:
    return (data.family, data.given, data.birth_date, data.sex, data.gender, data.mrn,
            json.dumps([asdict(i) for i in data.identifiers]), data.phone, data.email,
            json.dumps(asdict(data.address) if data.address else {}),
            json.dumps(asdict(data.emergency_contact) if data.emergency_contact else {}),
            int(data.restricted), json.dumps(data.extra))


def _from_row(row: tuple[Any, ...]) -> Patient:
    address = json.loads(row[10])
    contact = json.loads(row[11])
    return Patient(
        id=row[0], family=row[1], given=row[2], birth_date=row[3], sex=row[4], gender=row[5],
        mrn=row[6], identifiers=tuple(Identifier(**i) for i in json.loads(row[7])),
        phone=row[8], email=row[9],
        address=Address(**{**address, "lines": tuple(address.get("lines", ()))})
        if address else None,
        emergency_contact=EmergencyContact(**contact) if contact else None,
        restricted=bool(row[12]), extra=json.loads(row[13]), created_at=row[14],
        created_by=row[15], updated_at=row[16], updated_by=row[17])


def summary_from_row(row: tuple[Any, ...], *, masked: bool) -> PatientSummary:
    if masked:
        return PatientSummary(row[0], row[1], row[2], None, None, None, True, masked=True)
    return PatientSummary(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]))


def load(conn: Connection, patient_id: str) -> Patient | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM patients WHERE id = ?",
                       (patient_id,)).fetchone()
    return _from_row(row) if row else None


def write_name_keys(conn: Connection, patient_id: str, data: PatientInput) -> None:
    conn.execute("DELETE FROM patient_name_keys WHERE patient_id = ?", (patient_id,))
    conn.executemany("INSERT INTO patient_name_keys(key, patient_id) VALUES (?, ?)",
                     [(k, patient_id) for k in sorted(name_keys(data.family, data.given))])


def _mrn_free(conn: Connection, mrn: str | None, patient_id: str | None) -> None:
    if mrn is None:
        return
    row = conn.execute("SELECT id FROM patients WHERE mrn = ? COLLATE NOCASE",
                       (mrn,)).fetchone()
    if row is not None and row[0] != patient_id:
        raise UsageError.coded("patients.mrn_taken", mrn=mrn)


def insert_patient(conn: Connection, patient_id: str, data: PatientInput, user_id: str,
                   now: str) -> None:
    """Write a validated patient row and its name keys; the caller owns the transaction
    and the audit entry (`add_patient`, or `create_vault` for a personal vault's owner)."""
    _mrn_free(conn, data.mrn, None)
    conn.execute(
        f"INSERT INTO patients ({_COLUMNS.replace('extra,', 'extra, search_key,')}) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (patient_id, *_values(data), search_key(data.family, data.given), now, user_id, now,
         user_id))
    write_name_keys(conn, patient_id, data)


class PossibleDuplicate(UsageError):
    """Someone like this is already in the vault: same MRN, or the same birth date and the
    same names once accents and case are set aside ("Garcia, Zoe" and "García, Zoë Marie").
    Show `candidates` and ask; add anyway with `add_patient(..., not_a_duplicate=True)`."""

    def __init__(self, candidates: list[PatientSummary]) -> None:
        self.candidates = candidates
        names: Message | str = ""
        for c in reversed(candidates[:5]):
            one: Message | str = (message("patients.candidate_born", name=c.display_name,
                                          born=Moment(c.birth_date))
                                  if c.birth_date else c.display_name)
            names = message("patients.candidates", first=one, rest=names) if names else one
        self.message = message("patients.possible_duplicate", names=names)
        super().__init__(self.message.english())


def same_names(a_family: str, a_given: str, b_family: str, b_given: str) -> bool:
    """Same family name and the same first given name (or one given name is the start of
    the other: "Zoe" and "Zoë Marie"), all folded."""
    if fold(a_family) != fold(b_family):
        return False
    ga, gb = fold(a_given).split(), fold(b_given).split()
    if not ga or not gb:
        return not ga and not gb
    return ga[0] == gb[0] or ga == gb[:len(ga)] or gb == ga[:len(gb)]


def find_duplicates(conn: Connection, data: PatientInput, user_id: str, *,
                    exclude: str | None = None) -> list[PatientSummary]:
    """Patients `data` may describe again (validated input). Restricted ones appear by name
    only unless the user holds a grant, as in search."""
    rows: dict[str, tuple[Any, ...]] = {}
    if data.mrn:
        for row in conn.execute(f"SELECT {SUMMARY_COLUMNS} FROM patients WHERE mrn = ? "
                                "COLLATE NOCASE AND merged_into IS NULL", (data.mrn,)):
            rows[row[0]] = row
    if data.birth_date:
        for row in conn.execute(f"SELECT {SUMMARY_COLUMNS} FROM patients "
                                "WHERE birth_date = ? AND merged_into IS NULL",
                                (data.birth_date,)):
            if same_names(data.family, data.given, row[1], row[2]):
                rows[row[0]] = row
    rows.pop(exclude or "", None)
    granted = granted_patients(conn, user_id, [r[0] for r in rows.values() if r[6]])
    return [summary_from_row(r, masked=bool(r[6]) and r[0] not in granted)
            for r in rows.values()]


def add_patient(session: Session, data: PatientInput, *,
                not_a_duplicate: bool = False) -> Patient:
    """Add a patient. Stops with `PossibleDuplicate` when someone with the same MRN, or the
    same birth date and folded names, is already there, unless the user has looked at them
    and confirmed (`not_a_duplicate`); both the stop and the confirmation are audited."""
    session.require(Operation.PATIENT_WRITE)
    data = validate(data)
    patient_id, now = new_id(), clock.now_iso()
    me = session.user.user_id
    candidates = find_duplicates(session.conn, data, me)
    if candidates and (not not_a_duplicate or any(c.mrn and data.mrn and c.mrn.casefold()
                                                  == data.mrn.casefold() for c in candidates)):
        # Recorded on its own: nothing else is written, and it shows who nearly did.
        session.record("patient.duplicate.stopped",
                       detail={"candidates": [c.id for c in candidates]})
        raise PossibleDuplicate(candidates)
    with session.transaction() as conn:
        insert_patient(conn, patient_id, data, me, now)
        detail: dict[str, Any] = {"restricted": data.restricted}
        if candidates:
            detail["not_a_duplicate_of"] = [c.id for c in candidates]
        session.record("patient.create", patient_id=patient_id, target=patient_id,
                       detail=detail)
        created = load(conn, patient_id)
    assert created is not None
    return created


def update_patient(session: Session, patient_id: str, data: PatientInput) -> Patient:
    """Replace the editable fields. Changing a restricted patient needs an active grant."""
    access = patient_access(session, Operation.PATIENT_WRITE, patient_id)
    return _update(session, access, validate(data))


def set_patient_restricted(session: Session, patient_id: str, restricted: bool) -> Patient:
    """Anyone who may edit a patient may restrict them; lifting a restriction needs an
    active grant, because it means opening the restricted record."""
    access = patient_access(session, Operation.PATIENT_WRITE, patient_id)
    current = load(session.conn, patient_id)
    assert current is not None
    return _update(session, access, replace(current, restricted=restricted))


def changed_fields(before: PatientInput, after: PatientInput) -> list[str]:
    """The names of the fields that differ: the audit names them, never their values."""
    return [f.name for f in fields(PatientInput)
            if getattr(before, f.name) != getattr(after, f.name)]


def _update(session: Session, access: PatientAccess, data: PatientInput) -> Patient:
    patient_id = access.patient_id
    with session.transaction() as conn:
        before = load(conn, patient_id)
        assert before is not None
        _mrn_free(conn, data.mrn, patient_id)
        conn.execute(
            "UPDATE patients SET family=?, given=?, birth_date=?, sex=?, gender=?, mrn=?, "
            "identifiers=?, phone=?, email=?, address=?, emergency_contact=?, restricted=?, "
            "extra=?, search_key=?, updated_at=?, updated_by=? WHERE id = ?",
            (*_values(data), search_key(data.family, data.given), clock.now_iso(),
             session.user.user_id, patient_id))
        write_name_keys(conn, patient_id, data)
        session.record("patient.update", patient_id=patient_id, target=patient_id,
                       flagged=access.via_grant,
                       detail=access.audit_detail(restricted=data.restricted,
                                                  fields=changed_fields(before, data)))
        updated = load(conn, patient_id)
    assert updated is not None
    return updated


def get_patient(session: Session, patient_id: str) -> Patient:
    access = patient_access(session, Operation.PATIENT_READ, patient_id)
    with session.transaction() as conn:
        patient = load(conn, patient_id)
        session.record("patient.read", patient_id=patient_id, target=patient_id,
                       flagged=access.via_grant, detail=access.audit_detail())
    assert patient is not None
    return patient


def count_patients(session: Session) -> int:
    session.require(Operation.PATIENT_SEARCH)
    return int(session.conn.execute("SELECT count(*) FROM patients WHERE merged_into IS NULL"
                                    ).fetchone()[0])


def list_patients(session: Session, *, offset: int = 0, limit: int = 100,
                  after: str | None = None) -> list[PatientSummary]:
    """One page of every patient, sorted by name, for a paged list view.

    `after` (the id of the last patient already shown) pages by key instead of by
    offset: SQLite walks past every skipped row for an OFFSET, so page 500 of a 100k
    practice would cost as much as reading all the pages before it.
    """
    session.require(Operation.PATIENT_SEARCH)
    limit = max(1, min(limit, 1000))
    with session.transaction() as conn:
        if after is not None:
            rows = conn.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM patients WHERE merged_into IS NULL AND "
                "(search_key, id) > (SELECT search_key, id FROM patients WHERE id = ?) "
                "ORDER BY search_key, id LIMIT ?", (after, limit)).fetchall()
        else:
            rows = conn.execute(
                f"SELECT {SUMMARY_COLUMNS} FROM patients WHERE merged_into IS NULL "
                "ORDER BY search_key, id LIMIT ? OFFSET ?", (limit, max(0, offset))).fetchall()
        granted = granted_patients(conn, session.user.user_id, [r[0] for r in rows if r[6]])
        session.record("patient.list", detail={"offset": offset, "results": len(rows)})
    return [summary_from_row(r, masked=bool(r[6]) and r[0] not in granted) for r in rows]


def granted_patients(conn: Connection, user_id: str, patient_ids: list[str]) -> set[str]:
    if not patient_ids:
        return set()
    marks = ",".join("?" * len(patient_ids))
    rows = conn.execute(
        f"SELECT DISTINCT patient_id FROM access_grants WHERE user_id = ? AND kind = "
        f"'restricted' AND entry_id IS NULL AND expires_at > ? AND patient_id IN ({marks})",
        (user_id, clock.now_iso(), *patient_ids)).fetchall()
    return {r[0] for r in rows}

