"""A personal vault's own record (issue 15.6): made with the vault, or chosen later."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import UsageError
from app.core.records.own_record import create_own_record, own_record_id, set_own_record
from app.core.records.patients import PatientInput, PossibleDuplicate, add_patient, get_patient
from app.core.roles import Role
from app.core.vault import OpenVault, create_vault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault
from tests.core.records.conftest import signed_in

ME = PatientInput(family="Lindqvist", given="Maja", birth_date="1984-03-09")


def _personal(tmp_path: Path, own: PatientInput | None = ME) -> Path:
    path = tmp_path / "mine"
    create_vault(path, owner_name="maja", password=OWNER_PASSWORD, kind="personal",
                 own_record=own)
    return path


def test_a_personal_vault_is_born_with_its_owners_record(tmp_path: Path) -> None:
    path = _personal(tmp_path)
    with OpenVault.open(path) as vault:
        session = vault.unlock("maja", OWNER_PASSWORD)
        own = own_record_id(session)
        assert own is not None
        me = get_patient(session, own)
        assert (me.given, me.family, me.birth_date) == ("Maja", "Lindqvist", "1984-03-09")
        actions = [(e.action, e.patient_id) for e in session.audit.entries()]
        assert ("patient.create", own) in actions and ("record.own.set", own) in actions
        # The chain still verifies with the entries written at creation.
        session.audit.verify()
        session.close()


def test_a_practice_vault_has_no_own_record(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="personal"):
        create_vault(tmp_path / "p", owner_name="olive", password=OWNER_PASSWORD,
                     kind="practice", own_record=ME)
    assert not (tmp_path / "p").exists()


def test_a_bad_own_record_stops_creation_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="family name or a given name"):
        create_vault(tmp_path / "mine", owner_name="maja", password=OWNER_PASSWORD,
                     kind="personal", own_record=PatientInput(family=" ", given=""))
    assert not (tmp_path / "mine").exists()
    assert list(tmp_path.iterdir()) == []


def test_an_older_personal_vault_chooses_or_adds_its_owner_later(tmp_path: Path) -> None:
    path = _personal(tmp_path, own=None)
    with OpenVault.open(path) as vault:
        session = vault.unlock("maja", OWNER_PASSWORD)
        assert own_record_id(session) is None
        child = add_patient(session, PatientInput(family="Lindqvist", given="Ebba",
                                                    birth_date="2015-01-02")).id
        set_own_record(session, child)
        assert own_record_id(session) == child
        # Adding oneself replaces the (wrong) choice, in one step, audited.
        with pytest.raises(PossibleDuplicate):
            create_own_record(session, PatientInput(family="Lindqvist", given="Ebba",
                                                    birth_date="2015-01-02"))
        assert own_record_id(session) == child
        stopped = [e for e in session.audit.entries(action_prefix="patient.duplicate")]
        assert len(stopped) == 1
        me = create_own_record(session, ME)
        assert own_record_id(session) == me.id
        assert [e.patient_id for e in session.audit.entries(action_prefix="record.own")] \
            == [child, me.id]
        session.close()


def test_practice_vaults_refuse_an_own_record(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as session:
        pid = add_patient(session, ME).id
        assert own_record_id(session) is None
        with pytest.raises(UsageError, match="personal"):
            set_own_record(session, pid)
        with pytest.raises(UsageError, match="personal"):
            create_own_record(session, ME)


def test_cli_init_files_the_owners_own_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from tests.support import run_cli

    path = tmp_path / "cli-mine"
    code, _, err = run_cli(monkeypatch, capsys, [
        "init", str(path), "--owner", "maja", "--personal", "--me-given", "Maja",
        "--me-family", "Lindqvist", "--me-born", "09.03.1984", "--password-stdin"],
        OWNER_PASSWORD + "\n")
    assert code == 0, err
    with OpenVault.open(path) as vault:
        session = vault.unlock("maja", OWNER_PASSWORD)
        own = own_record_id(session)
        assert own is not None and get_patient(session, own).birth_date == "1984-03-09"
        session.close()
    code, _, err = run_cli(monkeypatch, capsys, [
        "init", str(tmp_path / "clinic"), "--owner", "olive", "--me-given", "Olive",
        "--password-stdin"], OWNER_PASSWORD + "\n")
    assert code == 2 and "--personal" in err
    assert not (tmp_path / "clinic").exists()
