"""The None reference-count guard (app/ui/compat.py) keeps long sessions alive."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.compat import guard_none_refcount


def test_guard_is_idempotent() -> None:
    guard_none_refcount()
    assert guard_none_refcount() is False
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 47


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from 3.12")
def test_many_calls_returning_none_do_not_abort() -> None:
    code = ("import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "from app.ui.compat import guard_none_refcount\n"
            "guard_none_refcount()\n"
            "from PySide6.QtWidgets import QApplication, QLabel\n"
            "app = QApplication([]); label = QLabel()\n"
            "for _ in range(100_000):\n"
            "    label.setText('x'); app.processEvents()\n"
            "print('alive')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=False, cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.strip() == "alive"
