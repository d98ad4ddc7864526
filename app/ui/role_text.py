"""Roles in the reader's words: names and one-line descriptions, from core's role facts.

Core keeps role ids and what each role may do (`roles.role_facts`); it keeps no words.
Everything a person reads about a role is worded here, through tr(), so the names are
translated and the descriptions follow the permission table instead of repeating it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.roles import Role, role_facts


def role_name(role: Role | str) -> str:
    """The role's name to show; an id no Role knows (an old audit entry) stays as it is."""
    try:
        role = Role(role)
    except ValueError:
        return str(role)
    names = {
        Role.OWNER: QCoreApplication.translate("RoleText", "Owner"),
        Role.ADMIN: QCoreApplication.translate("RoleText", "Administrator"),
        Role.CLINICIAN: QCoreApplication.translate("RoleText", "Clinician"),
        Role.RECEPTION: QCoreApplication.translate("RoleText", "Reception"),
        Role.AUDITOR: QCoreApplication.translate("RoleText", "Auditor"),
        Role.EMERGENCY: QCoreApplication.translate("RoleText", "Emergency account"),
        Role.BACKUP: QCoreApplication.translate("RoleText", "Backup service"),
    }
    return names[role]


def role_description(role: Role) -> str:
    """What the role may do, in a sentence or two, built from core's facts about it."""
    facts = role_facts(role)
    if facts.inert_until_activated:
        return QCoreApplication.translate(
            "RoleText", "Can do nothing until activated with a reason; then reads "
            "clinical records, flagged for the owner's review.")
    if facts.backup_only:
        return QCoreApplication.translate(
            "RoleText", "For the scheduled backup job: makes, verifies and test-restores "
            "backups and reads the security health check. Never sees clinical records. "
            "Nor does it see any patient's details.")
    parts: list[str] = []
    if facts.writes_clinical:
        parts.append(QCoreApplication.translate("RoleText",
                                                "Reads and writes clinical records."))
    elif facts.reads_clinical:
        parts.append(QCoreApplication.translate("RoleText", "Reads clinical records."))
    else:
        parts.append(QCoreApplication.translate("RoleText",
                                                "Never sees clinical records."))
    if facts.books_appointments:
        parts.append(QCoreApplication.translate(
            "RoleText", "Registers patients and books appointments."))
    if facts.manages_users:
        parts.append(QCoreApplication.translate("RoleText", "Manages user accounts."))
    if facts.reads_audit:
        parts.append(QCoreApplication.translate("RoleText", "Reads the audit log."))
    if facts.waits_for_clinical_approval:
        parts.append(QCoreApplication.translate(
            "RoleText", "A new account gets clinical access once a clinician or the "
            "owner approves it."))
    return " ".join(parts)
