"""Merging two records of one person (issue 12 item 2): every entry of every kind moves,
the merge is audited, and it can be undone until the record is next changed."""

from __future__ import annotations

import json

import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.records.appointments import book_appointment, list_appointments
from app.core.records.chart import open_chart
from app.core.records.clinical import Condition
from app.core.records.consent import add_consent, list_consents
from app.core.records.contacts import ContactInput, add_contact
from app.core.records.entries import add_entry
from app.core.records.in_error import mark_entered_in_error
from app.core.records.kinds import KINDS
from app.core.records.merge import last_merge, merge_patients, undo_blocker, undo_merge
from app.core.records.patients import (
    PatientInput,
    add_patient,
    count_patients,
    get_patient,
    list_patients,
    update_patient,
)
from app.core.records.search import find_patients
from app.core.roles import Role
from app.core.session import Session
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import HYPERTENSION, new_patient, signed_in
from tests.core.records.test_entered_in_error import every_kind

KIND_TABLES = {k.name: k.table for k in KINDS}


def _owned(session: Session, patient: str) -> dict[str, set[str]]:
    """Every clinical row of the patient, by table (read directly, all kinds)."""
    return {k.table: {r[0] for r in session.conn.execute(
        f"SELECT id FROM clinical.{k.table} WHERE patient_id = ?", (patient,))}
        for k in KINDS}


def _twins(session: Session) -> tuple[str, str]:
    keep = add_patient(session, PatientInput(family="García", given="Zoë Marie",
                                             birth_date="1980-03-12", mrn="MRN-1")).id
    twin = add_patient(session, PatientInput(family="Garcia", given="Zoe",
                                             birth_date="1980-03-12", mrn="MRN-2"),
                       not_a_duplicate=True).id
    return keep, twin


def test_every_entry_of_every_kind_moves_and_the_merge_is_audited(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc:
        keep, twin = _twins(doc)
        kept_before = every_kind(doc, keep)
        moving = every_kind(doc, twin)
        mark_entered_in_error(doc, moving["condition"], "duplicate entry")
        contact = add_contact(doc, ContactInput(name="Dr Referral")).id
        consent = add_consent(doc, twin, contact, ["notes"], "treatment").id
        visit = book_appointment(doc, twin, "2030-01-01T09:00:00+00:00",
                                 "2030-01-01T09:15:00+00:00").id
        result = merge_patients(doc, keep, twin, "same person, registered twice")
        for spec in KINDS:
            assert result.moved[spec.table] == 1, spec.name
        assert result.moved["entry_errors"] == 1
        assert result.moved["appointments"] == result.moved["consents"] == 1
        owned = _owned(doc, keep)
        for kind, entry_id in (*kept_before.items(), *moving.items()):
            assert entry_id in owned[KIND_TABLES[kind]], kind
        assert _owned(doc, twin) == {k.table: set() for k in KINDS}
        chart = open_chart(doc, keep)
        assert [m.entry_id for m in chart.in_error] == [moving["condition"]]
        assert consent in {c.id for c in list_consents(doc, keep)}
        assert visit in {a.id for a in list_appointments(doc, patient_id=keep)}
        # The duplicate is a tombstone: found by no search or list, refuses changes.
        assert {p.id for p in find_patients(doc, "garcia")} == {keep}
        assert [p.id for p in find_patients(doc, "MRN-2")] == []
        assert [p.id for p in find_patients(doc, "1980-03-12")] == [keep]
        assert twin not in {p.id for p in list_patients(doc)}
        assert count_patients(doc) == len(list_patients(doc))
        with pytest.raises(UsageError, match="merged into another"):
            update_patient(doc, twin, PatientInput(family="X", given="Y"))
        with pytest.raises(UsageError, match="merged into another"):
            add_entry(doc, twin, Condition(code=HYPERTENSION))
        with pytest.raises(UsageError, match="already merged"):
            merge_patients(doc, keep, twin)
        with pytest.raises(UsageError, match="itself"):
            merge_patients(doc, keep, keep)
        # A new record for the same person is stopped by the kept record, not the tombstone.
        for action, pid in (("patient.merge", keep), ("patient.merged", twin)):
            [entry] = list(doc.audit.entries(action_prefix=action, patient_id=pid))
            detail = json.loads(entry.detail)
            assert detail["merge"] == result.merge_id and detail["moved"] == result.moved
            assert "same person" not in entry.detail, "the reason stays out of the log"


def test_a_merge_is_undone_exactly_until_the_record_changes(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        keep, twin = _twins(owner)
        every_kind(owner, keep)
        every_kind(owner, twin)
        kept, moving = _owned(owner, keep), _owned(owner, twin)
        merge = merge_patients(owner, keep, twin)
        open_chart(owner, keep)  # reading does not count as a change
        assert last_merge(owner, keep) is not None and undo_blocker(owner, merge.merge_id) \
            is None
        undone = undo_merge(owner, merge.merge_id)
        assert undone.moved == merge.moved
        assert _owned(owner, keep) == kept and _owned(owner, twin) == moving
        assert {p.id for p in find_patients(owner, "garcia")} == {keep, twin}
        assert get_patient(owner, twin).family == "Garcia"
        assert last_merge(owner, keep) is None
        with pytest.raises(UsageError, match="already undone"):
            undo_merge(owner, merge.merge_id)
        assert [e.action for e in owner.audit.entries(action_prefix="patient.merge.undo")]
        # Merge again, then change the kept record: undo is refused, nothing moves.
        again = merge_patients(owner, keep, twin)
        add_entry(owner, keep, Condition(code=HYPERTENSION))
        with pytest.raises(UsageError, match="changed after the merge"):
            undo_merge(owner, again.merge_id)
        assert _owned(owner, twin) == {k.table: set() for k in KINDS}


def test_a_restricted_duplicate_keeps_its_entries_restricted(practice: PracticeVault) -> None:
    from app.core.records.restricted import open_restricted

    with signed_in(practice, Role.OWNER) as owner:
        keep = new_patient(owner, "Open", "Record")
        hidden = new_patient(owner, "Hidden", "Record", restricted=True)
        with pytest.raises(PermissionDenied, match="restricted"):
            merge_patients(owner, keep, hidden)  # merging reads both: a reason first
        open_restricted(owner, hidden, "merging a duplicate record")
        merge = merge_patients(owner, keep, hidden)
    with signed_in(practice, Role.CLINICIAN) as doc, \
            pytest.raises(PermissionDenied, match="restricted"):
        open_chart(doc, keep)
    with signed_in(practice, Role.OWNER) as owner:
        open_restricted(owner, keep, "undoing my merge")
        undo_merge(owner, merge.merge_id)
    with signed_in(practice, Role.CLINICIAN) as doc:
        open_chart(doc, keep)  # the kept record's own flag is back


def test_reception_may_not_merge(practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        keep, twin = new_patient(desk, "One"), new_patient(desk, "Two")
        with pytest.raises(PermissionDenied):
            merge_patients(desk, keep, twin)
        denied = list(desk.audit.entries(action_prefix="permission.denied"))[-1]
        assert json.loads(denied.detail)["operation"] == "patient.merge"
