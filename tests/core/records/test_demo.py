"""The demo generator: invented, varied, deterministic, one transaction, one audit entry."""

from __future__ import annotations

import pytest

from app.core.records.demo import fill_demo
from app.core.records.normalise import fold
from app.core.records.notes import NoteContent, add_note
from app.core.records.search import find_patients, search_text
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in


def test_demo_fills_a_searchable_practice(practice: PracticeVault) -> None:
    calls: list[tuple[int, int]] = []
    with signed_in(practice, Role.OWNER) as owner:
        before = owner.audit.count()
        summary = fill_demo(owner, 60, seed=7, chunk=25,
                            progress=lambda done, total, _stage: calls.append((done, total)))
        assert calls == [(0, 60), (25, 60), (50, 60), (60, 60)]
        assert summary.patients == 60 and summary.notes == summary.encounters >= 60
        assert summary.observations >= 5 * summary.encounters
        assert [e.action for e in owner.audit.entries(limit=10, offset=before)] == [
            "demo.fill"]
        families = [r[0] for r in owner.conn.execute("SELECT family FROM patients")]
        assert any(fold(f) != f.casefold() for f in families), "names carry accents"
        assert len(set(families)) > 20
        some = families[0]
        assert some in {p.family for p in find_patients(owner, fold(some))}
        note_id, title = owner.conn.execute(
            "SELECT id, title FROM clinical.notes ORDER BY rid LIMIT 1").fetchone()
        hits = search_text(owner, title, limit=500)
        assert note_id in {h.entry_id for h in hits}, "the index was rebuilt after the fill"
        # The full-text trigger, suspended during the fill, is back for later notes.
        patient = new_patient(owner)
        note = add_note(owner, patient, NoteContent(body="zyxtrigger check"))
        assert [h.entry_id for h in search_text(owner, "zyxtrigger")] == [note.id]


def test_same_seed_same_people_new_ids(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        fill_demo(owner, 10, seed=3)
        fill_demo(owner, 10, seed=3)  # a second fill must not collide with the first
        rows = owner.conn.execute("SELECT id, family, given, birth_date FROM patients "
                                  "ORDER BY mrn").fetchall()
    assert [r[1:] for r in rows[:10]] == [r[1:] for r in rows[10:]]
    assert len({r[0] for r in rows}) == 20



class Cancelled(Exception):
    """What a caller's progress callback raises when Cancel is pressed."""


def test_cancel_rolls_everything_back(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        done: list[int] = []
        def cancel_on_third(d: int, t: int, stage: str) -> None:
            done.append(d)
            if len(done) >= 3:
                raise Cancelled()

        with pytest.raises(Cancelled):
            fill_demo(owner, 50, chunk=10, progress=cancel_on_third)
        assert owner.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 0
        assert owner.conn.execute("SELECT count(*) FROM clinical.notes").fetchone()[0] == 0
        triggers = {r[0] for r in owner.conn.execute(
            "SELECT name FROM clinical.sqlite_master WHERE type = 'trigger'")}
        assert "notes_fts_insert" in triggers
        assert list(owner.audit.entries(action_prefix="demo.fill")) == []
