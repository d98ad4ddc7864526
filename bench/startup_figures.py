"""Start-up: MedVault's first window against a bare PySide6 window, side by side.

Both run as fresh processes, offscreen, and report once their first window is shown and
the event loop has turned. Two first windows are timed: the welcome window (no vault
opened before) and the unlock window (a vault to reopen, as most starts are; it includes
opening the vault and taking its lock). Each figure is the median of several runs,
alternating with the bare window so drift on a shared machine hits both alike.

Run on its own: ``python -m bench.startup_figures [--runs N]`` or
``python -m bench --only startup``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Figure

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget(); w.resize(820, 520); w.show()
QTimer.singleShot(0, lambda: (print("first-window", flush=True), app.quit()))
app.exec()
"""

TARGET_RATIO = 1.5


def _time_to_line(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    # stderr is kept for the error message only: the offscreen platform warns on every
    # window it cannot raise, which is noise here.
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first-window"):
            elapsed = time.perf_counter() - start
            break
    else:
        _out, err = proc.communicate(timeout=30)
        raise SystemExit(f"{args} never showed a window:\n{err}")
    proc.communicate(timeout=30)
    return elapsed


def _env(home: Path, **extra: str) -> dict[str, str]:
    # Each path gets its own HOME: the unlock runs record their vault as recent, which
    # would turn the welcome runs into unlock runs.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local" / "share"),
           "MEDVAULT_BENCH_FIRST_WINDOW": "1"}
    # An installed program starts from cached bytecode; a machine that sets
    # PYTHONDONTWRITEBYTECODE would otherwise recompile our modules on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("MEDVAULT_OPEN_VAULT", None)
    env.update(extra)
    return env


def _make_vault(where: Path) -> Path:
    """A small vault for the unlock window (cheap KDF: nothing is derived at start-up)."""
    os.environ.setdefault("MEDVAULT_INSECURE_TEST_KDF", "1")
    from app.core.vault import create_vault

    return create_vault(where / "vault", owner_name="owner",
                        password="bench start-up password 42", kind="practice").path


def run(runs: int = 7) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="medvault-bench-start-") as tmp:
        root = Path(tmp)
        for name in ("bare", "welcome", "unlock"):
            (root / name).mkdir()
        vault = _make_vault(root)
        bare_cmd = [sys.executable, "-c", BARE]
        app_cmd = [sys.executable, "-m", "app"]
        bare_env = _env(root / "bare")
        welcome_env = _env(root / "welcome")
        unlock_env = _env(root / "unlock", MEDVAULT_OPEN_VAULT=str(vault))
        # Warm: write .pyc files, fill the page cache.
        for cmd, env in ((app_cmd, welcome_env), (app_cmd, unlock_env), (bare_cmd, bare_env)):
            _time_to_line(cmd, env)
        bare, welcome, unlock = [], [], []
        for _ in range(runs):
            bare.append(_time_to_line(bare_cmd, bare_env))
            welcome.append(_time_to_line(app_cmd, welcome_env))
            unlock.append(_time_to_line(app_cmd, unlock_env))
    base = statistics.median(bare)
    figures = []
    for label, values in (("welcome window", welcome),
                          ("unlock window, reopening a vault", unlock)):
        value = statistics.median(values)
        figures.append(Figure(f"start-up to first window, {label} (median of {runs})",
                              value, "s", "bare PySide6 window", base,
                              f"ratio <= {TARGET_RATIO}", value / base <= TARGET_RATIO))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup_figures")
    parser.add_argument("--runs", type=int, default=7, help="runs of each (default 7)")
    args = parser.parse_args(argv)
    os.environ.setdefault("MEDVAULT_POLICY", os.devnull + ".absent")
    for figure in run(args.runs):
        print(figure.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
