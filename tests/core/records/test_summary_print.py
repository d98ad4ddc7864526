"""Printing a summary is allowed only to roles that may, and every copy is audited."""

from __future__ import annotations

import pytest

from app.core.errors import PermissionDenied
from app.core.records.patients import PatientInput, add_patient
from app.core.records.summary import record_summary_print
from app.core.roles import Role
from tests.core.conftest import OWNER_PASSWORD, PracticeVault


def test_summary_print_is_audited_and_refused_to_reception(practice: PracticeVault) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        patient = add_patient(owner, PatientInput(family="Ng", given="Ada",
                                                  birth_date="1980-02-03"))
        record_summary_print(owner, patient.id, "pdf")
        entries = list(owner.audit.entries(action_prefix="summary.print"))
        assert [(e.patient_id, e.detail) for e in entries] == [(patient.id, '{"output":"pdf"}')]
        owner.close()
        desk = vault.unlock("reception1", practice.password(Role.RECEPTION))
        with pytest.raises(PermissionDenied):
            record_summary_print(desk, patient.id, "printer")
        desk.close()
