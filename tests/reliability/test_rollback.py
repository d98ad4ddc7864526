"""#8.3: a missing, emptied, truncated, flipped or older copy of any vault file is reported
as damage (never as a wrong password, never silently replaced by a fresh file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.errors import VaultDamaged, WrongCredentials
from app.core.records.notes import NoteContent, add_note
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from app.core.users import disable_user
from app.core.vault import OpenVault
from app.core.verification import verify_vault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

CLINICIAN = "clinician1"
FILES = ("registry.db", "clinical.db", "vault.json")


def _clinician_writes(practice: PracticeVault, text: str) -> None:
    with practice.open() as vault:
        session = vault.unlock(CLINICIAN, practice.password(Role.CLINICIAN))
        count = session.conn.execute("SELECT count(*) FROM patients").fetchone()[0]
        patient = add_patient(session, PatientInput(family=f"Roll{'x' * count}",
                                                    given=f"Back{count}",
                                                    birth_date=f"19{50 + count}-02-03"))
        add_note(session, patient.id, NoteContent(body=text))
        session.close()


def _sign_in(practice: PracticeVault, role: Role) -> None:
    with practice.open() as vault:
        vault.unlock(practice.user_name(role), practice.password(role)).close()


@pytest.mark.parametrize("damage", ["empty", "one-byte", "half", "missing"])
@pytest.mark.parametrize("name", ["registry.db", "clinical.db"])
def test_emptied_truncated_or_missing_compartment_is_damage(
        practice: PracticeVault, damage: str, name: str) -> None:
    _clinician_writes(practice, "a note that must not vanish")
    path = practice.path / name
    size = path.stat().st_size
    if damage == "missing":
        path.unlink()
    else:
        with path.open("r+b") as handle:
            handle.truncate({"empty": 0, "one-byte": 1, "half": size // 2}[damage])
    with pytest.raises(VaultDamaged, match=r"[Rr]estore"):
        _sign_in(practice, Role.CLINICIAN)
    if damage == "missing":
        assert not path.exists()  # never created by opening
    else:
        assert path.stat().st_size < size  # never rebuilt as a fresh, empty compartment


def test_a_registry_only_user_is_told_by_verify(practice: PracticeVault) -> None:
    """Reception never opens clinical.db, but verify still checks the file is there."""
    (practice.path / "clinical.db").write_bytes(b"")
    with practice.open() as vault:
        session = vault.unlock("admin1", practice.password(Role.ADMIN))
        report = verify_vault(session)
        session.close()
    assert not report.ok
    assert any("clinical" in p and "empty" in p for p in report.problems), report.problems


@pytest.mark.parametrize("name", ["registry.db", "clinical.db"])
def test_an_older_copy_of_one_compartment_is_damage(practice: PracticeVault,
                                                    tmp_path: Path, name: str) -> None:
    _clinician_writes(practice, "first note")
    old = tmp_path / name
    shutil.copy2(practice.path / name, old)
    _clinician_writes(practice, "the newest note, which would vanish silently")
    shutil.copy2(old, practice.path / name)
    with pytest.raises(VaultDamaged, match="older copy"):
        _sign_in(practice, Role.CLINICIAN)
    with pytest.raises(VaultDamaged, match="older copy"):
        _sign_in(practice, Role.OWNER)


def test_an_older_vault_json_is_damage(practice: PracticeVault, tmp_path: Path) -> None:
    """An older vault.json would bring back a disabled user's key slot."""
    old = tmp_path / "vault.json"
    shutil.copy2(practice.path / "vault.json", old)
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        disable_user(session, "reception1")
        session.close()
    shutil.copy2(old, practice.path / "vault.json")
    for role in (Role.OWNER, Role.RECEPTION):
        with pytest.raises(VaultDamaged, match=r"older copy of vault\.json"):
            _sign_in(practice, role)


def test_ordinary_use_never_reports_rollback(practice: PracticeVault) -> None:
    for _ in range(2):
        _clinician_writes(practice, "ordinary note")
        _sign_in(practice, Role.RECEPTION)
        _sign_in(practice, Role.OWNER)
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        assert verify_vault(session).ok
        session.close()


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_a_flipped_byte_is_damage_not_a_wrong_password(practice: PracticeVault, name: str,
                                                      where: float) -> None:
    path = practice.path / name
    data = bytearray(path.read_bytes())
    data[int(len(data) * where)] ^= 0x55
    path.write_bytes(bytes(data))
    try:
        with OpenVault.open(practice.path) as vault:
            session = vault.unlock("owner", OWNER_PASSWORD)
            report = verify_vault(session)
            session.close()
    except VaultDamaged:
        return
    except WrongCredentials:
        pytest.fail(f"a flipped byte in {name} was reported as a wrong password")
    # A flip in free space of a database page is still caught by the page checks.
    assert not report.ok, report.problems
