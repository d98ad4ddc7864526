"""The monitoring rules and the failed-sign-in count as they were first written: every
entry read into Python and its time parsed there. Slow (issue 14's speed work moved the
counting into SQLite), but plainly right, so the property test in test_monitoring_sql.py
holds the fast rules to the same answers."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from app.core import clock
from app.core.monitoring import OPEN_ACTIONS, Flag, MonitorRules


def _rows(conn: Any, actions: tuple[str, ...], since: str) -> list[tuple[Any, ...]]:
    marks = ",".join("?" for _ in actions)
    return list(conn.execute(
        f"SELECT seq, ts, actor_id, actor, patient_id, action, detail FROM audit "
        f"WHERE action IN ({marks}) AND ts >= ? ORDER BY seq", (*actions, since)))


def chart_rate(conn: Any, rules: MonitorRules, since: str) -> list[Flag]:
    hours: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for seq, ts, actor_id, actor, *_ in _rows(conn, ("chart.open",), since):
        moment = clock.parse_utc(ts)
        if moment is None:
            continue
        hours[actor_id][moment.strftime("%Y-%m-%dT%H")].append(seq)
        names[actor_id] = actor
    flags = []
    for actor_id, buckets in hours.items():
        usual = statistics.median(len(v) for v in buckets.values())
        limit = max(rules.chart_rate_min, rules.chart_rate_factor * usual)
        for hour, seqs in sorted(buckets.items()):
            if len(seqs) >= limit:
                flags.append(Flag("chart_rate", actor_id, names[actor_id], hour + ":00Z",
                                  f"{len(seqs)} charts opened in one hour; usually "
                                  f"{usual:g} in an hour of work.", tuple(seqs)))
    return flags


def off_hours(conn: Any, rules: MonitorRules, since: str) -> list[Flag]:
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for seq, ts, actor_id, actor, *_ in _rows(conn, OPEN_ACTIONS, since):
        moment = clock.parse_utc(ts)
        if moment is None:
            continue
        local = moment.astimezone()
        if rules.opening_hour <= local.hour < rules.closing_hour:
            continue
        days[(actor_id, local.strftime("%Y-%m-%d"))].append(seq)
        names[actor_id] = actor
    return [Flag("off_hours", actor_id, names[actor_id], day,
                 f"{len(seqs)} records opened outside opening hours "
                 f"({rules.opening_hour:02d}:00-{rules.closing_hour:02d}:00).", tuple(seqs))
            for (actor_id, day), seqs in sorted(days.items())]


def _family(full_name: str) -> str:
    parts = full_name.split()
    return parts[-1].casefold() if parts else ""


def same_family(conn: Any, rules: MonitorRules, since: str) -> list[Flag]:
    families = {uid: _family(full) for uid, full in conn.execute(
        "SELECT id, full_name FROM users")}
    patient_family = {str(pid): str(family).casefold() for pid, family in conn.execute(
        "SELECT id, family FROM patients")}
    return [Flag("same_family", actor_id, actor, ts,
                 f"opened the chart of patient {patient_id}, who shares the user's family "
                 "name.", (seq,))
            for seq, ts, actor_id, actor, patient_id, *_ in _rows(conn, ("chart.open",), since)
            if families.get(actor_id) and patient_id
            and patient_family.get(str(patient_id)) == families[actor_id]]


def denials(conn: Any, rules: MonitorRules, since: str) -> list[Flag]:
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for seq, ts, actor_id, actor, *_ in _rows(
            conn, ("permission.denied", "restricted.denied"), since):
        days[(actor_id, ts[:10])].append(seq)
        names[actor_id] = actor
    return [Flag("denials", actor_id, names[actor_id], day,
                 f"{len(seqs)} refused operations in one day.", tuple(seqs))
            for (actor_id, day), seqs in sorted(days.items())
            if len(seqs) >= rules.denials_per_day]


def failure_counts(conn: Any, now: datetime) -> tuple[int, int]:
    """(failures in the last 7 days, the most within one hour)."""
    since = (now - timedelta(days=7)).isoformat(timespec="seconds")
    parsed = sorted(p for p in (clock.parse_utc(t) for (t,) in conn.execute(
        "SELECT ts FROM audit WHERE action = 'signin.failure' AND ts >= ? ORDER BY seq",
        (since,))) if p is not None)
    worst, start = 0, 0
    for end, moment in enumerate(parsed):
        while moment - parsed[start] > timedelta(hours=1):
            start += 1
        worst = max(worst, end - start + 1)
    return len(parsed), worst
