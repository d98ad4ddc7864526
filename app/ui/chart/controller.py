"""One open chart: the patient, the snapshot core returned, and every change made to it.

The controller is the only part of the chart that calls core. Every call checks the
permission matrix, restriction and key in core and writes its audit entry there; the
controller only keeps the snapshot in step afterwards (so adding an allergy does not
re-read, and re-audit, the whole chart) and tells the sections with `changed`.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Signal

from app.core.errors import PermissionDenied
from app.core.roles import Operation
from app.ui.core_messages import error_text

if TYPE_CHECKING:
    from app.core.fhir.importer import Provenance
    from app.core.records.chart import Chart
    from app.core.records.documents import Document
    from app.core.records.entries import Entry, EntryData
    from app.core.records.merge import MergeResult
    from app.core.records.notes import Note
    from app.core.records.observations import Observation
    from app.core.records.patients import Patient, PatientInput, PatientSummary
    from app.core.session import Session

class ChartController(QObject):
    #: The snapshot changed (opened, reloaded, or an entry was added or edited).
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self.patient_id: str | None = None
        self.summary: PatientSummary | None = None
        self.patient: Patient | None = None
        self.chart: Chart | None = None
        #: Why clinical sections are missing although the role allows them (no key yet).
        self.clinical_message = ""
        #: Where imported entries came from (FHIR import), by entry id.
        self.provenance: dict[str, Provenance] = {}

    # -- session ---------------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        if self._session is not None and not self._session.is_open:
            return None
        return self._session

    def require_session(self) -> Session:
        session = self.session
        if session is None:
            from app.core.session import SessionClosed

            raise SessionClosed()
        return session

    def allowed(self, operation: Operation) -> bool:
        session = self.session
        return session is not None and session.allowed(operation)

    @property
    def is_open(self) -> bool:
        return self.patient_id is not None and self.session is not None

    def display_name(self) -> str:
        if self.patient is not None:
            return self.patient.display_name
        return self.summary.display_name if self.summary is not None else ""

    def restricted(self) -> bool:
        if self.patient is not None:
            return self.patient.restricted
        return self.summary is not None and self.summary.restricted

    # -- opening -----------------------------------------------------------------------------
    def open(self, session: Session, patient_id: str,
             summary: PatientSummary | None = None) -> None:
        """Read what this user may see of the patient. Raises PermissionDenied when core
        refuses (a restricted patient without a grant, say); then nothing is kept."""
        chart, patient, message = self._read(session, patient_id)
        from app.core.fhir import provenance_for

        # Part of the chart just read (and audited as chart.open), for the same patient.
        self.provenance = provenance_for(session, patient_id) if chart is not None else {}
        self._session = session
        self.patient_id = patient_id
        self.summary = summary
        self.chart = chart
        self.patient = patient
        self.clinical_message = message
        self.changed.emit()

    def _read(self, session: Session, patient_id: str
              ) -> tuple[Chart | None, Patient | None, str]:
        from app.core.records.chart import open_chart
        from app.core.records.patients import get_patient

        chart: Chart | None = None
        message = ""
        if session.allowed(Operation.CLINICAL_READ):
            try:
                chart = open_chart(session, patient_id)
            except PermissionDenied as exc:
                if session.holds("clinical"):
                    raise  # restricted, or refused for a reason other than the key
                message = error_text(exc)
        if chart is not None:
            return chart, chart.patient, message
        if session.allowed(Operation.PATIENT_READ):
            return None, get_patient(session, patient_id), message
        return None, None, message  # an auditor: the access report only

    def reload(self) -> None:
        session = self.require_session()
        if self.patient_id is not None:
            self.open(session, self.patient_id, self.summary)

    def clear(self) -> None:
        self._session = None
        self.patient_id = None
        self.summary = None
        self.patient = None
        self.chart = None
        self.clinical_message = ""
        self.provenance = {}
        self.changed.emit()

    def source_of(self, entry_id: str) -> str | None:
        """Where an imported entry came from, in words; None for entries typed here."""
        found = self.provenance.get(entry_id)
        if found is None:
            return None
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate(
            "", "Imported from {file} ({resource}) by {user} on {date}").format(
            file=found.source_name, resource=f"{found.resource_type} {found.source_ref}",
            user=found.imported_by, date=found.imported_at[:10])

    # -- restricted records ---------------------------------------------------------------
    def open_restricted(self, session: Session, patient_id: str, reason: str,
                        minutes: float) -> None:
        from app.core.records.restricted import open_restricted

        open_restricted(session, patient_id, reason, minutes)

    def show_restricted_entries(self, reason: str, minutes: float) -> None:
        """A patient-wide grant also opens this patient's restricted entries."""
        session = self.require_session()
        assert self.patient_id is not None
        self.open_restricted(session, self.patient_id, reason, minutes)
        self.reload()

    # -- registry --------------------------------------------------------------------------
    def update_patient(self, data: PatientInput) -> Patient:
        from app.core.records.patients import update_patient

        assert self.patient_id is not None
        patient = update_patient(self.require_session(), self.patient_id, data)
        self.patient = patient
        if self.chart is not None:
            self.chart = dataclasses.replace(self.chart, patient=patient)
        self.changed.emit()
        return patient

    # -- structured entries ---------------------------------------------------------------
    def add_entry(self, data: EntryData, *, restricted: bool = False,
                  acknowledged: tuple[str, ...] = ()) -> Entry[Any]:
        """Add an entry. A medication goes through core's checks (allergies, duplicates),
        which raise NeedsAcknowledgement until every warning is acknowledged."""
        from app.core.records.clinical import Medication
        from app.core.records.entries import add_entry
        from app.core.records.prescribing import prescribe

        assert self.patient_id is not None
        session = self.require_session()
        if isinstance(data, Medication):
            entry: Entry[Any] = prescribe(session, self.patient_id, data,
                                          acknowledged=acknowledged, restricted=restricted)
        else:
            entry = add_entry(session, self.patient_id, data, restricted=restricted)
        self._put_entry(entry)
        return entry

    def update_entry(self, entry_id: str, data: EntryData) -> Entry[Any]:
        from app.core.records.entries import update_entry

        entry = update_entry(self.require_session(), entry_id, data)
        self._put_entry(entry)
        return entry

    def mark_entered_in_error(self, entry_id: str, reason: str) -> None:
        """Core marks it (any kind) and the chart is read again: the entry leaves every
        list, the banner and the checks, and shows under "Entered in error"."""
        from app.core.records.in_error import mark_entered_in_error

        mark_entered_in_error(self.require_session(), entry_id, reason)
        self.reload()

    # -- merging duplicates -----------------------------------------------------------------
    def merge_into(self, merged_id: str, reason: str) -> None:
        """Core moves everything of `merged_id` into this patient; the chart is read again."""
        from app.core.records.merge import merge_patients

        assert self.patient_id is not None
        merge_patients(self.require_session(), self.patient_id, merged_id, reason)
        self.reload()

    def undoable_merge(self) -> MergeResult | None:
        """The last merge into this patient, if core would still undo it."""
        from app.core.records.merge import last_merge, undo_blocker

        session = self.session
        if session is None or self.patient_id is None or not session.allowed(
                Operation.PATIENT_MERGE):
            return None
        merge = last_merge(session, self.patient_id)
        if merge is None or undo_blocker(session, merge.merge_id) is not None:
            return None
        return merge

    def undo_merge(self, merge_id: str) -> None:
        from app.core.records.merge import undo_merge

        undo_merge(self.require_session(), merge_id)
        self.reload()

    def record_absence(self, key: str) -> Entry[Any]:
        """Record NKA, NKDA or "no current medications" (core checks it fits the list)."""
        from app.core.records.absence import record_absence

        assert self.patient_id is not None
        entry = record_absence(self.require_session(), self.patient_id, key)
        self._put_entry(entry)
        return entry

    def _put_entry(self, entry: Entry[Any]) -> None:
        if self.chart is None or entry.kind not in self.chart.lists:
            return
        current: list[Entry[Any]] = list(self.chart.lists[entry.kind])
        for i, existing in enumerate(current):
            if existing.id == entry.id:
                current[i] = entry
                break
        else:
            current.insert(0, entry)
        self.chart = dataclasses.replace(self.chart,
                                         lists={**self.chart.lists, entry.kind: current})
        self.changed.emit()

    # -- observations ------------------------------------------------------------------------
    def record_vitals(self, effective: str, values: dict[str, float]) -> list[Entry[Any]]:
        from app.core.records.observations import record_vitals

        assert self.patient_id is not None
        added = record_vitals(self.require_session(), self.patient_id, effective,
                              **cast(dict[str, Any], values))
        self._put_observations(added)
        return added

    def add_observation(self, data: Observation) -> Entry[Any]:
        from app.core.records.entries import add_entry

        assert self.patient_id is not None
        entry = add_entry(self.require_session(), self.patient_id, data)
        self._put_observations([entry])
        return entry

    def _put_observations(self, added: list[Entry[Any]]) -> None:
        if self.chart is None:
            return
        latest = {_code_key(e): e for e in self.chart.latest_observations}
        for entry in added:
            key = _code_key(entry)
            if key not in latest or latest[key].data.effective <= entry.data.effective:
                latest[key] = entry
        ordered = sorted(latest.values(), key=lambda e: e.data.code.text.casefold())
        self.chart = dataclasses.replace(
            self.chart, latest_observations=ordered,
            observation_count=self.chart.observation_count + len(added))
        self.changed.emit()

    # -- notes ----------------------------------------------------------------------------------
    def put_note(self, note: Note) -> None:
        """A note was saved, signed or amended: show it (newest first)."""
        if self.chart is None or note.patient_id != self.patient_id:
            return
        notes = [n for n in self.chart.notes if n.id != note.id]
        if note.amends is not None and note.status == "signed":
            notes = [dataclasses.replace(n, amendment_count=n.amendment_count + 1)
                     if n.id == note.amends else n for n in notes]
        notes.insert(0, note)
        self.chart = dataclasses.replace(self.chart, notes=notes)
        self.changed.emit()

    def drop_note(self, note_id: str) -> None:
        if self.chart is None:
            return
        self.chart = dataclasses.replace(
            self.chart, notes=[n for n in self.chart.notes if n.id != note_id])
        self.changed.emit()

    # -- documents -----------------------------------------------------------------------------
    def add_document(self, data: bytes, *, title: str, doc_date: str | None,
                     description: str | None, restricted: bool) -> Document:
        from app.core.records.documents import add_document

        assert self.patient_id is not None
        document = add_document(self.require_session(), self.patient_id, data, title=title,
                                doc_date=doc_date, description=description,
                                restricted=restricted)
        if self.chart is not None:
            self.chart = dataclasses.replace(self.chart,
                                             documents=[document, *self.chart.documents])
            self.changed.emit()
        return document

    def read_document(self, document_id: str) -> bytes:
        from app.core.records.documents import read_document_data

        return read_document_data(self.require_session(), document_id)


def _code_key(entry: Entry[Any]) -> tuple[str | None, str]:
    coding = entry.data.code.coding
    return (coding.code if coding else None, entry.data.code.text)
