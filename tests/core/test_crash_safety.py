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
