"""Separation of duties and the emergency account's re-arming (issue 8, items 9 and 10)."""

from __future__ import annotations

import pytest

from app.core.errors import PermissionDenied, PolicyViolation
from app.core.records.emergency import activate_emergency
from app.core.roles import Role
from app.core.rotation import rotate_key
from app.core.users import reset_password
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

NEW_PASSWORD = "an entirely fresh passphrase"
OW, AD, CL, RE, AU, EM, BK = (Role.OWNER, Role.ADMIN, Role.CLINICIAN, Role.RECEPTION,
                              Role.AUDITOR, Role.EMERGENCY, Role.BACKUP)

# Who may reset whose password; written out independently of roles.RESETTABLE_BY.
MAY_RESET = {
    OW: {AD, CL, RE, AU, EM, BK},
    AD: {CL, RE, BK},
}


@pytest.mark.parametrize("actor", [OW, AD])
@pytest.mark.parametrize("target", list(Role))
def test_a_reset_needs_a_role_above_the_target(practice: PracticeVault, actor: Role,
                                               target: Role) -> None:
    with practice.open() as vault:
        session = vault.unlock(practice.user_name(actor), practice.password(actor))
        try:
            if target in MAY_RESET[actor]:
                reset_password(session, practice.user_name(target), NEW_PASSWORD)
                [entry] = session.audit.entries(action_prefix="user.reset_password")
                assert entry.flagged
            else:
                with pytest.raises(PermissionDenied):
                    reset_password(session, practice.user_name(target), NEW_PASSWORD)
                denied = list(session.audit.entries(action_prefix="permission.denied"))
                assert denied and denied[-1].flagged
        finally:
            session.close()


@pytest.mark.parametrize("target", [AD, CL, RE, AU, EM, BK])
def test_a_reset_password_is_temporary_for_a_person_only(practice: PracticeVault,
                                                          target: Role) -> None:
    """Whoever reset a password knows it: a person must choose their own at the next
    sign-in before doing anything else. The emergency account's password is the sealed
    one in the safe and the backup job's lives in its credential store: theirs stay."""
    from app.core.errors import EnrolmentRequired
    from app.core.records.patients import list_patients
    from app.core.users import change_own_password

    name = practice.user_name(target)
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        until = reset_password(owner, name, NEW_PASSWORD)
        [entry] = owner.audit.entries(action_prefix="user.reset_password")
        owner.close()
        if target in (EM, BK):
            assert until is None and "temporary_until" not in entry.detail
            vault.unlock(name, NEW_PASSWORD).close()  # and nothing is pending
            return
        assert until is not None and until[:10] in entry.detail
        session = vault.unlock(name, NEW_PASSWORD)
        try:
            with pytest.raises(EnrolmentRequired):
                list_patients(session)
            with pytest.raises(PolicyViolation, match="of your own"):
                change_own_password(session, NEW_PASSWORD, NEW_PASSWORD)
            change_own_password(session, NEW_PASSWORD, "a passphrase only they know")
        finally:
            session.close()
        session = vault.unlock(name, "a passphrase only they know")
        try:
            assert not session.pending_enrolment
        finally:
            session.close()


def test_admin_cannot_take_over_the_auditor(practice: PracticeVault) -> None:
    with practice.open() as vault:
        admin = vault.unlock("admin1", practice.password(AD))
        with pytest.raises(PermissionDenied):
            reset_password(admin, "auditor1", NEW_PASSWORD)
        admin.close()
        # The auditor's own password still works; the new one does not.
        vault.unlock("auditor1", practice.password(AU)).close()


def test_a_reset_user_is_told_at_next_sign_in(practice: PracticeVault) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        assert owner.notices == []
        reset_password(owner, "reception1", NEW_PASSWORD)
        owner.close()
        session = vault.unlock("reception1", NEW_PASSWORD)
        try:
            [notice] = [n.english() for n in session.notices]
            assert "reset by owner" in notice
            assert list(session.audit.entries(action_prefix="notice.password_reset"))
        finally:
            session.close()
        # Told once.
        again = vault.unlock("reception1", NEW_PASSWORD)
        assert again.notices == []
        again.close()


def test_emergency_activation_requires_rotation_and_new_password(
        practice: PracticeVault) -> None:
    with practice.open() as vault:
        emergency = vault.unlock("emergency1", practice.password(EM))
        activate_emergency(emergency, "unconscious patient, owner unreachable")
        emergency.close()

        owner = vault.unlock("owner", OWNER_PASSWORD)
        [notice] = [n.english() for n in owner.notices]
        assert "rotate the clinical key" in notice and "new emergency password" in notice
        owner.close()

        emergency = vault.unlock("emergency1", practice.password(EM))
        with pytest.raises(PermissionDenied, match="rotate the clinical key"):
            activate_emergency(emergency, "second emergency, same day")
        emergency.close()

        owner = vault.unlock("owner", OWNER_PASSWORD)
        rotate_key(owner, "clinical")
        owner.close()
        owner = vault.unlock("owner", OWNER_PASSWORD)
        [notice] = [n.english() for n in owner.notices]
        assert "rotate the clinical key" not in notice and "new emergency password" in notice
        reset_password(owner, "emergency1", NEW_PASSWORD)
        # The reset account's clinical key waits for approval again.
        from app.core.grants import approve_grant

        approve_grant(owner, "emergency1", "clinical")
        owner.close()

        owner = vault.unlock("owner", OWNER_PASSWORD)
        assert owner.notices == []
        assert list(owner.audit.entries(action_prefix="emergency.rearmed"))
        owner.close()
        emergency = vault.unlock("emergency1", NEW_PASSWORD)
        activate_emergency(emergency, "third emergency, account re-armed")
        emergency.close()
