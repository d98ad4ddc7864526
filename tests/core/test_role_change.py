"""Changing a user's role and rejecting a pending grant (issue 15.8): keys follow the role,
least privilege, the owner is never demoted, every refusal and change is audited."""

from __future__ import annotations

import json

import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.grants import list_grants, may_approve_now, reject_grant
from app.core.roles import Role
from app.core.users import add_user, change_role, roles_assignable_to
from app.core.vault_file import VaultFile
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

DOC_PASSWORD = "the new doctor arrives on monday"


def _role(session: object, name: str) -> str:
    conn = session.conn  # type: ignore[attr-defined]
    return str(conn.execute("SELECT role FROM users WHERE name = ?", (name,)).fetchone()[0])


def test_a_clinician_made_reception_loses_the_clinical_key(practice: PracticeVault) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        change = change_role(owner, "clinician1", Role.RECEPTION)
        assert change.revoked == ("clinical",) and change.pending == ()
        assert _role(owner, "clinician1") == "reception"
        entry = list(owner.audit.entries(action_prefix="user.role_change"))[-1]
        assert entry.flagged
        assert json.loads(entry.detail) == {"from": "clinician", "to": "reception",
                                            "revoked": ["clinical"], "pending": []}
        owner.close()
        user_id = VaultFile.load(practice.path).user_by_name("clinician1").user_id  # type: ignore[union-attr]
        assert user_id not in VaultFile.load(practice.path).holders("clinical")
        moved = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        assert moved.user.role is Role.RECEPTION
        assert moved.holds("registry") and not moved.holds("clinical")
        moved.close()


def test_reception_made_clinician_waits_for_a_holder(practice: PracticeVault) -> None:
    with practice.open() as vault:
        admin = vault.unlock("admin1", practice.password(Role.ADMIN))
        change = change_role(admin, "reception1", Role.CLINICIAN)
        assert change.revoked == () and change.pending == ("clinical",)
        assert [(g.name, g.compartment) for g in list_grants(admin)] == [
            ("reception1", "clinical")]
        assert not may_approve_now(admin)
        admin.close()
        moved = vault.unlock("reception1", practice.password(Role.RECEPTION))
        assert moved.user.role is Role.CLINICIAN and not moved.holds("clinical")
        moved.close()


def test_the_owner_is_never_demoted_and_nobody_changes_their_own(
        practice: PracticeVault) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        with pytest.raises(PermissionDenied, match="one owner"):
            change_role(owner, "owner", Role.ADMIN)
        denied = list(owner.audit.entries(action_prefix="permission.denied"))[-1]
        assert json.loads(denied.detail)["why"] == "owner_account" and denied.flagged
        with pytest.raises(UsageError, match="one owner"):
            change_role(owner, "admin1", Role.OWNER)
        with pytest.raises(UsageError, match="emergency"):
            change_role(owner, "emergency1", Role.CLINICIAN)
        with pytest.raises(UsageError, match="emergency"):
            change_role(owner, "clinician1", Role.EMERGENCY)
        with pytest.raises(UsageError, match="backup"):
            change_role(owner, "clinician1", Role.BACKUP)
        with pytest.raises(UsageError, match="already"):
            change_role(owner, "clinician1", Role.CLINICIAN)
        assert roles_assignable_to(owner, "owner") == ()
        assert roles_assignable_to(owner, "clinician1") == (Role.ADMIN, Role.RECEPTION,
                                                             Role.AUDITOR)
        owner.close()
        admin = vault.unlock("admin1", practice.password(Role.ADMIN))
        with pytest.raises(PermissionDenied, match="own role"):
            change_role(admin, "admin1", Role.CLINICIAN)
        assert json.loads(list(admin.audit.entries(action_prefix="permission.denied"))[-1]
                          .detail)["why"] == "own_account"
        admin.close()


@pytest.mark.parametrize(("target", "to"), [
    ("clinician1", Role.ADMIN),     # to a role above reach: an admin making admins
    ("auditor1", Role.RECEPTION),   # from the role that checks admins
    ("clinician1", Role.AUDITOR),
])
def test_an_admin_moves_only_between_roles_below_it(practice: PracticeVault, target: str,
                                                    to: Role) -> None:
    with practice.open() as vault:
        admin = vault.unlock("admin1", practice.password(Role.ADMIN))
        with pytest.raises(PermissionDenied, match="only a role above both"):
            change_role(admin, target, to)
        denied = list(admin.audit.entries(action_prefix="permission.denied"))[-1]
        assert denied.flagged and json.loads(denied.detail)["why"] == "role_not_above"
        assert _role(admin, target) != to.value
        assert roles_assignable_to(admin, "clinician1") == (Role.RECEPTION,)
        assert roles_assignable_to(admin, "auditor1") == ()
        admin.close()


def test_a_rejected_grant_is_gone_and_never_sealed(practice: PracticeVault) -> None:
    with practice.open() as vault:
        admin = vault.unlock("admin1", practice.password(Role.ADMIN))
        add_user(admin, name="newdoc", role=Role.CLINICIAN, password=DOC_PASSWORD)
        with pytest.raises(PermissionDenied):
            reject_grant(admin, "newdoc")
        admin.close()
        holder = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        assert may_approve_now(holder)
        reject_grant(holder, "newdoc")
        assert list_grants(holder) == []
        entry = list(holder.audit.entries(action_prefix="grant.reject"))[-1]
        assert json.loads(entry.detail) == {"compartment": "clinical"}
        with pytest.raises(UsageError, match="No pending"):
            reject_grant(holder, "newdoc")
        holder.close()
        doc = vault.unlock("newdoc", DOC_PASSWORD)
        assert not doc.holds("clinical")
        doc.close()
