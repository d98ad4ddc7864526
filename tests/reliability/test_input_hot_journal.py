"""A damaged hot journal is never played back into a huge file (issue 8, item 12)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import VaultDamaged
from app.core.vault import OpenVault, create_vault
from app.core.verification import verify_vault
from tests.reliability.input_fixtures import OWNER_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def _crash_mid_change(vault: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "tests.reliability.hot_journal_driver",
                           str(vault), OWNER_PASSWORD], cwd=ROOT, capture_output=True,
                          check=False, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    journal = vault / "registry.db-journal"
    assert journal.stat().st_size > 0
    return journal


@pytest.fixture
def crashed(tmp_path: Path) -> Path:
    path = tmp_path / "vault"
    create_vault(path, owner_name="owner", password=OWNER_PASSWORD, kind="practice")
    _crash_mid_change(path)
    return path


def test_a_sound_hot_journal_is_rolled_back(crashed: Path) -> None:
    with OpenVault.open(crashed) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            assert verify_vault(session).ok
            count = session.conn.execute(
                "SELECT count(*) FROM meta WHERE key LIKE 'filler%'").fetchone()[0]
            assert count == 0
        finally:
            session.close()


@pytest.mark.parametrize("offset", [16, 17, 18])
def test_a_flipped_original_size_is_damage_not_a_huge_file(crashed: Path,
                                                             offset: int) -> None:
    journal = crashed / "registry.db-journal"
    registry = crashed / "registry.db"
    size_before = registry.stat().st_size
    data = bytearray(journal.read_bytes())
    data[offset] ^= 0xFF if offset == 16 else 0x40
    journal.write_bytes(bytes(data))
    with OpenVault.open(crashed) as vault, pytest.raises(VaultDamaged, match="interrupted"):
        vault.unlock("owner", OWNER_PASSWORD)
    assert registry.stat().st_size == size_before
    assert journal.exists()  # kept as evidence, and for a specialist to look at


def test_an_inflated_sparse_compartment_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "vault"
    create_vault(path, owner_name="owner", password=OWNER_PASSWORD, kind="practice")
    with (path / "registry.db").open("r+b") as handle:
        handle.truncate(1 << 40)  # what a bad replay leaves: a terabyte of holes
    try:
        with OpenVault.open(path) as vault, pytest.raises(VaultDamaged, match="inflated"):
            vault.unlock("owner", OWNER_PASSWORD)
    finally:
        os.truncate(path / "registry.db", 0)
