"""The reliability suite reuses the core practice-vault fixtures (one definition)."""

from tests.core.conftest import owner_session, practice, vault_path  # noqa: F401
