"""Start-up: MedVault's first window against a bare PySide6 window, side by side.

Both run as fresh processes, offscreen, and report once their first window is shown and
the event loop has turned. The figure is the median of several alternating runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from bench.harness import Figure

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget(); w.resize(820, 520); w.show()
QTimer.singleShot(0, lambda: (print("first-window", flush=True), app.quit()))
app.exec()
"""


def _time_to_line(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first-window"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit(f"{args} never showed a window")
    proc.wait(timeout=30)
    return elapsed


def run(runs: int = 5) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="medvault-bench-home-") as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": home,
               "XDG_CONFIG_HOME": f"{home}/.config", "MEDVAULT_BENCH_FIRST_WINDOW": "1"}
        # An installed program starts from cached bytecode; a machine that sets
        # PYTHONDONTWRITEBYTECODE would otherwise recompile our modules on every start.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        _time_to_line([sys.executable, "-m", "app"], env)  # warm: write .pyc, page cache
        _time_to_line([sys.executable, "-c", BARE], env)
        bare, ours = [], []
        for _ in range(runs):  # alternate, so drift on a shared machine hits both alike
            bare.append(_time_to_line([sys.executable, "-c", BARE], env))
            ours.append(_time_to_line([sys.executable, "-m", "app"], env))
    value, base = statistics.median(ours), statistics.median(bare)
    return [Figure("start-up to first window (median of 5)", value, "s",
                   "bare PySide6 window", base, "ratio <= 1.5", value / base <= 1.5)]
