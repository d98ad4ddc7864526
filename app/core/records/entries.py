"""Storage shared by the structured clinical entry kinds (conditions, medications, ...).

Each kind is a frozen dataclass (`EntryData`) whose field names are the table's column
names, so one set of functions adds, reads, lists and updates every kind with the same
checks and audit entries. A coded field X becomes the columns of `Concept.columns(X)`.
Notes and documents have behaviour of their own (signing, blobs) and their own modules.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.json_encode import one_shot_encoder
from app.core.records import clock, kinds
from app.core.records.codes import Concept
from app.core.records.guard import (
    PatientAccess,
    RecordNotFound,
    check_entry,
    need_clinical_key,
    patient_access,
)
from app.core.records.in_error import ACTIVE_SQL
from app.core.records.kinds import Kind
from app.core.roles import Operation
from app.core.session import Session

MAX_TEXT = 100_000  # characters in one free-text field; a note has its own, larger limit
_META = ("id", "patient_id", "encounter_id", "restricted", "created_at", "created_by",
         "updated_at", "updated_by")


class EntryData:
    """The content of one clinical entry; subclasses are frozen, keyword-only dataclasses.

    A subclass names its kind in the registry (`SPEC`); its table, FHIR value sets, coded
    fields and dates are read from there, so they are written once.
    """

    SPEC: ClassVar[Kind]
    TABLE: ClassVar[str]
    KIND: ClassVar[str]
    ORDER: ClassVar[str] = "created_at DESC"
    CONCEPTS: ClassVar[tuple[str, ...]] = ("code",)
    CHOICES: ClassVar[Mapping[str, frozenset[str]]] = {}
    DATES: ClassVar[tuple[str, ...]] = ()  # FHIR date/dateTime, partial dates allowed
    MOMENTS: ClassVar[tuple[str, ...]] = ()  # full times, normalised to UTC

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = cls.SPEC
        cls.TABLE, cls.KIND, cls.CHOICES = spec.table, spec.name, spec.choices
        cls.CONCEPTS = tuple(f.name for f in spec.fields if f.widget == "concept")
        cls.DATES = tuple(f.name for f in spec.fields if f.widget == "date")
        cls.MOMENTS = tuple(f.name for f in spec.fields if f.widget == "moment")
        kinds.register(spec, cls)

    def checked(self) -> Self:
        """The same content, validated and normalised, or a UsageError naming the field."""
        return self.with_values(self.normalised())

    def with_values(self, values: dict[str, Any]) -> Self:
        """A copy holding `values`, which name every field (from `normalised`). The
        kinds' generated __init__ only sets the fields, one object.__setattr__ each; a
        FHIR import makes tens of thousands of these, so the dict is filled directly."""
        cls = type(self)
        assert len(values) == len(_check_plan(cls)), "with_values needs every field"
        own_checks = _POST_INIT.get(cls)
        if own_checks is None:  # looked up once per kind (a missing attribute costs)
            own_checks = _POST_INIT[cls] = hasattr(cls, "__post_init__")
        if own_checks:  # a kind with its own checks gets them run
            return cls(**values)
        copy = object.__new__(cls)
        copy.__dict__.update(values)
        return copy

    def normalised(self) -> dict[str, Any]:
        """Every field's value as `checked` keeps it; subclasses add their own rules to
        the dict before building the checked copy from it."""
        changes: dict[str, Any] = {}
        fields = self.__dict__  # the dataclass's fields, read without getattr's lookups
        for name, allowed, is_date, is_moment in _check_plan(type(self)):
            value = fields[name]
            if value is None:  # most optional fields are empty; no rule below rejects None
                changes[name] = None
                continue
            if isinstance(value, str):
                value = value.strip() or None
                if value is not None and len(value) > MAX_TEXT:
                    raise UsageError(f"The {name.replace('_', ' ')} is too long.")
                if allowed is None and not is_date and not is_moment:
                    changes[name] = value  # free text, the commonest field: done
                    continue
            elif isinstance(value, float) and not math.isfinite(value):
                raise UsageError(f"The {name.replace('_', ' ')} must be a number.")
            elif type(value) is int and not -(1 << 63) <= value < 1 << 63:
                # SQLite stores 64-bit integers; a larger one (a FHIR import can carry
                # 40 digits) would fail the whole write instead of this one entry.
                raise UsageError(f"The {name.replace('_', ' ')} is too large.")
            if allowed is not None and value is not None and value not in allowed:
                raise UsageError(f"{name.replace('_', ' ').capitalize()} is one of: "
                                 f"{', '.join(sorted(allowed))}.")
            if is_date:
                value = clock.fhir_date(value, name)
            elif is_moment and value is not None:
                value = clock.moment(value, name)
            changes[name] = value
        return changes

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            out[f.name] = value.to_json() if isinstance(value, Concept) else value
        return out


D = TypeVar("D", bound=EntryData)

# Per kind, worked out once: (field, allowed values or None, is a date, is a moment) for
# `normalised`, and (field, how it is stored) for `data_values`.
_CHECK_PLANS: dict[type[EntryData], tuple[tuple[str, frozenset[str] | None, bool, bool], ...]] = {}
_STORE_PLANS: dict[type[EntryData], tuple[tuple[str, int], ...]] = {}
_POST_INIT: dict[type[EntryData], bool] = {}  # does the kind define __post_init__?
_CONCEPT, _EXTRA, _PLAIN = 0, 1, 2


def _check_plan(kind: type[EntryData]
                ) -> tuple[tuple[str, frozenset[str] | None, bool, bool], ...]:
    plan = _CHECK_PLANS.get(kind)
    if plan is None:
        plan = _CHECK_PLANS[kind] = tuple(
            (f.name, kind.CHOICES.get(f.name), f.name in kind.DATES, f.name in kind.MOMENTS)
            for f in dataclasses.fields(kind))  # type: ignore[arg-type]
    return plan


def _store_plan(kind: type[EntryData]) -> tuple[tuple[str, int], ...]:
    plan = _STORE_PLANS.get(kind)
    if plan is None:
        plan = _STORE_PLANS[kind] = tuple(
            (f.name, _CONCEPT if f.name in kind.CONCEPTS else _EXTRA if f.name == "extra"
             else _PLAIN) for f in dataclasses.fields(kind))  # type: ignore[arg-type]
    return plan


@dataclass(frozen=True)
class Entry(Generic[D]):
    id: str
    patient_id: str
    encounter_id: str | None
    restricted: bool
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str
    data: D

    @property
    def kind(self) -> str:
        return self.data.KIND

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "patient_id": self.patient_id,
                "encounter_id": self.encounter_id, "restricted": self.restricted,
                "created_at": self.created_at, "created_by": self.created_by,
                "updated_at": self.updated_at, "updated_by": self.updated_by,
                **self.data.to_json()}


@dataclass(frozen=True)
class EntryList(Generic[D]):
    """Entries the user may see, and how many restricted ones were left out."""

    entries: list[Entry[D]]
    hidden_restricted: int


# -- mapping between dataclasses and columns ---------------------------------------------
def data_columns(kind: type[EntryData]) -> list[str]:
    columns: list[str] = []
    for f in dataclasses.fields(kind):  # type: ignore[arg-type]
        columns += Concept.columns(f.name) if f.name in kind.CONCEPTS else [f.name]
    return columns


# json.dumps(extra)'s text, from json's C encoder built once (app/core/json_encode.py).
_DUMP_EXTRA = one_shot_encoder()
_NO_CONCEPT = (None, None, None, None, "[]")


def data_values(data: EntryData) -> list[Any]:
    values: list[Any] = []
    fields = data.__dict__
    for name, how in _store_plan(type(data)):
        value = fields[name]
        if how == _CONCEPT:
            values += value.values() if value is not None else _NO_CONCEPT
        elif how == _EXTRA:
            values.append(_DUMP_EXTRA(value) if value else "{}")
        elif value is True or value is False:
            values.append(int(value))
        else:
            values.append(value)
    return values


def data_from(kind: type[D], row: Sequence[Any]) -> D:
    """Rebuild stored content (checked on the way in) without running the checks again:
    charts and exports read hundreds of thousands of rows."""
    data = object.__new__(kind)
    values = data.__dict__  # a frozen dataclass: filled here, before anyone sees it
    i = 0
    for name, how in _store_plan(kind):
        if how == _CONCEPT:
            values[name] = Concept.from_values(*row[i:i + 5])
            i += 5
        else:
            value = row[i]
            if how == _EXTRA:
                value = json.loads(value) if value != "{}" else {}
            values[name] = value
            i += 1
    return data


def select_sql(kind: type[EntryData]) -> str:
    return f"SELECT {', '.join([*_META, *data_columns(kind)])} FROM clinical.{kind.TABLE}"


def entry_from(kind: type[D], row: Sequence[Any]) -> Entry[D]:
    return Entry(row[0], row[1], row[2], bool(row[3]), row[4], row[5], row[6], row[7],
                 data_from(kind, row[len(_META):]))


def fetch_entries(conn: Connection, kind: type[D], access: PatientAccess, *,
                  where: str = "", params: Sequence[Any] = (), order: str | None = None,
                  limit: int | None = None, offset: int = 0,
                  include_errors: bool = False) -> EntryList[D]:
    """Unaudited read for callers that audit the whole view (a chart) themselves. Entries
    marked entered in error are left out (every active list, banner and check reads
    through here) unless `include_errors`."""
    sql = select_sql(kind) + " WHERE patient_id = ?" + (f" AND {where}" if where else "")
    if not include_errors:
        sql += f" AND {ACTIVE_SQL}"
    sql += f" ORDER BY {order or kind.ORDER}"
    args: list[Any] = [access.patient_id, *params]
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args += [limit, offset]
    shown: list[Entry[D]] = []
    hidden = 0
    for row in conn.execute(sql, args):
        entry = entry_from(kind, row)
        if access.sees(entry.id, entry.restricted):
            shown.append(entry)
        else:
            hidden += 1
    return EntryList(shown, hidden)


def check_encounter(conn: Connection, patient_id: str, encounter_id: str | None) -> None:
    if encounter_id is None:
        return
    row = conn.execute("SELECT patient_id FROM clinical.encounters WHERE id = ?",
                       (encounter_id,)).fetchone()
    if row is None or row[0] != patient_id:
        raise RecordNotFound(f"There is no encounter {encounter_id!r} for this patient.")


# -- the operations ------------------------------------------------------------------------
def add_entry(session: Session, patient_id: str, data: D, *, encounter_id: str | None = None,
              restricted: bool = False) -> Entry[D]:
    return add_entries(session, patient_id, [data], encounter_id=encounter_id,
                       restricted=restricted)[0]


def add_entries(session: Session, patient_id: str, items: Sequence[D], *,
                encounter_id: str | None = None, restricted: bool = False) -> list[Entry[D]]:
    """Add entries of one kind (a set of vitals, say) with one audit entry."""
    access = patient_access(session, Operation.CLINICAL_WRITE, patient_id, clinical=True)
    if not items:
        return []
    kind = type(items[0])
    if any(type(item) is not kind for item in items):
        raise UsageError("Add entries of one kind at a time.")
    checked = [item.checked() for item in items]
    now, me = clock.now_iso(), session.user.user_id
    columns = [*_META, *data_columns(kind)]
    sql = (f"INSERT INTO clinical.{kind.TABLE} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    added = [Entry(new_id(), patient_id, encounter_id, restricted, now, me, now, me,
                   data) for data in checked]
    with session.transaction() as conn:
        check_encounter(conn, patient_id, encounter_id)
        conn.executemany(sql, [(e.id, patient_id, encounter_id, int(restricted), now, me, now,
                                me, *data_values(e.data)) for e in added])
        session.record(f"{kind.KIND}.create", patient_id=patient_id,
                       target=added[0].id if len(added) == 1 else None,
                       flagged=access.via_grant,
                       detail=access.audit_detail(ids=[e.id for e in added],
                                                  restricted=restricted))
    return added


def _load(session: Session, kind: type[D], entry_id: str, operation: Operation
          ) -> tuple[Entry[D], PatientAccess]:
    session.require(operation, target=entry_id)
    need_clinical_key(session, operation)
    row = session.conn.execute(select_sql(kind) + " WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        raise RecordNotFound(f"There is no {kind.KIND} with id {entry_id!r}.")
    entry = entry_from(kind, row)
    access = patient_access(session, operation, entry.patient_id, required=True)
    check_entry(session, access, entry.id, entry.restricted, kind.KIND)
    return entry, access


def get_entry(session: Session, kind: type[D], entry_id: str) -> Entry[D]:
    entry, access = _load(session, kind, entry_id, Operation.CLINICAL_READ)
    session.record(f"{kind.KIND}.read", patient_id=entry.patient_id, target=entry.id,
                   flagged=access.via_grant, detail=access.audit_detail())
    return entry


def list_entries(session: Session, kind: type[D], patient_id: str) -> EntryList[D]:
    access = patient_access(session, Operation.CLINICAL_READ, patient_id, clinical=True)
    with session.transaction() as conn:
        result = fetch_entries(conn, kind, access)
        session.record(f"{kind.KIND}.list", patient_id=patient_id, flagged=access.via_grant,
                       detail=access.audit_detail(results=len(result.entries)))
    return result


def update_entry(session: Session, entry_id: str, data: D) -> Entry[D]:
    kind = type(data)
    entry, access = _load(session, kind, entry_id, Operation.CLINICAL_WRITE)
    data = data.checked()
    columns = data_columns(kind)
    now = clock.now_iso()
    with session.transaction() as conn:
        conn.execute(
            f"UPDATE clinical.{kind.TABLE} SET {', '.join(c + ' = ?' for c in columns)}, "
            "updated_at = ?, updated_by = ? WHERE id = ?",
            (*data_values(data), now, session.user.user_id, entry_id))
        session.record(f"{kind.KIND}.update", patient_id=entry.patient_id, target=entry_id,
                       flagged=access.via_grant, detail=access.audit_detail())
    return dataclasses.replace(entry, data=data, updated_at=now,
                               updated_by=session.user.user_id)

