"""Reading the audit log goes through core: `open_log` checks, audits, and pages."""

from __future__ import annotations

import json

import pytest

from app.core.audit_log import LogFilters, open_log
from app.core.errors import PermissionDenied
from app.core.roles import Operation, Role, is_allowed
from app.core.session import Session
from tests.core.conftest import PracticeVault


def _bulk(session: Session, count: int) -> None:
    with session.transaction():
        for i in range(count):
            session.record("test.bulk", target=str(i), flagged=(i % 50 == 0))


def _reads(session: Session) -> int:
    return session.audit.count(action_prefix="audit.read")


@pytest.mark.parametrize("role", [r for r in Role if not is_allowed(r, Operation.AUDIT_READ)])
def test_roles_without_audit_read_are_refused_and_the_refusal_is_audited(
        practice: PracticeVault, role: Role) -> None:
    with practice.open() as vault:
        session = vault.unlock(practice.user_name(role), practice.password(role))
        try:
            reads = _reads(session)
            with pytest.raises(PermissionDenied):
                open_log(session)
            denied = next(session.audit.entries(action_prefix="permission.denied",
                                                newest_first=True, limit=1))
            assert denied.flagged and json.loads(denied.detail) == {"operation": "audit.read"}
            assert _reads(session) == reads  # nothing was read, so no read is recorded
        finally:
            session.close()


def test_one_audit_read_per_query_not_per_page(owner_session: Session) -> None:
    _bulk(owner_session, 450)
    reads = _reads(owner_session)
    log = open_log(owner_session, LogFilters(action_prefix="test.bulk"), page_size=200)
    assert (log.total, log.pages) == (450, 3)
    pages = [log.page(i) for i in range(log.pages)]
    assert [len(p) for p in pages] == [200, 200, 50]
    assert log.page(3) == []
    seqs = [row.entry.seq for page in pages for row in page]
    assert seqs == sorted(set(seqs), reverse=True)  # newest first, no gaps, no repeats
    assert _reads(owner_session) == reads + 1
    entry = next(owner_session.audit.entries(action_prefix="audit.read", newest_first=True,
                                             limit=1))
    assert json.loads(entry.detail) == {"entries": 450, "filtered": True}


def test_the_query_is_pinned_against_entries_added_while_paging(
        owner_session: Session) -> None:
    _bulk(owner_session, 10)
    log = open_log(owner_session, page_size=4)
    total = log.total
    first = log.page(0)[0].entry.seq
    _bulk(owner_session, 5)  # arrives while someone scrolls
    assert log.page(0)[0].entry.seq == first
    assert sum(len(log.page(i)) for i in range(log.pages)) == total


def test_filters_reach_the_query(owner_session: Session) -> None:
    _bulk(owner_session, 120)
    assert open_log(owner_session, LogFilters(action_prefix="test.bulk",
                                              flagged_only=True)).total == 3
    assert open_log(owner_session, LogFilters(until="2000-01-01")).total == 0


def test_rows_name_users_and_patients_for_those_who_may_search(
        practice: PracticeVault) -> None:
    from app.core.records.patients import PatientInput, add_patient

    with practice.open() as vault:
        owner = vault.unlock("owner", practice.password(Role.OWNER))
        patient = add_patient(owner, PatientInput(family="Lindqvist", given="Åsa",
                                                  birth_date="1970-01-01"))
        owner.close()
        auditor = vault.unlock(practice.user_name(Role.AUDITOR),
                               practice.password(Role.AUDITOR))
        try:
            rows = open_log(auditor, LogFilters(action_prefix="patient.create")).page(0)
            assert rows[0].entry.patient_id == patient.id
            assert rows[0].patient_name == "Lindqvist, Åsa"
            added = open_log(auditor, LogFilters(action_prefix="user.add")).page(0)
            assert {r.target_name for r in added} >= {"auditor1", "clinician1"}
        finally:
            auditor.close()


def test_a_locked_session_reads_no_further_page(practice: PracticeVault) -> None:
    with practice.open() as vault:
        session = vault.unlock("owner", practice.password(Role.OWNER))
        log = open_log(session, page_size=1)
        assert log.is_open
        session.close()
        assert not log.is_open
        from app.core.session import SessionClosed

        with pytest.raises(SessionClosed):
            log.page(1)
