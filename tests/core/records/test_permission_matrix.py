"""Every role against every records operation, through the real functions.

The expected allow-sets are written out here, independent of `roles.PERMISSIONS`, so the
matrix can only change deliberately in two places. Each operation is tried through every
function that performs it; a denial must be a PermissionDenied that the session audited
as a denial of exactly that operation, so a refusal for another reason (a missing key, a
restriction) cannot pass for the matrix at work.
"""

from __future__ import annotations

import io
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from app.core.errors import PermissionDenied
from app.core.fhir import build_patient_bundle, plan_import, write_bulk
from app.core.records.access_report import access_report, export_access_report
from app.core.records.appointment_book import (
    check_slot,
    day_entries,
    day_list_for_print,
    practitioners,
)
from app.core.records.appointments import (
    book_appointment,
    export_day_list,
    list_appointments,
    move_appointment,
    set_appointment_status,
)
from app.core.records.chart import open_chart
from app.core.records.clinical import Condition
from app.core.records.consent import add_consent, consent_allows, list_consents, withdraw_consent
from app.core.records.contacts import (
    ContactInput,
    add_contact,
    get_contact,
    list_contacts,
    update_contact,
)
from app.core.records.demo import fill_demo
from app.core.records.documents import (
    add_document,
    get_document,
    list_documents,
    read_document_data,
    set_document_status,
)
from app.core.records.emergency import activate_emergency, mark_reviewed, review_queue
from app.core.records.entries import add_entry, get_entry, list_entries, update_entry
from app.core.records.erasure import erase_patient
from app.core.records.in_error import mark_entered_in_error
from app.core.records.lab_tests import add_custom_test
from app.core.records.merge import merge_patients, undo_merge
from app.core.records.notes import (
    NoteContent,
    add_note,
    amend_note,
    get_note,
    list_notes,
    my_drafts,
    note_history,
    save_draft,
    sign_note,
    start_note,
)
from app.core.records.observations import list_observations, observation_series, record_vitals
from app.core.records.patients import (
    PatientInput,
    add_patient,
    count_patients,
    get_patient,
    list_patients,
    set_patient_restricted,
    update_patient,
)
from app.core.records.practice_hours import (
    default_hours,
    practice_hours,
    save_practice_hours,
)
from app.core.records.restricted import open_restricted, set_entry_restricted
from app.core.records.search import find_patients, search_text
from app.core.records.summary import record_summary_print
from app.core.roles import Operation, Role
from app.core.session import Session
from app.core.sharing.export import export_vault, import_export, write_export
from app.core.sharing.share import create_share, import_share, open_in_vault
from tests.conftest import use_machine_policy
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import HYPERTENSION, Action, new_patient, signed_in

OW, AD, CL, RE, AU = "owner", "admin", "clinician", "reception", "auditor"
EM, EM_OFF = "emergency-active", "emergency-inactive"
BK = "backup"  # the backup job's account: no records operation at all
ROLES = (OW, AD, CL, RE, AU, EM, EM_OFF, BK)

# The emergency account is listed as EM (activated with a reason); inactive, it may do
# none of these.
EXPECTED: dict[str, set[str]] = {
    "patient.search": {OW, AD, CL, RE, AU, EM},
    "patient.read": {OW, AD, CL, RE, EM},
    "patient.write": {OW, AD, CL, RE},
    "patient.erase": {OW},
    "patient.merge": {OW, CL},
    "appointment.read": {OW, AD, CL, RE},
    "appointment.write": {OW, AD, CL, RE},
    "appointment.setup": {OW, AD},
    "contact.read": {OW, AD, CL, RE},
    "contact.write": {OW, AD, CL, RE},
    "consent.read": {OW, AD, CL, RE},
    "consent.write": {OW, CL, RE},
    "access.report": {OW, AD, AU},
    "clinical.read": {OW, CL, EM},
    "clinical.write": {OW, CL},
    "note.sign": {OW, CL},
    "entry.error": {OW, CL},
    "clinical.search": {OW, CL},
    "restricted.access": {OW, CL, EM},
    "emergency.review": {OW, CL},
    "demo.fill": {OW},
    "summary.print": {OW, CL},
    # Only the emergency account, active or not (activating it is the point).
    "emergency.activate": {EM, EM_OFF},
    "export.patient": {OW, CL},
    "export.all": {OW},
    "fhir.export": {OW, AD, CL, RE},
    "fhir.import": {OW, AD, CL, RE},
    "share.import": {OW, CL},
}
# Operations with no function yet, so nothing to try: a new operation moves into EXPECTED
# with its actions (the coverage test in tests/core/test_permission_matrix.py fails until
# every operation is tried or listed here).
NOT_YET_WIRED: set[str] = set()
PDF = b"%PDF-1.4 matrix test"


@dataclass
class Seed:
    patient: str
    writable: str
    erasable: str
    restricted: str
    note: str
    document: str
    condition: str
    contact: str
    consent: str
    appointment: str
    grant: str  # opened by the owner
    drafts: dict[str, str]
    clinician_grant: str = ""  # opened by a clinician: nobody reviews their own access
    # A sharing package and a full export for each user who may import them, sealed to
    # that user's own key (others get bytes the refusal never reads).
    packages: dict[str, bytes] = field(default_factory=dict)
    exports: dict[str, bytes] = field(default_factory=dict)
    mistaken: str = ""  # an entry to mark entered in error
    duplicate: str = ""  # a record to merge into `writable`
    merge: str = ""  # a merge (made by the owner) to undo


def _seed(practice: PracticeVault) -> Seed:
    with signed_in(practice, Role.OWNER) as s:
        patient = new_patient(s, "García", "Zoë")
        note = add_note(s, patient, NoteContent(body="matrix note about angina")).id
        document = add_document(s, patient, PDF, title="Letter", text="angina letter").id
        record_vitals(s, patient, "2024-03-01T10:00:00+00:00", systolic=130, diastolic=80)
        condition = add_entry(s, patient, Condition(code=HYPERTENSION)).id
        contact = add_contact(s, ContactInput(name="Dr Referral")).id
        consent = add_consent(s, patient, contact, ["notes"], "treatment").id
        appointment = book_appointment(s, patient, "2030-01-01T09:00:00+00:00",
                                       "2030-01-01T09:15:00+00:00").id
        restricted = new_patient(s, "Hidden", "Person", restricted=True)
        grant = open_restricted(s, restricted, "seeding the review queue").id
        seed = Seed(patient, new_patient(s, "Writable"), new_patient(s, "Erasable"),
                    restricted, note, document, condition, contact, consent, appointment,
                    grant, {"owner": start_note(s, patient).id})
        importers = [u for u in s.vault.file.users if u.name in ("owner", "clinician1")]
        assert len(importers) == 2
        out = practice.path.parent / "matrix-export"
        export_vault(s, out, patient_id=patient, recipients=[u.recipient for u in importers])
        for user in importers:
            seed.packages[user.name] = create_share(
                s, patient, recipient=user.recipient, sections=["conditions"],
                purpose="patient-request").package
            seed.exports[user.name] = out.read_bytes()
        seed.mistaken = add_entry(s, patient, Condition(code=HYPERTENSION)).id
        seed.duplicate = new_patient(s, "Duplicate", "Person")
        seed.merge = merge_patients(s, new_patient(s, "Kept"),
                                    new_patient(s, "Twin"), "same person").merge_id
    with signed_in(practice, Role.CLINICIAN) as s:
        seed.drafts[s.user.name] = start_note(s, seed.patient).id
        seed.clinician_grant = open_restricted(s, restricted, "seeding the queue").id
    return seed


def _actions(seed: Seed, tmp: Path) -> dict[str, list[Action]]:
    p = seed.patient

    def own_draft(s: Session) -> str:
        return seed.drafts.get(s.user.name, seed.drafts["owner"])

    return {
        "patient.search": [lambda s: find_patients(s, "zoe"), list_patients, count_patients],
        "patient.read": [lambda s: get_patient(s, p)],
        "patient.write": [
            lambda s: add_patient(s, PatientInput(family="New", given="Person")),
            lambda s: update_patient(s, seed.writable, PatientInput(family="Renamed",
                                                                     given="Person")),
            lambda s: set_patient_restricted(s, seed.writable, False)],
        "patient.erase": [lambda s: erase_patient(s, seed.erasable, "patient asked us to")],
        "appointment.read": [
            lambda s: list_appointments(s, patient_id=p), list_appointments, practitioners,
            practice_hours, lambda s: day_entries(s, date(2030, 1, 1)),
            lambda s: day_list_for_print(s, date(2030, 1, 1), "printer"),
            lambda s: export_day_list(s, "2030-01-01", tmp / f"{s.user.name}-day.csv"),
            lambda s: check_slot(s, p, "2030-01-01T09:00:00+00:00",
                                 "2030-01-01T09:15:00+00:00", practitioner_id=None)],
        "appointment.write": [
            lambda s: book_appointment(s, p, "2030-02-01T09:00:00+00:00",
                                       "2030-02-01T09:30:00+00:00"),
            lambda s: move_appointment(s, seed.appointment, "2030-01-02T09:00:00+00:00",
                                       practitioner_id=None, allow_conflict=True),
            lambda s: set_appointment_status(s, seed.appointment, "arrived")],
        "appointment.setup": [lambda s: save_practice_hours(s, default_hours())],
        "contact.read": [list_contacts, lambda s: get_contact(s, seed.contact)],
        "contact.write": [lambda s: add_contact(s, ContactInput(name="Dr New")),
                          lambda s: update_contact(s, seed.contact,
                                                   ContactInput(name="Dr Renamed"))],
        "consent.read": [lambda s: list_consents(s, p),
                         lambda s: consent_allows(s, p, seed.contact, "notes", "treatment")],
        "consent.write": [lambda s: add_consent(s, p, seed.contact, ["all"], "referral"),
                          lambda s: withdraw_consent(s, seed.consent)],
        "access.report": [lambda s: access_report(s, p),
                          lambda s: export_access_report(s, access_report(s, p),
                                                         tmp / f"{s.user.name}.json")],
        "clinical.read": [
            lambda s: open_chart(s, p), lambda s: get_note(s, seed.note),
            lambda s: list_notes(s, p), lambda s: note_history(s, seed.note),
            lambda s: get_entry(s, Condition, seed.condition),
            lambda s: list_entries(s, Condition, p), lambda s: list_documents(s, p),
            lambda s: get_document(s, seed.document),
            lambda s: read_document_data(s, seed.document),
            lambda s: observation_series(s, p, "8480-6"),
            lambda s: list_observations(s, p)],
        "clinical.write": [
            lambda s: add_entry(s, p, Condition(code=HYPERTENSION)),
            lambda s: update_entry(s, seed.condition, Condition(code=HYPERTENSION,
                                                                 severity="mild")),
            lambda s: record_vitals(s, p, "2024-04-01T10:00:00+00:00", heart_rate=70),
            lambda s: start_note(s, p),
            lambda s: save_draft(s, own_draft(s), NoteContent(body="autosaved")),
            lambda s: add_document(s, p, PDF, title="Scan"),
            lambda s: set_document_status(s, seed.document, "current"),
            lambda s: set_entry_restricted(s, seed.condition, False),
            lambda s: add_custom_test(s, f"Ferritin {s.user.name}", "2276-4",
                                      f"ng/mL{{{s.user.name}}}", 30, 400),
            my_drafts],
        "note.sign": [
            lambda s: add_note(s, p, NoteContent(body="signed at once")),
            lambda s: amend_note(s, seed.note, NoteContent(body="amendment")),
            lambda s: sign_note(s, own_draft(s))],
        "entry.error": [lambda s: mark_entered_in_error(s, seed.mistaken, "wrong patient")],
        "patient.merge": [lambda s: merge_patients(s, seed.writable, seed.duplicate),
                          lambda s: undo_merge(s, seed.merge)],
        "clinical.search": [lambda s: search_text(s, "angina")],
        "restricted.access": [lambda s: open_restricted(s, seed.restricted,
                                                        "needed for urgent care")],
        "emergency.review": [review_queue,
                             # Someone else's access: one's own is never reviewable.
                             lambda s: mark_reviewed(
                                 s, seed.grant if s.user.role != Role.OWNER
                                 else seed.clinician_grant, "checked: appropriate")],
        "demo.fill": [lambda s: fill_demo(s, 2)],
        "summary.print": [lambda s: record_summary_print(s, p, "pdf")],
        "export.patient": [
            lambda s: write_bulk(s, _fresh(tmp), patient_ids=[p], sections=["conditions"]),
            lambda s: build_patient_bundle(s, p, sections=["all"]),
            lambda s: write_export(s, _fresh(tmp), resources=[], patient_id=p,
                                   recipients=[s.user_identity().recipient])],
        "export.all": [lambda s: write_bulk(s, _fresh(tmp), sections=["demographics"]),
                       lambda s: write_export(s, _fresh(tmp), resources=[], everything=True,
                                              recipients=[s.user_identity().recipient])],
        "fhir.export": [
            lambda s: write_bulk(s, _fresh(tmp), patient_ids=[p], sections=["demographics"]),
            lambda s: build_patient_bundle(s, p, sections=["demographics"])],
        "fhir.import": [lambda s: plan_import(s, [_patient_file(tmp)])],
        "share.import": [
            lambda s: open_in_vault(s, seed.packages.get(s.user.name, b"not a package")),
            lambda s: import_share(s, seed.packages.get(s.user.name, b"not a package"),
                                   new_patient=True, dry_run=True,
                                   unknown_sender_reason="the matrix test sent it"),
            lambda s: import_export(s, io.BytesIO(seed.exports.get(s.user.name, b"")),
                                    identities=[s.identity])],
        # Last: activating turns the inactive emergency account into the active one.
        "emergency.activate": [lambda s: activate_emergency(s, "patient collapsed again")],
    }


def _fresh(tmp: Path) -> Path:
    return tmp / f"export-{uuid.uuid4().hex[:8]}"


def _patient_file(tmp: Path) -> Path:
    path = tmp / "patient.json"
    path.write_text(json.dumps({"resourceType": "Patient", "name": [{"family": "Imported"}]}))
    return path


def test_expected_table_covers_every_records_operation() -> None:
    vault_areas = {"user", "grant", "keys", "audit", "vault", "backup", "policy", "settings",
                   "health", "recovery", "monitor", "report", "incident"}
    records_ops = {op.value for op in Operation if op.value.split(".")[0] not in vault_areas}
    assert records_ops - NOT_YET_WIRED == set(EXPECTED)


def _last_denial(session: Session) -> str | None:
    denied = list(session.audit.entries(action_prefix="permission.denied", newest_first=True,
                                        limit=1))
    return json.loads(denied[0].detail).get("operation") if denied else None


@pytest.mark.parametrize("role", ROLES)
def test_role_against_every_records_operation(practice: PracticeVault, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              role: str) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('erasure = "erase"\n')  # so erasure reaches the data, not a refusal
    use_machine_policy(monkeypatch, str(policy))
    seed = _seed(practice)
    user = Role.EMERGENCY if role.startswith("emergency") else Role(role)
    mismatches: list[str] = []
    with signed_in(practice, user) as session:
        if role == EM:
            activate_emergency(session, "patient collapsed in the waiting room")
        for operation, actions in _actions(seed, tmp_path).items():
            for number, action in enumerate(actions):
                where = f"{operation}[{number}]"
                if role in EXPECTED[operation]:
                    try:
                        action(session)
                    except PermissionDenied as exc:
                        mismatches.append(f"{where}: denied but expected allowed ({exc})")
                    continue
                try:
                    action(session)
                except PermissionDenied:
                    denied = _last_denial(session)
                    if denied != operation:
                        mismatches.append(f"{where}: denied as {denied}, not {operation}")
                else:
                    mismatches.append(f"{where}: allowed but expected denied")
    assert not mismatches, "\n".join(mismatches)


def test_reception_never_holds_the_clinical_key(practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as session:
        assert not session.holds("clinical")
        tables = {r[0] for r in session.conn.execute("PRAGMA database_list")}
        assert "clinical" not in tables
