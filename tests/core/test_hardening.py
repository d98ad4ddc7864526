"""The program keeps itself out of crash dumps and away from same-user memory readers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux-only")
def test_cli_process_is_not_dumpable_and_has_no_core_limit() -> None:
    code = ("import resource, sys\n"
            "from app.cli import main\n"
            "from app.core.hardening import is_dumpable\n"
            "main(['policy', 'show'])\n"
            "print('RESULT', is_dumpable(), resource.getrlimit(resource.RLIMIT_CORE))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2]).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    assert line == "RESULT False (0, 0)"
