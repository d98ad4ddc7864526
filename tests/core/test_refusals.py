"""Every refusal in core is audited, through one path (`Session.refuse`), flagged, with the
operation refused and why; a refusal survives the rollback of the work it stopped."""

from __future__ import annotations

import ast
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.audit import AuditEntry
from app.core.errors import PermissionDenied
from app.core.grants import approve_grant, list_grants
from app.core.messages import message
from app.core.records.chart import open_chart
from app.core.records.emergency import activate_emergency
from app.core.records.notes import get_note, start_note
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Operation, Role
from app.core.rotation import rotate_key
from app.core.session import Session
from app.core.users import add_user, disable_user, reset_password
from app.core.vault import OpenVault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

CORE = Path(__file__).resolve().parents[2] / "app" / "core"
NEW_PASSWORD = "an entirely fresh passphrase"


def _last_refusal(session: Session, action: str = "permission.denied") -> tuple[AuditEntry,
                                                                                 dict[str, Any]]:
    entry = next(session.audit.entries(action_prefix=action, newest_first=True, limit=1))
    assert entry.flagged
    return entry, json.loads(entry.detail)


@contextlib.contextmanager
def _session(vault: OpenVault, name: str, password: str) -> Iterator[Session]:
    session = vault.unlock(name, password)
    try:
        yield session
    finally:
        session.close()


# -- one path ---------------------------------------------------------------------------
def test_core_makes_permission_denied_only_in_session_refuse() -> None:
    # Any other `raise PermissionDenied(...)` would be a refusal nobody audits.
    found = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.value if isinstance(node.func, ast.Attribute) else node.func
            if getattr(called, "id", None) == "PermissionDenied":
                found.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert len(found) == 1 and found[0].startswith("session.py:"), found


def test_core_writes_refusal_entries_only_through_refuse() -> None:
    literal = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "record" \
                    and node.args and isinstance(node.args[0], ast.Constant) \
                    and str(node.args[0].value).endswith(".denied"):
                literal.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert not literal


def test_a_refusal_survives_the_rollback_of_the_transaction_it_stopped(
        owner_session: Session) -> None:
    before = owner_session.audit.count(action_prefix="permission.denied")
    with pytest.raises(PermissionDenied), owner_session.transaction():
        owner_session.record("test.work")  # rolled back with the transaction
        raise owner_session.refuse(Operation.CLINICAL_READ, message("perm.emergency_inactive"),
                                  why="test")
    assert owner_session.audit.count(action_prefix="permission.denied") == before + 1
    assert owner_session.audit.count(action_prefix="test.work") == 0
    _, detail = _last_refusal(owner_session)
    assert detail == {"operation": "clinical.read", "why": "test"}


# -- the refusals that once went unaudited -----------------------------------------------
def test_approving_without_holding_the_key_is_refused_and_audited(
        practice: PracticeVault) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        add_user(owner, name="newdoc", role=Role.CLINICIAN, password=NEW_PASSWORD)
        add_user(owner, name="otherdoc", role=Role.CLINICIAN, password=NEW_PASSWORD)
        owner.close()
        with _session(vault, "newdoc", NEW_PASSWORD) as newdoc:  # no clinical key yet
            with pytest.raises(PermissionDenied, match="do not hold the clinical key"):
                approve_grant(newdoc, "otherdoc", "clinical")
            _, detail = _last_refusal(newdoc)
            assert detail == {"operation": "grant.approve", "why": "no_key",
                              "compartment": "clinical"}


def test_a_role_edited_offline_is_refused_and_flagged_as_that(practice: PracticeVault) -> None:
    with practice.open() as vault, _session(vault, "owner", OWNER_PASSWORD) as owner:
        add_user(owner, name="newdoc", role=Role.CLINICIAN, password=NEW_PASSWORD)
        # Someone with the files and the registry key turns the pending clinician into
        # reception behind MedVault's back; the grant still waits in vault.json.
        with owner.transaction() as conn:
            conn.execute("UPDATE users SET role = 'reception' WHERE name = 'newdoc'")
        with pytest.raises(PermissionDenied, match="changed outside MedVault"):
            approve_grant(owner, "newdoc", "clinical")
        entry, detail = _last_refusal(owner)
        assert detail == {"operation": "grant.approve", "why": "role_edited_offline",
                          "compartment": "clinical", "role": "reception"}
        assert entry.target == vault.file.user_by_name("newdoc").user_id  # type: ignore[union-attr]


def test_rotating_a_key_not_held_is_refused_and_audited(owner_session: Session,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # Every session that may rotate holds the key today; the check guards a future role.
    monkeypatch.setattr(owner_session, "holds", lambda compartment: False)
    with pytest.raises(PermissionDenied, match="cannot rotate"):
        rotate_key(owner_session, "clinical")
    entry, detail = _last_refusal(owner_session)
    assert detail == {"operation": "keys.rotate.clinical", "why": "no_key"}
    assert entry.target == "clinical"


@pytest.mark.parametrize(("action", "operation"), [
    (lambda s: disable_user(s, "owner"), "user.disable"),
    (lambda s: reset_password(s, "owner", NEW_PASSWORD), "user.reset_password"),
])
def test_the_owner_account_is_protected_and_the_refusal_audited(
        practice: PracticeVault, action: Any, operation: str) -> None:
    with practice.open() as vault, _session(vault, "admin1",
                                            practice.password(Role.ADMIN)) as admin:
        with pytest.raises(PermissionDenied):
            action(admin)
        entry, detail = _last_refusal(admin)
        assert detail == {"operation": operation, "why": "owner_account"}
        assert entry.target == vault.file.user_by_name("owner").user_id  # type: ignore[union-attr]


def test_another_person_s_draft_is_refused_and_audited(practice: PracticeVault) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        patient = add_patient(owner, PatientInput(family="Draft", given="Owner",
                                                  birth_date="1980-01-01")).id
        draft = start_note(owner, patient).id
        owner.close()
        with _session(vault, "clinician1", practice.password(Role.CLINICIAN)) as doc:
            with pytest.raises(PermissionDenied, match="unsigned draft"):
                get_note(doc, draft)
            entry, detail = _last_refusal(doc)
            assert detail == {"operation": "clinical.read", "why": "not_author"}
            assert (entry.patient_id, entry.target) == (patient, draft)


def test_clinical_records_without_the_clinical_key_are_refused_and_audited(
        practice: PracticeVault) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        add_user(owner, name="newdoc", role=Role.CLINICIAN, password=NEW_PASSWORD)
        patient = add_patient(owner, PatientInput(family="Key", given="Less",
                                                  birth_date="1980-01-01")).id
        owner.close()
        with _session(vault, "newdoc", NEW_PASSWORD) as newdoc:
            with pytest.raises(PermissionDenied, match="no key to clinical records"):
                open_chart(newdoc, patient)
            entry, detail = _last_refusal(newdoc)
            assert detail == {"operation": "clinical.read", "why": "no_key"}
            assert entry.patient_id == patient


def test_emergency_activation_is_its_own_operation(practice: PracticeVault) -> None:
    with practice.open() as vault:
        with _session(vault, "clinician1", practice.password(Role.CLINICIAN)) as doc:
            with pytest.raises(PermissionDenied, match="Only the emergency account"):
                activate_emergency(doc, "patient collapsed in the waiting room")
            _, detail = _last_refusal(doc)
            assert detail == {"operation": "emergency.activate"}
        with _session(vault, "emergency1", practice.password(Role.EMERGENCY)) as em:
            assert em.allowed(Operation.EMERGENCY_ACTIVATE)
            assert not em.allowed(Operation.CLINICAL_READ)  # inert until activated
            activate_emergency(em, "patient collapsed in the waiting room")
            assert em.allowed(Operation.CLINICAL_READ)


def test_listing_grants_is_audited(owner_session: Session) -> None:
    before = owner_session.audit.count(action_prefix="grant.list")
    list_grants(owner_session)
    assert owner_session.audit.count(action_prefix="grant.list") == before + 1
