"""Every role against every vault operation, through the real API.

The expected table is written out here on purpose, independent of `roles.PERMISSIONS`,
so a change to the matrix must be made deliberately in two places.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.audit_log import open_log
from app.core.backup import create_backup
from app.core.compliance import security_statement
from app.core.drill import drill_backup
from app.core.errors import PermissionDenied, UsageError
from app.core.grants import approve_grant, list_grants, reject_grant
from app.core.health import health_check
from app.core.recovery_key import regenerate_recovery_key
from app.core.roles import Operation, Role
from app.core.rotation import rotate_key
from app.core.session import Session
from app.core.user_import import import_users
from app.core.users import add_user, change_role, disable_user, list_users, reset_password
from app.core.vault_settings import VaultSettings, machine_policy, save_settings, show_settings
from app.core.verification import export_audit, verify_audit, verify_vault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

OW, AD, CL, RE, AU, EM, BK = (Role.OWNER, Role.ADMIN, Role.CLINICIAN, Role.RECEPTION,
                              Role.AUDITOR, Role.EMERGENCY, Role.BACKUP)

EXPECTED: dict[str, set[Role]] = {
    "user.list": {OW, AD, AU},
    "user.add": {OW, AD},
    "user.import": {OW, AD},
    "user.disable": {OW, AD},
    "user.reset_password": {OW, AD},
    "user.change_role": {OW, AD},
    "grant.list": {OW, AD, CL, AU},
    "grant.approve": {OW, CL},
    "grant.reject": {OW, CL},
    "recovery.regenerate": {OW},
    "keys.rotate.registry": {OW, AD},
    "keys.rotate.clinical": {OW},
    "audit.read": {OW, AU},
    "audit.verify": {OW, AD, AU},
    "audit.export": {OW, AU},
    "vault.verify": {OW, AD, AU, BK},
    "backup.create": {OW, AD, BK},
    "backup.drill": {OW, AD, BK},
    "health.view": {OW, AU, BK},
    "monitor.review": {OW, AU},
    "report.security": {OW, AU},
    "incident.export": {OW, AU},
    "policy.view": {OW, AD, CL, RE, AU, EM, BK},
    "settings.view": {OW, AD, AU},
    "settings.edit": {OW},
}

VAULT_AREAS = {"user", "grant", "keys", "audit", "vault", "backup", "policy", "settings",
               "health", "recovery", "monitor", "report", "incident"}
NEW_PASSWORD = "an entirely fresh passphrase"


def _drill(session: Session) -> object:
    try:
        return drill_backup(session)
    except UsageError:
        return None  # allowed, and nothing to test yet


def _review_a_flag(session: Session) -> object:
    # A flag as run_rules returns it (about another account): the matrix is checked first.
    from app.core.monitoring import Flag, review_flag

    flag = Flag("denials", "someone-else", "someone", "2020-01-01", "test", ())
    return review_flag(session, flag)


def _incident(session: Session, tmp: Path) -> object:
    from datetime import UTC, datetime, timedelta

    from app.core.incident import export_incident

    now = datetime.now(UTC)
    return export_incident(session, tmp / "incident.age", start=now - timedelta(days=1),
                           end=now, discovered=now, passphrase="a long passphrase here")


def _actions(tmp: Path) -> dict[str, Callable[[Session], object]]:
    return {
        "user.list": list_users,
        "user.add": lambda s: add_user(s, name="newperson", role=Role.RECEPTION,
                                       password=NEW_PASSWORD),
        "user.import": lambda s: import_users(s, b"name,role\nimported1,reception\n"),
        "user.disable": lambda s: disable_user(s, "reception1"),
        "user.reset_password": lambda s: reset_password(s, "reception1", NEW_PASSWORD),
        "grant.list": list_grants,
        "grant.approve": lambda s: approve_grant(s, "newdoc", "clinical"),
        "grant.reject": lambda s: reject_grant(s, "newdoc", "clinical"),
        # Reception to clinician: within what an admin may move (roles.RESETTABLE_BY).
        "user.change_role": lambda s: change_role(s, "reception1", Role.CLINICIAN),
        # Only the owner may; every other role is refused before its password is read.
        "recovery.regenerate": lambda s: regenerate_recovery_key(s, OWNER_PASSWORD),
        "keys.rotate.registry": lambda s: rotate_key(s, "registry"),
        "keys.rotate.clinical": lambda s: rotate_key(s, "clinical"),
        "audit.read": open_log,
        "audit.verify": verify_audit,
        "audit.export": lambda s: export_audit(s, tmp / "audit.csv", "csv"),
        "vault.verify": verify_vault,
        "backup.create": lambda s: create_backup(s, tmp / "backups"),
        # No backup yet: the drill refuses with a usage error after the permission check.
        "backup.drill": _drill,
        "health.view": health_check,
        "monitor.review": _review_a_flag,
        "report.security": security_statement,
        "incident.export": lambda s: _incident(s, tmp),
        "policy.view": machine_policy,
        "settings.view": show_settings,
        "settings.edit": lambda s: save_settings(s, VaultSettings()),
    }


def test_expected_table_covers_every_vault_operation() -> None:
    vault_ops = {op.value for op in Operation if op.value.split(".")[0] in VAULT_AREAS}
    assert vault_ops == set(EXPECTED)


def test_every_operation_is_in_one_of_the_two_matrix_tests() -> None:
    # A new Operation fails here until a matrix test tries it for every role, refusals
    # with their audit entry included.
    from tests.core.records.test_permission_matrix import EXPECTED as RECORDS
    from tests.core.records.test_permission_matrix import NOT_YET_WIRED

    covered = set(EXPECTED) | set(RECORDS)
    assert not covered & NOT_YET_WIRED
    assert covered | NOT_YET_WIRED == {op.value for op in Operation}
    assert not set(EXPECTED) & set(RECORDS)


@pytest.mark.parametrize("operation", sorted(EXPECTED))
@pytest.mark.parametrize("role", list(Role))
def test_role_against_operation(practice: PracticeVault, tmp_path: Path, role: Role,
                                operation: str) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        add_user(owner, name="newdoc", role=Role.CLINICIAN, password=NEW_PASSWORD)
        owner.close()
        session = vault.unlock(practice.user_name(role), practice.password(role))
        try:
            action = _actions(tmp_path)[operation]
            if role in EXPECTED[operation]:
                action(session)
            else:
                with pytest.raises(PermissionDenied):
                    action(session)
                denied = list(session.audit.entries(action_prefix="permission.denied"))
                assert denied and denied[-1].flagged
                # Refused by the matrix, as exactly this operation (not for another reason).
                assert json.loads(denied[-1].detail) == {"operation": operation}
        finally:
            session.close()
