"""Fixtures for core tests: a practice vault with one user of every role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.roles import Role
from app.core.session import Session
from app.core.vault import NewVault, OpenVault
from tests.support import OWNER_PASSWORD as OWNER_PASSWORD
from tests.support import make_practice_vault
from tests.support import password_for as password_for
from tests.support import user_name as _user_name


@dataclass
class PracticeVault:
    path: Path
    created: NewVault

    def open(self) -> OpenVault:
        return OpenVault.open(self.path)

    def user_name(self, role: Role) -> str:
        return _user_name(role)

    def password(self, role: Role) -> str:
        return password_for(role)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "practice"


@pytest.fixture
def practice(vault_path: Path) -> PracticeVault:
    """A practice vault with owner + one user of each assignable role, grants approved."""
    return PracticeVault(vault_path, make_practice_vault(vault_path))


@pytest.fixture
def owner_session(practice: PracticeVault) -> Iterator[Session]:
    vault = practice.open()
    session = vault.unlock("owner", OWNER_PASSWORD)
    try:
        yield session
    finally:
        session.close()
        vault.close()
