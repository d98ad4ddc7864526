"""Shared fixtures: offscreen Qt, an in-memory keychain, cheap Argon2 and an isolated home."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from app.core import policy as policy_mod

# Test vaults live in memory where the system has a RAM file system (Linux's /dev/shm) and
# no TMPDIR was chosen: every sign-in, audit entry and kill test syncs its writes, and on a
# shared VM's disk those waits took a quarter of the reliability tests' time. No test's
# claim rests on a write reaching the disk: kill -9 leaves the page cache in place, and the
# disk-full and read-only tests mount file systems of their own. Set TMPDIR to test on disk.
_RAM = Path("/dev/shm")
if "TMPDIR" not in os.environ and _RAM.is_dir() and os.access(_RAM, os.W_OK):
    _free = os.statvfs(_RAM)
    if _free.f_bavail * _free.f_frsize >= 4 << 30:  # the suite's files fit several times
        tempfile.tempdir = str(_RAM)

# Qt must never try to reach a real display in the suite. The offscreen screen is a
# desktop monitor's size (its default, 800×800, would make every main window shrink to fit;
# tests/ui/test_small_screens.py puts windows on a 1024×700 screen of its own).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen:configfile=" + str(
    Path(__file__).with_name("offscreen-screen.json")))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first (marked `slow` or `long`), in their own order otherwise: with
    two workers, a minute-long test drawn last would leave one worker idle while the
    other runs it; drawn first, the short ones fill in around it."""
    items.sort(key=lambda item: not (item.get_closest_marker("slow")
                                     or item.get_closest_marker("long")))


class MemoryKeyring(KeyringBackend):
    """A keychain that lives in this process only, so tests never touch the real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


HERMETIC = Path(__file__).resolve().parent / "hermetic"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME, XDG dirs and the policy at a private folder; use cheap Argon2.

    The machine policy location moves to `HOME/system-policy.toml` (absent unless a test
    writes it, see `machine_policy`), in this process through core's test-only switch and
    in child processes through tests/hermetic/sitecustomize.py, so a policy that IT
    installed on this machine never changes a test's outcome."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("MEDVAULT_POLICY", str(home / "no-policy.toml"))
    monkeypatch.setenv("MEDVAULT_INSECURE_TEST_KDF", "1")
    system_policy = home / "system-policy.toml"
    monkeypatch.setattr(policy_mod, "_test_system_path", system_policy)
    monkeypatch.setenv("MEDVAULT_TEST_SYSTEM_POLICY", str(system_policy))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(HERMETIC), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return home


@pytest.fixture
def machine_policy(isolated_env: Path) -> Callable[[str], Path]:
    """Write the test's machine policy (what IT would put in /etc/medvault/policy.toml)."""

    def write(text: str) -> Path:
        path = isolated_env / "system-policy.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def use_machine_policy(monkeypatch: pytest.MonkeyPatch, path: Path | str) -> None:
    """Make `path` the machine policy for the rest of the test, here and in child processes."""
    monkeypatch.setattr(policy_mod, "_test_system_path", Path(path))
    monkeypatch.setenv("MEDVAULT_TEST_SYSTEM_POLICY", str(path))
