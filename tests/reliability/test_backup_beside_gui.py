"""Issue 13 item 4: a window at the sign-in screen does not block the vault, and the
nightly backup and verify get through a window someone left signed in, by waiting (a
bounded time) for it to sign out or auto-lock. Real processes: the window is the real
GUI in its own process (tests/reliability/gui_holder.py), the backup is the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.vault import OpenVault
from tests.core.conftest import PracticeVault
from tests.support import OWNER_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


class Window:
    """The GUI process and its one-line answers."""

    def __init__(self, vault: Path, config: Path) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.gui_holder", str(vault), str(config)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env, cwd=ROOT)
        assert self.answer() == "open"

    def answer(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        assert line, self.process.stderr.read() if self.process.stderr else "no answer"
        return line

    def ask(self, command: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.answer()

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.ask("quit")
                self.process.wait(timeout=30)
            except (OSError, AssertionError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()


@pytest.fixture
def window(practice: PracticeVault, tmp_path: Path) -> Iterator[Window]:
    win = Window(practice.path, tmp_path / "gui-config")
    try:
        yield win
    finally:
        win.close()


def cli(*args: str, wait: float | None = None) -> subprocess.CompletedProcess[str]:
    extra = [] if wait is None else ["--wait", str(wait)]
    return subprocess.run([sys.executable, "-m", "app.cli", *args, "--as", "owner",
                           "--password-stdin", "--json", *extra],
                          input=OWNER_PASSWORD + "\n", capture_output=True, text=True,
                          cwd=ROOT, timeout=300, check=False)


def backup(practice: PracticeVault, to: Path, wait: float) -> subprocess.CompletedProcess[str]:
    return cli("backup", str(practice.path), "--to", str(to), wait=wait)


def test_a_window_at_the_sign_in_screen_blocks_nothing(practice: PracticeVault,
                                                       window: Window, tmp_path: Path) -> None:
    done = backup(practice, tmp_path / "backups", wait=0)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verified"] is True
    checked = cli("verify", str(practice.path), wait=0)
    assert checked.returncode == 0 and json.loads(checked.stdout)["ok"], checked.stderr
    # The window was there all along and can still sign in.
    assert window.ask(f"signin owner {OWNER_PASSWORD}") == "signed-in"


def test_a_signed_in_window_holds_the_vault_until_it_locks(practice: PracticeVault,
                                                           window: Window, tmp_path: Path
                                                           ) -> None:
    assert window.ask(f"signin owner {OWNER_PASSWORD}") == "signed-in"
    assert window.ask("touch") == "touched"
    backups = tmp_path / "backups"
    refused = backup(practice, backups, wait=0)
    assert refused.returncode == 6
    assert "signed in to this vault in another MedVault" in json.loads(refused.stderr)[
        "error"] if refused.stderr.startswith("{") else refused.stderr
    assert not backups.exists() or not any(backups.iterdir()), "nothing half-written"
    # The nightly job waits; the window locks (auto-lock, or someone pressed Ctrl+L).
    started = time.monotonic()
    job = subprocess.Popen([sys.executable, "-m", "app.cli", "backup", str(practice.path),
                            "--to", str(backups), "--as", "owner", "--password-stdin",
                            "--json", "--wait", "120"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    out, err = "", ""
    try:
        assert job.stdin is not None
        job.stdin.write(OWNER_PASSWORD + "\n")
        job.stdin.flush()
        time.sleep(2)
        assert job.poll() is None, "the backup waits while the window is signed in"
        assert window.ask("lock") == "locked"
        out, err = job.communicate(timeout=240)
    finally:
        if job.poll() is None:
            job.kill()
    assert job.returncode == 0, err
    assert time.monotonic() - started >= 2
    made = Path(json.loads(out)["backup"])
    # The backup restores and verifies; both programs' entries are in one intact chain.
    restored = tmp_path / "restored"
    done = subprocess.run([sys.executable, "-m", "app.cli", "restore", str(made), "--to",
                           str(restored), "--json"], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    for folder in (practice.path, restored):
        checked = cli("verify", str(folder), wait=0)
        assert checked.returncode == 0 and json.loads(checked.stdout)["ok"], checked.stderr
    with OpenVault.open(practice.path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            actions = [e.action for e in session.audit.entries()]
            assert session.audit.verify().ok
        finally:
            session.close()
    assert "test.gui.touch" in actions and "backup.create" in actions
    assert actions.index("test.gui.touch") < actions.index("backup.create")


def test_the_wait_is_bounded(practice: PracticeVault, window: Window, tmp_path: Path) -> None:
    assert window.ask(f"signin owner {OWNER_PASSWORD}") == "signed-in"
    backups = tmp_path / "backups"
    started = time.monotonic()
    done = backup(practice, backups, wait=1.5)
    assert done.returncode == 6
    assert 1.5 <= time.monotonic() - started < 120
    assert "waited 1.5 s" in done.stderr
    assert not backups.exists() or not any(backups.iterdir())
