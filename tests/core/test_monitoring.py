"""Insider-threat monitoring (issue 14, item 2): each rule fires on a generated audit trail
that should trip it, and stays quiet on a normal day."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.monitoring import MonitorRules, run_rules
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from app.core.session import Session
from tests.core.conftest import PracticeVault

DAY = (datetime.now().astimezone() - timedelta(days=3)).replace(minute=0, second=0,
                                                                  microsecond=0)


def _at(hour: int, minute: int = 0, day: int = 0) -> str:
    moment = DAY.replace(hour=hour, minute=minute) + timedelta(days=day)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _log(session: Session, action: str, when: str, *, actor: tuple[str, str] | None = None,
         patient_id: str | None = None) -> None:
    actor_id, name = actor or (session.user.user_id, session.user.name)
    with session.transaction():
        session.audit.append(actor_id=actor_id, actor=name, role="clinician", action=action,
                             patient_id=patient_id, happened_at=when)


def _rules(session: Session) -> set[str]:
    return {f.rule for f in run_rules(session)}


@pytest.fixture
def owner(owner_session: Session) -> Session:
    return owner_session


DOC = ("doc-id", "clinician1")


def test_a_normal_day_raises_nothing(owner: Session) -> None:
    for day in range(3):
        for hour in (9, 10, 11, 14, 15):
            for minute in (0, 20, 40):
                _log(owner, "chart.open", _at(hour, minute, -day), actor=DOC)
        _log(owner, "audit.export", _at(16, 0, -day))
    assert _rules(owner) == set()


def test_chart_rate_against_the_users_own_baseline(owner: Session) -> None:
    for day in range(3):
        for hour in (9, 10, 11):
            for minute in (0, 30):
                _log(owner, "chart.open", _at(hour, minute, -day - 1), actor=DOC)
    for minute in range(0, 60, 2):  # 30 charts in one hour
        _log(owner, "chart.open", _at(13, minute), actor=DOC)
    flags = [f for f in run_rules(owner) if f.rule == "chart_rate"]
    assert len(flags) == 1 and flags[0].actor == "clinician1" and len(flags[0].seqs) == 30


def test_off_hours(owner: Session) -> None:
    _log(owner, "chart.open", _at(3, 10), actor=DOC)
    _log(owner, "note.read", _at(3, 12), actor=DOC)
    flags = [f for f in run_rules(owner) if f.rule == "off_hours"]
    assert len(flags) == 1 and len(flags[0].seqs) == 2
    assert [f.rule for f in run_rules(owner, MonitorRules(opening_hour=0))] .count(
        "off_hours") == 0


def test_same_family_name(owner: Session) -> None:
    relative = add_patient(owner, PatientInput(family="Owner", given="Olga",
                                               birth_date="1950-01-01"))
    stranger = add_patient(owner, PatientInput(family="Stranger", given="Sam",
                                               birth_date="1960-01-01"))
    owner.conn.execute("UPDATE users SET full_name = 'Olive Owner' WHERE id = ?",
                       (owner.user.user_id,))
    _log(owner, "chart.open", _at(10), patient_id=stranger.id)
    assert "same_family" not in _rules(owner)
    _log(owner, "chart.open", _at(10, 5), patient_id=relative.id)
    [flag] = [f for f in run_rules(owner) if f.rule == "same_family"]
    assert relative.id in flag.evidence and "Olga" not in flag.evidence


def test_repeated_denials(owner: Session) -> None:
    for minute in range(4):
        _log(owner, "permission.denied", _at(10, minute), actor=DOC)
    assert "denials" not in _rules(owner)
    _log(owner, "permission.denied", _at(10, 30), actor=DOC)
    assert "denials" in _rules(owner)


def test_emergency_access_without_review(practice: PracticeVault) -> None:
    from app.core.records.emergency import activate_emergency

    with practice.open() as vault:
        session = vault.unlock("emergency1", practice.password(Role.EMERGENCY))
        activate_emergency(session, "collapsed in the waiting room")
        session.close()
        owner = vault.unlock("owner", practice.password(Role.OWNER))
        try:
            assert "unreviewed_emergency" not in _rules(owner)  # still within the day
            later = datetime.now(UTC) + timedelta(days=2)
            assert "unreviewed_emergency" in {f.rule for f in run_rules(owner, now=later)}
        finally:
            owner.close()


def test_bulk_exports(owner: Session) -> None:
    _log(owner, "audit.export", _at(10))
    _log(owner, "access.report.export", _at(11))
    assert "bulk_export" not in _rules(owner)
    _log(owner, "access.report.export", _at(12))
    assert "bulk_export" in _rules(owner)


def test_only_owner_and_auditor_and_audited(practice: PracticeVault) -> None:
    with practice.open() as vault:
        session = vault.unlock("reception1", practice.password(Role.RECEPTION))
        try:
            with pytest.raises(PermissionDenied):
                run_rules(session)
        finally:
            session.close()
        session = vault.unlock("auditor1", practice.password(Role.AUDITOR))
        try:
            run_rules(session)
            assert list(session.audit.entries(action_prefix="monitor.run"))
        finally:
            session.close()


def test_flag_ids_are_stable(owner: Session) -> None:
    for minute in range(5):
        _log(owner, "permission.denied", _at(10, minute), actor=DOC)
    first = [f.flag_id for f in run_rules(owner)]
    assert first == [f.flag_id for f in run_rules(owner)]


def test_thresholds_are_vault_settings(owner: Session) -> None:
    from app.core.monitoring import load_rules, save_rules

    for minute in range(3):
        _log(owner, "permission.denied", _at(10, minute), actor=DOC)
    assert "denials" not in _rules(owner)
    save_rules(owner, MonitorRules(denials_per_day=3))
    assert load_rules(owner).denials_per_day == 3
    assert "denials" in _rules(owner)
    assert list(owner.audit.entries(action_prefix="monitor.rules"))
    # A garbled stored value falls back to the default for that field only.
    owner.conn.execute("UPDATE meta SET value = ? WHERE key = 'monitoring.rules'",
                       ('{"denials_per_day": "x", "exports_per_day": 1}',))
    rules = load_rules(owner)
    assert rules.denials_per_day == MonitorRules().denials_per_day
    assert rules.exports_per_day == 1


def test_review_is_audited_and_health_counts_the_rest(owner: Session) -> None:
    from app.core.health import health_check
    from app.core.monitoring import review_flag, unreviewed

    for minute in range(5):
        _log(owner, "permission.denied", _at(10, minute), actor=DOC)
    [flag] = unreviewed(owner, run_rules(owner))
    finding = next(f for f in health_check(owner).findings if f.check == "Unusual access")
    assert finding.status == "warning" and "1 unreviewed" in finding.evidence
    review_flag(owner, flag.flag_id, "spoke to them: a misconfigured role")
    [entry] = owner.audit.entries(action_prefix="monitor.reviewed")
    assert entry.target == flag.flag_id and "misconfigured" not in entry.detail
    assert unreviewed(owner, run_rules(owner)) == []
    finding = next(f for f in health_check(owner).findings if f.check == "Unusual access")
    assert finding.status == "ok"


def test_monitor_cli(practice: PracticeVault, monkeypatch: pytest.MonkeyPatch,
                     capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import json

    from app.cli import main

    def cli(args: list[str], stdin: str) -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(args)
        return code, capsys.readouterr().out

    owner_pw = practice.password(Role.OWNER) + "\n"
    code, out = cli(["monitor", str(practice.path), "--as", "owner", "--password-stdin",
                     "--json"], owner_pw)
    assert code == 0 and json.loads(out) == []
    code, _ = cli(["monitor", str(practice.path), "--as", "reception1", "--password-stdin"],
                  practice.password(Role.RECEPTION) + "\n")
    assert code == 4


def _denials_flag(owner: Session, actor: tuple[str, str] = DOC) -> object:
    for minute in range(5):
        _log(owner, "permission.denied", _at(10, minute), actor=actor)
    [flag] = [f for f in run_rules(owner) if f.rule == "denials"]
    return flag


def test_a_flag_filters_the_log_to_its_entries(owner: Session) -> None:
    from app.core.audit_log import open_log
    from app.core.monitoring import Flag

    flag = _denials_flag(owner)
    assert isinstance(flag, Flag) and len(flag.seqs) == 5
    log = open_log(owner, flag.log_filters())
    assert log.total == 5
    assert sorted(r.entry.seq for r in log.rows(0, 10)) == sorted(flag.seqs)
    # A flag naming no entries (a grant waiting for review) shows that user's entries since.
    grant = Flag("unreviewed_emergency", DOC[0], DOC[1], _at(10, 2), "x", ())
    assert open_log(owner, grant.log_filters()).total == 3


def test_review_keeps_the_note_out_of_the_log(owner: Session) -> None:
    from app.core.monitoring import review_flag, reviews

    flag = _denials_flag(owner)
    review = review_flag(owner, flag, "  phoned   Dr Canaryname  ")  # type: ignore[arg-type]
    assert review.note == "phoned Dr Canaryname"
    [entry] = owner.audit.entries(action_prefix="monitor.reviewed")
    assert "Canaryname" not in entry.detail and json.loads(entry.detail)["noted"] is True
    stored = reviews(owner)[review.flag_id]
    assert (stored.by, stored.note) == ("owner", "phoned Dr Canaryname")
    with pytest.raises(UsageError, match="already reviewed"):
        review_flag(owner, flag)  # type: ignore[arg-type]


def test_an_unknown_flag_id_is_refused(owner: Session) -> None:
    from app.core.monitoring import review_flag

    with pytest.raises(UsageError, match="No current monitoring flag"):
        review_flag(owner, "0123456789abcdef")
    assert not list(owner.audit.entries(action_prefix="monitor.reviewed"))


def test_nobody_reviews_a_flag_about_themselves(practice: PracticeVault) -> None:
    from app.core.monitoring import review_flag, unreviewed

    with practice.open() as vault:
        auditor = vault.unlock(practice.user_name(Role.AUDITOR), practice.password(Role.AUDITOR))
        try:
            me = (auditor.user.user_id, auditor.user.name)
            flag = _denials_flag(auditor, actor=me)
            with pytest.raises(PermissionDenied, match="ask owner"):
                review_flag(auditor, flag)  # type: ignore[arg-type]
            [denied] = auditor.audit.entries(action_prefix="permission.denied",
                                             newest_first=True, limit=1)
            assert denied.flagged and json.loads(denied.detail) == {
                "operation": "monitor.review", "why": "self_review"}
            assert flag in unreviewed(auditor, run_rules(auditor))
        finally:
            auditor.close()
