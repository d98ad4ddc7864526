"""Insider-threat monitoring: rules over the audit chain that flag unusual access.

"Is anyone looking at records they should not?" Each rule reads the audit log (ids, times
and counts; never clinical text) over a window of days and returns `Flag`s naming the
account, the time and the evidence:

- `chart_rate`: an hour in which a user opened many more charts than their own usual
  hour (at least `chart_rate_min`, and `chart_rate_factor` times their median);
- `off_hours`: records opened outside the practice's opening hours (local time);
- `same_family`: a user opening the chart of a patient who shares their family name;
- `denials`: repeated permission refusals in one day;
- `unreviewed_emergency`: break-glass access still waiting for the owner's review a day on;
- `bulk_export`: several exports in one day, or an export of every patient.

Reading the flags needs `audit.read` (owner and auditor) and is itself audited. The
thresholds are `MonitorRules`; the defaults suit a small practice.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from app.core import clock
from app.core.roles import Operation
from app.core.session import Session

#: Actions that open a record (a chart, a note, a document) for reading.
OPEN_ACTIONS = ("chart.open", "patient.read", "note.read", "document.open", "document.read")


@dataclass(frozen=True)
class MonitorRules:
    chart_rate_min: int = 20
    chart_rate_factor: float = 3.0
    opening_hour: int = 7
    closing_hour: int = 19
    denials_per_day: int = 5
    exports_per_day: int = 3
    review_grace_hours: int = 24
    window_days: int = 30


@dataclass(frozen=True)
class Flag:
    rule: str
    actor_id: str
    actor: str
    when: str
    evidence: str
    seqs: tuple[int, ...]

    @property
    def flag_id(self) -> str:
        """Stable across runs, so a review can name the flag it closes."""
        key = f"{self.rule}|{self.actor_id}|{self.when}"
        return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["seqs"] = list(self.seqs)
        data["id"] = self.flag_id
        return data


def _rows(session: Session, actions: tuple[str, ...], since: str) -> list[tuple[Any, ...]]:
    marks = ",".join("?" for _ in actions)
    return list(session.conn.execute(
        f"SELECT seq, ts, actor_id, actor, patient_id, action, detail FROM audit "
        f"WHERE action IN ({marks}) AND ts >= ? ORDER BY seq", (*actions, since)))


def chart_rate(session: Session, rules: MonitorRules, since: str) -> list[Flag]:
    hours: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for seq, ts, actor_id, actor, _pid, _action, _detail in _rows(session, ("chart.open",),
                                                                   since):
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


def off_hours(session: Session, rules: MonitorRules, since: str) -> list[Flag]:
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for seq, ts, actor_id, actor, _pid, _action, _detail in _rows(session, OPEN_ACTIONS,
                                                                   since):
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


def same_family(session: Session, rules: MonitorRules, since: str) -> list[Flag]:
    families = {uid: _family(full) for uid, full in
                session.conn.execute("SELECT id, full_name FROM users")}
    flags = []
    for seq, ts, actor_id, actor, patient_id, _action, _detail in _rows(
            session, ("chart.open",), since):
        mine = families.get(actor_id)
        if not mine or not patient_id:
            continue
        row = session.conn.execute("SELECT family FROM patients WHERE id = ?",
                                   (patient_id,)).fetchone()
        if row is not None and str(row[0]).casefold() == mine:
            flags.append(Flag("same_family", actor_id, actor, ts,
                              f"opened the chart of patient {patient_id}, who shares the "
                              "user's family name.", (seq,)))
    return flags


def denials(session: Session, rules: MonitorRules, since: str) -> list[Flag]:
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for seq, ts, actor_id, actor, _pid, _action, _detail in _rows(
            session, ("permission.denied", "restricted.denied"), since):
        days[(actor_id, ts[:10])].append(seq)
        names[actor_id] = actor
    return [Flag("denials", actor_id, names[actor_id], day,
                 f"{len(seqs)} refused operations in one day.", tuple(seqs))
            for (actor_id, day), seqs in sorted(days.items())
            if len(seqs) >= rules.denials_per_day]


def unreviewed_emergency(session: Session, rules: MonitorRules, now: datetime) -> list[Flag]:
    cutoff = (now - timedelta(hours=rules.review_grace_hours)).isoformat()
    try:
        rows = list(session.conn.execute(
            "SELECT id, user_id, user_name, granted_at, kind FROM access_grants "
            "WHERE reviewed_at IS NULL AND granted_at <= ? ORDER BY granted_at", (cutoff,)))
    except Exception:
        return []
    what = {"emergency": "emergency account activation"}
    return [Flag("unreviewed_emergency", user_id, user_name, granted_at,
                 f"{what.get(kind, 'restricted record opened')} (grant {grant_id}) not "
                 f"reviewed after {rules.review_grace_hours} hours.", ())
            for grant_id, user_id, user_name, granted_at, kind in rows]


def bulk_export(session: Session, rules: MonitorRules, since: str) -> list[Flag]:
    exports = [row for row in session.conn.execute(
        "SELECT seq, ts, actor_id, actor, action FROM audit WHERE action LIKE '%export%' "
        "AND action != 'identity.card.export' AND ts >= ? ORDER BY seq", (since,))]
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    flags = []
    for seq, ts, actor_id, actor, action in exports:
        names[actor_id] = actor
        days[(actor_id, ts[:10])].append(seq)
        if action.startswith(("export.all", "fhir.export.all", "fhir.bulk")):
            flags.append(Flag("bulk_export", actor_id, actor, ts,
                              f"exported every patient ({action}).", (seq,)))
    flags += [Flag("bulk_export", actor_id, names[actor_id], day,
                   f"{len(seqs)} exports in one day.", tuple(seqs))
              for (actor_id, day), seqs in sorted(days.items())
              if len(seqs) >= rules.exports_per_day]
    return flags


def run_rules(session: Session, rules: MonitorRules | None = None, *,
              now: datetime | None = None) -> list[Flag]:
    """Every rule over the last `window_days`; owner and auditor; audited with counts."""
    session.require(Operation.AUDIT_READ)
    rules = rules or load_rules(session)
    now = now or clock.now()
    since = (now - timedelta(days=rules.window_days)).isoformat(timespec="seconds")
    flags = [*chart_rate(session, rules, since), *off_hours(session, rules, since),
             *same_family(session, rules, since), *denials(session, rules, since),
             *unreviewed_emergency(session, rules, now), *bulk_export(session, rules, since)]
    counts: dict[str, int] = defaultdict(int)
    for flag in flags:
        counts[flag.rule] += 1
    session.record("monitor.run", detail={"flags": len(flags), **counts})
    return flags


def flags_json(flags: list[Flag]) -> str:
    return json.dumps([f.to_json() for f in flags], indent=2)


# -- the thresholds as vault settings, and reviews ---------------------------------------
_RULES_KEY = "monitoring.rules"


def load_rules(session: Session) -> MonitorRules:
    """The vault's thresholds; anything unreadable or out of range falls back to the
    default for that field (a garbled setting must not silence a rule)."""
    row = session.conn.execute("SELECT value FROM meta WHERE key = ?", (_RULES_KEY,)
                               ).fetchone()
    defaults = MonitorRules()
    if row is None:
        return defaults
    try:
        stored = json.loads(row[0])
    except ValueError:
        return defaults
    values: dict[str, Any] = {}
    for name, default in asdict(defaults).items():
        value = stored.get(name) if isinstance(stored, dict) else None
        if isinstance(value, int | float) and not isinstance(value, bool) \
                and 0 <= value <= 10_000 and type(default)(value) == value:
            values[name] = type(default)(value)
    rules = MonitorRules(**{**asdict(defaults), **values})
    if not 0 <= rules.opening_hour < rules.closing_hour <= 24:
        rules = MonitorRules(**{**asdict(rules), "opening_hour": defaults.opening_hour,
                                "closing_hour": defaults.closing_hour})
    return rules


def save_rules(session: Session, rules: MonitorRules) -> None:
    session.require(Operation.SETTINGS_EDIT)
    with session.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (_RULES_KEY, json.dumps(asdict(rules))))
        session.record("monitor.rules", detail=asdict(rules))


def review_flag(session: Session, flag_id: str, note: str = "") -> None:
    """The owner marks a flag as looked at; the review is an audit entry (the note stays
    out of the log, which names the flag only)."""
    session.require(Operation.EMERGENCY_REVIEW, target=flag_id)
    session.record("monitor.reviewed", target=flag_id,
                   detail={"noted": bool(note.strip())})


def unreviewed(session: Session, flags: list[Flag]) -> list[Flag]:
    done = {str(t) for (t,) in session.conn.execute(
        "SELECT target FROM audit WHERE action = 'monitor.reviewed'")}
    return [f for f in flags if f.flag_id not in done]
