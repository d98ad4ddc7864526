"""Fixtures for core tests: a practice vault with one user of every role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.grants import approve_grant
from app.core.roles import ASSIGNABLE_ROLES, Role
from app.core.session import Session
from app.core.users import add_user
from app.core.vault import NewVault, OpenVault, create_vault

OWNER_PASSWORD = "correct horse battery staple"


def password_for(role: Role) -> str:
    return f"{role.value} walks the quiet harbour"


@dataclass
class PracticeVault:
    path: Path
    created: NewVault

    def open(self) -> OpenVault:
        return OpenVault.open(self.path)

    def user_name(self, role: Role) -> str:
        return "owner" if role is Role.OWNER else f"{role.value}1"

    def password(self, role: Role) -> str:
        return OWNER_PASSWORD if role is Role.OWNER else password_for(role)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "practice"


@pytest.fixture
def practice(vault_path: Path) -> PracticeVault:
    """A practice vault with owner + one user of each assignable role, grants approved."""
    created = create_vault(vault_path, owner_name="owner", password=OWNER_PASSWORD,
                           kind="practice")
    with OpenVault.open(vault_path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        for role in ASSIGNABLE_ROLES:
            add_user(session, name=f"{role.value}1", role=role, password=password_for(role))
        for role in (Role.CLINICIAN, Role.EMERGENCY):
            approve_grant(session, f"{role.value}1", "clinical")
        session.close()
    return PracticeVault(vault_path, created)


@pytest.fixture
def owner_session(practice: PracticeVault) -> Iterator[Session]:
    vault = practice.open()
    session = vault.unlock("owner", OWNER_PASSWORD)
    try:
        yield session
    finally:
        session.close()
        vault.close()
