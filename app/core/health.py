"""The security health check: "are we safe today?", answered from the vault's own facts.

Each check gives a `Finding`: ok, warning, problem or unknown, the evidence (ids, counts
and dates only, never clinical text) and the one action that fixes it. Core decides every
verdict; the CLI (`medvault health`) and the GUI only show them. Reading the health is
permission-checked (owner and auditor) and audited with the counts.

Where the machine cannot tell (disk or swap encryption on an unknown layout), the finding
is "unknown", never a guess.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from app.core import clock
from app.core import kdf as kdf_mod
from app.core.audit import TS_MILLIS
from app.core.roles import Operation, Role
from app.core.session import Session

Status = Literal["ok", "warning", "problem", "unknown"]
_ORDER: dict[str, int] = {"ok": 0, "unknown": 1, "warning": 2, "problem": 3}

#: The newest verified backup may be this old before the check warns, and twice that
#: before it is a problem, unless the machine policy sets `backup_max_age_days`.
DEFAULT_BACKUP_MAX_AGE_DAYS = 7
#: A restore drill (`medvault backup drill`) should be this recent (GDPR Art. 32(1)(d)).
DRILL_MAX_AGE_DAYS = 90
UNUSED_ACCOUNT_DAYS = 90
#: Failed sign-ins within one hour that count as a burst.
FAILURE_BURST = 10
MIN_SQLCIPHER_MAJOR = 4


@dataclass(frozen=True)
class Finding:
    check: str
    status: Status
    evidence: str
    action: str = ""
    #: Where the GUI's button goes (a page name); empty when no page fixes it.
    page: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"check": self.check, "status": self.status, "evidence": self.evidence,
                "action": self.action, "page": self.page}


@dataclass
class HealthReport:
    findings: list[Finding] = field(default_factory=list)
    checked_at: str = ""

    @property
    def worst(self) -> Status:
        worst: Status = "ok"
        for finding in self.findings:
            if _ORDER[finding.status] > _ORDER[worst]:
                worst = finding.status
        return worst

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in _ORDER}
        for finding in self.findings:
            out[finding.status] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {"checked_at": self.checked_at, "worst": self.worst, "counts": self.counts(),
                "findings": [f.to_json() for f in self.findings]}


def _now() -> datetime:
    return clock.now()


def _days(delta: timedelta) -> str:
    days = delta.total_seconds() / 86400
    return f"{days:.0f} days" if days >= 1.5 else f"{delta.total_seconds() / 3600:.0f} hours"


# -- the checks ---------------------------------------------------------------------------
def check_backup_age(session: Session, now: datetime) -> Finding:
    from app.core.backup import default_backup_dir, list_backups

    vf = session.vault.file
    limit_days = int(getattr(session.vault.policy.policy, "backup_max_age_days",
                             DEFAULT_BACKUP_MAX_AGE_DAYS))
    folders = [default_backup_dir(session.vault.directory),
               *(Path(p) for p in getattr(vf, "backup_dirs", []))]
    newest: datetime | None = None
    for folder in dict.fromkeys(folders):
        for info in list_backups(folder, vf.vault_id):
            when = info.created_at
            if when is not None and (newest is None or when > newest):
                newest = when
    name = "Newest backup"
    action = "Make a backup now (Administration → Backups, or medvault backup)."
    if newest is None:
        return Finding(name, "problem", "No backup of this vault was found in its backup "
                       "folders.", action, "backups")
    age = now - newest
    evidence = f"Newest verified backup: {newest:%Y-%m-%d %H:%M} UTC ({_days(age)} old; " \
               f"the limit is {limit_days} days)."
    if age > timedelta(days=2 * limit_days):
        return Finding(name, "problem", evidence, action, "backups")
    if age > timedelta(days=limit_days):
        return Finding(name, "warning", evidence, action, "backups")
    return Finding(name, "ok", evidence)


def _last_action(session: Session, action: str) -> tuple[datetime | None, dict[str, Any]]:
    row = session.conn.execute(
        "SELECT ts, detail FROM audit WHERE action = ? ORDER BY seq DESC LIMIT 1",
        (action,)).fetchone()
    if row is None:
        return None, {}
    try:
        detail = json.loads(row[1])
    except ValueError:
        detail = {}
    return clock.parse_utc(row[0]), detail if isinstance(detail, dict) else {}


def check_restore_drill(session: Session, now: datetime) -> Finding:
    name = "Restore test"
    action = ("Test a restore: medvault backup drill VAULT --as USER restores the newest "
              "backup into a temporary folder and verifies it.")
    when, detail = _last_action(session, "backup.drill")
    if when is None:
        return Finding(name, "warning", "No restore has ever been tested for this vault "
                       "(GDPR Art. 32(1)(d) asks for regular tests).", action, "backups")
    ok = bool(detail.get("ok", True))
    evidence = f"Last restore test: {when:%Y-%m-%d} ({_days(now - when)} ago)" + \
        ("" if ok else ", and it failed") + "."
    if not ok:
        return Finding(name, "problem", evidence, action, "backups")
    if now - when > timedelta(days=DRILL_MAX_AGE_DAYS):
        return Finding(name, "warning", evidence + f" Test at least every "
                       f"{DRILL_MAX_AGE_DAYS} days.", action, "backups")
    return Finding(name, "ok", evidence)


def _active_users(session: Session) -> list[tuple[str, str, str]]:
    return [(r[0], r[1], r[2]) for r in session.conn.execute(
        "SELECT id, name, role FROM users WHERE status = 'active' ORDER BY name")]


def check_totp(session: Session, now: datetime) -> Finding:
    name = "Authenticator (TOTP)"
    vf = session.vault.file
    staff = [(uid, n) for uid, n, role in _active_users(session)
             if role != Role.EMERGENCY.value]
    without = [n for uid, n in staff
               if not ((u := vf.user_by_id(uid)) is not None and u.totp)]
    if vf.kind == "personal" and len(staff) <= 1:
        if without:
            return Finding(name, "warning", "The owner signs in without an authenticator.",
                           "Turn on the authenticator under My account (medvault totp "
                           "enrol).", "account")
        return Finding(name, "ok", "The owner uses an authenticator.")
    if not without:
        return Finding(name, "ok", f"All {len(staff)} staff accounts use an authenticator.")
    return Finding(name, "warning", f"{len(without)} of {len(staff)} staff accounts sign in "
                   f"without an authenticator: {', '.join(without)}.",
                   "Require TOTP for staff (Administration → Settings), then each enrols "
                   "under My account.", "settings")


def check_unused_accounts(session: Session, now: datetime) -> Finding:
    name = "Unused accounts"
    cutoff = now - timedelta(days=UNUSED_ACCOUNT_DAYS)
    stale: list[str] = []
    for uid, uname, role in _active_users(session):
        if role in (Role.OWNER.value, Role.EMERGENCY.value):
            continue  # the emergency account is meant to sit unused in the safe
        row = session.conn.execute(
            "SELECT ts FROM audit WHERE actor_id = ? AND action = 'signin.success' "
            "ORDER BY seq DESC LIMIT 1", (uid,)).fetchone()
        created = session.conn.execute("SELECT created FROM users WHERE id = ?",
                                       (uid,)).fetchone()
        last = clock.parse_utc(row[0]) if row else clock.parse_utc(created[0] if created else "")
        if last is None or last < cutoff:
            stale.append(uname)
    if not stale:
        return Finding(name, "ok", f"Every staff account was used in the last "
                       f"{UNUSED_ACCOUNT_DAYS} days.")
    return Finding(name, "warning", f"{len(stale)} active accounts have not signed in for "
                   f"{UNUSED_ACCOUNT_DAYS} days: {', '.join(stale)}.",
                   "Disable accounts nobody uses (Administration → Users).", "users")


def check_rotation_after_disable(session: Session, now: datetime) -> Finding:
    name = "Keys after removing people"
    unrotated: dict[str, list[str]] = {}
    last_rotation: dict[str, int] = {}
    for seq, target in session.conn.execute(
            "SELECT seq, target FROM audit WHERE action = 'keys.rotate'"):
        last_rotation[str(target)] = max(last_rotation.get(str(target), 0), int(seq))
    for seq, target, detail in session.conn.execute(
            "SELECT seq, target, detail FROM audit WHERE action = 'user.disable'"):
        try:
            held = json.loads(detail).get("held", [])
        except (ValueError, AttributeError):
            held = []
        for compartment in held if isinstance(held, list) else []:
            if last_rotation.get(str(compartment), 0) < int(seq):
                user = session.vault.file.user_by_id(str(target))
                unrotated.setdefault(str(compartment), []).append(
                    user.name if user else str(target))
    if not unrotated:
        return Finding(name, "ok", "Every key a disabled user held was rotated since.")
    parts = [f"{c}: {', '.join(names)}" for c, names in sorted(unrotated.items())]
    status: Status = "problem" if "clinical" in unrotated else "warning"
    return Finding(name, status, "Disabled users still hold a copy of a current key ("
                   + "; ".join(parts) + ").",
                   "Rotate those keys (Administration → Key rotation, or medvault keys "
                   "rotate).", "rotation")


def check_pending(session: Session, now: datetime) -> Finding:
    name = "Waiting for the owner"
    grants = len(session.vault.file.grants)
    try:
        reviews = int(session.conn.execute(
            "SELECT count(*) FROM access_grants WHERE reviewed_at IS NULL").fetchone()[0])
    except Exception:
        reviews = 0
    if not grants and not reviews:
        return Finding(name, "ok", "No pending grants and no emergency access waiting for "
                       "review.")
    evidence = f"{grants} pending key grants and {reviews} emergency or restricted-record " \
               "accesses waiting for review."
    page = "emergency" if reviews else "grants"
    return Finding(name, "warning", evidence, "Approve or refuse the grants and review the "
                   "accesses (Pending grants, Emergency review).", page)


def check_failure_bursts(session: Session, now: datetime) -> Finding:
    name = "Failed sign-ins"
    since = (now - timedelta(days=7)).isoformat(timespec="seconds")
    # SQLite counts, for each failure, the failures in the hour up to it (a window over
    # the failures' times in milliseconds; a failure is logged with the time of the
    # attempt, at the next sign-in, so times, not log order, decide): the worst hour
    # without reading a week of a guessing script's entries into Python.
    total, worst = session.conn.execute(
        "SELECT count(*), coalesce(max(in_hour), 0) FROM (SELECT count(*) OVER (ORDER BY ms "
        "RANGE BETWEEN 3600000 PRECEDING AND CURRENT ROW) AS in_hour FROM (SELECT "
        f"{TS_MILLIS} AS ms FROM audit WHERE action = 'signin.failure' AND ts >= ?) "
        "WHERE ms IS NOT NULL)", (since,)).fetchone()
    if worst >= FAILURE_BURST:
        return Finding(name, "problem", f"{worst} failed sign-ins within one hour in the "
                       f"last 7 days ({total} in all).",
                       "Check the audit log's failed sign-ins: someone may be guessing "
                       "passwords.", "audit")
    if total >= FAILURE_BURST:
        return Finding(name, "warning", f"{total} failed sign-ins in the last 7 days.",
                       "Check the audit log's failed sign-ins.", "audit")
    return Finding(name, "ok", f"{total} failed sign-ins in the last 7 days.")


def check_kdf(session: Session, now: datetime) -> Finding:
    from app.core.vault import kdf_floor

    name = "Password hashing (Argon2)"
    memory, time_cost = kdf_floor(session.vault.policy)
    weak: list[str] = []
    for slot in session.vault.file.slots:
        if slot.kind != "password":
            continue
        if not slot.kdf.meets(memory, time_cost) \
                or slot.kdf.memory_kib < kdf_mod.SMALL_MACHINE_MEMORY_KIB:
            user = session.vault.file.user_by_id(slot.user_id)
            weak.append(user.name if user else slot.user_id)
    if weak:
        return Finding(name, "problem", f"{len(weak)} password slots are below the floor "
                       f"({memory // 1024} MiB, {time_cost} passes) or below "
                       f"{kdf_mod.SMALL_MACHINE_MEMORY_KIB // 1024} MiB: "
                       f"{', '.join(sorted(set(weak)))}.",
                       "Each of them signs in once with their password: MedVault re-wraps "
                       "the slot at the policy floor.", "users")
    return Finding(name, "ok", f"Every password slot meets the floor ({memory // 1024} MiB, "
                   f"{time_cost} passes).")


def check_audit_head(session: Session, now: datetime) -> Finding:
    from app.core.backup import default_backup_dir, list_backups

    name = "Audit log against backups"
    head = session.audit.head()
    current = head.seq if head is not None else 0
    vf = session.vault.file
    folders = [default_backup_dir(session.vault.directory),
               *(Path(p) for p in getattr(vf, "backup_dirs", []))]
    ahead: list[str] = []
    for folder in dict.fromkeys(folders):
        for info in list_backups(folder, vf.vault_id):
            if info.head is not None and info.head.seq > current:
                ahead.append(f"{info.path.name} (entry {info.head.seq})")
    if ahead:
        return Finding(name, "problem", f"The vault's audit log ends at entry {current}, "
                       f"but newer backups hold later entries: {', '.join(ahead)}. The vault "
                       "was rolled back or its log cut.",
                       "Run medvault verify and compare with the newest backup; restore it "
                       "if the vault was rolled back.", "audit")
    return Finding(name, "ok", f"The audit log (entry {current}) is not behind any backup.")


def check_policy(session: Session, now: datetime) -> Finding:
    name = "Machine policy"
    errors = list(session.vault.policy.errors)
    warnings = list(getattr(session.vault.policy, "warnings", ()))
    if errors:
        return Finding(name, "problem", f"{len(errors)} problems with the machine policy: "
                       f"{errors[0]}", "Ask IT to correct the policy file "
                       "(medvault policy check).", "policy")
    if warnings:
        return Finding(name, "warning", f"{len(warnings)} warnings about the machine policy: "
                       f"{warnings[0]}", "Ask IT to correct the policy file "
                       "(medvault policy check).", "policy")
    source = session.vault.policy.source
    return Finding(name, "ok", f"The machine policy {source} is valid." if source
                   else "No machine policy is installed; built-in defaults apply.")


def check_sqlcipher(session: Session, now: datetime) -> Finding:
    name = "SQLCipher"
    row = session.conn.execute("PRAGMA cipher_version").fetchone()
    version = str(row[0]) if row and row[0] else ""
    try:
        major = int(version.split(".")[0])
    except ValueError:
        major = 0
    if major < MIN_SQLCIPHER_MAJOR:
        return Finding(name, "problem", f"SQLCipher version {version or 'unknown'}.",
                       "Install a MedVault build with SQLCipher 4.")
    return Finding(name, "ok", f"SQLCipher {version}.")


# -- disk and swap encryption --------------------------------------------------------------
def _dm_is_crypt(name: str, sys_root: Path) -> bool | None:
    """True/False for a device-mapper device (by its uuid prefix), None when unknowable."""
    try:
        uuid = (sys_root / "block" / name / "dm" / "uuid").read_text().strip()
    except OSError:
        return None
    if uuid.startswith("CRYPT-"):
        return True
    # An LVM volume on top of LUKS: look at what it sits on.
    try:
        slaves = os.listdir(sys_root / "block" / name / "slaves")
    except OSError:
        return False
    results = [_dm_is_crypt(s, sys_root) if s.startswith("dm-") else False for s in slaves]
    return any(r is True for r in results) if results else False


def _device_encrypted(device: str, sys_root: Path) -> bool | None:
    real = os.path.realpath(device)
    base = os.path.basename(real)
    if base.startswith("dm-"):
        return _dm_is_crypt(base, sys_root)
    if base.startswith(("sd", "nvme", "vd", "xvd", "mmcblk", "hd")):
        return False
    return None


def _mount_device(path: Path, mountinfo: str) -> str | None:
    best, device = "", None
    target = str(path.resolve())
    for line in mountinfo.splitlines():
        parts = line.split()
        if len(parts) < 10 or "-" not in parts:
            continue
        mount_point = parts[4]
        source = parts[parts.index("-") + 2]
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) \
                and len(mount_point) >= len(best):
            best, device = mount_point, source
    return device


def check_disk_encryption(session: Session, now: datetime, *,
                          proc_root: Path = Path("/proc"),
                          sys_root: Path = Path("/sys")) -> Finding:
    """Linux only (LUKS/dm-crypt); other systems report unknown rather than guess."""
    name = "Disk and swap encryption"
    import sys

    if not sys.platform.startswith("linux"):
        return Finding(name, "unknown", "MedVault cannot yet tell on this system whether "
                       "the disk (BitLocker, FileVault) and swap are encrypted.",
                       "Check it in the system settings, and keep it on.")
    try:
        mountinfo = (proc_root / "self" / "mountinfo").read_text()
        swaps = (proc_root / "swaps").read_text().splitlines()[1:]
    except OSError:
        return Finding(name, "unknown", "The mount table cannot be read.",
                       "Check disk and swap encryption in the system settings.")
    device = _mount_device(session.vault.directory, mountinfo)
    disk = _device_encrypted(device, sys_root) if device and device.startswith("/dev/") \
        else None
    swap_states = [_device_encrypted(line.split()[0], sys_root) for line in swaps
                   if line.split()]
    swap: bool | None = all(s is True for s in swap_states) if swap_states and all(
        s is not None for s in swap_states) else (True if not swap_states else None)
    swap_text = "no swap" if not swap_states else {True: "swap encrypted",
                                                   False: "swap NOT encrypted",
                                                   None: "swap unknown"}[swap]
    disk_text = {True: f"vault disk encrypted ({device})",
                 False: f"vault disk NOT encrypted ({device})",
                 None: f"vault disk unknown ({device or 'no device'})"}[disk]
    evidence = f"{disk_text}; {swap_text}."
    if disk is False or swap is False:
        return Finding(name, "problem", evidence, "Encrypt the disk and swap (LUKS), as the "
                       "IT guide asks: a stolen disk otherwise exposes swapped-out memory.")
    if disk is None or swap is None:
        return Finding(name, "unknown", evidence, "Check disk and swap encryption with IT.")
    return Finding(name, "ok", evidence)


def check_monitoring(session: Session, now: datetime) -> Finding:
    from app.core import monitoring

    name = "Unusual access"
    if not session.allowed(Operation.AUDIT_READ):
        # The backup job's account runs the health check but may not read who opened
        # which chart; asking would only write a refusal. The owner and auditor see it.
        return Finding(name, "unknown", "Not checked: this account does not read the audit "
                       "log. The owner or the auditor sees unusual access.")
    flags = monitoring.unreviewed(session, monitoring.run_rules(session, now=now))
    if not flags:
        return Finding(name, "ok", "No unreviewed flags from the insider-monitoring rules.")
    by_rule: dict[str, int] = {}
    for flag in flags:
        by_rule[flag.rule] = by_rule.get(flag.rule, 0) + 1
    listed = ", ".join(f"{count} {rule}" for rule, count in sorted(by_rule.items()))
    return Finding(name, "warning", f"{len(flags)} unreviewed flags of unusual access "
                   f"({listed}).", "Look at them (medvault monitor) and mark each reviewed.",
                   "audit")


CHECKS: tuple[Callable[[Session, datetime], Finding], ...] = (
    check_backup_age, check_restore_drill, check_totp, check_unused_accounts,
    check_rotation_after_disable, check_pending, check_failure_bursts, check_kdf,
    check_audit_head, check_policy, check_sqlcipher, check_disk_encryption,
    check_monitoring,
)


def health_check(session: Session, *, now: datetime | None = None) -> HealthReport:
    """Every check, in a fixed order. Owner and auditor; audited with the counts."""
    session.require(Operation.HEALTH_VIEW)
    now = now or _now()
    report = HealthReport(checked_at=now.isoformat(timespec="seconds"))
    for check in CHECKS:
        report.findings.append(check(session, now))
    session.record("health.check", detail=report.counts())
    return report
