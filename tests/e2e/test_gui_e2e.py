"""The real program, end to end: `python -m app` offscreen, driven by a JSON script.

The driver (app/ui/e2e_driver.py) is active only when MEDVAULT_E2E_SCRIPT is set. It
clicks through the create wizard, unlocks, adds a patient through the patient list's
New patient dialog, locks with Ctrl+L's action, unlocks again, finds the patient by
searching, and quits; the program must exit 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PASSWORD = "orange kettle drum 42"


def _env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    return {**os.environ, "HOME": str(home), "TMPDIR": str(tmp_path),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / ".cache"), "XDG_RUNTIME_DIR": str(tmp_path / "run"),
            "QT_QPA_PLATFORM": "offscreen", "MEDVAULT_INSECURE_TEST_KDF": "1",
            "MEDVAULT_POLICY": str(home / "no-policy.toml"),
            "PYTHONPATH": os.pathsep.join([os.environ["PYTHONPATH"],
                                          str(Path(__file__).resolve().parents[2])])}


def _run(tmp_path: Path, steps: list[dict[str, object]]) -> tuple[subprocess.CompletedProcess[str],
                                                                 list[dict[str, object]]]:
    env = _env(tmp_path)
    (tmp_path / "run").mkdir(mode=0o700)
    script = tmp_path / "script.json"
    script.write_text(json.dumps(steps))
    report = tmp_path / "report.json"
    env["MEDVAULT_E2E_SCRIPT"] = str(script)
    env["MEDVAULT_E2E_REPORT"] = str(report)
    proc = subprocess.run([sys.executable, "-m", "app"], env=env, capture_output=True,
                          text=True, timeout=180, check=False)
    results = json.loads(report.read_text()) if report.exists() else []
    return proc, results


def test_create_add_patient_lock_unlock(tmp_path: Path) -> None:
    vaults = tmp_path / "vaults"
    kit = tmp_path / "kit.pdf"
    proc, results = _run(tmp_path, [
        {"do": "create_vault", "kind": "practice", "folder": str(vaults), "name": "clinic",
         "owner": "boss", "password": PASSWORD, "kit_pdf": str(kit)},
        {"do": "unlock", "user": "boss", "password": PASSWORD},
        {"do": "add_patient", "family": "Quartzfield", "given": "Ada",
         "birth_date": "1980-02-03"},
        {"do": "lock"},
        {"do": "expect_state", "state": "locked"},
        {"do": "unlock", "user": "boss", "password": PASSWORD},
        {"do": "expect_state", "state": "main"},
        {"do": "find_patient", "query": "quartz", "family": "Quartzfield"},
        {"do": "find_patient", "query": "1980-02-03", "family": "Quartzfield"},
        {"do": "quit"},
    ])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert [(r["do"], r["result"]) for r in results] == [
        ("create_vault", "ok"), ("unlock", "ok"), ("add_patient", "ok"), ("lock", "ok"),
        ("expect_state", "ok"), ("unlock", "ok"), ("expect_state", "ok"),
        ("find_patient", "ok"), ("find_patient", "ok"), ("quit", "ok")]
    assert (vaults / "clinic" / "vault.json").is_file()
    assert kit.read_bytes().startswith(b"%PDF-")
    # The program let go of the vault: the CLI can open it now.
    out = subprocess.run([sys.executable, "-m", "app", "user", "list", str(vaults / "clinic"),
                          "--as", "boss", "--password-stdin"], input=PASSWORD + "\n",
                         env=_env_again(tmp_path), capture_output=True, text=True,
                         timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    assert "boss" in out.stdout


def _env_again(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "MEDVAULT_INSECURE_TEST_KDF": "1",
           "MEDVAULT_POLICY": str(tmp_path / "home" / "no-policy.toml"),
           "HOME": str(tmp_path / "home"),
           "PYTHONPATH": os.pathsep.join([os.environ["PYTHONPATH"],
                                          str(Path(__file__).resolve().parents[2])])}
    return env


def test_a_failing_step_exits_non_zero(tmp_path: Path) -> None:
    proc, results = _run(tmp_path, [
        {"do": "create_vault", "kind": "personal", "folder": str(tmp_path / "v"),
         "name": "mine", "owner": "me", "password": PASSWORD},
        {"do": "unlock", "user": "me", "password": "definitely the wrong one"},
    ])
    assert proc.returncode == 1
    assert results[-1]["result"] == "failed"
    assert "not correct" in str(results[-1]["detail"])
