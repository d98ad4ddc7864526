"""Vaults for the bad-input tests (imported by the test_input_* modules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.grants import approve_grant
from app.core.roles import ASSIGNABLE_ROLES, Role
from app.core.users import add_user
from app.core.vault import OpenVault, create_vault

OWNER_PASSWORD = "correct horse battery staple"


def password_for(role: Role) -> str:
    return OWNER_PASSWORD if role is Role.OWNER else f"{role.value} walks the quiet harbour"


def name_for(role: Role) -> str:
    return "owner" if role is Role.OWNER else f"{role.value}1"


@pytest.fixture
def staffed_vault(tmp_path: Path) -> Path:
    """A practice vault with the owner and one user of every other role."""
    path = tmp_path / "practice"
    create_vault(path, owner_name="owner", password=OWNER_PASSWORD, kind="practice")
    with OpenVault.open(path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        for role in ASSIGNABLE_ROLES:
            add_user(session, name=name_for(role), role=role, password=password_for(role))
        for role in (Role.CLINICIAN, Role.EMERGENCY):
            approve_grant(session, name_for(role), "clinical")
        session.close()
    return path
