"""A patient's chart: everything a clinician sees on opening a record, read at once.

One read, one audit entry ("chart.open"), one consistent snapshot (a single transaction).
Observations are summarised as the newest value of each code; the full series comes from
`observations.observation_series` when a trend is opened, so a patient with 10,000
readings opens as fast as one with ten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.records import kinds, patients
from app.core.records.clinical import Allergy, Condition, Encounter, Immunization, Medication
from app.core.records.documents import Document, fetch_documents
from app.core.records.entries import Entry, EntryList, fetch_entries
from app.core.records.guard import patient_access
from app.core.records.in_error import ErrorMark, marks_for
from app.core.records.notes import Note, fetch_notes
from app.core.records.observations import Observation, latest_by_code
from app.core.records.patients import Patient
from app.core.roles import Operation
from app.core.session import Session


@dataclass(frozen=True)
class Chart:
    patient: Patient
    #: The entries of every listed kind (`kinds.listed()`), by kind name, in its order.
    lists: Mapping[str, list[Entry[Any]]]
    notes: list[Note]
    documents: list[Document]
    latest_observations: list[Entry[Observation]]
    observation_count: int
    hidden_restricted: int  # restricted entries left out; open them with a reason
    #: Entries marked entered in error (left out of the lists above), with who marked
    #: them, when and why: the record's history keeps them.
    in_error: list[ErrorMark] = field(default_factory=list)

    def entries(self, kind: str) -> list[Entry[Any]]:
        """The listed entries of one kind ("procedure"); a KeyError for an unlisted kind."""
        if not kinds.kind(kind).listed:
            raise KeyError(f"the chart does not list {kind} entries")
        return self.lists.get(kind, [])

    # Typed views of the kinds whose entries the GUI reads field by field.
    @property
    def allergies(self) -> list[Entry[Allergy]]:
        return self.entries("allergy")

    @property
    def conditions(self) -> list[Entry[Condition]]:
        return self.entries("condition")

    @property
    def medications(self) -> list[Entry[Medication]]:
        return self.entries("medication")

    @property
    def immunizations(self) -> list[Entry[Immunization]]:
        return self.entries("immunization")

    @property
    def encounters(self) -> list[Entry[Encounter]]:
        return self.entries("encounter")

    def to_json(self) -> dict[str, Any]:
        return {
            "patient": self.patient.to_json(),
            **{k.section: [e.to_json() for e in self.entries(k.name)]
               for k in kinds.listed()},
            "notes": [n.to_json() for n in self.notes],
            "documents": [d.to_json() for d in self.documents],
            "latest_observations": [e.to_json() for e in self.latest_observations],
            "observation_count": self.observation_count,
            "hidden_restricted": self.hidden_restricted,
            "entered_in_error": [m.to_json() for m in self.in_error],
        }


def open_chart(session: Session, patient_id: str) -> Chart:
    access = patient_access(session, Operation.CLINICAL_READ, patient_id, clinical=True)
    with session.transaction() as conn:
        patient = patients.load(conn, patient_id)
        assert patient is not None
        lists: dict[str, EntryList[Any]] = {}
        for spec in kinds.listed():
            data = spec.data
            assert data is not None, spec.name
            lists[spec.name] = fetch_entries(conn, data, access)
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
        hidden = (sum(found.hidden_restricted for found in lists.values())
                  + notes.hidden_restricted + documents.hidden_restricted
                  + hidden_observations)
        # Marks on restricted entries the user may not open stay hidden with the entry.
        in_error = [m for m in marks_for(conn, patient_id)
                    if access.sees(m.entry_id, m.restricted)]
        session.record("chart.open", patient_id=patient_id, target=patient_id,
                       flagged=access.via_grant, detail=access.audit_detail())
    return Chart(patient, {name: found.entries for name, found in lists.items()},
                 notes.notes, documents.documents, latest, total, hidden, in_error)
