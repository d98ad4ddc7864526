"""A patient's chart: everything a clinician sees on opening a record, read at once.

One read, one audit entry ("chart.open"), one consistent snapshot (a single transaction).
Observations are summarised as the newest value of each code; the full series comes from
`observations.observation_series` when a trend is opened, so a patient with 10,000
readings opens as fast as one with ten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.records import patients
from app.core.records.clinical import Allergy, Condition, Encounter, Immunization, Medication
from app.core.records.documents import Document, fetch_documents
from app.core.records.entries import Entry, fetch_entries
from app.core.records.guard import patient_access
from app.core.records.notes import Note, fetch_notes
from app.core.records.observations import Observation, latest_by_code
from app.core.records.patients import Patient
from app.core.roles import Operation
from app.core.session import Session


@dataclass(frozen=True)
class Chart:
    patient: Patient
    allergies: list[Entry[Allergy]]
    conditions: list[Entry[Condition]]
    medications: list[Entry[Medication]]
    immunizations: list[Entry[Immunization]]
    encounters: list[Entry[Encounter]]
    notes: list[Note]
    documents: list[Document]
    latest_observations: list[Entry[Observation]]
    observation_count: int
    hidden_restricted: int  # restricted entries left out; open them with a reason

    def to_json(self) -> dict[str, Any]:
        return {
            "patient": self.patient.to_json(),
            "allergies": [e.to_json() for e in self.allergies],
            "conditions": [e.to_json() for e in self.conditions],
            "medications": [e.to_json() for e in self.medications],
            "immunizations": [e.to_json() for e in self.immunizations],
            "encounters": [e.to_json() for e in self.encounters],
            "notes": [n.to_json() for n in self.notes],
            "documents": [d.to_json() for d in self.documents],
            "latest_observations": [e.to_json() for e in self.latest_observations],
            "observation_count": self.observation_count,
            "hidden_restricted": self.hidden_restricted,
        }


def open_chart(session: Session, patient_id: str) -> Chart:
    access = patient_access(session, Operation.CLINICAL_READ, patient_id, clinical=True)
    with session.transaction() as conn:
        patient = patients.load(conn, patient_id)
        assert patient is not None
        allergies = fetch_entries(conn, Allergy, access)
        conditions = fetch_entries(conn, Condition, access)
        medications = fetch_entries(conn, Medication, access)
        immunizations = fetch_entries(conn, Immunization, access)
        encounters = fetch_entries(conn, Encounter, access)
        notes = fetch_notes(conn, access, session.user.user_id)
        documents = fetch_documents(conn, access)
        latest = latest_by_code(conn, access)
        total = int(conn.execute("SELECT count(*) FROM clinical.observations "
                                 "WHERE patient_id = ?", (patient_id,)).fetchone()[0])
        restricted_ids = {r[0] for r in conn.execute(
            "SELECT id FROM clinical.observations WHERE patient_id = ? AND restricted = 1",
            (patient_id,))}
        hidden_observations = 0 if access.scope.patient else len(
            restricted_ids - access.scope.entries)
        hidden = (allergies.hidden_restricted + conditions.hidden_restricted
                  + medications.hidden_restricted + immunizations.hidden_restricted
                  + encounters.hidden_restricted + notes.hidden_restricted
                  + documents.hidden_restricted + hidden_observations)
        session.record("chart.open", patient_id=patient_id, target=patient_id,
                       flagged=access.via_grant, detail=access.audit_detail())
    return Chart(patient, allergies.entries, conditions.entries, medications.entries,
                 immunizations.entries, encounters.entries, notes.notes, documents.documents,
                 latest, total, hidden)
