"""The keyed hash chain finds edits, deletions, reordering and truncation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.audit import AuditChain, AuditHead
from app.core.session import Session


def _fill(session: Session, n: int) -> None:
    for i in range(n):
        session.record("test.event", target=f"t{i}", detail={"i": i})


def _raw(session: Session) -> AuditChain:
    return session.audit


def test_intact_chain_verifies(owner_session: Session) -> None:
    _fill(owner_session, 20)
    report = _raw(owner_session).verify()
    assert report.ok, report.problems
    assert report.entries >= 20


@pytest.mark.parametrize("column,value", [("target", "'changed'"), ("reason", "'x'"),
                                          ("flagged", "1"), ("detail", "'{}'"),
                                          ("actor", "'mallory'"), ("ts", "'2020-01-01'")])
def test_edit_is_detected(owner_session: Session, column: str, value: str) -> None:
    _fill(owner_session, 10)
    owner_session.conn.execute(f"UPDATE audit SET {column} = {value} WHERE seq = 5")
    report = owner_session.audit.verify()
    assert not report.ok
    assert any("Entry 5" in p for p in report.problems)


def test_deletion_is_detected(owner_session: Session) -> None:
    _fill(owner_session, 10)
    owner_session.conn.execute("DELETE FROM audit WHERE seq = 4")
    report = owner_session.audit.verify()
    assert any("missing" in p for p in report.problems)


def test_deletion_with_renumbering_is_detected(owner_session: Session) -> None:
    _fill(owner_session, 10)
    conn = owner_session.conn
    conn.execute("DELETE FROM audit WHERE seq = 4")
    conn.execute("UPDATE audit SET seq = seq - 1 WHERE seq > 4")
    assert not owner_session.audit.verify().ok


def test_reordering_is_detected(owner_session: Session) -> None:
    _fill(owner_session, 10)
    conn = owner_session.conn
    conn.execute("UPDATE audit SET seq = -1 WHERE seq = 3")
    conn.execute("UPDATE audit SET seq = 3 WHERE seq = 4")
    conn.execute("UPDATE audit SET seq = 4 WHERE seq = -1")
    report = owner_session.audit.verify()
    assert not report.ok


def test_truncation_is_detected_against_a_saved_head(owner_session: Session) -> None:
    _fill(owner_session, 10)
    head = owner_session.audit.head()
    assert head is not None
    owner_session.conn.execute("DELETE FROM audit WHERE seq > ?", (head.seq - 3,))
    assert owner_session.audit.verify().ok  # a clean prefix is a valid chain on its own
    report = owner_session.audit.verify([head])
    assert any("truncated" in p for p in report.problems)


def test_vault_json_head_catches_truncation_after_lock(owner_session: Session) -> None:
    from app.core.verification import verify_audit

    _fill(owner_session, 5)
    head = owner_session.audit.head()
    assert head is not None
    owner_session.vault.save_audit_head(head)
    owner_session.conn.execute("DELETE FROM audit WHERE seq > ?", (head.seq - 2,))
    report = verify_audit(owner_session)
    assert not report.ok


def test_wrong_key_fails_every_entry(owner_session: Session) -> None:
    _fill(owner_session, 3)
    other = AuditChain(owner_session.conn, b"\x01" * 32)
    assert not other.verify().ok


def test_export_json_and_csv(owner_session: Session, tmp_path: Path) -> None:
    _fill(owner_session, 3)
    owner_session.record("test.formula", target="=HYPERLINK(\"x\")")
    n = owner_session.audit.export(tmp_path / "a.json", "json")
    data = json.loads((tmp_path / "a.json").read_text())
    assert len(data["entries"]) == n
    assert AuditHead.from_json(data["head"]).seq == data["entries"][-1]["seq"]
    owner_session.audit.export(tmp_path / "a.csv", "csv")
    text = (tmp_path / "a.csv").read_text()
    assert text.splitlines()[0].startswith("seq,ts,actor_id")
    assert "'=HYPERLINK" in text  # defused for spreadsheets
