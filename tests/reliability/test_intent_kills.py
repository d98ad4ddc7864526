"""#8.5: kill -9 at every write of grant approval, disable, password change, backup, role
change and a new recovery key.
Whatever instant it dies, the change and its audit entry end up both there or both
absent once anyone signs in again, and the vault verifies."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.backup import create_backup, default_backup_dir, list_backups, verify_backup
from app.core.grants import approve_grant
from app.core.roles import Role
from app.core.session import Session
from app.core.users import add_user, change_own_password, disable_user
from app.core.vault import OpenVault
from app.core.vault_file import VaultFile
from app.core.verification import verify_vault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault
from tests.reliability.killpoints import run_child

NEW_PASSWORD = "violet lanterns drift past seven bridges"


def _as_owner(path: Path, action: Callable[[Session], object],
              password: str = OWNER_PASSWORD) -> Callable[[], None]:
    def work() -> None:
        with OpenVault.open(path) as vault:
            session = vault.unlock("owner", password)
            action(session)
            session.close()
    return work


def _entries(path: Path, action: str, password: str = OWNER_PASSWORD) -> list[str | None]:
    """Sign the owner in (which reconciles), verify, and list targets of `action`."""
    with OpenVault.open(path) as vault:
        session = vault.unlock("owner", password)
        try:
            report = verify_vault(session)
            assert report.ok, report.problems
            return [e.target for e in session.audit.entries(action_prefix=action)
                    if e.action == action]
        finally:
            session.close()


def _each_kill(source: Path, tmp_path: Path, work: Callable[[Path], Callable[[], None]],
               check: Callable[[Path], None]) -> int:
    dry = tmp_path / "dry"
    shutil.copytree(source, dry)
    points = run_child(work(dry))
    for kill_at in range(1, len(points) + 1):
        path = tmp_path / f"kill-{kill_at}"
        shutil.copytree(source, path)
        run_child(work(path), kill_at)
        check(path)
        assert VaultFile.load(path).intents == []
    return len(points)


@pytest.fixture
def waiting_grant(practice: PracticeVault) -> PracticeVault:
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        add_user(session, name="clinician2", role=Role.CLINICIAN,
                 password="second clinician walks the harbour")
        session.close()
    return practice


def test_kill_at_every_write_of_grant_approval(waiting_grant: PracticeVault,
                                               tmp_path: Path) -> None:
    user_id = VaultFile.load(waiting_grant.path).user_by_name("clinician2").user_id

    def check(path: Path) -> None:
        granted = user_id in VaultFile.load(path).holders("clinical")
        approvals = _entries(path, "grant.approve")
        assert approvals.count(user_id) == (1 if granted else 0)
        pending = [g for g in VaultFile.load(path).grants if g.user_id == user_id]
        assert bool(pending) != granted

    work = lambda p: _as_owner(p, lambda s: approve_grant(s, "clinician2"))  # noqa: E731
    assert _each_kill(waiting_grant.path, tmp_path, work, check) > 5


def test_kill_at_every_write_of_disable(practice: PracticeVault, tmp_path: Path) -> None:
    user_id = VaultFile.load(practice.path).user_by_name("reception1").user_id

    def check(path: Path) -> None:
        gone = not VaultFile.load(path).slots_for(user_id)
        assert _entries(path, "user.disable").count(user_id) == (1 if gone else 0)
        with OpenVault.open(path) as vault:
            session = vault.unlock("owner", OWNER_PASSWORD)
            status = session.conn.execute("SELECT status FROM users WHERE id = ?",
                                          (user_id,)).fetchone()[0]
            session.close()
        # The registry agrees with vault.json: no "active" user without keys.
        assert status == ("disabled" if gone else "active")

    work = lambda p: _as_owner(p, lambda s: disable_user(s, "reception1"))  # noqa: E731
    assert _each_kill(practice.path, tmp_path, work, check) > 5


def test_kill_at_every_write_of_a_password_change(practice: PracticeVault,
                                                  tmp_path: Path) -> None:
    def check(path: Path) -> None:
        try:
            changes = _entries(path, "password.change", NEW_PASSWORD)
            assert len(changes) == 1
        except Exception:  # the old password still works: the change never happened
            assert _entries(path, "password.change") == []

    work = lambda p: _as_owner(  # noqa: E731
        p, lambda s: change_own_password(s, OWNER_PASSWORD, NEW_PASSWORD))
    assert _each_kill(practice.path, tmp_path, work, check) > 5


def test_kill_at_every_write_of_a_password_reset(practice: PracticeVault,
                                                 tmp_path: Path) -> None:
    """Wherever the reset dies, the password the owner chose is either not in force or in
    force as a temporary one, and the reset is audited once. Where it died between the
    new slot and the keys sealed to it, the person has no key until someone else signs in
    (that sign-in finishes the reset); never for good."""
    from app.core.errors import MedVaultError, WrongCredentials
    from app.core.users import reset_password

    user_id = VaultFile.load(practice.path).user_by_name("reception1").user_id

    def first_sign_in(vault: OpenVault) -> bool | None:
        """True: the new password is in force; False: the old one; None: no key yet."""
        try:
            session = vault.unlock("reception1", NEW_PASSWORD)
        except WrongCredentials:  # the reset never happened: the old one still works
            vault.unlock("reception1", practice.password(Role.RECEPTION)).close()
            return False
        except MedVaultError as exc:
            assert exc.message is not None and exc.message.code == "signin.no_key"
            return None
        assert session.pending_enrolment == {"password"}
        session.close()
        return True

    def check(path: Path) -> None:
        with OpenVault.open(path) as vault:
            reset = first_sign_in(vault)
        entries = _entries(path, "user.reset_password")  # the owner signs in: reconciles
        if reset is None:
            with OpenVault.open(path) as vault:
                reset = first_sign_in(vault)
            assert reset is True, "still no key after the owner's sign-in"
        assert entries.count(user_id) == (1 if reset else 0)

    work = lambda p: _as_owner(  # noqa: E731
        p, lambda s: reset_password(s, "reception1", NEW_PASSWORD))
    assert _each_kill(practice.path, tmp_path, work, check) > 5


def test_kill_at_every_write_of_a_backup(practice: PracticeVault, tmp_path: Path) -> None:
    def check(path: Path) -> None:
        _entries(path, "backup.create")  # the vault opens and verifies
        with OpenVault.open(path) as vault:
            session = vault.unlock("owner", OWNER_PASSWORD)
            for info in list_backups(default_backup_dir(path)):
                verify_backup(session, info.path)  # whatever is listed is whole
            session.close()

    work = lambda p: _as_owner(p, lambda s: create_backup(s))  # noqa: E731
    assert _each_kill(practice.path, tmp_path, work, check) > 5


def test_kill_at_every_write_of_a_role_change(practice: PracticeVault, tmp_path: Path) -> None:
    from app.core.users import change_role

    user_id = VaultFile.load(practice.path).user_by_name("clinician1").user_id

    def check(path: Path) -> None:
        changed = user_id not in VaultFile.load(path).holders("clinical")
        assert _entries(path, "user.role_change").count(user_id) == (1 if changed else 0)
        with OpenVault.open(path) as vault:
            session = vault.unlock("owner", OWNER_PASSWORD)
            role = session.conn.execute("SELECT role FROM users WHERE id = ?",
                                        (user_id,)).fetchone()[0]
            session.close()
        # The registry agrees with vault.json: no reception account holding clinical keys,
        # no clinician whose key was taken without the role change.
        assert role == ("reception" if changed else "clinician")

    work = lambda p: _as_owner(  # noqa: E731
        p, lambda s: change_role(s, "clinician1", Role.RECEPTION))
    assert _each_kill(practice.path, tmp_path, work, check) > 5


def test_kill_at_every_write_of_a_new_recovery_key(practice: PracticeVault,
                                                   tmp_path: Path) -> None:
    from app.core.recovery_key import regenerate_recovery_key

    owner_id = VaultFile.load(practice.path).user_by_name("owner").user_id
    old_slot = VaultFile.load(practice.path).slots_for(owner_id, "recovery")[0].slot_id

    def check(path: Path) -> None:
        slots = VaultFile.load(path).slots_for(owner_id, "recovery")
        assert len(slots) == 1  # never none, never two
        replaced = slots[0].slot_id != old_slot
        assert _entries(path, "recovery.regenerate").count(owner_id) == (1 if replaced else 0)

    work = lambda p: _as_owner(  # noqa: E731
        p, lambda s: regenerate_recovery_key(s, OWNER_PASSWORD))
    assert _each_kill(practice.path, tmp_path, work, check) > 3
