"""kill -9 during a FHIR import: one import is one transaction, so after the kill the
vault holds all of it or none of it, and still verifies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core.fhir import samples
from app.core.vault import OpenVault
from app.core.verification import verify_vault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

IMPORTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.core.fhir import apply_import, plan_import
    from app.core.vault import OpenVault
    vault = OpenVault.open(Path(sys.argv[1]))
    session = vault.unlock("owner", sys.argv[2])
    plan = plan_import(session, [Path(sys.argv[3])])

    def progress(done, total, text):
        print(done, total, flush=True)
        sys.stdin.readline()  # wait for the test: it kills us here, mid-transaction

    apply_import(session, plan, progress=progress)
    print("committed", flush=True)
    """
)


@pytest.mark.parametrize("kill_at", [1, "last"])
def test_kill_during_an_import_leaves_all_or_nothing(practice: PracticeVault, tmp_path: Path,
                                                      kill_at: int | str) -> None:
    source = samples.write_json(tmp_path / "synthea.json", samples.synthea_bundle(3))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(practice.path),
                             OWNER_PASSWORD, str(source)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env, text=True)
    assert proc.stdout is not None and proc.stdin is not None
    for calls, line in enumerate(proc.stdout, 1):
        done, total = (int(x) for x in line.split())
        if (kill_at == "last" and done == total) or calls == kill_at:
            break
        proc.stdin.write("\n")
        proc.stdin.flush()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with OpenVault.open(practice.path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            tables = ("encounters", "observations", "conditions", "fhir_provenance")
            counts = {t: session.conn.execute(f"SELECT count(*) FROM clinical.{t}")
                      .fetchone()[0] for t in tables}
            patients = session.conn.execute("SELECT count(*) FROM patients").fetchone()[0]
            audited = list(session.audit.entries(action_prefix="fhir.import"))
            assert counts == dict.fromkeys(tables, 0) and patients == 0 and not audited
            report = verify_vault(session)
            assert report.ok, report.problems
        finally:
            session.close()
