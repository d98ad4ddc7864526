"""kill -9 at every write of a user import: afterwards every imported account is there
(in the registry and in vault.json, with its audit entries) or none is, and the vault
verifies."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.core.user_import import import_users
from app.core.vault import OpenVault
from app.core.vault_file import VaultFile
from app.core.verification import verify_vault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault
from tests.reliability.killpoints import run_child

STAFF = b"name,role\nimp1,clinician\nimp2,reception\nimp3,admin\n"
NAMES = {"imp1", "imp2", "imp3"}


def _import(path: Path) -> None:
    with OpenVault.open(path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        import_users(session, STAFF)
        session.close()


def _state(path: Path) -> tuple[set[str], set[str], int]:
    """(names in the registry, names in vault.json, user.add entries of the import)."""
    with OpenVault.open(path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)  # sign-in tidies up after a kill
        try:
            report = verify_vault(session)
            assert report.ok, report.problems
            registry = {str(r[0]) for r in session.conn.execute("SELECT name FROM users")}
            entries = [e for e in session.audit.entries(action_prefix="user.add")
                       if '"import"' in e.detail]
        finally:
            session.close()
    index = {u.name for u in VaultFile.load(path).users}
    return registry & NAMES, index & NAMES, len(entries)


def test_kill_at_every_write_of_an_import(practice: PracticeVault, tmp_path: Path) -> None:
    dry = tmp_path / "dry"
    shutil.copytree(practice.path, dry)
    points = run_child(lambda: _import(dry))
    assert len(points) >= 3
    outcomes = set()
    for kill_at in range(1, len(points) + 1):
        path = tmp_path / f"kill-{kill_at}"
        shutil.copytree(practice.path, path)
        run_child(lambda p=path: _import(p), kill_at)  # type: ignore[misc]
        registry, index, entries = _state(path)
        assert (registry, index, entries) in [(set(), set(), 0), (NAMES, NAMES, 3)], kill_at
        outcomes.add(bool(registry))
    assert outcomes == {False, True}  # both sides of the commit were hit
