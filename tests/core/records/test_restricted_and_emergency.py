"""Restricted records need a reason and a time-limited grant; the emergency account is
inert until activated; both land, flagged, in the owner's review queue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.records.chart import open_chart
from app.core.records.emergency import activate_emergency, mark_reviewed, review_queue
from app.core.records.notes import NoteContent, add_note, get_note, list_notes
from app.core.records.patients import get_patient, set_patient_restricted
from app.core.records.restricted import open_restricted, set_entry_restricted
from app.core.records.search import find_patients
from app.core.roles import Role
from tests.conftest import use_machine_policy
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import Clock, new_patient, signed_in

REASON = "patient seen in clinic today"


def test_restricted_patient_needs_a_reasoned_grant_that_expires(practice: PracticeVault,
                                                                travel: Clock) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner, "Vip", "Person", restricted=True)
    with signed_in(practice, Role.CLINICIAN) as doc:
        with pytest.raises(PermissionDenied, match=r"restricted.*reason"):
            get_patient(doc, patient)
        refusal = list(doc.audit.entries(action_prefix="restricted.denied"))[-1]
        assert refusal.flagged and refusal.patient_id == patient
        with pytest.raises(UsageError, match="reason"):
            open_restricted(doc, patient, "  ok ")
        grant = open_restricted(doc, patient, REASON, minutes=30)
        assert grant.active and grant.kind == "restricted" and not grant.reviewed
        assert get_patient(doc, patient).family == "Vip"
        read = list(doc.audit.entries(action_prefix="patient.read"))[-1]
        assert read.flagged, "reads made through a grant are flagged for review"
        opened = list(doc.audit.entries(action_prefix="restricted.open"))[-1]
        assert opened.flagged and opened.reason == REASON
        travel.advance(31)
        assert not grant.active
        with pytest.raises(PermissionDenied, match="restricted"):
            get_patient(doc, patient)
    with signed_in(practice, Role.OWNER) as owner:
        queue = review_queue(owner)
        assert [(g.user_name, g.patient_id, g.reason) for g in queue] == [
            ("clinician1", patient, REASON)]


def test_grant_is_personal(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner, restricted=True)
        open_restricted(owner, patient, REASON)
        get_patient(owner, patient)
    with signed_in(practice, Role.CLINICIAN) as doc, pytest.raises(PermissionDenied):
        get_patient(doc, patient)


def test_restricted_entries_are_hidden_and_counted_until_opened(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner)
        plain = add_note(owner, patient, NoteContent(body="ordinary visit")).id
        secret = add_note(owner, patient, NoteContent(body="sensitive visit"),
                          restricted=True).id
        other = add_note(owner, patient, NoteContent(body="another sensitive one"),
                         restricted=True).id
    with signed_in(practice, Role.CLINICIAN) as doc:
        notes = list_notes(doc, patient)
        assert [n.id for n in notes.notes] == [plain] and notes.hidden_restricted == 2
        assert open_chart(doc, patient).hidden_restricted == 2
        with pytest.raises(PermissionDenied, match="note is restricted"):
            get_note(doc, secret)
        open_restricted(doc, patient, REASON, entry_id=secret)
        assert get_note(doc, secret).content.body == "sensitive visit"
        with pytest.raises(PermissionDenied):
            get_note(doc, other)  # an entry grant opens that entry only
        assert list_notes(doc, patient).hidden_restricted == 1
        open_restricted(doc, patient, REASON)  # a patient grant opens all of it
        assert list_notes(doc, patient).hidden_restricted == 0
        assert open_chart(doc, patient).hidden_restricted == 0


def test_entry_grant_must_name_an_entry_of_that_patient(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        first, second = new_patient(owner), new_patient(owner, "Second")
        note = add_note(owner, first, NoteContent(body="x"), restricted=True).id
        with pytest.raises(UsageError, match="no entry"):
            open_restricted(owner, second, REASON, entry_id=note)


def test_lifting_a_restriction_needs_a_grant(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner)
        note = add_note(owner, patient, NoteContent(body="x")).id
    with signed_in(practice, Role.RECEPTION) as desk:
        set_patient_restricted(desk, patient, True)  # anyone who edits may restrict
        with pytest.raises(PermissionDenied):
            get_patient(desk, patient)
        with pytest.raises(PermissionDenied):
            set_patient_restricted(desk, patient, False)
        with pytest.raises(PermissionDenied):  # reception may not break the glass at all
            open_restricted(desk, patient, REASON)
    with signed_in(practice, Role.CLINICIAN) as doc:
        with pytest.raises(PermissionDenied):
            set_entry_restricted(doc, note, True)  # the patient is restricted now
        open_restricted(doc, patient, REASON)
        set_entry_restricted(doc, note, True)
        set_entry_restricted(doc, note, False)  # signed notes keep content, not flags
        set_patient_restricted(doc, patient, False)
    with signed_in(practice, Role.RECEPTION) as desk:
        assert not get_patient(desk, patient).restricted


def test_restricted_patients_are_found_by_name_only(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner, "Ørsted", "Ingrid", restricted=True, mrn="R-9")
    with signed_in(practice, Role.CLINICIAN) as doc:
        [found] = find_patients(doc, "orsted")
        assert found.id == patient and found.restricted and found.masked
        assert found.birth_date is None and found.mrn is None
        assert find_patients(doc, "1970-05-06") == []  # a birth date would identify them
        assert find_patients(doc, "R-9") == []
        open_restricted(doc, patient, REASON)
        [found] = find_patients(doc, "R-9")
        assert found.birth_date == "1970-05-06"
        assert found.restricted and not found.masked


def test_emergency_account_is_inert_until_activated(practice: PracticeVault,
                                                    travel: Clock) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner)
        add_note(owner, patient, NoteContent(body="allergic to penicillin"))
    with signed_in(practice, Role.EMERGENCY) as emergency:
        with pytest.raises(PermissionDenied, match="activated with a reason"):
            get_patient(emergency, patient)
        with pytest.raises(UsageError):
            activate_emergency(emergency, "")
        grant = activate_emergency(emergency, "unconscious patient brought in", minutes=15)
        assert emergency.emergency_active() and grant.kind == "emergency"
        chart = open_chart(emergency, patient)
        assert chart.notes[0].content.body == "allergic to penicillin"
        opened = list(emergency.audit.entries(action_prefix="chart.open"))[-1]
        assert opened.flagged, "everything done during an emergency session is flagged"
        travel.advance(16)
        assert not emergency.emergency_active()
        with pytest.raises(PermissionDenied, match="activated"):
            open_chart(emergency, patient)
    with signed_in(practice, Role.OWNER) as owner:
        [queued] = review_queue(owner)
        assert queued.kind == "emergency" and queued.patient_id is None
        assert queued.reason == "unconscious patient brought in"


def test_only_the_emergency_account_activates(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as doc, pytest.raises(PermissionDenied):
        activate_emergency(doc, "trying to skip the checks")


def test_owner_reviews_each_access_once(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner, restricted=True)
    with signed_in(practice, Role.CLINICIAN) as doc:
        grant = open_restricted(doc, patient, REASON)
    with signed_in(practice, Role.OWNER) as owner:
        reviewed = mark_reviewed(owner, grant.id, "appropriate: scheduled visit")
        assert reviewed.reviewed_by == "owner" and reviewed.review_note
        assert review_queue(owner) == []
        assert [g.id for g in review_queue(owner, include_reviewed=True)] == [grant.id]
        with pytest.raises(UsageError, match="already reviewed"):
            mark_reviewed(owner, grant.id, "again")
        entry = list(owner.audit.entries(action_prefix="emergency.reviewed"))[-1]
        assert "appropriate" not in entry.detail  # the note stays out of the log


def test_nobody_reviews_their_own_emergency_access(practice: PracticeVault) -> None:
    from app.core.records.emergency import grant_activity

    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner, restricted=True)
        own = open_restricted(owner, patient, REASON)
        with pytest.raises(PermissionDenied, match="their own emergency access"):
            mark_reviewed(owner, own.id, "fine by me")
        refusal = list(owner.audit.entries(action_prefix="permission.denied"))[-1]
        assert refusal.flagged and json.loads(refusal.detail)["why"] == "self_review"
    with signed_in(practice, Role.CLINICIAN) as doc:
        from app.core.records.patients import get_patient

        theirs = open_restricted(doc, patient, REASON)
        get_patient(doc, patient)  # what the review must show
        with pytest.raises(PermissionDenied):
            mark_reviewed(doc, theirs.id, "fine by me")
        activity = grant_activity(doc, own)  # the owner's use, reviewed by a colleague
        reviewed = mark_reviewed(doc, own.id, "appropriate")
        assert reviewed.reviewed_by == doc.user.name
    with signed_in(practice, Role.OWNER) as owner:
        seen = grant_activity(owner, theirs)
        mark_reviewed(owner, theirs.id, "appropriate")
    assert ("patient.read", False) in [(a["action"], a["changed"]) for a in seen]
    assert not any(a["changed"] for a in seen)
    assert all(a["action"] != "restricted.open" for a in activity)


def test_break_glass_durations_are_capped_by_the_machine_policy(
        practice: PracticeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.records.breakglass import duration_choices, longest_minutes

    with signed_in(practice, Role.OWNER) as owner:
        patient = new_patient(owner, restricted=True)
        # Without a policy: the built-in 12 hours, and every usual duration up to it.
        assert longest_minutes(owner) == 720
        assert duration_choices(owner) == (15, 30, 60, 120, 240, 480, 720)
    policy = tmp_path / "policy.toml"
    policy.write_text("break_glass_max_minutes = 90\n")
    use_machine_policy(monkeypatch, policy)
    with signed_in(practice, Role.CLINICIAN) as doc:
        assert longest_minutes(doc) == 90
        # The cap itself is offered, so the longest allowed can be chosen.
        assert duration_choices(doc) == (15, 30, 60, 90)
        with pytest.raises(UsageError, match=r"between 1 and 90 minutes.*policy"):
            open_restricted(doc, patient, REASON, minutes=120)
        assert doc.conn.execute("SELECT count(*) FROM access_grants").fetchone()[0] == 0, \
            "a refused duration grants nothing"
        grant = open_restricted(doc, patient, REASON, minutes=90)
        assert grant.active
    with signed_in(practice, Role.EMERGENCY) as emergency:
        with pytest.raises(UsageError, match="between 1 and 90"):
            activate_emergency(emergency, "unconscious patient brought in", minutes=91)
        assert not emergency.emergency_active()
        activate_emergency(emergency, "unconscious patient brought in", minutes=90)
        assert emergency.emergency_active()


def test_a_loose_user_policy_cannot_lengthen_break_glass(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    from app.core.policy import POLICY_ENV, load_policy

    system = tmp_path / "system.toml"
    system.write_text("break_glass_max_minutes = 60\n")
    use_machine_policy(monkeypatch, system)
    looser = tmp_path / "user.toml"
    looser.write_text("break_glass_max_minutes = 600\n")
    monkeypatch.setenv(POLICY_ENV, str(looser))
    assert load_policy().policy.break_glass_max_minutes == 60
    stricter = tmp_path / "strict.toml"
    stricter.write_text("break_glass_max_minutes = 30\n")
    monkeypatch.setenv(POLICY_ENV, str(stricter))
    assert load_policy().policy.break_glass_max_minutes == 30
    monkeypatch.delenv(POLICY_ENV)
    bad = tmp_path / "system.toml"
    bad.write_text("break_glass_max_minutes = 0\n")
    assert load_policy().blocking


def test_the_chart_knows_the_break_glass_access_in_force(practice: PracticeVault,
                                                         travel: Clock) -> None:
    from app.core.records.breakglass import active_access

    with signed_in(practice, Role.OWNER) as owner:
        secret, plain = new_patient(owner, restricted=True), new_patient(owner, "Plain")
    with signed_in(practice, Role.CLINICIAN) as doc:
        assert active_access(doc, secret) is None
        grant = open_restricted(doc, secret, REASON, minutes=30)
        access = active_access(doc, secret)
        assert access is not None and access.kind == "restricted"
        assert access.grant_id == grant.id and access.seconds_left() == 30 * 60
        assert active_access(doc, plain) is None, "a grant covers its own patient only"
        travel.advance(10)
        assert access.seconds_left() == 20 * 60
        travel.advance(21)
        assert active_access(doc, secret) is None and access.seconds_left() == 0
    with signed_in(practice, Role.OWNER) as owner:
        assert active_access(owner, secret) is None, "a grant is its user's only"
    with signed_in(practice, Role.EMERGENCY) as emergency:
        activate_emergency(emergency, "unconscious patient brought in", minutes=15)
        for patient in (secret, plain, None):
            access = active_access(emergency, patient)
            assert access is not None and access.kind == "emergency"
        travel.advance(16)
        assert active_access(emergency, plain) is None
