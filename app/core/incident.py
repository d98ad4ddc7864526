"""Incident evidence: "what do we send within 72 hours when something goes wrong?".

`export_incident` writes an age-encrypted zip for a time window (optionally narrowed to
one account or one patient) holding:

- `audit.jsonl`: every entry of the window, with the entries just outside it, as stored
  (MACs included), and in the signed manifest the chain key, the MAC before the first
  line, the head at export and every head saved elsewhere, so a third party recomputes
  the chain and sees the slice complete and unaltered (`incident_check.py`, which ships
  inside the package and with MedVault, and docs/incident.md);
- `keys.json`: every account's public signing keys, which check the session seals;
- `patients.json`: the affected patients (names: the package is encrypted) with how many
  of their records were touched, how, and which kinds of data;
- `flags.json`: the monitoring flags over the window;
- `worksheet.json` / `worksheet.txt`: a GDPR Art. 33(3) worksheet pre-filled with those
  counts, and the 72-hour deadline from the moment of discovery the user enters.

Owner and auditor (`incident.export`); the export is audited before the file is written,
and a failure to write it is audited too.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from app.core import clock, incident_check
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.roles import Operation
from app.core.session import Session

NOTIFY_WITHIN = timedelta(hours=72)
MAX_ENTRIES = incident_check.MAX_ENTRIES
#: An incident package is read back whole into memory; it is never larger than this.
MAX_PACKAGE_BYTES = incident_check.MAX_TOTAL_BYTES
_COLUMNS = ("seq, ts, actor_id, actor, role, action, patient_id, target, reason, flagged, "
            "detail, mac")


@dataclass(frozen=True)
class IncidentResult:
    package_id: str
    path: Path
    entries: int
    patients: int
    records: int
    flags: int
    notify_by: str

    def to_json(self) -> dict[str, Any]:
        return {"package_id": self.package_id, "path": str(self.path),
                "entries": self.entries, "patients": self.patients,
                "records": self.records, "flags": self.flags, "notify_by": self.notify_by}


def parse_time(text: str, *, end_of_day: bool = False) -> datetime:
    """A date (YYYY-MM-DD) or date and time, in local time unless it names a zone. A bare
    date ending a window means the end of that day."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a date or time; write 2025-03-01 or "
                         "2025-03-01T14:30.") from None
    if len(text) == 10 and end_of_day:
        moment += timedelta(days=1) - timedelta(milliseconds=1)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the computer's local time
    return moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    # The audit log's own format, so text comparison is time comparison.
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _row_json(row: tuple[Any, ...]) -> dict[str, Any]:
    return {"seq": row[0], "ts": row[1], "actor_id": row[2], "actor": row[3], "role": row[4],
            "action": row[5], "patient_id": row[6], "target": row[7], "reason": row[8],
            "flagged": bool(row[9]), "detail": row[10], "mac": bytes(row[11]).hex()}


def _kind_of(action: str) -> str:
    from app.core.records.kinds import KINDS

    for kind in KINDS:
        if action.startswith(kind.name + "."):
            return kind.section
    if action.startswith(("chart.", "patient.read", "summary.")):
        return "whole chart"
    if action.startswith(("patient.", "appointment.", "consent.", "contact.")):
        return "demographics and administration"
    if action.startswith(("export.", "fhir.", "share.")):
        return "exported records"
    return action.split(".")[0]


def _affected(session: Session, focus: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per patient named in the focus entries: name, entries, actions, kinds and records."""
    from app.core.records.patient_names import patient_names

    per: dict[str, dict[str, Any]] = {}
    targets: dict[str, set[str]] = defaultdict(set)
    for e in focus:
        pid = e["patient_id"]
        if not pid:
            continue
        item = per.setdefault(pid, {"patient_id": pid, "entries": 0, "actions": Counter(),
                                    "kinds": set(), "accounts": set()})
        item["entries"] += 1
        item["actions"][e["action"]] += 1
        item["kinds"].add(_kind_of(e["action"]))
        item["accounts"].add(e["actor"])
        targets[pid].add(e["target"] or e["action"])
    names = patient_names(session, per) if per else {}
    return [{"patient_id": pid, "name": names.get(pid, "(erased or unknown)"),
             "entries": item["entries"], "records_touched": len(targets[pid]),
             "actions": dict(sorted(item["actions"].items())),
             "kinds_of_data": sorted(item["kinds"]), "accounts": sorted(item["accounts"])}
            for pid, item in sorted(per.items())]


def _flags(session: Session, start: datetime, seqs: set[int],
           actors: set[str]) -> list[dict[str, Any]]:
    from app.core import monitoring

    rules = monitoring.load_rules(session)
    days = (clock.now() - start).days + 1
    flags = monitoring.run_rules(session, replace(rules, window_days=max(rules.window_days,
                                                                          days)))
    chosen = [f for f in flags
              if (f.seqs and seqs & set(f.seqs)) or (not f.seqs and f.actor_id in actors)]
    reviews = monitoring.reviews(session)
    return [{**f.to_json(), "reviewed_by": (r.by if (r := reviews.get(f.flag_id)) else None)}
            for f in chosen]


_MEASURE_ACTIONS = {"user.disable": "account disabled", "keys.rotate": "key rotated",
                    "user.reset_password": "password reset",
                    "password.change": "password changed",
                    "emergency.reviewed": "emergency access reviewed",
                    "monitor.reviewed": "monitoring flag reviewed"}


def _measures(session: Session, start: str) -> list[str]:
    marks = ",".join("?" for _ in _MEASURE_ACTIONS)
    return [f"{ts[:16].replace('T', ' ')} UTC: {_MEASURE_ACTIONS[action]} by {actor}"
            + (f" ({target})" if target and action != "monitor.reviewed" else "")
            for ts, actor, action, target in session.conn.execute(
                f"SELECT ts, actor, action, target FROM audit WHERE action IN ({marks}) "
                "AND ts >= ? ORDER BY seq", (*_MEASURE_ACTIONS, start))]


def _worksheet(*, discovered: datetime, notify_by: datetime, window: tuple[str, str],
               patients: list[dict[str, Any]], focus: list[dict[str, Any]],
               flags: list[dict[str, Any]], measures: list[str],
               user: str | None, patient_id: str | None) -> dict[str, Any]:
    kinds = sorted({k for p in patients for k in p["kinds_of_data"]})
    records = sum(p["records_touched"] for p in patients)
    accounts = sorted({e["actor"] for e in focus})
    todo = "(to be completed)"
    return {
        "title": "GDPR Art. 33(3) notification worksheet",
        "discovered_at": _iso(discovered),
        "notify_supervisory_authority_by": _iso(notify_by),
        "deadline_rule": "Art. 33(1): without undue delay and, where feasible, not later "
                         "than 72 hours after becoming aware of the breach; later "
                         "notifications state the reasons for the delay.",
        "window_examined": {"from": window[0], "to": window[1], "account": user,
                            "patient_id": patient_id},
        "a_nature_of_the_breach": {
            "description": todo,
            "categories_of_data_subjects": ["patients"] if patients else [],
            "approximate_number_of_data_subjects": len(patients),
            "categories_of_personal_data_records": kinds,
            "approximate_number_of_records": records,
            "audit_entries_examined": len(focus),
            "accounts_involved": accounts,
            "monitoring_flags": len(flags),
        },
        "b_contact_point": f"{todo}: name and contact details of the data protection "
                           "officer or other contact point",
        "c_likely_consequences": f"{todo}. Health data is a special category (Art. 9); "
                                 "consider discrimination, loss of confidentiality of "
                                 "medical conditions, identity fraud, distress.",
        "d_measures_taken_or_proposed": {
            "recorded_in_the_audit_log_since_the_window_began": measures,
            "further_measures": todo,
        },
        "communication_to_data_subjects": f"{todo}: Art. 34 where the risk to them is high",
    }


def _worksheet_text(sheet: dict[str, Any]) -> str:
    a = sheet["a_nature_of_the_breach"]
    d = sheet["d_measures_taken_or_proposed"]
    w = sheet["window_examined"]
    records = ", ".join(a["categories_of_personal_data_records"])
    lines = [
        sheet["title"], "",
        f"Discovered: {sheet['discovered_at']}",
        f"NOTIFY THE SUPERVISORY AUTHORITY BY: {sheet['notify_supervisory_authority_by']}",
        f"({sheet['deadline_rule']})", "",
        f"Window examined: {w['from']} to {w['to']}"
        + (f", account {w['account']}" if w["account"] else "")
        + (f", patient {w['patient_id']}" if w["patient_id"] else ""), "",
        "(a) Nature of the breach: " + a["description"],
        f"    Data subjects: {', '.join(a['categories_of_data_subjects']) or 'none found'}, "
        f"about {a['approximate_number_of_data_subjects']}",
        f"    Personal data records: {records or 'none found'}, about "
        f"{a['approximate_number_of_records']}",
        f"    Audit entries examined: {a['audit_entries_examined']}; accounts involved: "
        f"{', '.join(a['accounts_involved']) or 'none'}; monitoring flags: "
        f"{a['monitoring_flags']}",
        f"(b) Contact point: {sheet['b_contact_point']}",
        f"(c) Likely consequences: {sheet['c_likely_consequences']}",
        "(d) Measures taken or proposed:",
        *[f"    - {m}" for m in d["recorded_in_the_audit_log_since_the_window_began"]],
        f"    - {d['further_measures']}",
        f"Communication to the people affected: {sheet['communication_to_data_subjects']}",
        "",
        "Patient names and details are in patients.json (this package is encrypted).",
    ]
    return "\n".join(lines) + "\n"


_README = """MedVault incident evidence package
==================================

manifest.json   what this is, the window, the exporter, the chain key and heads, and
                the SHA-256 of every other file; signed in manifest.sig (Ed25519) by the
                exporter's key named in the manifest
audit.jsonl     the audit entries of the window (and the one on each side), as stored
keys.json       every account's public signing keys (they check the session seals)
patients.json   the affected patients, the records touched and the kinds of data
flags.json      monitoring flags over the window
worksheet.txt   the GDPR Art. 33(3) worksheet with the 72-hour deadline (and .json)
incident_check.py  the independent checker (Python 3 standard library + cryptography)

To check it:  python3 incident_check.py THIS-PACKAGE.zip
Prefer a copy of incident_check.py you got from MedVault itself over the one in here: a
forged package could carry a forged checker. docs/incident.md describes every check so
you can also do them by hand.
"""


def _member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _checker_source() -> bytes:
    return Path(incident_check.__file__).read_bytes()


def export_incident(session: Session, out: Path, *, start: datetime, end: datetime,
                    discovered: datetime, user: str | None = None,
                    patient_id: str | None = None, recipients: list[str] | None = None,
                    passphrase: str | None = None) -> IncidentResult:
    """Write the package (age: to `recipients`, or to `passphrase`). Bounded: a window of
    more than `MAX_ENTRIES` entries is refused before anything is read."""
    from app.core.safe_files import write_file_safely
    from app.core.sharing.agefmt import encrypt_bytes

    session.require(Operation.INCIDENT_EXPORT)
    if bool(recipients) == bool(passphrase):
        raise UsageError("Encrypt the package to a recipient's age key or to a passphrase.")
    now = clock.now()
    if start > end:
        raise UsageError("The window starts after it ends: check --from and --to.")
    if discovered > now + timedelta(minutes=5):
        raise UsageError("The moment of discovery lies in the future.")
    user_id = None
    if user is not None:
        row = session.conn.execute("SELECT id, name FROM users WHERE name = ?",
                                   (user,)).fetchone()
        if row is None:
            raise UsageError(f"There is no account named {user!r} in this vault.")
        user_id, user = str(row[0]), str(row[1])
    if patient_id is not None and not (0 < len(patient_id) <= 64 and patient_id.isalnum()):
        raise UsageError("A patient id is letters and digits, as `patient find` shows it.")
    # A window reaching past this moment ends just before it: what the export itself
    # writes (its own entry, the rules' run) lies after the window, so the entry after
    # the window is always newer than its end, as the checker requires.
    end = min(end, now - timedelta(milliseconds=1))
    lo, hi = _iso(start), _iso(end)
    bounds = session.conn.execute(
        "SELECT (SELECT min(seq) FROM audit WHERE ts >= ?), "
        "(SELECT max(seq) FROM audit WHERE ts <= ?)", (lo, hi)).fetchone()
    first, last = bounds[0], bounds[1]
    if first is None or last is None or first > last:
        raise UsageError("The audit log has no entries in that window.")
    if last - first + 1 > MAX_ENTRIES:
        raise UsageError(f"That window holds {last - first + 1} audit entries; a package "
                         f"holds at most {MAX_ENTRIES}. Narrow --from and --to.")
    package_id = new_id()
    notify_by = discovered + NOTIFY_WITHIN
    # Audited first, so the package's head covers its own export entry; a failure below
    # is audited as abandoned.
    with session.transaction():
        session.record("incident.export", patient_id=patient_id, target=package_id,
                       detail={"from": lo, "to": hi, "user": user_id,
                               "entries": last - first + 1,
                               "discovered": _iso(discovered)})
    try:
        data, counts = _build(session, package_id, first, last, lo, hi, start, discovered,
                              notify_by, user, user_id, patient_id, now)
        sealed = encrypt_bytes(data, recipients=recipients, passphrase=passphrase)
        write_file_safely(out, sealed, what="incident package")
    except Exception as exc:
        with session.transaction():
            session.record("incident.export.abandoned", target=package_id, flagged=True,
                           detail={"error": type(exc).__name__})
        raise
    return IncidentResult(package_id, out, counts["entries"], counts["patients"],
                          counts["records"], counts["flags"], _iso(notify_by))


def _build(session: Session, package_id: str, first: int, last: int, lo: str, hi: str,
           start: datetime, discovered: datetime, notify_by: datetime, user: str | None,
           user_id: str | None, patient_id: str | None, now: datetime
           ) -> tuple[bytes, dict[str, int]]:
    from app.core.audit import GENESIS
    from app.core.audit_heads import find_heads

    rows = [_row_json(r) for r in session.conn.execute(
        f"SELECT {_COLUMNS} FROM audit WHERE seq BETWEEN ? AND ? ORDER BY seq",
        (max(1, first - 1), last + 1))]
    prev_row = session.conn.execute("SELECT mac FROM audit WHERE seq = ?",
                                    (rows[0]["seq"] - 1,)).fetchone()
    prev_mac = bytes(prev_row[0]).hex() if prev_row else GENESIS.hex()
    window = [e for e in rows if first <= e["seq"] <= last]
    focus = [e for e in window
             if (user_id is None or e["actor_id"] == user_id)
             and (patient_id is None or patient_id in (e["patient_id"], e["target"]))]
    patients = _affected(session, focus)
    flags = _flags(session, start, {e["seq"] for e in window},
                   {e["actor_id"] for e in focus})
    head = session.audit.head()
    vf = session.vault.file
    heads = find_heads(session.vault.directory, vf)
    keys = {u.user_id: u.signing_keys() for u in vf.users}
    sheet = _worksheet(discovered=discovered, notify_by=notify_by, window=(lo, hi),
                       patients=patients, focus=focus, flags=flags,
                       measures=_measures(session, lo), user=user, patient_id=patient_id)
    files = {
        "audit.jsonl": "".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"
                               for e in rows).encode(),
        "keys.json": _json(keys),
        "patients.json": _json({"focus": {"account": user, "patient_id": patient_id},
                                "entries_in_focus": len(focus), "patients": patients}),
        "flags.json": _json(flags),
        "worksheet.json": _json(sheet),
        "worksheet.txt": _worksheet_text(sheet).encode(),
        "README.txt": _README.encode(),
        "incident_check.py": _checker_source(),
    }
    identity = session.user_identity()
    manifest = {
        "format": incident_check.FORMAT,
        "package_id": package_id,
        "vault": {"id": vf.vault_id, "name": vf.name},
        "created_at": _iso(now),
        "exported_by": {"user_id": identity.user_id, "name": identity.name,
                        "signing_key": identity.signing_public,
                        "fingerprint": identity.fingerprint},
        "window": {"from": lo, "to": hi},
        "focus": {"account": user, "patient_id": patient_id},
        "discovered_at": _iso(discovered),
        "notify_by": _iso(notify_by),
        "audit": {
            "mac": "BLAKE2b-256 keyed with `key`, over the previous MAC followed by seq, "
                   "ts, actor_id, actor, role, action, patient_id, target, reason, flagged "
                   "(1/0) and detail joined with U+001F; absent values are empty",
            "key": session.audit_key().hex(),
            "prev_mac": prev_mac,
            "first_seq": first, "last_seq": last, "entries": last - first + 1,
            "head_at_export": head.to_json() if head else None,
            "saved_heads": [{"where": where, **h.to_json()} for where, h in heads.heads],
        },
        "files": {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                  for name, data in sorted(files.items())},
    }
    raw = _json(manifest)
    signature = session.signing_key().sign(incident_check.SIGNATURE_CONTEXT + raw)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _member(archive, "manifest.json", raw)
        _member(archive, "manifest.sig", signature)
        for name, data in sorted(files.items()):
            _member(archive, name, data)
    counts = {"entries": len(window), "patients": len(patients),
              "records": sum(p["records_touched"] for p in patients), "flags": len(flags)}
    return buffer.getvalue(), counts


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True).encode()


# -- reading it back ------------------------------------------------------------------------
def open_incident(source: IO[bytes], *, identities: list[str] | None = None,
                  passphrase: str | None = None) -> tuple[dict[str, bytes],
                                                          incident_check.CheckResult]:
    """Decrypt (the age header bounded), read the zip under the checker's bounds, and run
    every check. Raises PackageRefused for what is not a readable package."""
    from app.core.sharing.agefmt import AgeReader
    from app.core.sharing.errors import PackageRefused

    plain = bytearray()
    for chunk in AgeReader(source, identities=identities, passphrase=passphrase).chunks():
        plain += chunk
        if len(plain) > MAX_PACKAGE_BYTES:
            raise PackageRefused("This incident package is larger than 1 GiB: it is not "
                                 "one MedVault wrote.")
    try:
        members = incident_check.read_zip(bytes(plain))
        return members, incident_check.check(members)
    except incident_check.Unreadable as exc:
        raise PackageRefused(f"This is not a readable incident package: {exc}.") from None
