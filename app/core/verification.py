"""`medvault verify`: page authentication, SQLite integrity, the audit chain and the slots."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.audit import AuditHead, AuditReport
from app.core.audit_heads import (
    SEAL_ACTION,
    FoundHeads,
    chain_holds,
    find_heads,
    remember_place,
    seal_problems,
)
from app.core.database import DatabaseError, check_encrypted_file, is_disk_full
from app.core.errors import DiskFull, MedVaultError, VaultDamaged
from app.core.progress import ProgressCallback, no_progress
from app.core.roles import Operation
from app.core.sealing import unseal
from app.core.session import Session


@dataclass
class VerifyReport:
    problems: list[str] = field(default_factory=list)
    audit: AuditReport | None = None
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def saved_heads(session: Session,
                extra: list[AuditHead] | None = None) -> list[tuple[str, AuditHead]]:
    """Every saved head we can find: vault.json and its evidence, every backup in the
    default and remembered backup folders, remembered exports, and those given."""
    return [*(("--head", h) for h in extra or []), *_found(session).heads]


def _found(session: Session) -> FoundHeads:
    return find_heads(session.vault.directory, session.vault.file)


def _head_problems(session: Session, report: AuditReport,
                   heads: list[tuple[str, AuditHead]]) -> list[str]:
    problems = []
    last = report.head.seq if report.head else 0
    for where, head in heads:
        if head.seq > last:
            problems.append(f"The log ends at entry {last}, but the head saved in {where} "
                            f"shows entry {head.seq} existed: the log was truncated.")
        elif not chain_holds(session, head):
            problems.append(f"Entry {head.seq} differs from the head saved in {where}: the "
                            "log was rewritten.")
    return list(dict.fromkeys(problems))


def check_audit(session: Session, extra_heads: list[AuditHead] | None = None, *,
                progress: ProgressCallback = no_progress) -> AuditReport:
    """The chain, every saved head, and every session's signed seal (no permission check,
    no audit entry: the callers do both)."""
    report = session.audit.verify(None, progress=progress)
    found = _found(session)
    heads = [*(("--head", h) for h in extra_heads or []), *found.heads]
    report.problems += _head_problems(session, report, heads)
    report.problems += found.key_problems(session.vault.file)
    report.heads_checked = len(heads)
    closes = session.audit.entries(action_prefix="session.")
    seals = session.audit.entries(action_prefix=SEAL_ACTION)
    report.problems += seal_problems(heapq.merge(closes, seals, key=lambda e: e.seq),
                                     session.vault.file)
    return report


def verify_audit(session: Session, extra_heads: list[AuditHead] | None = None, *,
                 progress: ProgressCallback = no_progress) -> AuditReport:
    session.require(Operation.AUDIT_VERIFY)
    report = check_audit(session, extra_heads, progress=progress)
    session.record("audit.verify", detail={"entries": report.entries, "ok": report.ok,
                                           "heads": report.heads_checked},
                   flagged=not report.ok)
    return report


def verify_vault(session: Session, extra_heads: list[AuditHead] | None = None) -> VerifyReport:
    session.require(Operation.VAULT_VERIFY)
    report = VerifyReport()
    try:
        report.problems += session.db.integrity_problems()
    except DatabaseError as exc:
        report.problems.append(f"pages: {exc}")
    report.checked += [c for c in ("registry", "clinical") if session.holds(c)]
    missing = sorted({"registry", "clinical"} - set(report.checked))
    if missing:
        report.checked.append(f"(pages not checked without its key: {', '.join(missing)})")
    for name in missing:
        # Without the key the pages cannot be read, but an emptied, cut or missing file
        # is still plain to see.
        info = session.vault.file.compartments[name]
        try:
            check_encrypted_file(session.vault.directory / info.file, name)
        except VaultDamaged as exc:
            report.problems.append(f"{name}: {exc}")
    try:
        audit = check_audit(session, extra_heads)
        report.audit = audit
        report.problems += [f"audit: {p}" for p in audit.problems]
    except DatabaseError as exc:
        report.problems.append(f"audit: the log cannot be read ({exc})")
    vf = session.vault.file
    for user in vf.users:
        if user.status == "active" and not vf.slots_for(user.user_id, "password"):
            report.problems.append(f"slots: active user {user.name} has no password slot")
    known = {u.user_id for u in vf.users}
    for sealed in vf.sealed:
        if sealed.user_id not in known:
            report.problems.append("slots: a sealed key belongs to no known user")
    for name, info in vf.compartments.items():
        mine = vf.sealed_for(session.user.user_id, name, info.key_version)
        if mine is None:
            continue
        try:
            if unseal(mine.sealed, session.identity) != session.key(name):
                report.problems.append(f"slots: your sealed {name} key does not match the file")
        except MedVaultError as exc:
            report.problems.append(f"slots: {exc}")
    report.checked.append("audit chain")
    report.checked.append("key slots")
    try:
        session.record("vault.verify",
                       detail={"ok": report.ok, "problems": len(report.problems)},
                       flagged=not report.ok)
    except DatabaseError as exc:
        if is_disk_full(exc):
            raise DiskFull() from exc
        report.problems.append("audit: the result could not be logged; the file is damaged")
    return report


def export_audit(session: Session, path: Path, fmt: str, **filters: Any) -> int:
    """Write the log (or the entries matching `filters`, as the viewer shows them). Only a
    whole-log export can be checked against the chain offline: a filtered one leaves gaps."""
    session.require(Operation.AUDIT_EXPORT)
    session.record("audit.export", detail={"format": fmt, "filtered": bool(filters)})
    count = session.audit.export(path, fmt, **filters)
    # A JSON export starts with the head: remember it, so verification reads it while it
    # is still on this machine.
    if fmt == "json" and remember_place(session.vault.file, "export", path):
        session.vault.save()
    return count
