"""The checks every records function makes before touching data.

Order matters and is the same everywhere: the permission matrix first (`session.require`,
which audits denials), then the clinical key for clinical data, then the restriction
check, which refuses restricted data without an active break-glass grant and audits the
refusal. Reads made through a grant are flagged, so the owner sees what a grant was used
for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from app.core.errors import UsageError
from app.core.messages import Message, message, word
from app.core.records.breakglass import AccessScope, scope_for
from app.core.records.kinds import KINDS
from app.core.roles import Operation
from app.core.session import Session

# Every clinical table with a patient and a restricted flag, by the kind of entry it holds.
CLINICAL_TABLES = {k.name: k.table for k in KINDS}
# Operations that change a patient's record, refused on a record merged into another.
_WRITES = frozenset({Operation.PATIENT_WRITE, Operation.CLINICAL_WRITE,
                     Operation.CONSENT_WRITE, Operation.APPOINTMENT_WRITE,
                     Operation.ENTRY_MARK_ERROR})


class RecordNotFound(UsageError):
    """An id that names nothing in this vault (or nothing of that kind)."""


def restricted_message(what: str) -> Message:
    return message("perm.restricted", what=word("thing", what))


def need_clinical_key(session: Session, operation: Operation, *,
                      patient_id: str | None = None) -> None:
    """Refuse (audited, as a refusal of `operation`) without the clinical key."""
    if not session.holds("clinical"):
        raise session.refuse(
            operation,
            message("perm.no_clinical_key"),
            why="no_key", patient_id=patient_id)


@dataclass(frozen=True)
class PatientAccess:
    """One patient as the acting user may see them now."""

    patient_id: str
    restricted: bool
    scope: AccessScope

    def sees(self, entry_id: str | None, entry_restricted: bool) -> bool:
        return self.scope.covers(entry_id, entry_restricted=entry_restricted,
                                 patient_restricted=self.restricted)

    @property
    def via_grant(self) -> bool:
        return bool(self.scope.grant_ids)

    def audit_detail(self, **extra: Any) -> dict[str, Any]:
        detail = dict(extra)
        if self.scope.grant_ids:
            detail["grants"] = list(self.scope.grant_ids)
        return detail


def patient_access(session: Session, operation: Operation, patient_id: str, *,
                   clinical: bool = False, required: bool = False) -> PatientAccess:
    """Check the role (unless the caller already did), the key, existence and restriction."""
    if not required:
        session.require(operation, patient_id=patient_id)
    if clinical:
        need_clinical_key(session, operation, patient_id=patient_id)
    row = session.conn.execute("SELECT restricted, merged_into FROM patients WHERE id = ?",
                               (patient_id,)).fetchone()
    if row is None:
        raise RecordNotFound(f"There is no patient with id {patient_id!r} in this vault.")
    if row[1] is not None and operation in _WRITES:
        # A merged duplicate is a tombstone: what it held lives in the kept record now.
        raise UsageError(f"This record was merged into another ({row[1]}): open that "
                         "record to add or change anything.")
    access = PatientAccess(patient_id, bool(row[0]),
                           scope_for(session.conn, session.user.user_id, patient_id))
    if access.restricted and not access.scope.patient:
        deny_restricted(session, patient_id, None, "patient's record")
    return access


def check_entry(session: Session, access: PatientAccess, entry_id: str, restricted: bool,
                what: str) -> None:
    if not access.sees(entry_id, restricted):
        deny_restricted(session, access.patient_id, entry_id, what)


def deny_restricted(session: Session, patient_id: str, entry_id: str | None,
                    what: str) -> NoReturn:
    # Session.refuse records it so that it survives the caller's rollback too.
    raise session.refuse(Operation.RESTRICTED_ACCESS, restricted_message(what),
                         why="restricted", action="restricted.denied",
                         patient_id=patient_id, target=entry_id)


def entry_access(session: Session, operation: Operation, entry_id: str
                 ) -> tuple[str, PatientAccess]:
    """For an operation on one entry of any kind: the role, the clinical key, that the
    entry exists, its patient, and its restriction, in that order. (kind, patient access)."""
    session.require(operation, target=entry_id)
    need_clinical_key(session, operation)
    owner = entry_owner(session, entry_id)
    if owner is None:
        raise RecordNotFound(f"There is no clinical entry with id {entry_id!r}.")
    kind, patient_id, restricted = owner
    access = patient_access(session, operation, patient_id, required=True)
    check_entry(session, access, entry_id, restricted, kind)
    return kind, access


def entry_owner(session: Session, entry_id: str) -> tuple[str, str, bool] | None:
    """(kind, patient id, restricted) of any clinical entry, or None."""
    for kind, table in CLINICAL_TABLES.items():
        row = session.conn.execute(
            f"SELECT patient_id, restricted FROM clinical.{table} WHERE id = ?",
            (entry_id,)).fetchone()
        if row is not None:
            return kind, row[0], bool(row[1])
    return None
