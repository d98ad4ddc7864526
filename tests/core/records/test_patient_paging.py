"""Paging through every patient: by key and by offset give the same whole list."""

from __future__ import annotations

from app.core.records.demo import fill_demo
from app.core.records.patients import count_patients, list_patients
from app.core.session import Session


def test_keyset_paging_matches_offset_paging(owner_session: Session) -> None:
    fill_demo(owner_session, 230, seed=5)
    total = count_patients(owner_session)
    by_offset = []
    while len(by_offset) < total:
        page = list_patients(owner_session, offset=len(by_offset), limit=50)
        assert page
        by_offset += page
    by_key = list_patients(owner_session, limit=50)
    while True:
        page = list_patients(owner_session, after=by_key[-1].id, limit=50)
        if not page:
            break
        by_key += page
    assert [p.id for p in by_key] == [p.id for p in by_offset]
    assert len({p.id for p in by_key}) == total == 230
    names = [(p.family.casefold(), p.given.casefold()) for p in by_key]
    assert names[0] <= names[-1]
    entries = list(owner_session.audit.entries(action_prefix="patient.list"))
    assert len(entries) >= total // 50 * 2
