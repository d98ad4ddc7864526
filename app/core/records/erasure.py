"""Erasing a patient (GDPR Art. 17) or refusing to, as the machine policy says.

Health records are usually exempt from the right to erasure while the law requires them
to be kept (Art. 17(3)(b) and (c); national retention rules, often ten years or more), so
the default policy refuses and says why. Where IT sets `erasure = "erase"`, every row about
the patient leaves both compartments, the full-text indexes are rebuilt (FTS5 keeps deleted
words in old index segments until they are merged), freed pages are overwritten
(`secure_delete`), and VACUUM rewrites each file. The audit entry names the patient's id,
the reason and row counts; it keeps no clinical content.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.errors import PolicyViolation
from app.core.records.breakglass import check_reason
from app.core.records.guard import RecordNotFound, need_clinical_key
from app.core.records.kinds import KINDS
from app.core.roles import Operation
from app.core.session import Session

RETENTION_MESSAGE = (
    "This patient's record was not erased. Health records must be kept for the retention "
    "period the law sets (often ten years or more after the last visit, longer for "
    "children), and the right to erasure does not apply while they must be kept (GDPR "
    "Art. 17(3)(b) and (c)). The request is recorded in the audit log. When retention has "
    "ended, IT can allow erasure with erasure = \"erase\" in the machine policy.")

# Children before parents: each kind's dependent rows (amendments, document blobs) first,
# then the kinds in the registry's reverse order, so encounters go last. FHIR import
# provenance (one row per imported entry) goes first.
_CLINICAL_DELETES = (
    ("fhir_provenance", "DELETE FROM clinical.fhir_provenance WHERE patient_id = ?"),
    ("entry_errors", "DELETE FROM clinical.entry_errors WHERE patient_id = ?"),
    ("merge_moves", "DELETE FROM clinical.merge_moves WHERE merge_id IN (SELECT id FROM "
                    "main.patient_merges WHERE keep_id = ?1 OR merged_id = ?1)"),
    *(step for k in reversed(KINDS)
      for step in (*k.erase_first,
                   (k.table, f"DELETE FROM clinical.{k.table} WHERE patient_id = ?"))))
_REGISTRY_DELETES = (
    ("fhir_sources", "DELETE FROM fhir_patient_sources WHERE patient_id = ?"),
    ("merge_moves_registry", "DELETE FROM patient_merge_moves WHERE merge_id IN (SELECT id "
                             "FROM patient_merges WHERE keep_id = ?1 OR merged_id = ?1)"),
    ("merges", "DELETE FROM patient_merges WHERE keep_id = ?1 OR merged_id = ?1"),
    ("appointments", "DELETE FROM appointments WHERE patient_id = ?"),
    ("consents", "DELETE FROM consents WHERE patient_id = ?"),
    ("name_keys", "DELETE FROM patient_name_keys WHERE patient_id = ?"),
    ("patients", "DELETE FROM patients WHERE id = ?"),
)


class ErasureRefused(PolicyViolation):
    """The machine policy keeps health records; the message explains the retention rule."""


@dataclass(frozen=True)
class ErasureResult:
    patient_id: str
    rows: dict[str, int]


def erase_patient(session: Session, patient_id: str, reason: str) -> ErasureResult:
    session.require(Operation.PATIENT_ERASE, patient_id=patient_id)
    reason = check_reason(reason)
    if session.conn.execute("SELECT 1 FROM patients WHERE id = ?",
                            (patient_id,)).fetchone() is None:
        raise RecordNotFound(f"There is no patient with id {patient_id!r} in this vault.")
    if session.vault.policy.policy.erasure != "erase":
        session.record("patient.erase.refused", patient_id=patient_id, target=patient_id,
                       reason=reason, detail={"policy": "refuse"})
        raise ErasureRefused(RETENTION_MESSAGE)
    # Without the clinical key the clinical rows would survive an "erasure".
    need_clinical_key(session, Operation.PATIENT_ERASE, patient_id=patient_id)
    rows: dict[str, int] = {}
    with session.transaction() as conn:
        # Signed notes are protected by a trigger; this marker is the one thing it yields to.
        conn.execute("INSERT INTO clinical.clinical_meta (key, value) VALUES ('erasing', ?)",
                     (patient_id,))
        for name, sql in (*_CLINICAL_DELETES, *_REGISTRY_DELETES):
            rows[name] = conn.execute(sql, (patient_id,)).rowcount
        conn.execute("DELETE FROM clinical.clinical_meta WHERE key = 'erasing'")
        for index in ("notes_fts", "documents_fts"):
            conn.execute(f"INSERT INTO clinical.{index}({index}) VALUES ('optimize')")
        session.record("patient.erase", patient_id=patient_id, target=patient_id,
                       reason=reason, detail={"rows": rows})
    # VACUUM cannot run inside a transaction; the erasure is committed either way, and
    # secure_delete has already overwritten the freed pages.
    for schema in ("main", "clinical"):
        session.conn.execute(f"VACUUM {schema}")
    return ErasureResult(patient_id, rows)
