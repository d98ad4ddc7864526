"""`medvault verify`: page authentication, SQLite integrity, the audit chain and the slots."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.audit import AuditHead, AuditReport
from app.core.database import DatabaseError
from app.core.errors import MedVaultError
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


def saved_heads(session: Session, extra: list[AuditHead] | None = None) -> list[AuditHead]:
    heads = list(extra or [])
    if session.vault.file.audit_head:
        with contextlib.suppress(ValueError):
            heads.append(AuditHead.from_json(session.vault.file.audit_head))
    return heads


def verify_audit(session: Session, extra_heads: list[AuditHead] | None = None, *,
                 progress: ProgressCallback = no_progress) -> AuditReport:
    session.require(Operation.AUDIT_VERIFY)
    report = session.audit.verify(saved_heads(session, extra_heads), progress=progress)
    session.record("audit.verify", detail={"entries": report.entries, "ok": report.ok},
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
        report.checked.append(f"(not checked without its key: {', '.join(missing)})")
    try:
        audit = session.audit.verify(saved_heads(session, extra_heads))
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
    except DatabaseError:
        report.problems.append("audit: the result could not be logged; the file is damaged")
    return report


def export_audit(session: Session, path: Path, fmt: str, **filters: Any) -> int:
    """Write the log (or the entries matching `filters`, as the viewer shows them). Only a
    whole-log export can be checked against the chain offline: a filtered one leaves gaps."""
    session.require(Operation.AUDIT_EXPORT)
    session.record("audit.export", detail={"format": fmt, "filtered": bool(filters)})
    return session.audit.export(path, fmt, **filters)
