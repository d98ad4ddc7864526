"""The appointment book: conflicts, moving, statuses, the audited day-list export, and the
`medvault appointment` commands, all by reception without the clinical key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.records.appointments import (
    AppointmentConflict,
    book_appointment,
    export_day_list,
    list_appointments,
    move_appointment,
    set_appointment_status,
)
from app.core.records.patients import set_patient_restricted
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in
from tests.core.records.test_cli_records import DESK_PW, acting
from tests.core.records.test_cli_records import vault as vault
from tests.support import run_cli as run

NINE, NINE_20 = "2030-05-06T09:00:00+00:00", "2030-05-06T09:20:00+00:00"


def test_overlaps_are_refused_unless_double_booked(practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        assert not desk.holds("clinical")
        ann, ben = new_patient(desk, "Ann", "A"), new_patient(desk, "Ben", "B")
        doctor = "dr-1"
        first = book_appointment(desk, ann, NINE, NINE_20, practitioner_id=doctor)
        with pytest.raises(AppointmentConflict) as clash:  # the same practitioner
            book_appointment(desk, ben, "2030-05-06T09:10:00+00:00",
                             "2030-05-06T09:30:00+00:00", practitioner_id=doctor)
        assert [a.id for a in clash.value.conflicts] == [first.id]
        with pytest.raises(AppointmentConflict):  # the same patient, another doctor
            book_appointment(desk, ann, NINE, NINE_20, practitioner_id="dr-2")
        # Back to back is no conflict; another doctor's patient neither.
        book_appointment(desk, ben, NINE_20, "2030-05-06T09:40:00+00:00",
                         practitioner_id=doctor)
        book_appointment(desk, ben, NINE, NINE_20, practitioner_id="dr-2")
        double = book_appointment(desk, ann, NINE, NINE_20, practitioner_id="dr-3",
                                  allow_conflict=True)
        created = list(desk.audit.entries(action_prefix="appointment.create"))[-1]
        assert created.target == double.id
        assert json.loads(created.detail)["double_booked"]
        set_appointment_status(desk, first.id, "cancelled")  # a cancelled slot is free
        book_appointment(desk, new_patient(desk, "Cy", "C"), NINE, NINE_20,
                         practitioner_id=doctor)


def test_move_keeps_the_length_and_checks_conflicts(practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        ann, ben = new_patient(desk, "Ann", "A"), new_patient(desk, "Ben", "B")
        one = book_appointment(desk, ann, NINE, NINE_20, practitioner_id="dr")
        book_appointment(desk, ben, "2030-05-06T10:00:00+00:00",
                         "2030-05-06T10:30:00+00:00", practitioner_id="dr")
        moved = move_appointment(desk, one.id, "2030-05-06T11:00:00+00:00")
        assert (moved.starts_at, moved.ends_at) == ("2030-05-06T11:00:00.000+00:00",
                                                    "2030-05-06T11:20:00.000+00:00")
        with pytest.raises(AppointmentConflict):
            move_appointment(desk, one.id, "2030-05-06T10:10:00+00:00")
        set_appointment_status(desk, one.id, "arrived")
        set_appointment_status(desk, one.id, "fulfilled")
        with pytest.raises(Exception, match="fulfilled"):
            move_appointment(desk, one.id, "2030-05-07T11:00:00+00:00")
        assert [a.action for a in desk.audit.entries(action_prefix="appointment.move")]


def test_day_list_export_is_audited_and_hides_restricted_reasons(
        practice: PracticeVault, tmp_path: Path) -> None:
    with signed_in(practice, Role.RECEPTION) as desk:
        open_ = new_patient(desk, "Open", "Olga")
        hidden = new_patient(desk, "Hidden", "Hugo")
        book_appointment(desk, open_, NINE, NINE_20, reason="=cmd|flu jab")
        book_appointment(desk, hidden, "2030-05-06T10:00:00+00:00",
                         "2030-05-06T10:20:00+00:00", reason="qzxsecretreason")
        set_patient_restricted(desk, hidden, True)
        book_appointment(desk, open_, "2030-05-07T09:00:00+00:00",
                         "2030-05-07T09:20:00+00:00")
        out = tmp_path / "day.csv"
        assert export_day_list(desk, "06.05.2030", out) == 2
        text = out.read_text()
        assert "Open, Olga" in text and "Hidden, Hugo" in text
        assert "qzxsecretreason" not in text and "'=cmd|flu jab" in text
        assert [a.reason for a in list_appointments(desk, since="2030-05-06",
                                                    until="2030-05-07")] == [
            "=cmd|flu jab", None]
        exported = list(desk.audit.entries(action_prefix="appointment.list.export"))
    assert json.loads(exported[-1].detail) == {"day": "2030-05-06", "rows": 2}


def test_appointment_commands(vault: str, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(monkeypatch, capsys, acting(
        ["patient", "add"], vault, "--family", "Booked", "--given", "Bea", "--birth-date",
        "1990-01-02", "--json", user="desk"), DESK_PW + "\n")
    assert code == 0, err
    patient = json.loads(out)["id"]

    def desk(*args: str) -> tuple[int, str, str]:
        command = list(args)
        return run(monkeypatch, capsys, acting(command[:2], vault, *command[2:],
                                               user="desk"), DESK_PW + "\n")

    code, out, err = desk("appointment", "add", "--patient", patient, "--start",
                          "2030-05-06T09:00:00+00:00", "--minutes", "20", "--reason",
                          "check-up", "--json")
    assert code == 0, err
    booked = json.loads(out)
    assert booked["ends_at"] == "2030-05-06T09:20:00.000+00:00"
    code, _, err = desk("appointment", "add", "--patient", patient, "--start",
                        "2030-05-06T09:10:00+00:00")
    assert code == 1 and "overlaps" in err and booked["id"] in err
    code, out, _ = desk("appointment", "list", "--day", "2030-05-06", "--json")
    assert [a["id"] for a in json.loads(out)] == [booked["id"]]
    code, out, err = desk("appointment", "move", booked["id"], "--start",
                          "2030-05-06T11:00:00+00:00", "--json")
    assert code == 0, err
    assert json.loads(out)["starts_at"].startswith("2030-05-06T11:00")
    code, out, _ = desk("appointment", "status", booked["id"], "arrived", "--json")
    assert json.loads(out)["status"] == "arrived"
    code, out, _ = desk("appointment", "cancel", booked["id"])
    assert code == 0 and "cancelled" in out
    day = tmp_path / "day.csv"
    code, out, err = desk("appointment", "list", "--day", "2030-05-06", "--out", str(day))
    assert code == 0, err
    assert "check-up" in day.read_text()
