"""Exports never replace what they point at; files are owner-only; leftovers are cleaned
(issue 8, items 14 and 15)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from app.core.backup import create_backup, default_backup_dir
from app.core.errors import UnsafeFile, UsageError
from app.core.records.access_report import access_report, export_access_report
from app.core.records.patients import PatientInput, add_patient
from app.core.safe_files import write_file_safely
from app.core.session import Session
from app.core.vault import OpenVault, create_vault
from app.core.verification import export_audit
from tests.core.conftest import PracticeVault, owner_session, practice, vault_path
from tests.reliability.input_fixtures import OWNER_PASSWORD

__all__ = ["owner_session", "practice", "vault_path"]


@pytest.fixture
def vault_dir(practice: PracticeVault) -> Path:
    return practice.path


@pytest.fixture
def owner(owner_session: Session) -> Session:
    return owner_session


def _targets(tmp_path: Path) -> dict[str, Path]:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "link.csv"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere" / "file")
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    return {"symlink": link, "dangling symlink": dangling, "fifo": fifo, "folder": folder}


KINDS = ["symlink", "dangling symlink", "fifo", "folder"]


@pytest.mark.parametrize("kind", KINDS)
def test_audit_export_refuses_links_and_special_files(owner: Session, tmp_path: Path,
                                                      kind: str) -> None:
    target = _targets(tmp_path)[kind]
    before = os.lstat(target)
    with pytest.raises(UnsafeFile):
        export_audit(owner, target, "csv")
    after = os.lstat(target)
    assert (before.st_mode, before.st_ino) == (after.st_mode, after.st_ino)
    assert (tmp_path / "victim.txt").read_text() == "keep me"


@pytest.mark.parametrize("kind", KINDS)
def test_access_report_refuses_links_and_special_files(owner: Session, tmp_path: Path,
                                                       kind: str) -> None:
    patient = add_patient(owner, PatientInput(family="Doe", given="Jane",
                                              birth_date="1980-02-03"))
    report = access_report(owner, patient.id)
    target = _targets(tmp_path)[kind]
    before = os.lstat(target)
    with pytest.raises(UnsafeFile):
        export_access_report(owner, report, target)
    assert os.lstat(target).st_ino == before.st_ino
    assert stat.S_IFMT(os.lstat(target).st_mode) == stat.S_IFMT(before.st_mode)


def test_a_regular_file_is_replaced_whole(owner: Session, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    out.write_text("old")
    export_audit(owner, out, "csv")
    assert out.read_text().startswith("seq,")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_write_file_safely_needs_an_existing_folder(tmp_path: Path) -> None:
    with pytest.raises(UnsafeFile, match="does not exist"):
        write_file_safely(tmp_path / "no" / "such" / "file", b"x")


def test_backup_cannot_land_in_the_vault_through_a_symlink(owner: Session, vault_dir: Path,
                                                           tmp_path: Path) -> None:
    sneaky = tmp_path / "backups-link"
    sneaky.symlink_to(vault_dir)
    with pytest.raises(UsageError, match="outside the vault"):
        create_backup(owner, sneaky)
    with pytest.raises(UsageError, match="outside the vault"):
        create_backup(owner, sneaky / "sub")
    assert not [p for p in vault_dir.iterdir() if "backup" in p.name]


def test_files_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = tmp_path / "loose"
        create_vault(path, owner_name="owner", password=OWNER_PASSWORD, kind="practice")
        with OpenVault.open(path) as vault:
            session = vault.unlock("owner", OWNER_PASSWORD)
            info = create_backup(session)
            session.close()
    finally:
        os.umask(old)
    for name in ("registry.db", "clinical.db", "vault.lock", "vault.json"):
        assert stat.S_IMODE((path / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    backups = default_backup_dir(path)
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o700


def test_leftovers_are_cleaned_at_sign_in(vault_dir: Path) -> None:
    leftovers = [".vault.json.a1b2.tmp", ".signin-attempts.json.c3d4.tmp",
                 "registry.db-mj0A1B2C3D"]
    for name in leftovers:
        (vault_dir / name).write_bytes(b"ciphertext copy")
    backups = default_backup_dir(vault_dir)
    backups.mkdir()
    staging = backups / ".medvault-backup-20260101T000000000000Z.abcd1234"
    staging.mkdir()
    shutil.copy(vault_dir / "vault.json", staging / "vault.json")
    shutil.copy(vault_dir / "registry.db", staging / "registry.db")
    other = backups / ".medvault-backup-20260101T000000000000Z.other"
    other.mkdir()
    (other / "vault.json").write_text('{"vault_id": "someone else"}')
    with OpenVault.open(vault_dir) as vault:  # tidied at sign-in, once the lock is held
        vault.unlock("owner", OWNER_PASSWORD).close()
    assert not [n for n in leftovers if (vault_dir / n).exists()]
    assert not staging.exists()
    assert other.exists()  # another vault's backup may be running right now


def test_a_super_journal_stays_while_a_journal_may_need_it(vault_dir: Path) -> None:
    (vault_dir / "registry.db-mj0A1B2C3D").write_bytes(b"names the journals")
    (vault_dir / "clinical.db-journal").write_bytes(b"")
    with OpenVault.open(vault_dir) as vault:
        vault.unlock("owner", OWNER_PASSWORD).close()
    assert (vault_dir / "registry.db-mj0A1B2C3D").exists()
