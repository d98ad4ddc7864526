"""The demo makes clinical sense (issue 15.11): notes come from the patient's own problems,
medications and results; conditions, weights and emergency contacts fit the patient's age;
and nothing the demo prescribes sets off MedVault's own allergy and duplicate checks."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from app.core.records.catalog import LABS
from app.core.records.clinical import Allergy, Medication
from app.core.records.codes import Concept
from app.core.records.demo import fill_demo
from app.core.records.demo_data import (
    CLASHES,
    CONDITIONS,
    CULTURES,
    FEMALE_RELATIONS,
    MALE_RELATIONS,
    PARACETAMOL,
    VISITS,
)
from app.core.records.entries import list_entries
from app.core.records.prescribing import check_medication, classes_of
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import signed_in

REVIEWS = {c.review.title: c for c in CONDITIONS}
GENERAL = {v.title: v for v in VISITS}
DRUG_NAMES = {d.name for c in CONDITIONS for d in (c.drug, c.alternative) if d} | {
    PARACETAMOL.name}
# Some given names are both (Andrea): only a name of one kind alone counts against it.
FEMALE_NAMES = {n for c in CULTURES for n in c.female} - {n for c in CULTURES for n in c.male}
MALE_NAMES = {n for c in CULTURES for n in c.male} - {n for c in CULTURES for n in c.female}


def _age(born: str, today: date) -> float:
    return (today - date.fromisoformat(born)).days / 365.25


def test_every_demo_patient_makes_clinical_sense(practice: PracticeVault) -> None:
    today = date.today()
    with signed_in(practice, Role.OWNER) as owner:
        fill_demo(owner, 150, seed=11)
        conn = owner.conn
        people = conn.execute("SELECT id, birth_date, emergency_contact FROM patients "
                              "WHERE restricted = 0").fetchall()
        conditions: dict[str, set[str]] = defaultdict(set)
        for pid, name in conn.execute("SELECT patient_id, code_text FROM clinical.conditions"):
            conditions[pid].add(name)
        drugs: dict[str, dict[str, str]] = defaultdict(dict)  # patient → drug → reason
        for pid, name, reason in conn.execute(
                "SELECT patient_id, code_text, reason_text FROM clinical.medications"):
            drugs[pid][name] = reason
        labs: dict[str, set[str]] = defaultdict(set)
        for enc, loinc in conn.execute("SELECT encounter_id, code FROM clinical.observations "
                                       "WHERE category = 'laboratory'"):
            labs[enc].add(loinc)
        weights = dict(conn.execute("SELECT patient_id, max(value) FROM clinical.observations "
                                    "WHERE code = '29463-7' GROUP BY patient_id").fetchall())
        notes = conn.execute("SELECT patient_id, encounter_id, title, subjective || ' ' || "
                             "plan FROM clinical.notes").fetchall()
        ages = {pid: _age(born, today) for pid, born, _c in people}
        seen_reviews = 0
        for pid, encounter, title, text in notes:
            if pid not in ages:
                continue
            age = ages[pid]
            if title in REVIEWS:
                seen_reviews += 1
                condition = REVIEWS[title]
                assert condition.name in conditions[pid], (title, conditions[pid])
                wanted = {LABS[k].loinc for k in condition.review.labs}
            else:
                visit = GENERAL[title]
                assert visit.min_age <= age <= visit.max_age + 1, (title, age)
                wanted = {LABS[k].loinc for k in visit.labs}
            # The results a note's plan speaks of were taken at that visit, and no others.
            assert labs.get(encounter, set()) == wanted, title
            # Any drug a note names is one the patient takes.
            for drug in DRUG_NAMES:
                if drug.lower() in text.lower():
                    assert drug in drugs[pid], (title, drug, drugs[pid])
        assert seen_reviews > 50

        for pid, _born, contact in people:
            age = ages[pid]
            for name in conditions[pid]:
                condition = next(c for c in CONDITIONS if c.name == name)
                assert age >= condition.min_age - 1, (name, age)
            relationship = json.loads(contact)["relationship"]
            given = json.loads(contact)["name"].split()[0]
            if relationship in FEMALE_RELATIONS:
                assert given not in MALE_NAMES, (relationship, given)
            if relationship in MALE_RELATIONS:
                assert given not in FEMALE_NAMES, (relationship, given)
            if age < 18:
                assert relationship in {"mother", "father"}, age
            if relationship in {"daughter", "son"}:
                assert age >= 55
            if relationship in {"mother", "father"}:
                assert age < 55
            weight = weights[pid]
            low, high = (2.5, 45) if age < 10 else (15, 110) if age < 18 else (40, 200)
            assert low <= weight <= high, (age, weight)
            for clash, cls in CLASHES.items():
                if clash in drugs[pid]:
                    others = [d for d in drugs[pid] if d != clash]
                    assert not any(cls in classes_of(Concept(text=d)) for d in others)

        # MedVault's own prescribing checks find nothing to warn about in any demo chart
        # (run on every chart where they could: a medication beside an allergy or another).
        allergic = {pid for (pid,) in conn.execute(
            "SELECT DISTINCT patient_id FROM clinical.allergies")}
        checked = 0
        for pid, _born, _contact in people:
            if not drugs[pid] or (pid not in allergic and len(drugs[pid]) < 2):
                continue
            allergies = list_entries(owner, Allergy, pid).entries
            meds = list_entries(owner, Medication, pid).entries
            for med in meds:
                others = [m for m in meds if m.id != med.id]
                assert check_medication(allergies, others, med.data) == [], med.data.code
                checked += 1
        assert checked > 20


def test_the_demo_never_prescribes_against_an_allergy_or_beside_a_clash() -> None:
    """Rare in a small demo, so checked on the generator itself: many old patients, each
    with every medication allergy, or on warfarin."""
    import random
    from datetime import UTC, datetime

    from app.core.records.demo import _Generator

    generator = _Generator(random.Random(5), "me", datetime.now(UTC))
    drug_classes = {c.drug.name: c.drug.drug_class for c in CONDITIONS if c.drug}
    alternatives = 0
    for index in range(400):
        rows: dict[str, list[tuple[object, ...]]] = defaultdict(list)
        avoid = {"nsaids", "ace-inhibitors"} if index % 2 else set()
        taking = generator._conditions(f"p{index}", 80.0, set(avoid), rows)
        names = {d.name for d in taking.values() if d is not None}
        for name in names:
            assert drug_classes.get(name) not in avoid, (name, avoid)
        if "Warfarin" in names:
            assert not {n for n in names if drug_classes.get(n) == CLASHES["Warfarin"]}
        alternatives += PARACETAMOL.name in names
    assert alternatives > 10
