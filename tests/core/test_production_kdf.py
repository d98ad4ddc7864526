"""The production Argon2id parameters: calibrated, at least 256 MiB where possible."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.kdf import PRODUCTION_MEMORY_KIB, machine_memory_kib
from app.core.vault import OpenVault, create_vault
from app.core.vault_file import VaultFile
from tests.core.conftest import OWNER_PASSWORD


@pytest.mark.slow
def test_production_parameters_create_and_unlock(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEDVAULT_INSECURE_TEST_KDF")
    create_vault(tmp_path / "v", owner_name="o", password=OWNER_PASSWORD, kind="practice")
    slot = next(s for s in VaultFile.load(tmp_path / "v").slots if s.kind == "password")
    if machine_memory_kib() >= 2 * 1024 * 1024:
        assert slot.kdf.memory_kib >= PRODUCTION_MEMORY_KIB
    assert slot.kdf.memory_kib >= 64 * 1024 and slot.kdf.time_cost >= 1
    with OpenVault.open(tmp_path / "v") as vault:
        vault.unlock("o", OWNER_PASSWORD).close()
