"""patient_names: names for the ids in an audit page or the review queue, with one
permission check and one audit entry per call."""

from __future__ import annotations

import pytest

from app.core.errors import PermissionDenied
from app.core.records.patient_names import patient_names
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in


def test_names_many_ids_with_one_audit_entry(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        ada = new_patient(owner, "Lovelace", "Ada")
        hidden = new_patient(owner, "Famous", "Fiona", restricted=True)
    with signed_in(practice, Role.AUDITOR) as auditor:
        before = auditor.audit.count()
        names = patient_names(auditor, [ada, hidden, ada, None, "no-such-patient"])
        assert names == {ada: "Lovelace, Ada", hidden: "Famous, Fiona"}
        new = list(auditor.audit.entries(limit=10, newest_first=True))[
            :auditor.audit.count() - before]
        assert [e.action for e in new] == ["patient.names"]
        # Counts only: the log never holds the names or which ids were asked about.
        assert "Lovelace" not in repr(new[0]) and ada not in repr(new[0])
        assert patient_names(auditor, []) == {}


@pytest.mark.parametrize("role", [Role.OWNER, Role.AUDITOR, Role.ADMIN, Role.CLINICIAN,
                                  Role.RECEPTION])
def test_whoever_may_search_patients_may_name_them(practice: PracticeVault,
                                                   role: Role) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        ada = new_patient(owner, "Lovelace", "Ada")
    with signed_in(practice, role) as session:
        assert patient_names(session, [ada]) == {ada: "Lovelace, Ada"}


def test_an_inactive_emergency_account_may_not(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        ada = new_patient(owner, "Lovelace", "Ada")
    with signed_in(practice, Role.EMERGENCY) as session, pytest.raises(PermissionDenied):
        patient_names(session, [ada])
