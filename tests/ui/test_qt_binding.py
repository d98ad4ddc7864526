"""The Qt binding in use does not leak references to None (PySide6 6.12.0 did, on Python
3.11, and aborted long sessions with "none_dealloc"; pyproject.toml excludes it)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_void_calls_keep_none_refcount_steady() -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([]); label = QLabel()\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(50_000): label.setText('x')\n"
        "print(sys.getrefcount(None) - before)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 100
