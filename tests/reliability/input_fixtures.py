"""Vaults for the bad-input tests (imported by the test_input_* modules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import OWNER_PASSWORD as OWNER_PASSWORD
from tests.support import make_practice_vault
from tests.support import password_for as password_for


@pytest.fixture
def staffed_vault(tmp_path: Path) -> Path:
    """A practice vault with the owner and one user of every other role."""
    path = tmp_path / "practice"
    make_practice_vault(path)
    return path
