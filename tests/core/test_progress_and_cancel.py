"""Backups, restores, key rotation and vault creation report progress, and stop cleanly
when told to.

The GUI's Cancel works by making the progress callback raise; these tests raise from it at
awkward moments and check that nothing half-made is left and the audit says what happened.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.backup import create_backup, list_backups, restore_backup, verify_backup
from app.core.roles import Role
from app.core.rotation import rotate_key
from app.core.session import Session
from app.core.vault import OpenVault, create_vault
from tests.conftest import MemoryKeyring
from tests.core.conftest import OWNER_PASSWORD, PracticeVault


class Stop(Exception):
    """Stands for the GUI's Cancelled."""


class Recorder:
    def __init__(self, stop_after: int | None = None) -> None:
        self.calls: list[tuple[int, int]] = []
        self.stop_after = stop_after

    def __call__(self, done: int, total: int, text: str) -> None:
        self.calls.append((done, total))
        if self.stop_after is not None and len(self.calls) > self.stop_after:
            raise Stop()


def _fill(session: Session, mib: int = 4) -> None:
    # Random bytes so the copy spans several 1 MiB blocks.
    with session.transaction() as conn:
        conn.execute("CREATE TABLE main.filler(x BLOB)")
        conn.execute("INSERT INTO main.filler SELECT randomblob(1048576) "
                     "FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) "
                     "LIMIT ?", (mib,))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_backup_reports_bytes_up_to_the_total(owner_session: Session, tmp_path: Path) -> None:
    _fill(owner_session)
    seen = Recorder()
    info = create_backup(owner_session, tmp_path / "backups", progress=seen)
    # Two measured stages, copying then checksumming, each counting up to the vault size.
    size = sum((info.path / name).stat().st_size for name in info.files)
    assert seen.calls[-1] == (1, 1), "a last chance to stop after the page checks"
    measured = [(d, t) for d, t in seen.calls[:-1] if t > 0]
    assert {t for _, t in measured} == {size}
    copying = measured[:len(measured) // 2]
    assert len(copying) >= 4, "one report per MiB block at least"
    assert [d for d, _ in copying] == sorted(d for d, _ in copying)
    assert [d for d, _ in measured].count(size) == 2
    verify_backup(owner_session, info.path)


@pytest.mark.parametrize("stop_after", [0, 2, 5])
def test_cancelled_backup_leaves_nothing_and_is_audited(owner_session: Session, tmp_path: Path,
                                                        stop_after: int) -> None:
    _fill(owner_session)
    target = tmp_path / "backups"
    with pytest.raises(Stop):
        create_backup(owner_session, target, progress=Recorder(stop_after))
    assert _leftovers(target) == [], "no partial copy and no staging folder"
    abandoned = list(owner_session.audit.entries(action_prefix="backup.abandoned"))
    assert abandoned and json.loads(abandoned[-1].detail)["why"] == "Stop"
    # The session still works, and the next backup succeeds.
    info = create_backup(owner_session, target)
    assert [b.path for b in list_backups(target)] == [info.path]


def test_backup_stopped_during_verification_is_removed(owner_session: Session,
                                                       tmp_path: Path) -> None:
    seen = Recorder()
    create_backup(owner_session, tmp_path / "first", progress=seen)
    copy_reports = len(seen.calls) - 1  # the last report opens the verification stage
    target = tmp_path / "backups"
    with pytest.raises(Stop):
        create_backup(owner_session, target, progress=Recorder(copy_reports))
    assert _leftovers(target) == []


def test_cancelled_restore_puts_the_existing_vault_back(practice: PracticeVault,
                                                        tmp_path: Path) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        _fill(owner)
        info = create_backup(owner, tmp_path / "backups")
        owner.close()
    before = _leftovers(practice.path)
    with pytest.raises(Stop):
        restore_backup(info.path, practice.path, replace=True, progress=Recorder(2))
    assert _leftovers(practice.path) == before
    assert [p.name for p in practice.path.parent.iterdir()
            if "restoring" in p.name or "before-restore" in p.name] == []
    with practice.open() as vault:
        vault.unlock("owner", OWNER_PASSWORD).close()


def test_rotation_stopped_before_it_starts_changes_nothing(practice: PracticeVault) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        version = vault.file.compartments["clinical"].key_version
        with pytest.raises(Stop):
            rotate_key(owner, "clinical", progress=Recorder(0))
        assert vault.file.compartments["clinical"].key_version == version
        assert vault.file.compartments["clinical"].pending_version is None
        owner.close()
    with OpenVault.open(practice.path) as vault:
        session = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        assert session.holds("clinical")
        session.close()


@pytest.mark.parametrize("stop_at", [0, 1])
def test_creation_stopped_at_a_safe_point_leaves_no_trace(tmp_path: Path, stop_at: int,
                                                          memory_keyring: MemoryKeyring) -> None:
    target = tmp_path / "new"
    with pytest.raises(Stop):
        create_vault(target, owner_name="owner", password=OWNER_PASSWORD, kind="personal",
                     use_workstation=True, progress=Recorder(stop_at))
    assert list(tmp_path.iterdir()) == [], "no vault and no staging folder"
    assert memory_keyring.items == {}, "no workstation secret left in the keychain"
    # Not stopped: the same call makes a vault that opens with the workstation factor.
    seen = Recorder()
    create_vault(target, owner_name="owner", password=OWNER_PASSWORD, kind="personal",
                 use_workstation=True, progress=seen)
    assert seen.calls == [(0, 2), (1, 2)] and len(memory_keyring.items) == 1
    with OpenVault.open(target) as vault:
        vault.unlock("owner", OWNER_PASSWORD).close()


def test_audit_verification_counts_entries_and_can_stop(owner_session: Session,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core import audit
    from app.core.verification import verify_audit

    monkeypatch.setattr(audit, "_PROGRESS_EVERY", 5)
    for number in range(30):
        owner_session.record("test.entry", detail={"n": number})
    total = owner_session.audit.head().seq  # type: ignore[union-attr]
    seen = Recorder()
    report = verify_audit(owner_session, progress=seen)
    assert report.ok and seen.calls[0] == (0, total)
    assert [d for d, _ in seen.calls[1:]] == list(range(5, total + 1, 5))
    before = len(list(owner_session.audit.entries(action_prefix="audit.verify")))
    with pytest.raises(Stop):
        verify_audit(owner_session, progress=Recorder(3))
    # Stopped: no verdict is recorded, since none was reached.
    assert len(list(owner_session.audit.entries(action_prefix="audit.verify"))) == before
