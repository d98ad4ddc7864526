"""What the appointment book's screens ask core: opening hours (bounds, who may set them,
audited), practitioners for reception, slot checks, moving to another practitioner, where
a patient opens, and the audited printed day list."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.errors import PermissionDenied, UsageError
from app.core.records.appointment_book import (
    check_slot,
    day_entries,
    day_list_for_print,
    open_target,
    practitioners,
)
from app.core.records.appointments import book_appointment, move_appointment
from app.core.records.patients import set_patient_restricted
from app.core.records.practice_hours import (
    DayHours,
    default_hours,
    local_day_bounds,
    outside_hours,
    practice_hours,
    save_practice_hours,
)
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in
from tests.core.records.test_cli_records import DESK_PW, OWNER_PW, acting
from tests.core.records.test_cli_records import vault as vault
from tests.support import run_cli as run

MONDAY = date(2030, 5, 6)


def _at(day: date, hh: int, mm: int = 0) -> str:
    from datetime import datetime

    from app.core.records import clock

    return clock.iso(datetime.combine(day, time(hh, mm)))  # local wall-clock time


def test_opening_hours_default_bounds_and_audit(practice: PracticeVault) -> None:
    with signed_in(practice, Role.ADMIN) as admin:
        assert practice_hours(admin) == default_hours()
        saturday = DayHours(time(9), time(12, 30))
        wanted = replace(default_hours(), days=(*default_hours().days[:5], saturday, None),
                         slot_minutes=10)
        assert save_practice_hours(admin, wanted) == wanted
        assert practice_hours(admin) == wanted
        entry = list(admin.audit.entries(action_prefix="appointment.hours.change"))[-1]
        assert json.loads(entry.detail)["days"]["saturday"] == ["09:00", "12:30"]
        bad = [replace(wanted, slot_minutes=7), replace(wanted, slot_minutes=0),
               replace(wanted, days=wanted.days[:6]),
               replace(wanted, days=(DayHours(time(9), time(9, 5)), *wanted.days[1:])),
               replace(wanted, days=(DayHours(time(18), time(8)), *wanted.days[1:])),
               replace(wanted, days=(DayHours(time(8, 3), time(12)), *wanted.days[1:]))]
        for hours in bad:
            with pytest.raises(UsageError):
                save_practice_hours(admin, hours)
        assert practice_hours(admin) == wanted  # nothing changed by a refusal
    with signed_in(practice, Role.RECEPTION) as desk:
        assert practice_hours(desk) == wanted  # the desk reads them...
        with pytest.raises(PermissionDenied):  # ...but does not set them
            save_practice_hours(desk, default_hours())
        denied = list(desk.audit.entries(action_prefix="permission.denied"))[-1]
        assert json.loads(denied.detail) == {"operation": "appointment.setup"}


def test_a_damaged_stored_value_falls_back_to_the_defaults(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        for junk in ("{", '{"days": {}, "slot_minutes": 15}', '{"days": 1}',
                     json.dumps({**default_hours().to_json(), "slot_minutes": 7})):
            with owner.transaction() as conn:
                conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES "
                             "('practice_hours', ?)", (junk,))
            assert practice_hours(owner) == default_hours()


def test_outside_hours() -> None:
    hours = default_hours()  # Monday to Friday, 08:00 to 18:00
    assert not outside_hours(hours, _at(MONDAY, 8), _at(MONDAY, 8, 15))
    assert not outside_hours(hours, _at(MONDAY, 17, 45), _at(MONDAY, 18))
    assert outside_hours(hours, _at(MONDAY, 7, 45), _at(MONDAY, 8, 15))
    assert outside_hours(hours, _at(MONDAY, 17, 50), _at(MONDAY, 18, 5))
    saturday = date(2030, 5, 11)
    assert outside_hours(hours, _at(saturday, 10), _at(saturday, 10, 15))
    since, until = local_day_bounds(MONDAY)
    assert since == _at(MONDAY, 0) and until == _at(date(2030, 5, 7), 0)


def test_reception_books_with_practitioners_slot_checks_and_moves(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        found = practitioners(desk)
        roles = {r[0]: r[1] for r in desk.conn.execute("SELECT id, role FROM users")}
        assert found and {roles[p.user_id] for p in found} == {"owner", "clinician"}
        doc_a, doc_b = found[0].user_id, found[1].user_id
        ann, ben = new_patient(desk, "Ann", "A"), new_patient(desk, "Ben", "B")
        first = book_appointment(desk, ann, _at(MONDAY, 9), _at(MONDAY, 9, 15),
                                 practitioner_id=doc_a)
        check = check_slot(desk, ben, _at(MONDAY, 9, 10), _at(MONDAY, 9, 25),
                           practitioner_id=doc_a)
        assert [a.id for a in check.conflicts] == [first.id] and not check.outside_hours
        assert check_slot(desk, ben, _at(MONDAY, 9), _at(MONDAY, 9, 15),
                          practitioner_id=doc_b).clear
        late = check_slot(desk, ben, _at(MONDAY, 19), _at(MONDAY, 19, 15),
                          practitioner_id=doc_b)
        assert late.outside_hours and not late.conflicts
        # Moving to another practitioner checks that practitioner's book.
        book_appointment(desk, ben, _at(MONDAY, 10), _at(MONDAY, 10, 15),
                         practitioner_id=doc_b)
        from app.core.records.appointments import AppointmentConflict

        with pytest.raises(AppointmentConflict):
            move_appointment(desk, first.id, _at(MONDAY, 10), practitioner_id=doc_b)
        moved = move_appointment(desk, first.id, _at(MONDAY, 11), practitioner_id=doc_b)
        assert moved.practitioner_id == doc_b and moved.starts_at == _at(MONDAY, 11)
        entry = list(desk.audit.entries(action_prefix="appointment.move"))[-1]
        assert json.loads(entry.detail) == {"practitioner": doc_b}
        kept = move_appointment(desk, first.id, _at(MONDAY, 12))
        assert kept.practitioner_id == doc_b  # no practitioner given: kept
        assert [e.patient_name for e in day_entries(desk, MONDAY)] == ["Ben, B", "Ann, A"]


def test_where_a_patient_opens_from_the_day_list(practice: PracticeVault) -> None:
    expected = {Role.OWNER: "chart", Role.CLINICIAN: "chart", Role.RECEPTION: "details",
                Role.ADMIN: "details", Role.AUDITOR: None}
    for role, target in expected.items():
        with signed_in(practice, role) as session:
            assert open_target(session) == target, role


def test_the_printed_day_list_is_audited_and_hides_restricted_reasons(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        hidden = new_patient(desk, "Hidden", "Hugo")
        book_appointment(desk, hidden, _at(MONDAY, 9), _at(MONDAY, 9, 15),
                         reason="qzxsecretreason")
        set_patient_restricted(desk, hidden, True)
        book_appointment(desk, new_patient(desk, "Open", "Olga"), _at(MONDAY, 10),
                         _at(MONDAY, 10, 15), reason="flu jab")
        entries = day_list_for_print(desk, MONDAY, "pdf")
        assert [(e.patient_name, e.appointment.reason, e.restricted) for e in entries] == [
            ("Hidden, Hugo", None, True), ("Open, Olga", "flu jab", False)]
        printed = list(desk.audit.entries(action_prefix="appointment.list.print"))[-1]
        assert json.loads(printed.detail) == {"day": "2030-05-06", "rows": 2,
                                              "output": "pdf"}



def test_the_hours_command(vault: str, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    def as_(user: str, password: str, *args: str) -> tuple[int, str, str]:
        return run(monkeypatch, capsys, acting(["appointment", "hours"], vault, *args,
                                               user=user), password + "\n")

    code, out, err = as_("desk", DESK_PW, "--json")
    assert code == 0, err
    assert json.loads(out) == default_hours().to_json()
    code, _, err = as_("desk", DESK_PW, "--set", "sat=09:00-12:00")
    assert code == 4  # reception reads the hours but does not set them
    code, out, err = as_("boss", OWNER_PW, "--set", "sat=09:00-12:00", "--set", "mo=closed",
                         "--slot", "20", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["days"]["saturday"] == ["09:00", "12:00"] and shown["days"]["monday"] is None
    assert shown["slot_minutes"] == 20
    for bad in (["--slot", "7"], ["--set", "x=09:00-12:00"], ["--set", "fri=9-12"],
                ["--set", "fri=12:00-09:00"]):
        code, _, err = as_("boss", OWNER_PW, *bad)
        assert code == 2, (bad, err)
    code, out, _ = as_("desk", DESK_PW)
    assert "saturday   09:00–12:00" in out and "monday     closed" in out


_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["days", "slot_minutes", "monday", "sunday", "x"]), inner,
        max_size=4), max_leaves=12)
_TIMES = st.sampled_from(["08:00", "18:00", "24:00", "8", "", "12:03", "23:59:59", "-1"])
_SHAPED = st.fixed_dictionaries({
    "days": st.fixed_dictionaries({name: st.one_of(
        st.none(), st.lists(_TIMES, max_size=3), _JUNK) for name in (
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}),
    "slot_minutes": st.one_of(st.sampled_from([5, 15, 60, 0, -15, 7]), _JUNK)})


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.one_of(_JUNK, _SHAPED))
@example(junk={**default_hours().to_json(), "slot_minutes": float("inf")})
@example(junk={**default_hours().to_json(), "slot_minutes": float("nan")})
def test_any_stored_hours_value_reads_without_error(junk: object) -> None:
    # The stored value is only ever written by core, but a damaged or hand-edited registry
    # must not stop the book from opening: it reads as valid hours or as the defaults.
    import sqlite3

    from app.core.records.practice_hours import load_hours, validate

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('practice_hours', ?)", (json.dumps(junk),))
    hours = load_hours(conn)  # type: ignore[arg-type]
    assert validate(hours) == hours
