"""A new recovery key voids the old one (issue 15.5): the owner only, password asked again,
audited and flagged; the old key opens nothing afterwards and the new one does."""

from __future__ import annotations

import json

import pytest

from app.core.errors import PermissionDenied, WrongCredentials
from app.core.recovery_key import regenerate_recovery_key
from app.core.roles import Role
from app.core.vault_file import VaultFile
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

NEW_PASSWORD = "recovered and remembered this time"


def test_the_new_key_works_and_the_old_one_no_longer_does(practice: PracticeVault) -> None:
    old_key = practice.created.recovery_key
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        new_key = regenerate_recovery_key(owner, OWNER_PASSWORD)
        assert new_key != old_key and len(new_key.replace("-", "")) == 32
        entries = list(owner.audit.entries(action_prefix="recovery.regenerate"))
        assert [e.action for e in entries] == ["recovery.regenerate"]
        assert entries[0].flagged and json.loads(entries[0].detail) == {"voided": 1}
        assert old_key not in json.dumps([e.detail for e in entries])
        owner.close()
        # One recovery slot, never none and never two.
        assert len(VaultFile.load(practice.path).slots_for(
            vault.file.user_by_name("owner").user_id, "recovery")) == 1  # type: ignore[union-attr]

        with pytest.raises(WrongCredentials, match="recovery key"):
            vault.unlock_with_recovery(old_key, NEW_PASSWORD)
        session = vault.unlock_with_recovery(new_key, NEW_PASSWORD)
        assert session.user.role is Role.OWNER and session.holds("clinical")
        session.close()
        vault.unlock("owner", NEW_PASSWORD).close()


def test_a_wrong_password_changes_nothing_and_is_recorded(practice: PracticeVault) -> None:
    before = (practice.path / "vault.json").read_bytes()
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        after_signin = (practice.path / "vault.json").read_bytes()
        with pytest.raises(WrongCredentials):
            regenerate_recovery_key(owner, "not the owner's password")
        failed = list(owner.audit.entries(action_prefix="recovery.regenerate"))
        assert [e.action for e in failed] == ["recovery.regenerate.failed"]
        assert failed[0].flagged
        assert (practice.path / "vault.json").read_bytes() == after_signin
        owner.close()
        vault.unlock_with_recovery(practice.created.recovery_key, NEW_PASSWORD).close()
    assert before  # the vault existed before; its recovery key still worked above


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.OWNER])
def test_no_other_role_may_and_each_refusal_is_audited(practice: PracticeVault,
                                                       role: Role) -> None:
    with practice.open() as vault:
        session = vault.unlock(practice.user_name(role), practice.password(role))
        with pytest.raises(PermissionDenied):
            regenerate_recovery_key(session, practice.password(role))
        denied = list(session.audit.entries(action_prefix="permission.denied"))
        assert denied[-1].flagged
        assert json.loads(denied[-1].detail) == {"operation": "recovery.regenerate"}
        session.close()
        vault.unlock_with_recovery(practice.created.recovery_key, NEW_PASSWORD).close()
