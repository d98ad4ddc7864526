"""A personal vault's own record: which of its people is the owner themselves.

A personal vault holds its owner's records and their family's, all as patients. One of
them is the owner: the "My record" page shows that one, and the owner should not have to
type themselves in twice. The owner's record is made with the vault (`create_vault`'s
``own_record``), or chosen or added later here for vaults made before. The choice is one
row in the registry's `meta` table (`own_record` → patient id); it is not a permission and
changes nobody's access: the owner may read every record in their vault anyway.

Practice vaults have no own record: a clinician's own health record does not belong in
their practice's vault, so these functions refuse there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.errors import UsageError
from app.core.records.guard import RecordNotFound, patient_access
from app.core.roles import Operation

if TYPE_CHECKING:
    from app.core.database import Connection
    from app.core.records.patients import Patient, PatientInput
    from app.core.session import Session

META_KEY = "own_record"


def _personal(session: Session) -> None:
    if session.vault.file.kind != "personal":
        raise UsageError("Only a personal vault has its owner's own record.")


def stored_own_record(conn: Connection) -> str | None:
    """The stored patient id, if it still names a patient (an erased record names none)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
    if row is None:
        return None
    patient_id = row[0].decode() if isinstance(row[0], bytes) else str(row[0])
    found = conn.execute("SELECT 1 FROM patients WHERE id = ?", (patient_id,)).fetchone()
    return patient_id if found else None


def write_own_record(conn: Connection, patient_id: str) -> None:
    """Store the choice; the caller owns the transaction and the audit entry."""
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                 (META_KEY, patient_id))


def own_record_id(session: Session) -> str | None:
    """The owner's own record in a personal vault, or None (none chosen yet, or a practice
    vault). Not audited: it is an id, and opening the record is audited where it happens."""
    if session.vault.file.kind != "personal":
        return None
    return stored_own_record(session.conn)


def set_own_record(session: Session, patient_id: str) -> None:
    """Say which person in a personal vault is the owner. Audited `record.own.set`."""
    _personal(session)
    patient_access(session, Operation.PATIENT_WRITE, patient_id)
    with session.transaction() as conn:
        if conn.execute("SELECT 1 FROM patients WHERE id = ?", (patient_id,)).fetchone() \
                is None:
            raise RecordNotFound(f"There is no patient with id {patient_id!r}.")
        write_own_record(conn, patient_id)
        session.record("record.own.set", patient_id=patient_id, target=patient_id)


def create_own_record(session: Session, data: PatientInput, *,
                      not_a_duplicate: bool = False) -> Patient:
    """Add the owner as a person and mark them as the own record, in one transaction."""
    from app.core.records.patients import PossibleDuplicate, add_patient

    _personal(session)
    session.require(Operation.PATIENT_WRITE)
    try:
        with session.transaction() as conn:
            patient = add_patient(session, data, not_a_duplicate=not_a_duplicate)
            write_own_record(conn, patient.id)
            session.record("record.own.set", patient_id=patient.id, target=patient.id)
    except PossibleDuplicate as exc:
        # add_patient recorded the stop inside this transaction, which rolled back.
        session.record("patient.duplicate.stopped",
                       detail={"candidates": [c.id for c in exc.candidates]})
        raise
    return patient
