"""The monitoring rules and the failed-sign-in check count in SQLite (issue 14's speed
target); they must give exactly the answers of the plain Python versions they replaced
(tests/core/monitoring_reference.py), in every time zone, across daylight-saving changes
and on either side of opening hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlcipher3
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import health, monitoring
from app.core.monitoring import OPEN_ACTIONS, MonitorRules
from tests.core import monitoring_reference as reference
from tests.support import zone

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
         "Pacific/Chatham"]
#: Just after a daylight-saving change somewhere, or in the middle of nowhere special.
NOWS = [datetime(2026, 3, 30, 12, 0, tzinfo=UTC), datetime(2026, 11, 3, 9, 30, tzinfo=UTC),
        datetime(2026, 10, 5, 0, 10, tzinfo=UTC), datetime(2026, 7, 1, 18, 45, tzinfo=UTC)]
ACTIONS = ["chart.open", "note.read", "patient.read", "permission.denied",
           "restricted.denied", "signin.failure", "patient.search"]
ACTORS = [("u1", "Ann Smith"), ("u2", "Bob Jones"), ("u3", "Cy Smith")]
PATIENTS = [("p1", "Smith"), ("p2", "JONES"), ("p3", "Brown")]


@dataclass
class FakeSession:
    """The rules read only `conn`."""

    conn: Any


def _log(now: datetime, entries: list[tuple[int, int, int, int]]) -> Any:
    conn = sqlcipher3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE audit (seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, actor_id TEXT NOT "
        "NULL, actor TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL, patient_id "
        "TEXT, target TEXT, reason TEXT, flagged INTEGER NOT NULL DEFAULT 0, detail TEXT NOT "
        "NULL DEFAULT '{}', mac BLOB NOT NULL);"
        "CREATE INDEX audit_by_action ON audit(action, seq);"
        "CREATE TABLE users (id TEXT PRIMARY KEY, full_name TEXT);"
        "CREATE TABLE patients (id TEXT PRIMARY KEY, family TEXT);")
    conn.executemany("INSERT INTO users VALUES (?, ?)", ACTORS)
    conn.executemany("INSERT INTO patients VALUES (?, ?)", PATIENTS)
    for seconds_ago, actor, action, patient in entries:
        ts = (now - timedelta(seconds=seconds_ago)).isoformat(timespec="milliseconds")
        actor_id, name = ACTORS[actor]
        conn.execute("INSERT INTO audit(ts, actor_id, actor, role, action, patient_id, mac) "
                     "VALUES (?, ?, ?, 'clinician', ?, ?, x'00')",
                     (ts, actor_id, name, ACTIONS[action], PATIENTS[patient][0]))
    return conn


# Entries over the last five weeks, bunched so that hours and days hold several.
entry = st.tuples(st.one_of(st.integers(0, 35 * 86400), st.integers(0, 3 * 3600)),
                  st.integers(0, len(ACTORS) - 1), st.integers(0, len(ACTIONS) - 1),
                  st.integers(0, len(PATIENTS) - 1))


@settings(max_examples=150, deadline=None)
@given(entries=st.lists(entry, max_size=120), zone_name=st.sampled_from(ZONES),
       now=st.sampled_from(NOWS), opening=st.integers(0, 12), closing=st.integers(12, 24),
       chart_rate_min=st.integers(1, 6), denials_per_day=st.integers(1, 4))
def test_sql_rules_answer_as_the_python_rules_did(
        entries: list[tuple[int, int, int, int]], zone_name: str, now: datetime,
        opening: int, closing: int, chart_rate_min: int, denials_per_day: int) -> None:
    rules = MonitorRules(opening_hour=opening, closing_hour=closing,
                         chart_rate_min=chart_rate_min, chart_rate_factor=1.5,
                         denials_per_day=denials_per_day)
    since = (now - timedelta(days=rules.window_days)).isoformat(timespec="seconds")
    conn = _log(now, entries)
    session: Any = FakeSession(conn)
    with zone(zone_name):
        assert monitoring.chart_rate(session, rules, since) == reference.chart_rate(
            conn, rules, since)
        assert monitoring.off_hours(session, rules, since, now) == reference.off_hours(
            conn, rules, since)
        assert monitoring.same_family(session, rules, since) == reference.same_family(
            conn, rules, since)
        assert monitoring.denials(session, rules, since) == reference.denials(
            conn, rules, since)
        total, worst = reference.failure_counts(conn, now)
        finding = health.check_failure_bursts(session, now)
    expected = ("problem" if worst >= health.FAILURE_BURST
                else "warning" if total >= health.FAILURE_BURST else "ok")
    assert finding.status == expected
    assert (f"{worst} failed sign-ins within one hour" in finding.evidence) == (
        expected == "problem")
    assert f"{total} " in finding.evidence


@given(st.sampled_from([(timedelta(hours=1), "problem"),
                         (timedelta(hours=1, milliseconds=1), "warning")]))
def test_a_burst_is_ten_failures_within_one_hour_inclusive(case: tuple[timedelta, str]
                                                           ) -> None:
    """Ten failures whose first and last are exactly an hour apart are a burst; a
    millisecond more and they are not."""
    span, expected = case
    now = NOWS[0]
    times = [now - span * i / 9 for i in range(10)]
    conn = _log(now, [])
    for moment in times:
        conn.execute("INSERT INTO audit(ts, actor_id, actor, role, action, mac) VALUES "
                     "(?, '', 'unknown account', '', 'signin.failure', x'00')",
                     (moment.isoformat(timespec="milliseconds"),))
    finding = health.check_failure_bursts(FakeSession(conn), now)  # type: ignore[arg-type]
    assert finding.status == expected
    assert reference.failure_counts(conn, now) == (10, 10 if expected == "problem" else 9)


def test_off_hours_follow_the_local_clock_across_a_daylight_saving_change() -> None:
    """Berlin moved from UTC+1 to UTC+2 on 29 March 2026: 06:30 UTC was 07:30 local the day
    before (open) and 08:30 local the day after (open), while 05:30 UTC was 06:30 before
    (closed) and 07:30 after (open)."""
    now = NOWS[0]  # 30 March 12:00 UTC
    at = [now - datetime(2026, 3, 28, 5, 30, tzinfo=UTC).replace(tzinfo=UTC),
          now - datetime(2026, 3, 30, 5, 30, tzinfo=UTC)]
    entries = [(int(ago.total_seconds()), 0, ACTIONS.index("chart.open"), 2) for ago in at]
    conn = _log(now, entries)
    since = (now - timedelta(days=30)).isoformat(timespec="seconds")
    with zone("Europe/Berlin"):
        flags = monitoring.off_hours(FakeSession(conn), MonitorRules(), since,  # type: ignore[arg-type]
                                     now)
    assert [(f.when, len(f.seqs)) for f in flags] == [("2026-03-28", 1)]
    assert OPEN_ACTIONS[0] == "chart.open"
