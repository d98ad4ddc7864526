"""Two vaults for sharing tests: the practice (sender) and a receiving practice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.session import Session
from app.core.vault import OpenVault, create_vault

RECEIVER_PASSWORD = "receiving practice walks far"


@pytest.fixture
def receiver_path(tmp_path: Path) -> Path:
    path = tmp_path / "receiver"
    create_vault(path, owner_name="doc", password=RECEIVER_PASSWORD, kind="practice")
    return path


@pytest.fixture
def receiver(receiver_path: Path) -> Iterator[Session]:
    vault = OpenVault.open(receiver_path)
    session = vault.unlock("doc", RECEIVER_PASSWORD)
    try:
        yield session
    finally:
        session.close()
        vault.close()
