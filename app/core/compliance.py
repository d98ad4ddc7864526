"""The compliance statement: "what do we show an inspector?", from this vault's live state.

One row per control (HIPAA 45 CFR 164.312, the 2025 proposed Security Rule update, GDPR,
NIST SP 800-63B). Each row says how MedVault meets the control, the setting in force in
this vault, the date of its last evidence in the audit log, and what the practice must do
itself. Every sentence is built from facts read here (`Facts`), so a row changes when the
setting it quotes changes, and a row MedVault does not (fully) cover says so. Rows hold
settings, counts and dates, never clinical text or patient names.

The statement also carries a GDPR Art. 30 record of processing, filled from the vault,
with the fields only the controller can fill marked for the owner to complete.

Reading it needs `report.security` (owner and auditor) and is audited with the counts.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from app.core import clock
from app.core.roles import COMPARTMENTS_BY_ROLE, Operation, Role
from app.core.session import Session

Coverage = Literal["met", "partly", "not covered"]
FORMATS = ("pdf", "html", "json")

#: Said where the owner must fill a field of the Art. 30 record.
TO_COMPLETE = "(to be completed by the controller)"

#: NIST SP 800-63B revision 4: at least 15 characters where the password is the only
#: factor, 8 where a second factor is also required.
NIST_MIN_SINGLE_FACTOR = 15
NIST_MIN_WITH_MFA = 8


@dataclass(frozen=True)
class Control:
    framework: str
    ref: str
    title: str
    coverage: Coverage
    how: str          # how MedVault meets it: only what the code does
    setting: str      # what is in force in this vault now
    evidence: str     # the date (and kind) of the last evidence, or that there is none
    practice: str     # what the practice must do itself


@dataclass(frozen=True)
class RecordField:
    label: str
    value: str
    to_complete: bool = False  # the controller must fill or confirm it


@dataclass
class Statement:
    vault_name: str
    vault_id: str
    vault_kind: str
    generated_at: str
    generated_by: str
    version: str
    controls: list[Control]
    record: list[RecordField]
    facts: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counted = Counter(c.coverage for c in self.controls)
        return {k: counted.get(k, 0) for k in ("met", "partly", "not covered")}

    def to_json(self) -> dict[str, Any]:
        return {"statement": "MedVault compliance statement", "vault": {
                    "name": self.vault_name, "id": self.vault_id, "kind": self.vault_kind},
                "generated_at": self.generated_at, "generated_by": self.generated_by,
                "medvault_version": self.version, "coverage": self.counts(),
                "controls": [asdict(c) for c in self.controls],
                "record_of_processing": [asdict(r) for r in self.record],
                "facts": self.facts}


# -- facts ------------------------------------------------------------------------------
def _last(session: Session, *actions: str) -> str | None:
    marks = ",".join("?" for _ in actions)
    row = session.conn.execute(
        f"SELECT ts FROM audit WHERE action IN ({marks}) ORDER BY seq DESC LIMIT 1",
        actions).fetchone()
    return str(row[0]) if row else None


def _day(ts: str | None) -> str | None:
    if not ts:
        return None
    try:
        moment = datetime.fromisoformat(ts)
    except ValueError:
        return None
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _count(session: Session, sql: str, params: tuple[Any, ...] = ()) -> int:
    try:
        return int(session.conn.execute(sql, params).fetchone()[0])
    except Exception:  # a table an older vault lacks: nothing of that kind to count
        return 0


def gather_facts(session: Session) -> dict[str, Any]:
    """Everything the statement says, as plain values (also written into its JSON)."""
    from app.core import health, passwords, throttle
    from app.core.vault import kdf_floor
    from app.core.vault_settings import autolock_limit, current_settings
    from app.core.versions import versions

    vf = session.vault.file
    policy_load = session.vault.policy
    policy = policy_load.policy
    settings = current_settings(session)
    now = clock.now()
    users = [(str(u), str(n), str(r), str(s)) for u, n, r, s in session.conn.execute(
        "SELECT id, name, role, status FROM users ORDER BY name")]
    active = [u for u in users if u[3] == "active"]
    roles = Counter(u[2] for u in active)
    staff = [u for u in active if u[2] != Role.EMERGENCY.value]
    with_totp = [u for u in staff if (v := vf.user_by_id(u[0])) is not None and v.totp]
    workstation = {s.user_id for s in vf.slots if s.kind == "password" and s.workstation}
    password_slots = [s for s in vf.slots if s.kind == "password"]
    floor_memory, floor_time = kdf_floor(policy_load)
    clinical_holders = set(vf.holders("clinical"))
    emergency = [u for u in active if u[2] == Role.EMERGENCY.value]
    since_year = (now - timedelta(days=365)).isoformat()
    since_month = (now - timedelta(days=30)).isoformat()
    consents = Counter(str(p) for (p,) in session.conn.execute(
        "SELECT purpose FROM consents WHERE withdrawn_at IS NULL AND "
        "(valid_until IS NULL OR valid_until >= ?)", (now.isoformat(),)))
    shares: Counter[str] = Counter()
    for (detail,) in session.conn.execute(
            "SELECT detail FROM audit WHERE action = 'share.create' AND ts >= ?",
            (since_year,)):
        try:
            purpose = json.loads(detail or "{}").get("purpose")
        except (ValueError, AttributeError):
            purpose = None
        shares[str(purpose or "unstated")] += 1
    clinical_counts: dict[str, int] | None = None
    if session.holds("clinical"):
        from app.core.records.kinds import KINDS

        clinical_counts = {k.name: _count(session, f"SELECT count(*) FROM {k.table}")
                           for k in KINDS}
    head = session.audit.head()
    backup = health.check_backup_age(session, now)
    disk = health.check_disk_encryption(session, now)
    kdf = health.check_kdf(session, now)
    return {
        "vault_kind": vf.kind,
        "accounts_active": len(active),
        "accounts_disabled": sum(1 for u in users if u[3] != "active"),
        "accounts_by_role": dict(sorted(roles.items())),
        "staff_accounts": len(staff),
        "staff_with_totp": len(with_totp),
        "staff_without_totp": sorted(u[1] for u in staff if u not in with_totp),
        "totp_required_roles": sorted(settings.totp_required_roles),
        "totp_required_by_policy": sorted(policy.totp_required_roles),
        "workstation_factor_policy": policy.workstation_factor,
        "workstation_factor_accounts": len(workstation),
        "autolock_minutes": settings.autolock_minutes,
        "autolock_policy_max": policy.autolock_max_minutes,
        "autolock_limit": autolock_limit(policy),
        "lock_on_minimise": settings.lock_on_minimise,
        "pin_unlock": settings.pin_unlock,
        "min_password_length": policy.min_password_length,
        "blocklist_size": len(passwords._blocklist()),
        "throttle_free_attempts": throttle.FREE_ATTEMPTS,
        "throttle_max_wait_s": int(throttle.MAX_DELAY_S),
        "failed_signins_30_days": _count(
            session, "SELECT count(*) FROM audit WHERE action = 'signin.failure' "
            "AND ts >= ?", (since_month,)),
        "kdf_floor_mib": floor_memory // 1024,
        "kdf_floor_passes": floor_time,
        "kdf_weakest_mib": min((s.kdf.memory_kib for s in password_slots), default=0) // 1024,
        "kdf_weakest_passes": min((s.kdf.time_cost for s in password_slots), default=0),
        "kdf_slots_ok": kdf.status == "ok",
        "sqlcipher": versions().get("sqlcipher", "unknown"),
        "sqlcipher_memory_security": policy.sqlcipher_memory_security,
        "clinical_key_holders": len(clinical_holders & {u[0] for u in active}),
        "accounts_without_clinical_key": sum(
            1 for u in active if u[2] in {r.value for r, c in COMPARTMENTS_BY_ROLE.items()
                                          if "clinical" not in c}),
        "emergency_account": ("none" if not emergency else "present"),
        "emergency_reviews_waiting": _count(
            session, "SELECT count(*) FROM access_grants WHERE reviewed_at IS NULL"),
        "audit_entries": _count(session, "SELECT count(*) FROM audit"),
        "audit_head_seq": head.seq if head else 0,
        "erasure_policy": policy.erasure,
        "backup_keep": policy.backup_keep,
        "backup": {"status": backup.status, "evidence": backup.evidence},
        "disk_encryption": {"status": disk.status, "evidence": disk.evidence},
        "policy_file": str(policy_load.source) if policy_load.source else None,
        "policy_problems": len(policy_load.issues),
        "patients": _count(session, "SELECT count(*) FROM patients"),
        "contacts": _count(session, "SELECT count(*) FROM contacts"),
        "contacts_verified": _count(session, "SELECT count(*) FROM contacts WHERE "
                                    "fingerprint_verified_at IS NOT NULL"),
        "consents_in_force": dict(sorted(consents.items())),
        "packages_sent_12_months": dict(sorted(shares.items())),
        "clinical_entries": clinical_counts,
        "last": {
            "user_added": _last(session, "user.add"),
            "signin": _last(session, "signin.success"),
            "emergency_review": _last(session, "emergency.reviewed"),
            "settings_change": _last(session, "settings.change"),
            "key_rotation": _last(session, "keys.rotate"),
            "audit_verify": _last(session, "audit.verify", "vault.verify"),
            "vault_verify": _last(session, "vault.verify"),
            "backup": _last(session, "backup.create"),
            "restore_drill": _last(session, "backup.drill"),
            "health_check": _last(session, "health.check"),
            "monitor_review": _last(session, "monitor.reviewed", "monitor.run"),
            "access_report": _last(session, "access.report", "access.report.export"),
            "erasure": _last(session, "patient.erase", "patient.erase.refused"),
            "export": _last(session, "export.create", "fhir.export", "fhir.export.all",
                            "fhir.bundle"),
            "share": _last(session, "share.create"),
            "incident_export": _last(session, "incident.export"),
        },
    }


# -- the rows ---------------------------------------------------------------------------
def _evidence(what: str, ts: str | None) -> str:
    day = _day(ts)
    return f"{what}: {day}" if day else f"{what}: none recorded in this vault's log"


def _roles_text(by_role: dict[str, int]) -> str:
    return ", ".join(f"{n} {role}" for role, n in by_role.items()) or "none"


def _autolock_text(f: dict[str, Any]) -> str:
    cap = (f"policy maximum {f['autolock_policy_max']} min" if f["autolock_policy_max"]
           else f"no policy maximum (MedVault's limit {f['autolock_limit']} min)")
    return (f"idle lock {f['autolock_minutes']} min, {cap}; lock on minimise "
            f"{'on' if f['lock_on_minimise'] else 'off'}; PIN re-unlock after an idle lock "
            f"{'allowed' if f['pin_unlock'] else 'off'}")


def _totp_text(f: dict[str, Any]) -> str:
    required = sorted(set(f["totp_required_roles"]) | set(f["totp_required_by_policy"]))
    text = (f"{f['staff_with_totp']} of {f['staff_accounts']} accounts use an authenticator "
            f"(TOTP); required for: {', '.join(required) if required else 'no role'}")
    if f["totp_required_by_policy"]:
        text += f" (policy: {', '.join(f['totp_required_by_policy'])})"
    return text


def _workstation_text(f: dict[str, Any]) -> str:
    return (f"workstation factor {f['workstation_factor_policy']} by policy, "
            f"{f['workstation_factor_accounts']} accounts enrolled")


def _all_mfa(f: dict[str, Any]) -> bool:
    return bool(f["staff_accounts"] > 0 and f["staff_with_totp"] == f["staff_accounts"])


def _hipaa(f: dict[str, Any]) -> list[Control]:
    fw = "HIPAA Security Rule (45 CFR 164.312)"
    last = f["last"]
    emergency_ok = f["emergency_account"] != "none" or f["vault_kind"] == "personal"
    return [
        Control(fw, "164.312(a)(2)(i)", "Unique user identification", "met",
                "Each person signs in with an account of their own; names are unique and "
                "look-alike names are refused; every audit entry names the account.",
                f"{f['accounts_active']} active accounts ({_roles_text(f['accounts_by_role'])})"
                f"; {f['accounts_disabled']} disabled",
                _evidence("Last account added", last["user_added"]),
                "Give everyone their own account and never share a password; disable "
                "accounts when people leave."),
        Control(fw, "164.312(a)(2)(ii)", "Emergency access procedure",
                "met" if emergency_ok else "partly",
                "A restricted record opens only with a reason and a time-limited grant; an "
                "emergency account stays inert until activated with a reason; every "
                "emergency access waits for review by someone else.",
                f"emergency account: {f['emergency_account']}; emergency accesses waiting "
                f"for review: {f['emergency_reviews_waiting']}",
                _evidence("Last emergency review", last["emergency_review"]),
                ("Keep the emergency password sealed in a safe and decide who may break "
                 "the glass." if emergency_ok else
                 "No emergency account is set up: add one (Administration, Users) and "
                 "keep its password sealed in a safe.")),
        Control(fw, "164.312(a)(2)(iii)", "Automatic logoff", "met",
                "The window locks after the idle time, on Ctrl+L, and on screen lock or "
                "sleep where the system reports it; locking closes the databases and drops "
                "the keys.",
                _autolock_text(f), _evidence("Last settings change", last["settings_change"]),
                "Lock the screen when leaving the desk."),
        Control(fw, "164.312(a)(2)(iv)", "Encryption and decryption",
                "met" if f["kdf_slots_ok"] else "partly",
                "Both databases are SQLCipher 4 files (AES-256) under random 256-bit keys, "
                "one per compartment; keys are sealed to each user and opened only with "
                "their password through Argon2id; accounts without clinical duties never "
                "receive the clinical key.",
                f"SQLCipher {f['sqlcipher']}; password hashing: weakest slot "
                f"{f['kdf_weakest_mib']} MiB x {f['kdf_weakest_passes']} passes, policy "
                f"floor {f['kdf_floor_mib']} MiB x {f['kdf_floor_passes']}; clinical key "
                f"held by {f['clinical_key_holders']} accounts",
                _evidence("Last key rotation", last["key_rotation"]),
                "Encrypt the computer's disk and swap; keep backups on encrypted media."
                + ("" if f["kdf_slots_ok"] else
                   " Some password slots are hashed below the floor: each of those users "
                   "signs in once with their password, and MedVault re-wraps the slot.")),
        Control(fw, "164.312(b)", "Audit controls", "met",
                "Every sign-in, read, change, export, print and refusal is written to a "
                "keyed hash chain; each session is sealed with its user's signing key; "
                "monitoring rules flag unusual access.",
                f"{f['audit_entries']} entries, head #{f['audit_head_seq']}",
                _evidence("Last chain verification", last["audit_verify"]),
                "Review the log and the monitoring flags regularly; keep a backup or an "
                "exported head away from this computer."),
        Control(fw, "164.312(c)(1)", "Integrity", "met",
                "SQLCipher authenticates every page; the audit chain shows any edited, "
                "removed or reordered entry; the files are bound to each other so an older "
                "copy of one is reported; `medvault verify` checks all of this.",
                f"last verify: {_day(last['vault_verify']) or 'never'}",
                _evidence("Last vault verification", last["vault_verify"]),
                "Run a verification after restoring or moving the vault."),
        Control(fw, "164.312(d)", "Person or entity authentication",
                "met" if _all_mfa(f) else "partly",
                "A password hashed with Argon2id, an authenticator code (TOTP) where "
                "required, and an optional workstation factor kept in the system keychain; "
                "sign-in failures are slowed down and audited.",
                f"{_totp_text(f)}; {_workstation_text(f)}",
                _evidence("Last sign-in", last["signin"]),
                "Require authenticators for staff" + (
                    f" (without one: {', '.join(f['staff_without_totp'])})"
                    if f["staff_without_totp"] else "") + "."),
        Control(fw, "164.312(e)(1)", "Transmission security", "partly",
                "MedVault sends nothing over a network. Sharing packages and exports are "
                "files encrypted (age) to the recipient's key or a passphrase and signed "
                "by the sender; networks, e-mail and portals are not MedVault's.",
                f"{f['contacts']} contacts, {f['contacts_verified']} with a verified key; "
                f"packages in the last 12 months: "
                f"{sum(f['packages_sent_12_months'].values())}",
                _evidence("Last sharing package", last["share"]),
                "Send packages only over channels you trust, to verified contacts; secure "
                "the network, e-mail and any portal yourself."),
    ]


def _nprm(f: dict[str, Any]) -> list[Control]:
    fw = "HIPAA Security Rule update (proposed, Jan 2025)"
    disk = f["disk_encryption"]
    return [
        Control(fw, "MFA", "Multi-factor authentication for access to ePHI",
                "met" if _all_mfa(f) else "partly",
                "TOTP (RFC 6238) as a second factor, required by role through the vault "
                "settings or the machine policy.",
                _totp_text(f), _evidence("Last sign-in", f["last"]["signin"]),
                "The rule is a proposal; multi-factor sign-in to the computer, e-mail and "
                "other systems is the practice's."),
        Control(fw, "Encryption", "Encryption of ePHI at rest and in transit", "partly",
                "At rest, the vault's files are always encrypted (SQLCipher 4, AES-256). "
                "In transit, only MedVault's own packages and exports are (age). The disk "
                "and swap are the operating system's.",
                f"vault files encrypted; this computer: {disk['evidence']}",
                _evidence("Last key rotation", f["last"]["key_rotation"]),
                "Turn on full-disk encryption (BitLocker, FileVault, LUKS) and encrypt "
                "every other channel ePHI travels on."),
    ]


def _gdpr(f: dict[str, Any]) -> list[Control]:
    fw = "GDPR"
    last = f["last"]
    erasing = f["erasure_policy"] == "erase"
    backup_ok = f["backup"]["status"] == "ok"
    drilled = f["last"]["restore_drill"] is not None
    return [
        Control(fw, "Art. 5(1)(f)", "Integrity and confidentiality", "met",
                "Encryption at rest, compartments per role, a keyed audit chain of every "
                "access, and integrity checks of every page.",
                f"{f['accounts_without_clinical_key']} accounts work without the clinical "
                f"key; {_autolock_text(f)}",
                _evidence("Last vault verification", last["vault_verify"]),
                "Keep roles to what each person needs."),
        Control(fw, "Art. 15", "Right of access", "met",
                "The access report lists who opened a person's record and when; a "
                "person's records export as FHIR R4 with a readable summary.",
                f"{f['patients']} patients",
                _evidence("Last access report", last["access_report"]),
                "Answer requests within a month and check the requester's identity."),
        Control(fw, "Art. 17", "Right to erasure", "met" if erasing else "partly",
                ("Erasure removes every row about the person from both compartments and "
                 "overwrites the freed pages; the audit log keeps ids only."
                 if erasing else
                 "This computer's policy refuses erasure: health records are kept for "
                 "their legal retention period (Art. 17(3)(b) and (c)); each request is "
                 "refused with that reason and audited."),
                f"machine policy erasure = {f['erasure_policy']}; backups kept per folder: "
                f"{f['backup_keep']}",
                _evidence("Last erasure request", last["erasure"]),
                ("Decide each request; backups still hold the person until they rotate "
                 "out." if erasing else
                 "Decide each request yourself; where the law requires erasure, IT sets "
                 "erasure = \"erase\" in the machine policy.")),
        Control(fw, "Art. 20", "Right to data portability", "met",
                "A person's records, or the whole vault, export as FHIR R4 (NDJSON and "
                "bundles) with the original documents, encrypted with age.",
                f"{f['patients']} patients",
                _evidence("Last export", last["export"]),
                "Hand exports over securely and check who asked."),
        Control(fw, "Art. 25", "Data protection by design and by default", "met",
                "Least privilege is enforced with keys, not only screens: reception, admin "
                "and auditor accounts cannot decrypt clinical data; logs hold ids, not "
                "contents; restricted records need a reason; the idle lock is on by "
                "default.",
                f"clinical key held by {f['clinical_key_holders']} of {f['accounts_active']} "
                f"active accounts",
                _evidence("Last settings change", last["settings_change"]),
                "Give each person the role their work needs."),
        Control(fw, "Art. 30", "Records of processing activities", "partly",
                "This statement carries a record of processing filled from the vault "
                "(categories of data, subjects and recipients, retention, measures).",
                "see the record of processing below",
                _evidence("Generated", clock.now().isoformat()),
                "Complete and keep the record: controller, purposes, transfers."),
        Control(fw, "Art. 32", "Security of processing",
                "met" if backup_ok and drilled else "partly",
                "Encryption, access control and audit (above); backups verified when made; "
                "restore drills into a temporary folder (medvault backup drill); the "
                "security health check.",
                f"{f['backup']['evidence']} Last restore drill: "
                f"{_day(last['restore_drill']) or 'never'}",
                _evidence("Last health check", last["health_check"]),
                "Train staff, keep the computer patched and encrypted, and test restores "
                "regularly."),
        Control(fw, "Art. 33", "Notification of a personal data breach", "partly",
                "The audit log and the monitoring flags show what happened; `medvault "
                "incident export` writes an encrypted evidence package with an Art. 33(3) "
                "worksheet and the 72-hour deadline. MedVault notifies nobody.",
                f"monitoring flags last run or reviewed: "
                f"{_day(last['monitor_review']) or 'never'}",
                _evidence("Last incident package", last["incident_export"]),
                "Notify the supervisory authority within 72 hours of becoming aware, and "
                "the people affected where the risk is high."),
    ]


def _nist(f: dict[str, Any]) -> list[Control]:
    fw = "NIST SP 800-63B"
    length = f["min_password_length"]
    length_ok = length >= NIST_MIN_SINGLE_FACTOR or (
        length >= NIST_MIN_WITH_MFA and _all_mfa(f))
    return [
        Control(fw, "Password length", "Minimum password length",
                "met" if length_ok else "partly",
                "New passwords shorter than the policy's minimum are refused.",
                f"minimum {length} characters (machine policy); 800-63B asks for "
                f"{NIST_MIN_SINGLE_FACTOR} where the password is the only factor, "
                f"{NIST_MIN_WITH_MFA} with a second factor",
                _evidence("Last settings change", f["last"]["settings_change"]),
                "" if length_ok else
                f"Raise min_password_length to {NIST_MIN_SINGLE_FACTOR} in the machine "
                "policy, or require authenticators for every account."),
        Control(fw, "Blocklist", "Passwords checked against a blocklist", "met",
                "New passwords are refused when common, repetitive, or built from the "
                "user's or the vault's name.",
                f"{f['blocklist_size']} common passwords on the list",
                _evidence("Last sign-in", f["last"]["signin"]), ""),
        Control(fw, "Composition", "No composition rules", "met",
                "No rules about character classes; a strength estimate is shown instead.",
                "length and blocklist only", "Built into MedVault", ""),
        Control(fw, "Rate limiting", "Limit failed sign-in attempts", "met",
                f"After {f['throttle_free_attempts']} failures each further try waits "
                f"1, 2, 4 ... seconds, up to {f['throttle_max_wait_s'] // 60} minutes; "
                "every failure is audited.",
                f"failed sign-ins in the last 30 days: {f['failed_signins_30_days']}",
                _evidence("Last sign-in", f["last"]["signin"]),
                "Look into bursts the health check reports."),
    ]


def _record(session: Session, f: dict[str, Any]) -> list[RecordField]:
    from app.core.records.kinds import KINDS

    vf = session.vault.file
    clinical = f["clinical_entries"]
    if clinical is None:
        kinds = ", ".join(k.name for k in KINDS) + (
            " (not counted: this account holds no clinical key)")
    else:
        kinds = ", ".join(f"{k.name} ({clinical.get(k.name, 0)})" for k in KINDS)
    consents = ", ".join(f"{p}: {n}" for p, n in f["consents_in_force"].items()) or "none"
    shares = ", ".join(f"{p}: {n}" for p, n in f["packages_sent_12_months"].items()) \
        or "none"
    retention = ("erasure on request (machine policy erasure = erase)"
                 if f["erasure_policy"] == "erase" else
                 "kept; erasure requests refused by machine policy (legal retention)")
    return [
        RecordField("Controller (name and contact details)",
                    f"{TO_COMPLETE}. Vault \"{vf.name}\", owner account "
                    f"{_owner_name(session)}.", True),
        RecordField("Data protection officer", f"{TO_COMPLETE}, where one is required.",
                    True),
        RecordField("Purposes of the processing", TO_COMPLETE, True),
        RecordField("Categories of data subjects",
                    f"patients ({f['patients']}); staff with accounts "
                    f"({f['accounts_active']} active, {f['accounts_disabled']} disabled); "
                    f"contacts who receive records ({f['contacts']})"),
        RecordField("Categories of personal data",
                    "registry: identification and contact details, appointments, consents, "
                    "access log; clinical (special category, Art. 9): " + kinds),
        RecordField("Categories of recipients",
                    f"contacts in the vault: {f['contacts']} ({f['contacts_verified']} with "
                    f"a verified key); consents in force by purpose: {consents}; sharing "
                    f"packages in the last 12 months by purpose: {shares}"),
        RecordField("Transfers to third countries",
                    f"{TO_COMPLETE}. MedVault itself transfers nothing.", True),
        RecordField("Time limits for erasure",
                    f"{retention}; backups kept per folder: {f['backup_keep']}. Legal "
                    f"retention periods: {TO_COMPLETE}.", True),
        RecordField("Technical and organisational measures (Art. 32(1))",
                    f"encryption at rest (SQLCipher {f['sqlcipher']}, AES-256); keys per "
                    f"compartment, the clinical key held by {f['clinical_key_holders']} "
                    f"accounts; {_totp_text(f)}; {_autolock_text(f)}; keyed audit chain "
                    f"({f['audit_entries']} entries); {f['backup']['evidence']} Last "
                    f"restore drill: {_day(f['last']['restore_drill']) or 'never'}."),
    ]


def _owner_name(session: Session) -> str:
    row = session.conn.execute("SELECT name FROM users WHERE role = 'owner' LIMIT 1"
                               ).fetchone()
    return str(row[0]) if row else "unknown"


def security_statement(session: Session) -> Statement:
    """The statement for this vault now. Owner and auditor; audited with its counts."""
    from app import __version__

    session.require(Operation.REPORT_SECURITY)
    facts = gather_facts(session)
    controls = [*_hipaa(facts), *_nprm(facts), *_gdpr(facts), *_nist(facts)]
    vf = session.vault.file
    statement = Statement(vf.name, vf.vault_id, vf.kind,
                          clock.now().isoformat(timespec="seconds"), session.user.name,
                          __version__, controls, _record(session, facts), facts)
    session.record("report.security", detail={"controls": len(controls),
                                              **statement.counts()})
    return statement


# -- writing it ----------------------------------------------------------------------------
def render(statement: Statement, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(statement.to_json(), indent=2, ensure_ascii=False).encode()
    if fmt == "html":
        return _html(statement)
    if fmt == "pdf":
        return _pdf(statement)
    raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")


def format_for(path: Path) -> str:
    from app.core.errors import UsageError

    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(f"Name the statement file .pdf, .html or .json (got {path.name!r}).")
    return fmt


def write_statement(session: Session, path: Path) -> Statement:
    """Build the statement and write it (temp file, fsync, rename; never through a
    symlink), in the format the file name's suffix names."""
    from app.core.safe_files import write_file_safely

    fmt = format_for(path)
    statement = security_statement(session)
    write_file_safely(path, render(statement, fmt), what="compliance statement")
    return statement


def _title(s: Statement) -> str:
    return f"Compliance statement: vault \"{s.vault_name}\""


def _intro(s: Statement) -> list[str]:
    c = s.counts()
    return [f"Generated {s.generated_at} by {s.generated_by} with MedVault {s.version}, "
            f"from this vault's live settings, policy and audit log (vault id "
            f"{s.vault_id}, {s.vault_kind} vault).",
            f"Controls: {c['met']} met, {c['partly']} partly met, {c['not covered']} not "
            "covered. \"Partly\" means the rest is the practice's to do or set; the last "
            "column says what."]


def _html(s: Statement) -> bytes:
    e = html.escape
    mark = {"met": "Met", "partly": "Partly met", "not covered": "Not covered"}
    parts = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">",
             f"<title>{e(_title(s))}</title>",
             "<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
             "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;"
             "padding:.3em;vertical-align:top;text-align:left}"
             ".met{background:#e6f4ea}.partly{background:#fff4d6}"
             ".not-covered{background:#fde2e1}.todo{color:#8a4b00}"
             "@media print{body{margin:0}}</style></head><body>",
             f"<h1>{e(_title(s))}</h1>"]
    parts += [f"<p>{e(line)}</p>" for line in _intro(s)]
    framework = None
    for c in s.controls:
        if c.framework != framework:
            if framework is not None:
                parts.append("</tbody></table>")
            framework = c.framework
            parts.append(f"<h2>{e(framework)}</h2><table><thead><tr><th>Control</th>"
                         "<th>Status</th><th>How MedVault meets it</th><th>In force in "
                         "this vault</th><th>Last evidence</th><th>What the practice must "
                         "do</th></tr></thead><tbody>")
        css = c.coverage.replace(" ", "-")
        parts.append(f"<tr class=\"{css}\"><td>{e(c.ref)}: {e(c.title)}</td>"
                     f"<td>{e(mark[c.coverage])}</td><td>{e(c.how)}</td>"
                     f"<td>{e(c.setting)}</td><td>{e(c.evidence)}</td>"
                     f"<td>{e(c.practice)}</td></tr>")
    parts.append("</tbody></table>")
    parts.append("<h2>Record of processing activities (GDPR Art. 30)</h2>"
                 "<p>Filled from the vault; fields marked for completion are the "
                 "controller's to fill.</p><table><tbody>")
    for r in s.record:
        todo = " class=\"todo\"" if r.to_complete else ""
        parts.append(f"<tr><th>{e(r.label)}</th><td{todo}>{e(r.value)}</td></tr>")
    parts.append("</tbody></table></body></html>")
    return "\n".join(parts).encode("utf-8")


def _pdf(s: Statement) -> bytes:
    from app.core.textpdf import text_pdf, wrapped

    mark = {"met": "MET", "partly": "PARTLY MET", "not covered": "NOT COVERED"}
    lines: list[tuple[int, str]] = [(15, _title(s))]
    for line in _intro(s):
        lines += wrapped(line, 9)
    framework = None
    for c in s.controls:
        if c.framework != framework:
            framework = c.framework
            lines += [(9, ""), (13, framework)]
        lines.append((9, ""))
        lines += wrapped(f"{c.ref}: {c.title} [{mark[c.coverage]}]", 11)
        for label, text in (("How", c.how), ("In force", c.setting),
                            ("Evidence", c.evidence), ("Practice", c.practice)):
            if text:
                lines += wrapped(f"{label}: {text}", 9, "  ")
    lines += [(9, ""), (13, "Record of processing activities (GDPR Art. 30)")]
    for r in s.record:
        lines += wrapped(f"{r.label}: {r.value}", 9)
    return text_pdf(lines)
