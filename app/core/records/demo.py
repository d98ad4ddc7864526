"""A demo practice full of invented people, for trying MedVault and for benchmarks.

Everything is generated from a seeded random source (the same seed gives the same
practice), from the name lists in `demo_data.py`: no real data. Rows are built as plain
tuples and written with executemany, all inside one transaction: either the whole demo is
there, with its single audit entry, or (after Cancel or a crash) nothing is.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.progress import ProgressCallback, no_progress
from app.core.records import clock
from app.core.records.catalog import LABS, VITALS, Measure
from app.core.records.codes import CodeSystem
from app.core.records.demo_data import (
    ALLERGIES,
    CLASHES,
    CONDITIONS,
    CONTACTS,
    CULTURES,
    FEMALE_RELATIONS,
    GENDERS,
    MALE_RELATIONS,
    STREETS,
    VACCINES,
    VISITS,
    Condition,
    Culture,
    Drug,
    Visit,
)
from app.core.records.guard import need_clinical_key
from app.core.records.kinds import KINDS
from app.core.records.normalise import fold, name_keys, search_key
from app.core.roles import Operation
from app.core.session import Session

MAX_PATIENTS = 1_000_000


@dataclass(frozen=True)
class DemoSummary:
    """How many patients, and how many rows of each kind (by its section: "allergies")."""

    patients: int
    counts: dict[str, int]
    seconds: float

    def __getattr__(self, section: str) -> int:
        # summary.allergies, summary.procedures...: one name per kind in the registry.
        counts = self.__dict__.get("counts", {})
        if section in counts:
            return int(counts[section])
        raise AttributeError(section)

    def to_json(self) -> dict[str, Any]:
        return {"patients": self.patients, **self.counts, "seconds": self.seconds}


# Parents before children, in the order rows are written: every kind's table, though the
# generator fills only some (documents, for one, stay empty).
_TABLES = ("patients", "patient_name_keys", *(f"clinical.{k.table}" for k in KINDS))


def _insert_sql(table: str, columns: tuple[str, ...] | list[str]) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


class _Tables:
    """INSERT statements naming only the columns the generator fills; the schema's
    defaults cover the rest. Fewer bound values per row matters: with SQLCipher's memory
    security on, every bound value costs an allocation that is wiped on release."""

    def __init__(self) -> None:
        self.columns: dict[str, tuple[str, ...]] = {t: () for t in _TABLES}
        self.sql: dict[str, str] = {}

    def row(self, table: str, values: dict[str, Any]) -> tuple[Any, ...]:
        if not self.columns[table]:
            self.columns[table] = tuple(values)
            self.sql[table] = _insert_sql(table, self.columns[table])
        return tuple(values.values())


class _Generator:
    def __init__(self, rng: random.Random, user_id: str, now: datetime,
                 mrn_offset: int = 0) -> None:
        self.rng = rng
        self.me = user_id
        self.now = now
        self.stamp = clock.iso(now)
        self.tables = _Tables()
        # Not from the seed: a second fill with the same seed must not reuse ids.
        self.prefix = new_id()[:12]
        self.counter = 0
        self.mrn_offset = mrn_offset

    def _id(self) -> str:
        # Ids ascend within a fill (a random prefix, then a counter), so every index on
        # them is appended to instead of updated at random pages: several times faster.
        self.counter += 1
        return f"{self.prefix}{self.counter:020x}"

    def _meta(self, patient_id: str, encounter_id: str | None, when: str) -> dict[str, Any]:
        meta = {"id": self._id(), "patient_id": patient_id, "created_at": when,
                "created_by": self.me, "updated_at": when, "updated_by": self.me}
        if encounter_id is not None:  # each table always has one, or never
            meta["encounter_id"] = encounter_id
        return meta

    def batch(self, first: int, count: int) -> dict[str, list[tuple[Any, ...]]]:
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in self.tables.columns}
        for index in range(first, first + count):
            self._patient(index, rows)
        return rows

    def _patient(self, index: int, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        rng, add = self.rng, self.tables.row
        culture = rng.choice(CULTURES)
        sex = rng.choices(("female", "male", "other"), (49, 49, 2))[0]
        names = culture.female if sex == "female" else culture.male
        given = rng.choice(names)
        if rng.random() < 0.1:
            given += " " + rng.choice(names)
        family = rng.choice(culture.family)
        if rng.random() < 0.08:
            family += " " + rng.choice(culture.family)
        age_days = rng.randrange(1, 95 * 365)
        born = self.now.date() - timedelta(days=age_days)
        age = age_days / 365.25
        patient_id = self._id()
        email_name = "".join(ch for ch in fold(given.split()[0] + "." + family) if ch.isalnum()
                             or ch == ".")
        rows["patients"].append(add("patients", {
            "id": patient_id, "family": family, "given": given, "birth_date": born.isoformat(),
            "sex": sex, "gender": rng.choice(GENDERS) if rng.random() < 0.3 else None,
            "mrn": f"DEMO-{self.mrn_offset + index + 1:07d}",
            "phone": f"{culture.phone}{rng.randrange(100000):05d}",
            "email": f"{email_name or 'patient'}{index}@example.org",
            "address": json.dumps({"lines": [f"{rng.randrange(1, 200)} {rng.choice(STREETS)}"],
                                   "city": rng.choice(culture.cities),
                                   "postal_code": f"{rng.randrange(10000, 99999)}",
                                   "country": culture.country}, ensure_ascii=False),
            "emergency_contact": json.dumps(self._contact(culture, family, age),
                                            ensure_ascii=False),
            "restricted": int(rng.random() < 0.01), "search_key": search_key(family, given),
            "created_at": self.stamp, "created_by": self.me, "updated_at": self.stamp,
            "updated_by": self.me}))
        rows["patient_name_keys"] += [self.tables.row("patient_name_keys", {
            "key": k, "patient_id": patient_id}) for k in name_keys(family, given)]
        avoid = self._allergies(patient_id, rows)
        conditions = self._conditions(patient_id, age, avoid, rows)
        self._immunizations(patient_id, age, born, rows)
        self._encounters(patient_id, sex, age, conditions, rows)

    def _contact(self, culture: Culture, family: str, age: float) -> dict[str, str]:
        """Someone the patient's age makes plausible, named to match: a mother is given a
        woman's name, and a relative shares the family name (a friend need not)."""
        rng = self.rng
        relationship = rng.choice(_contacts_for(int(age)))
        names = (culture.female if relationship in FEMALE_RELATIONS else
                 culture.male if relationship in MALE_RELATIONS else
                 culture.female + culture.male)
        surname = rng.choice(culture.family) if relationship == "friend" else family
        return {"name": f"{rng.choice(names)} {surname}", "relationship": relationship,
                "phone": f"{culture.phone}{rng.randrange(100000):05d}"}

    def _conditions(self, patient_id: str, age: float, avoid: set[str],
                    rows: dict[str, list[tuple[Any, ...]]]) -> dict[Condition, Drug | None]:
        """Long-term conditions old enough for the patient's age, each with the drug the
        patient actually takes for it (None for none)."""
        rng, add = self.rng, self.tables.row
        possible = [c for c in CONDITIONS if c.min_age <= age]
        count = rng.choices((0, 1, 2, 3), (5, 3, 2, 1) if age > 40 else (12, 3, 1, 0))[0]
        chosen = rng.sample(possible, min(count, len(possible)))
        # An anticoagulant first, so what clashes with it is avoided for the others.
        chosen.sort(key=lambda c: c.drug is None or c.drug.name not in CLASHES)
        taking: dict[Condition, Drug | None] = {}
        for condition in chosen:
            onset = str(max(1950, self.now.year - rng.randrange(1, max(2, min(20, int(age))))))
            rows["clinical.conditions"].append(add("clinical.conditions", {
                **self._meta(patient_id, None, self.stamp), "code": condition.snomed,
                "code_system": CodeSystem.SNOMED.value, "code_text": condition.name,
                "code_more": json.dumps([{"system": CodeSystem.ICD10.value,
                                          "code": condition.icd10}]),
                "clinical_status": "active", "verification_status": "confirmed",
                "category": "problem-list-item", "onset": onset}))
            drug = condition.drug
            if drug is not None and drug.drug_class in avoid:
                drug = condition.alternative
            taking[condition] = drug
            if drug is None:
                continue
            if drug.name in CLASHES:
                avoid.add(CLASHES[drug.name])
            rows["clinical.medications"].append(add("clinical.medications", {
                **self._meta(patient_id, None, self.stamp), "code": drug.rxnorm,
                "code_system": CodeSystem.RXNORM.value, "code_text": drug.name,
                "status": "active", "dosage_text": drug.dosage, "effective_start": onset,
                "reason_text": condition.name}))
        return taking

    def _allergies(self, patient_id: str, rows: dict[str, list[tuple[Any, ...]]]) -> set[str]:
        """Record the patient's allergies; returns the drug classes to avoid."""
        rng, add = self.rng, self.tables.row
        count = rng.choices((0, 1, 2), (75, 20, 5))[0]
        avoid: set[str] = set()
        for name, category, snomed, reaction, reaction_code, severity, drug_class in \
                rng.sample(ALLERGIES, count):
            rows["clinical.allergies"].append(add("clinical.allergies", {
                **self._meta(patient_id, None, self.stamp), "code": snomed,
                "code_system": CodeSystem.SNOMED.value if snomed else None, "code_text": name,
                "clinical_status": "active", "verification_status": "confirmed",
                "type": "allergy", "category": category,
                "criticality": "high" if severity == "severe" else "low",
                "reaction": reaction_code, "reaction_system": CodeSystem.SNOMED.value,
                "reaction_text": reaction, "severity": severity}))
            if drug_class is not None:
                avoid.add(drug_class)
        return avoid

    def _immunizations(self, patient_id: str, age: float, born: date,
                       rows: dict[str, list[tuple[Any, ...]]]) -> None:
        rng, add = self.rng, self.tables.row
        for cvx, name in rng.sample(VACCINES, rng.choices((0, 1, 2), (4, 4, 2))[0]):
            day = born + timedelta(days=rng.randrange(0, max(1, int(age * 365))))
            rows["clinical.immunizations"].append(add("clinical.immunizations", {
                **self._meta(patient_id, None, self.stamp), "code": cvx,
                "code_system": CodeSystem.CVX.value, "code_text": name,
                "status": "completed", "occurrence": day.isoformat(),
                "lot_number": f"LOT{rng.randrange(10000, 99999)}"}))

    def _encounters(self, patient_id: str, sex: str, age: float,
                    conditions: dict[Condition, Drug | None],
                    rows: dict[str, list[tuple[Any, ...]]]) -> None:
        rng, add = self.rng, self.tables.row
        weight = _weight_for(rng, sex, age)
        systolic = (95 + age * 0.6 if age < 18 else 110 + age * 0.35) + (
            18 if any(c.name == "Essential hypertension" for c in conditions) else 0)
        hr = rng.gauss(100 - age * 1.5 if age < 18 else 72, 8)
        count = rng.choices((1, 2, 3, 4), (3, 4, 2, 1))[0]
        span = min(5 * 365, max(30, int(age * 365)))
        days = sorted(rng.sample(range(span), count))
        for day in days:
            when = self.now - timedelta(days=span - day, minutes=rng.randrange(8 * 60, 18 * 60))
            stamp = clock.iso(when)
            meta = self._meta(patient_id, None, stamp)
            encounter_id = meta["id"]
            visit, drug = self._visit(age, conditions)
            rows["clinical.encounters"].append(add("clinical.encounters", {
                **meta, "code_text": visit.title, "status": "finished", "class_code": "AMB",
                "period_start": stamp, "period_end": clock.iso(when + timedelta(minutes=15)),
                "practitioner_id": self.me, "reason_text": visit.title}))
            weight += rng.gauss(0, 1.2 if age >= 18 else 0.3)
            vitals = {"sys": round(rng.gauss(systolic, 9)),
                      "dia": round(rng.gauss(systolic * 0.62, 6)),
                      "hr": round(rng.gauss(hr, 6)), "weight": round(max(2.5, weight), 1),
                      "temp": round(rng.gauss(36.8, 0.35), 1), "spo2": rng.randrange(94, 100)}
            group = self._id()
            self._observe(rows, patient_id, encounter_id, stamp, VITALS["systolic"],
                          vitals["sys"], group)
            self._observe(rows, patient_id, encounter_id, stamp, VITALS["diastolic"],
                          vitals["dia"], group)
            self._observe(rows, patient_id, encounter_id, stamp, VITALS["heart_rate"],
                          vitals["hr"])
            self._observe(rows, patient_id, encounter_id, stamp, VITALS["weight"],
                          vitals["weight"])
            self._observe(rows, patient_id, encounter_id, stamp, VITALS["temperature"],
                          vitals["temp"])
            self._labs(rows, patient_id, encounter_id, stamp, visit)
            self._note(rows, patient_id, encounter_id, stamp, visit, vitals, drug)

    def _visit(self, age: float, conditions: dict[Condition, Drug | None]
               ) -> tuple[Visit, Drug | None]:
        """A review of one of the patient's own conditions, or a visit anyone of their age
        may come for; with the drug the patient takes for the condition reviewed."""
        rng = self.rng
        if conditions and rng.random() < 0.5:
            condition = rng.choice(list(conditions))
            return condition.review, conditions[condition]
        return rng.choice([v for v in VISITS if v.min_age <= age <= v.max_age]), None

    def _observe(self, rows: dict[str, list[tuple[Any, ...]]], patient_id: str,
                 encounter_id: str, stamp: str, measure: Measure, value: float,
                 group: str | None = None) -> None:
        low, high = measure.low, measure.high
        flag = ("L" if low is not None and value < low else
                "H" if high is not None and value > high else
                "N" if low is not None or high is not None else None)
        rows["clinical.observations"].append(self.tables.row("clinical.observations", {
            **self._meta(patient_id, encounter_id, stamp), "code": measure.loinc,
            "code_system": CodeSystem.LOINC.value, "code_text": measure.name,
            "status": "final", "category": measure.category, "value": float(value),
            "unit": measure.unit, "ref_low": low, "ref_high": high, "interpretation": flag,
            "effective": stamp, "group_id": group}))

    def _labs(self, rows: dict[str, list[tuple[Any, ...]]], patient_id: str,
              encounter_id: str, stamp: str, visit: Visit) -> None:
        for key in visit.labs:
            mean, spread = _LAB_VALUES[key]
            value = round(abs(self.rng.gauss(mean, spread)), 2)
            self._observe(rows, patient_id, encounter_id, stamp, LABS[key], value)

    def _note(self, rows: dict[str, list[tuple[Any, ...]]], patient_id: str,
              encounter_id: str, stamp: str, visit: Visit, vitals: dict[str, Any],
              drug: Drug | None) -> None:
        rng = self.rng
        fill = {**vitals, "days": rng.randrange(2, 15),
                "sputum": rng.choice(("clear", "yellow", "green")),
                "fever": rng.choice(("no fever", "mild fever at night", "fever to 38.5")),
                "chest": rng.choice(("clear", "scattered wheeze", "crackles at the left base")),
                "control": rng.choice(("well controlled", "not at target", "improving")),
                "medication": drug.name.lower() if drug is not None else "simple analgesia"}
        rows["clinical.notes"].append(self.tables.row("clinical.notes", {
            **self._meta(patient_id, encounter_id, stamp), "kind": "soap",
            "title": visit.title, "subjective": visit.subjective.format(**fill),
            "objective": visit.objective.format(**fill),
            "assessment": visit.assessment.format(**fill), "plan": visit.plan.format(**fill),
            "body": "", "status": "signed", "author_id": self.me, "signed_by": self.me,
            "signed_at": stamp, "code": "11506-3", "code_system": CodeSystem.LOINC.value,
            "code_text": "Progress note"}))


# Typical results (mean, spread) in the catalogue's units, for the labs a visit takes.
_LAB_VALUES: dict[str, tuple[float, float]] = {
    "hba1c": (7.2, 0.9), "glucose": (140, 25), "cholesterol": (215, 25), "ldl": (130, 20),
    "hdl": (48, 8), "creatinine": (0.95, 0.2), "hemoglobin": (14, 1.2),
    "potassium": (4.3, 0.35), "sodium": (140, 2.5), "tsh": (2.1, 0.9)}


def _contacts_for(age: int) -> tuple[str, ...]:
    return next(kinds for low, high, kinds in CONTACTS if low <= age <= high)


def _weight_for(rng: random.Random, sex: str, age: float) -> float:
    """A plausible weight in kg: children grow (about 3.5 kg at birth, 2 kg a year to ten,
    then faster to adult weight at eighteen), adults vary around a mean by sex."""
    adult = rng.gauss(78 if sex == "male" else 66, 12 if age >= 18 else 6)
    if age >= 18:
        return max(45.0, adult)
    child = 3.5 + 6.5 * min(age, 1) + 2.2 * max(0.0, min(age, 10) - 1)
    if age > 10:
        child += (adult - child) * (age - 10) / 8
    return max(2.5, rng.gauss(child, child * 0.08))


_INDEX_TRIGGER = "notes_fts_insert"


def _suspend_index_trigger(conn: Connection) -> str:
    """Drop the per-row full-text trigger for the bulk load and return its definition.
    Indexing note by note costs many small allocations each (slow while SQLCipher's memory
    security locks every allocation); one rebuild at the end does the same work in bulk.
    Being DDL inside our transaction, a rollback restores the trigger too."""
    row = conn.execute("SELECT sql FROM clinical.sqlite_master WHERE type = 'trigger' "
                       "AND name = ?", (_INDEX_TRIGGER,)).fetchone()
    conn.execute(f"DROP TRIGGER clinical.{_INDEX_TRIGGER}")
    return str(row[0])


def _resume_index_trigger(conn: Connection, definition: str) -> None:
    # sqlite_master keeps the definition without its schema; the trigger lives in clinical.
    conn.execute(definition.replace("CREATE TRIGGER ", "CREATE TRIGGER clinical.", 1))
    conn.execute("INSERT INTO clinical.notes_fts(notes_fts) VALUES ('rebuild')")


def fill_demo(session: Session, patients: int, *, seed: int = 0,
              progress: ProgressCallback = no_progress, chunk: int = 1000) -> DemoSummary:
    """Add `patients` invented patients with histories; one transaction, one audit entry.
    `progress(done, total, "")` (the one core protocol, `app.core.progress`) is called
    before the first chunk and after each; raising from it (Cancel) rolls everything
    back, and the exception goes on to the caller."""
    session.require(Operation.DEMO_FILL)
    need_clinical_key(session, Operation.DEMO_FILL)
    if not 1 <= patients <= MAX_PATIENTS:
        raise UsageError(f"Ask for between 1 and {MAX_PATIENTS:,} demo patients.")
    started = time.perf_counter()
    with session.transaction() as conn:
        # Demo MRNs continue after any earlier fill's, since MRNs are unique.
        last = conn.execute("SELECT max(CAST(substr(mrn, 6) AS INTEGER)) FROM patients "
                            "WHERE mrn LIKE 'DEMO-%'").fetchone()[0]
        generator = _Generator(random.Random(seed), session.user.user_id, clock.now(),
                               int(last or 0))
        counts = dict.fromkeys(generator.tables.columns, 0)
        trigger = _suspend_index_trigger(conn)
        done = 0
        progress(0, patients, "")
        while done < patients:
            size = min(max(1, chunk), patients - done)
            for table, rows in generator.batch(done, size).items():
                if rows:
                    conn.executemany(generator.tables.sql[table], rows)
                    counts[table] += len(rows)
            done += size
            progress(done, patients, "")
        _resume_index_trigger(conn, trigger)
        summary = DemoSummary(
            patients=counts["patients"],
            counts={k.section: counts[f"clinical.{k.table}"] for k in KINDS},
            seconds=round(time.perf_counter() - started, 3))
        detail = {k: v for k, v in summary.to_json().items() if k != "seconds"}
        session.record("demo.fill", detail={**detail, "seed": seed})
    return summary
