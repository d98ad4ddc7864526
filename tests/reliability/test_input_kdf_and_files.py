"""Hostile parameters and files named by the user or policy (issue 8, item 13)."""

from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from app.core import kdf
from app.core.errors import PolicyViolation, UnsafeFile, WrongCredentials
from app.core.kdf import KdfParams, KdfTooCostly
from app.core.policy import load_policy
from app.core.safe_files import read_regular_file
from app.core.vault import OpenVault, create_vault
from app.core.vault_file import VaultFile
from tests.reliability.input_fixtures import OWNER_PASSWORD

HOSTILE = KdfParams(memory_kib=4 * 1024 * 1024, time_cost=64, parallelism=16,
                    salt=b"\0" * kdf.SALT_BYTES)


@pytest.fixture
def argon2_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Memory of every Argon2 run except the small speed probe; refuses hostile ones."""
    calls: list[int] = []
    real = kdf.hash_secret_raw

    def watched(**kwargs: Any) -> bytes:
        if kwargs["memory_cost"] != kdf._PROBE_KIB:
            calls.append(kwargs["memory_cost"])
        assert kwargs["memory_cost"] * kwargs["time_cost"] < 1024 * 1024 * 4, \
            "hostile Argon2 parameters reached argon2"
        return real(**kwargs)

    monkeypatch.setattr(kdf, "hash_secret_raw", watched)
    return calls


def test_hostile_slot_parameters_are_refused_before_argon2_runs(
        tmp_path: Path, argon2_calls: list[int]) -> None:
    path = tmp_path / "v"
    create_vault(path, owner_name="owner", password=OWNER_PASSWORD, kind="personal")
    index = VaultFile.load(path)  # a vault.json someone doctored
    index.slots = [dataclasses.replace(s, kdf=dataclasses.replace(HOSTILE, salt=s.kdf.salt))
                   if s.kind == "password" else s for s in index.slots]
    index.save(path)
    with OpenVault.open(path) as vault:
        argon2_calls.clear()
        with pytest.raises(KdfTooCostly, match="would take about") as info:
            vault.unlock("owner", OWNER_PASSWORD)
        assert info.value.exit_code == 5
        assert not isinstance(info.value, WrongCredentials)
    assert argon2_calls == []


def test_slot_memory_beyond_half_the_machine_is_refused(
        monkeypatch: pytest.MonkeyPatch, argon2_calls: list[int]) -> None:
    monkeypatch.setattr(kdf, "machine_memory_kib", lambda: 2 * 1024 * 1024)
    params = KdfParams(1536 * 1024, 1, 1, b"\0" * kdf.SALT_BYTES)
    with pytest.raises(KdfTooCostly, match="more than half"):
        kdf.derive(b"secret", params)
    assert argon2_calls == []


def test_a_policy_floor_the_machine_cannot_meet_is_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argon2_calls: list[int]) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("kdf_min_memory_kib = 4194304\nkdf_min_time_cost = 64\n")
    monkeypatch.setenv("MEDVAULT_POLICY", str(policy))
    monkeypatch.delenv("MEDVAULT_INSECURE_TEST_KDF")
    with pytest.raises(PolicyViolation, match="kdf_min_memory_kib"):
        create_vault(tmp_path / "v", owner_name="owner", password=OWNER_PASSWORD,
                     kind="personal")
    assert not (tmp_path / "v").exists()
    assert argon2_calls == []


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    return fifo


@pytest.mark.parametrize("kind", ["/dev/zero", "fifo", "folder", "huge"])
def test_policy_file_must_be_a_small_regular_file(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = _fifo(tmp_path)
    elif kind == "folder":
        path = tmp_path
    elif kind == "huge":
        path = tmp_path / "policy.toml"
        path.write_text("# " + "x" * 1_000_000 + "\n")
    else:
        path = Path(kind)
    result: list[Any] = []
    reader = threading.Thread(target=lambda: result.append(load_policy(path)), daemon=True)
    reader.start()
    reader.join(timeout=20)  # a generous bound: a FIFO read would block for ever
    assert result, "reading the policy hung"
    loaded = result[0]
    assert loaded.errors and loaded.policy == type(loaded.policy)()


@pytest.mark.parametrize("kind", ["/dev/zero", "/dev/null", "fifo"])
def test_read_regular_file_refuses_devices_and_pipes(tmp_path: Path, kind: str) -> None:
    path = _fifo(tmp_path) if kind == "fifo" else Path(kind)
    with pytest.raises(UnsafeFile, match="not a regular file"):
        read_regular_file(path, what="head file")


def test_read_regular_file_caps_size(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(UnsafeFile, match="2000 bytes"):
        read_regular_file(big, max_bytes=1000)
    assert read_regular_file(big, max_bytes=2000) == b"x" * 2000
