"""kill -9 during long writes: every committed row survives and the vault still verifies.

A writer process commits transactions that each put a large row in the clinical
compartment and an audit entry in the registry, printing the count after every commit.
We SIGKILL it mid-stream, then check both halves are there together or not at all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core.vault import OpenVault
from app.core.verification import verify_vault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

WRITER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from app.core.vault import OpenVault
    vault = OpenVault.open(Path(sys.argv[1]))
    session = vault.unlock("owner", sys.argv[2])
    session.conn.execute("CREATE TABLE IF NOT EXISTS clinical.crash_rows(n INTEGER, blob BLOB)")
    n = 0
    while True:
        n += 1
        with session.transaction() as conn:
            conn.execute("INSERT INTO clinical.crash_rows VALUES (?, ?)", (n, os.urandom(400_000)))
            session.record("crash.write", target=str(n))
        print(n, flush=True)
    """
)


@pytest.mark.parametrize("after", [3, 11, 25])
def test_kill_during_writes_loses_nothing_committed(practice: PracticeVault, after: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(practice.path), OWNER_PASSWORD],
                            stdout=subprocess.PIPE, env=env, text=True)
    assert proc.stdout is not None
    committed = 0
    for line in proc.stdout:
        committed = int(line)
        if committed >= after:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert committed >= after

    with OpenVault.open(practice.path) as vault:  # the OS released the dead writer's lock
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            rows = {r[0] for r in session.conn.execute("SELECT n FROM clinical.crash_rows")}
            audited = {int(e.target or 0)
                       for e in session.audit.entries(action_prefix="crash.write")}
            assert set(range(1, committed + 1)) <= rows
            assert rows == audited  # a row and its audit entry: both or neither
            report = verify_vault(session)
            assert report.ok, report.problems
        finally:
            session.close()


ADD_USER_THEN_DIE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.core import vault as vault_module
    from app.core.roles import Role
    from app.core.users import add_user

    real_save = vault_module.OpenVault.save
    armed = []

    def save(self):
        real_save(self)
        if armed:  # vault.json now names the new user; the registry has not committed
            print("saved", flush=True)
            time.sleep(60)

    vault_module.OpenVault.save = save
    vault = vault_module.OpenVault.open(Path(sys.argv[1]))
    session = vault.unlock("owner", sys.argv[2])
    armed.append(True)
    add_user(session, name="newbie", role=Role.RECEPTION, password=sys.argv[3])
    """
)


def test_kill_between_user_add_saving_the_index_and_committing(practice: PracticeVault) -> None:
    """The one window where vault.json and the registry disagree: the next sign-in
    removes the account the registry never recorded, and says so in the audit."""
    from app.core.errors import MedVaultError, WrongCredentials
    from app.core.roles import Role
    from app.core.users import add_user

    newbie_password = "a quiet lantern over the harbour"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, "-c", ADD_USER_THEN_DIE, str(practice.path),
                             OWNER_PASSWORD, newbie_password],
                            stdout=subprocess.PIPE, env=env, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "saved"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    with OpenVault.open(practice.path) as vault:
        assert vault.file.user_by_name("newbie") is not None  # the crash window, reproduced
        with pytest.raises(MedVaultError):  # it holds no key: it cannot sign in
            vault.unlock("newbie", newbie_password)
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            assert vault.file.user_by_name("newbie") is None
            assert not [s for s in vault.file.slots if s.user_id not in
                        {u.user_id for u in vault.file.users}]
            [note] = list(session.audit.entries(action_prefix="user.add.unfinished"))
            assert note.flagged and "newbie" in note.detail
            # The name is free again, and the vault verifies.
            add_user(session, name="newbie", role=Role.RECEPTION, password=newbie_password)
            assert verify_vault(session).ok
        finally:
            session.close()
        with pytest.raises(WrongCredentials):
            vault.unlock("newbie", "not the password at all")
        vault.unlock("newbie", newbie_password).close()
