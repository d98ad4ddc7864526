"""The suite never reads the machine's real policy, and nothing a user controls can move it.

A machine where IT installed /etc/medvault/policy.toml (the .deb's own template, or a real
policy) must still run the suite green (issue 9, item 7). Core has one test-only switch for
the location; these tests pin down who can reach it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import app
from app.core import policy as policy_mod

ROOT = Path(__file__).resolve().parents[2]
PROBE = "from app.core.policy import system_policy_path; print(system_policy_path())"


def _probe(env: dict[str, str]) -> str:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         env=env, cwd=ROOT, timeout=60, check=True)
    return out.stdout.strip()


def test_this_process_reads_the_tests_policy_location(isolated_env: Path) -> None:
    assert policy_mod.system_policy_path() == isolated_env / "system-policy.toml"


def test_child_processes_read_the_tests_policy_location(isolated_env: Path) -> None:
    assert _probe(dict(os.environ)) == str(isolated_env / "system-policy.toml")


def test_the_variable_alone_moves_nothing(isolated_env: Path) -> None:
    # Without the suite's sitecustomize (never installed), the variable means nothing:
    # a user setting it in production still gets the real machine policy.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["MEDVAULT_TEST_SYSTEM_POLICY"] = str(isolated_env / "mine.toml")
    env["MEDVAULT_POLICY"] = str(isolated_env / "mine.toml")
    assert _probe(env) == "/etc/medvault/policy.toml"


def test_only_tests_call_the_switch() -> None:
    callers = [p for p in Path(app.__file__).parent.rglob("*.py")
               if "use_system_policy_path_for_tests" in p.read_text(encoding="utf-8")
               or "_test_system_path" in p.read_text(encoding="utf-8")]
    assert callers == [Path(policy_mod.__file__)]
    packaged = (ROOT / "packaging" / "medvault.spec").read_text(encoding="utf-8")
    assert "hermetic" not in packaged and "sitecustomize" not in packaged
