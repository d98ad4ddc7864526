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
import itertools
import json
import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.core import clock
from app.core.audit import TS_MILLIS
from app.core.errors import UsageError
from app.core.messages import message
from app.core.roles import Operation, Role, is_allowed
from app.core.session import Session

if TYPE_CHECKING:
    from app.core.audit_log import LogFilters

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

    def log_filters(self) -> LogFilters:
        """What the audit viewer shows for this flag: the entries it names, or, for a flag
        that names none (an unreviewed break-glass grant), that user's entries since."""
        from app.core.audit_log import LogFilters

        if self.seqs:
            return LogFilters(seqs=self.seqs)
        return LogFilters(actor_id=self.actor_id, since=self.when)


# The rules ask SQLite for counts per account and hour or day, and fetch the entries of a
# flagged group only: a month of a busy practice is hundreds of thousands of entries, and
# turning each into a Python row and a datetime cost more than the health check's whole
# budget (issue 14: one million entries in five seconds). SQLite's date functions read the
# log's ISO 8601 times with their zone, as `clock.parse_utc` does (a time without a zone
# is UTC, text that is not a time is skipped).
_HOUR_UTC = "strftime('%Y-%m-%dT%H', ts)"
#: The local zone's offset is sampled this often over the window: zones change offset on
#: a quarter hour of UTC.
_OFFSET_STEP = timedelta(minutes=15)


def _marks(values: tuple[str, ...]) -> str:
    return ",".join("?" for _ in values)


def _groups(session: Session, actions: tuple[str, ...], since: str, key: str,
            where: str = "", params: tuple[Any, ...] = ()) -> list[tuple[str, str, str, int]]:
    """(actor_id, latest actor name, group key, entries) per account and `key`, for the
    entries of `actions` since `since` (and `where`), in order of the group's last entry."""
    rows = session.conn.execute(
        f"SELECT actor_id, actor, max(seq), {key} AS grp, count(*) FROM audit "
        f"WHERE action IN ({_marks(actions)}) AND ts >= ? AND grp IS NOT NULL {where} "
        "GROUP BY actor_id, grp ORDER BY max(seq)", (*actions, since, *params))
    # SQLite takes a bare column (actor) from the row that holds the max(seq).
    return [(str(actor_id), str(actor), str(grp), int(count))
            for actor_id, actor, _last, grp, count in rows]


def _latest_names(groups: list[tuple[str, str, str, int]]) -> dict[str, str]:
    """Each account's name as its newest entry gives it (groups come oldest first)."""
    return {actor_id: actor for actor_id, actor, _grp, _count in groups}


def _seqs(session: Session, actions: tuple[str, ...], since: str, actor_id: str, key: str,
          group: str, where: str = "", params: tuple[Any, ...] = ()) -> tuple[int, ...]:
    """The entries of one flagged group, oldest first."""
    return tuple(seq for (seq,) in session.conn.execute(
        f"SELECT seq FROM audit WHERE action IN ({_marks(actions)}) AND ts >= ? "
        f"AND actor_id = ? AND {key} = ? {where} ORDER BY seq",
        (*actions, since, actor_id, group, *params)))


def chart_rate(session: Session, rules: MonitorRules, since: str) -> list[Flag]:
    actions = ("chart.open",)
    groups = _groups(session, actions, since, _HOUR_UTC)
    names = _latest_names(groups)
    hours: dict[str, dict[str, int]] = defaultdict(dict)
    for actor_id, _actor, hour, count in groups:
        hours[actor_id][hour] = count
    flags = []
    for actor_id, buckets in hours.items():
        usual = statistics.median(buckets.values())
        limit = max(rules.chart_rate_min, rules.chart_rate_factor * usual)
        for hour, count in sorted(buckets.items()):
            if count >= limit:
                flags.append(Flag("chart_rate", actor_id, names[actor_id], hour + ":00Z",
                                  f"{count} charts opened in one hour; usually "
                                  f"{usual:g} in an hour of work.",
                                  _seqs(session, actions, since, actor_id, _HOUR_UTC, hour)))
    return flags


def _local_offsets(since: datetime, now: datetime) -> list[tuple[int, int]]:
    """(from, offset) in milliseconds for each stretch of the window in which the local
    zone keeps one UTC offset: one stretch, or two or three across a daylight-saving
    change. Per-row 'localtime' in SQLite costs a time-zone lookup for every entry."""
    moment = since.astimezone(UTC).replace(second=0, microsecond=0)
    moment -= timedelta(minutes=moment.minute % 15)
    stretches: list[tuple[int, int]] = []
    while moment <= now + _OFFSET_STEP:
        offset = moment.astimezone().utcoffset() or timedelta(0)
        millis = int(offset.total_seconds() * 1000)
        if not stretches or stretches[-1][1] != millis:
            stretches.append((int(moment.timestamp() * 1000), millis))
        moment += _OFFSET_STEP
    return stretches


def off_hours(session: Session, rules: MonitorRules, since: str,
              now: datetime | None = None) -> list[Flag]:
    now = now or clock.now()
    stretches = _local_offsets(clock.parse_utc(since) or now, now)
    offset = ("CASE " + "WHEN ms < ? THEN ? " * (len(stretches) - 1) + "ELSE ? END"
              if len(stretches) > 1 else "?")
    params: list[int] = []
    for (_start, millis), (end, _next) in itertools.pairwise(stretches):
        params += [end, millis]
    params.append(stretches[-1][1])
    groups = session.conn.execute(
        "SELECT actor_id, actor, max(seq), date(local / 1000, 'unixepoch') AS day, count(*), "
        "group_concat(seq) FROM (SELECT seq, actor_id, actor, ms + " + offset + " AS local "
        f"FROM (SELECT seq, actor_id, actor, {TS_MILLIS} AS ms FROM audit "
        f"WHERE action IN ({_marks(OPEN_ACTIONS)}) AND ts >= ?) WHERE ms IS NOT NULL "
        "ORDER BY seq) WHERE NOT ((local % 86400000) / 3600000 >= ? "
        "AND (local % 86400000) / 3600000 < ?) GROUP BY actor_id, day ORDER BY max(seq)",
        (*params, *OPEN_ACTIONS, since, rules.opening_hour, rules.closing_hour)).fetchall()
    names = {str(actor_id): str(actor) for actor_id, actor, *_rest in groups}
    return [Flag("off_hours", actor_id, names[actor_id], day,
                 f"{count} records opened outside opening hours "
                 f"({rules.opening_hour:02d}:00-{rules.closing_hour:02d}:00).",
                 tuple(sorted(int(seq) for seq in str(seqs).split(","))))
            for actor_id, day, count, seqs in sorted(
                (str(a), str(d), int(c), s) for a, _n, _m, d, c, s in groups)]


def _family(full_name: str) -> str:
    parts = full_name.split()
    return parts[-1].casefold() if parts else ""


def same_family(session: Session, rules: MonitorRules, since: str) -> list[Flag]:
    families = {uid: family for uid, full in
                session.conn.execute("SELECT id, full_name FROM users")
                if (family := _family(str(full or "")))}
    if not families:
        return []
    # The patients opened in the window whose family name is some user's: usually none,
    # so only their chart opens are read back, not every chart open of the month.
    user_families = set(families.values())
    patient_family = {str(pid): folded for pid, family in session.conn.execute(
        "SELECT id, family FROM patients WHERE id IN (SELECT patient_id FROM audit "
        "WHERE action = 'chart.open' AND ts >= ?)", (since,))
        if (folded := str(family or "").casefold()) in user_families}
    if not patient_family:
        return []
    flags = []
    for seq, ts, actor_id, actor, patient_id in session.conn.execute(
            "SELECT seq, ts, actor_id, actor, patient_id FROM audit WHERE action = "
            "'chart.open' AND ts >= ? AND patient_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY seq", (since, json.dumps(sorted(patient_family)))):
        own = families.get(actor_id)
        if own and patient_family.get(str(patient_id)) == own:
            flags.append(Flag("same_family", actor_id, actor, ts,
                              f"opened the chart of patient {patient_id}, who shares the "
                              "user's family name.", (seq,)))
    return flags


def denials(session: Session, rules: MonitorRules, since: str) -> list[Flag]:
    actions = ("permission.denied", "restricted.denied")
    day_key = "substr(ts, 1, 10)"
    groups = _groups(session, actions, since, day_key)
    names = _latest_names(groups)
    return [Flag("denials", actor_id, names[actor_id], day,
                 f"{count} refused operations in one day.",
                 _seqs(session, actions, since, actor_id, day_key, day))
            for actor_id, day, count in sorted((a, d, c) for a, _n, d, c in groups)
            if count >= rules.denials_per_day]


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
        # The distinct actions come from the action index alone; a LIKE over the table
        # itself would read (and decrypt) every page of the log.
        "SELECT seq, ts, actor_id, actor, action FROM audit WHERE action IN (SELECT "
        "DISTINCT action FROM audit WHERE action LIKE '%export%' AND action != "
        "'identity.card.export') AND ts >= ? ORDER BY seq", (since,))]
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
    flags = [*chart_rate(session, rules, since), *off_hours(session, rules, since, now),
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


@dataclass(frozen=True)
class Review:
    flag_id: str
    by: str
    at: str
    note: str


def _review_key(flag_id: str) -> str:
    return f"monitoring.review.{flag_id}"


def other_reviewers(session: Session, flag: Flag) -> list[str]:
    """Active accounts, other than the one the flag is about, who may review it."""
    names = []
    for user_id, name, role, status in session.conn.execute(
            "SELECT id, name, role, status FROM users"):
        try:
            may = is_allowed(Role(role), Operation.MONITOR_REVIEW)
        except ValueError:
            may = False
        if may and status == "active" and user_id != flag.actor_id:
            names.append(str(name))
    return sorted(names)


def review_flag(session: Session, flag: Flag | str, note: str = "") -> Review:
    """Mark a flag as looked at (owner and auditor). The review is a `monitor.reviewed`
    entry naming the flag; the note stays out of the log (it may name people or
    circumstances) and is kept in the registry beside it. Nobody reviews a flag about
    themselves while another account may; a flag id that no rule raises now (outside the
    window, or made up) is refused, so a review always names something that was seen."""
    target = flag if isinstance(flag, str) else flag.flag_id
    session.require(Operation.MONITOR_REVIEW, target=target)
    if isinstance(flag, str):
        found = next((f for f in run_rules(session) if f.flag_id == flag), None)
        if found is None:
            raise UsageError(f"No current monitoring flag has the id {flag!r}: run "
                             "`medvault monitor --all` for the flags of the last "
                             f"{load_rules(session).window_days} days.")
        flag = found
    done = reviews(session).get(flag.flag_id)
    if done is not None:
        raise UsageError(f"This flag was already reviewed by {done.by} at {done.at}.")
    others = other_reviewers(session, flag)
    if flag.actor_id == session.user.user_id and others:
        raise session.refuse(Operation.MONITOR_REVIEW,
                             message("review.own_flag", others=", ".join(others[:3])),
                             why="self_review", target=flag.flag_id)
    note = " ".join(note.split())
    if len(note) > 2000:
        raise UsageError("Keep the review note under 2000 characters.")
    review = Review(flag.flag_id, session.user.name,
                    clock.now().isoformat(timespec="seconds"), note)
    with session.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (_review_key(flag.flag_id), json.dumps(asdict(review))))
        session.record("monitor.reviewed", target=flag.flag_id,
                       detail={"rule": flag.rule, "about": flag.actor_id,
                               "noted": bool(note),
                               "self_review": flag.actor_id == session.user.user_id})
    return review


def reviews(session: Session) -> dict[str, Review]:
    """Every review, by flag id: the audit log says who and when (it is the record); the
    note comes from the registry where the review left it."""
    found: dict[str, Review] = {}
    for target, actor, ts in session.conn.execute(
            "SELECT target, actor, ts FROM audit WHERE action = 'monitor.reviewed' "
            "ORDER BY seq"):
        if target is None:
            continue
        row = session.conn.execute("SELECT value FROM meta WHERE key = ?",
                                   (_review_key(str(target)),)).fetchone()
        note = ""
        if row is not None:
            try:
                stored = json.loads(row[0])
                note = str(stored.get("note", "")) if isinstance(stored, dict) else ""
            except ValueError:
                note = ""
        found[str(target)] = Review(str(target), str(actor), str(ts), note)
    return found


def unreviewed(session: Session, flags: list[Flag]) -> list[Flag]:
    done = {str(t) for (t,) in session.conn.execute(
        "SELECT target FROM audit WHERE action = 'monitor.reviewed'")}
    return [f for f in flags if f.flag_id not in done]


#: The rules, for lists and filters (`Flag.rule` is one of these).
RULES = ("chart_rate", "off_hours", "same_family", "denials", "unreviewed_emergency",
         "bulk_export")
