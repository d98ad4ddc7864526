"""Sharing between two vaults: create (consent, audit), open, import (trust, replay,
expiry), the round trip of chosen facts, and every vault-level hostile case."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.fhir import provenance_for
from app.core.records import clock
from app.core.records.clinical import Allergy, Condition, Medication
from app.core.records.codes import Concept
from app.core.records.consent import add_consent
from app.core.records.contacts import set_contact_key, verify_contact_key
from app.core.records.documents import add_document
from app.core.records.entries import add_entry
from app.core.records.notes import NoteContent, add_note
from app.core.roles import Role
from app.core.session import Session
from app.core.sharing.errors import PackageRefused
from app.core.sharing.identity import export_card, import_card
from app.core.sharing.share import create_share, import_share, open_in_vault
from app.core.vault import OpenVault
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import HYPERTENSION, new_patient, signed_in
from tests.core.sharing.conftest import RECEIVER_PASSWORD
from tests.core.sharing.helpers import new_identity

CANARY_CONDITION = "Quokkafever canary 5521"
CANARY_MEDICATION = "Wombatmycin canary 8812"
CANARY_NOTE = "Platypus note canary 9034"
PDF = b"%PDF-1.4 letter Numbat canary 4410"


@dataclass
class World:
    practice: PracticeVault
    receiver_path: Path
    patient: str
    contact: str  # the receiver, as the sender's contact


def receiver_session(path: Path) -> Iterator[Session]:
    vault = OpenVault.open(path)
    session = vault.unlock("doc", RECEIVER_PASSWORD)
    try:
        yield session
    finally:
        session.close()
        vault.close()


@pytest.fixture
def world(practice: PracticeVault, receiver_path: Path) -> World:
    with signed_in(practice, Role.OWNER) as s:
        patient = new_patient(s, "Sharer", "Sam")
        add_entry(s, patient, Condition(code=HYPERTENSION, note=CANARY_CONDITION))
        add_entry(s, patient, Medication(code=Concept.of(CANARY_MEDICATION, "snomed", "1")))
        add_entry(s, patient, Allergy(code=Concept.of("Penicillin", "snomed", "764146007")))
        add_note(s, patient, NoteContent(body=CANARY_NOTE))
        add_document(s, patient, PDF, title="Referral letter")
        sender_card = export_card(s, practice="Harbour Practice")
    for session in receiver_session(receiver_path):
        receiver_card = export_card(session, practice="Hill Clinic")
        contact, _ = import_card(session, sender_card)
        verify_contact_key(session, contact.id, contact.fingerprint or "")
    with signed_in(practice, Role.OWNER) as s:
        contact, _ = import_card(s, receiver_card)
        verify_contact_key(s, contact.id, contact.fingerprint or "")
        add_consent(s, patient, contact.id, ["conditions", "documents"], "referral")
    return World(practice, receiver_path, patient, contact.id)


def share(world: World, **options: object) -> bytes:
    # The owner sends: the receiver holds the owner's card.
    with signed_in(world.practice, Role.OWNER) as s:
        created = create_share(s, world.patient, contact_id=world.contact,
                               sections=options.pop("sections", ["conditions", "documents"]),
                               **options)  # type: ignore[arg-type]
    return created.package


def counts(session: Session) -> dict[str, int]:
    tables = ("conditions", "medications", "allergies", "notes", "documents", "observations")
    out = {t: session.conn.execute(f"SELECT count(*) FROM clinical.{t}").fetchone()[0]
           for t in tables}
    out["patients"] = session.conn.execute("SELECT count(*) FROM patients").fetchone()[0]
    return out


def test_round_trip_keeps_chosen_facts_and_no_unchosen(world: World) -> None:
    data = share(world)
    for s in receiver_session(world.receiver_path):
        before = counts(s)
        result = import_share(s, data, new_patient=True)
        after = counts(s)
        assert result.trust.state == "verified"
        assert after["patients"] == before["patients"] + 1
        assert after["conditions"] == 1 and after["documents"] == 1
        assert after["medications"] == after["allergies"] == after["notes"] == 0
        patient = s.conn.execute("SELECT id FROM patients WHERE family = 'Sharer'").fetchone()[0]
        stored = s.conn.execute("SELECT d.data FROM clinical.document_data d").fetchone()[0]
        assert bytes(stored) == PDF
        note = s.conn.execute("SELECT note FROM clinical.conditions").fetchone()[0]
        assert note == CANARY_CONDITION
        provenance = list(provenance_for(s, patient).values())
        assert provenance and all(result.package_id in p.source_name
                                  and "from owner" in p.source_name for p in provenance)
        entry = next(s.audit.entries(action_prefix="share.import"))
        assert entry.target == result.package_id


def test_create_is_audited_with_recipient_sections_and_package_id(world: World) -> None:
    with signed_in(world.practice, Role.CLINICIAN) as s:
        created = create_share(s, world.patient, contact_id=world.contact,
                               sections=["conditions"], purpose="referral")
        entry = next(s.audit.entries(action_prefix="share.create", newest_first=True))
    detail = json.loads(entry.detail)
    assert entry.target == created.package_id and entry.patient_id == world.patient
    assert detail["recipient"] == world.contact and detail["sections"] == ["conditions"]
    assert created.consent_id is not None and not entry.flagged


def test_without_consent_create_is_refused_and_audited(world: World) -> None:
    with signed_in(world.practice, Role.CLINICIAN) as s:
        with pytest.raises(PermissionDenied, match="not consented"):
            create_share(s, world.patient, contact_id=world.contact,
                         sections=["medications"], purpose="referral")
        refused = next(s.audit.entries(action_prefix="share.refused", newest_first=True))
        assert refused.flagged and json.loads(refused.detail)["why"] == "no_consent"
        assert not list(s.audit.entries(action_prefix="share.create"))


def test_a_consent_override_reason_is_flagged(world: World) -> None:
    with signed_in(world.practice, Role.CLINICIAN) as s:
        created = create_share(s, world.patient, contact_id=world.contact,
                               sections=["medications"], purpose="referral",
                               override_reason="urgent transfer, patient unconscious")
        entry = next(s.audit.entries(action_prefix="share.create", newest_first=True))
    assert created.overridden and entry.flagged
    assert entry.reason == "urgent transfer, patient unconscious"


def test_an_unverified_key_needs_the_explicit_flag(world: World) -> None:
    _, other = new_identity()
    with signed_in(world.practice, Role.CLINICIAN) as s:
        set_contact_key(s, world.contact, other)  # a new key: unverified again
        with pytest.raises(UsageError, match="not been verified"):
            create_share(s, world.patient, contact_id=world.contact, sections=["conditions"])
        created = create_share(s, world.patient, contact_id=world.contact,
                               sections=["conditions"], allow_unverified=True)
    assert created.package


def test_a_patient_request_may_go_to_a_passphrase_other_purposes_need_a_reason(
        world: World) -> None:
    with signed_in(world.practice, Role.CLINICIAN) as s:
        with pytest.raises(PermissionDenied):
            create_share(s, world.patient, passphrase="a long passphrase for the patient",
                         purpose="research")
        created = create_share(s, world.patient, passphrase="a long passphrase for the patient",
                               purpose="patient-request")
    assert created.recipient == "passphrase"


def test_roles_without_export_patient_cannot_share(world: World) -> None:
    with signed_in(world.practice, Role.RECEPTION) as s:
        with pytest.raises(PermissionDenied):
            create_share(s, world.patient, contact_id=world.contact)
        denial = next(s.audit.entries(action_prefix="permission.denied", newest_first=True))
        assert json.loads(denial.detail)["operation"] == "export.patient"


def test_the_sender_reopens_what_they_sent(world: World) -> None:
    data = share(world)
    with signed_in(world.practice, Role.OWNER) as s:
        _, shown = open_in_vault(s, data)
    assert shown.contents.get("Condition") == 1


def test_a_replayed_package_is_refused_and_nothing_is_imported_twice(world: World) -> None:
    data = share(world)
    for s in receiver_session(world.receiver_path):
        import_share(s, data, new_patient=True)
        before = counts(s)
        with pytest.raises(PackageRefused, match="imported before"):
            import_share(s, data, new_patient=True)
        assert counts(s) == before
        refused = next(s.audit.entries(action_prefix="share.refused", newest_first=True))
        assert json.loads(refused.detail)["why"] == "replayed"


def test_an_older_package_is_refused(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    older = share(world)
    from datetime import UTC, datetime

    import app.core.sharing.package as package_mod
    monkeypatch.setattr(package_mod, "_now", lambda: datetime.now(UTC) + timedelta(hours=1))
    newer = share(world)
    for s in receiver_session(world.receiver_path):
        import_share(s, newer, new_patient=True)
        before = counts(s)
        with pytest.raises(PackageRefused, match="newer package"):
            import_share(s, older, new_patient=True)
        assert counts(s) == before


def test_an_expired_package_is_refused_unless_overridden(world: World,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    data = share(world, expires=(clock.now() + timedelta(days=2)).date().isoformat())
    from datetime import UTC, datetime

    import app.core.sharing.package as package_mod
    monkeypatch.setattr(package_mod, "_now", lambda: datetime.now(UTC) + timedelta(days=5))
    for s in receiver_session(world.receiver_path):
        before = counts(s)
        with pytest.raises(PackageRefused, match="expired"):
            import_share(s, data, new_patient=True)
        assert counts(s) == before
        import_share(s, data, new_patient=True, expired_reason="the patient is here today")
        entry = next(s.audit.entries(action_prefix="share.import"))
        assert entry.flagged and "the patient is here today" in (entry.reason or "")


def test_an_unknown_sender_is_refused_unless_accepted(world: World, tmp_path: Path) -> None:
    data = share(world)
    for s in receiver_session(world.receiver_path):
        s.conn.execute("UPDATE contacts SET signing_key = NULL, age_recipient = NULL")
        before = counts(s)
        with pytest.raises(PackageRefused, match="not among your contacts"):
            import_share(s, data, new_patient=True)
        assert counts(s) == before
        result = import_share(s, data, new_patient=True,
                              unknown_sender_reason="fingerprint read out by phone")
        assert result.trust.state == "unknown"


def test_a_changed_sender_key_is_refused(world: World) -> None:
    data = share(world)
    for s in receiver_session(world.receiver_path):
        other = "0" * 63 + "1"
        s.conn.execute("UPDATE contacts SET signing_key = ?", (other,))
        before = counts(s)
        with pytest.raises(PackageRefused, match="differs"):
            import_share(s, data, new_patient=True, unknown_sender_reason="whatever")
        assert counts(s) == before
        refused = next(s.audit.entries(action_prefix="share.refused", newest_first=True))
        assert json.loads(refused.detail)["why"] == "changed_sender_key"


def test_a_tampered_package_is_refused_audited_and_imports_nothing(world: World) -> None:
    data = bytearray(share(world))
    data[-200] ^= 0x10
    for s in receiver_session(world.receiver_path):
        before = counts(s)
        with pytest.raises(PackageRefused):
            import_share(s, bytes(data), new_patient=True)
        assert counts(s) == before
        refused = next(s.audit.entries(action_prefix="share.refused", newest_first=True))
        assert refused.flagged


def test_a_package_for_someone_else_is_refused(world: World, practice: PracticeVault) -> None:
    _, stranger = new_identity()
    with signed_in(world.practice, Role.CLINICIAN) as s:
        data = create_share(s, world.patient, recipient=stranger, purpose="patient-request"
                            ).package
    for s in receiver_session(world.receiver_path):
        with pytest.raises(PackageRefused, match="not encrypted to your key"):
            import_share(s, data, new_patient=True)


def test_no_plaintext_canary_in_any_file_share_open_and_import_write(world: World,
                                                                      tmp_path: Path) -> None:
    data = share(world, sections=["all"], override_reason="complete transfer")
    (tmp_path / "out.medvault-share").write_bytes(data)
    for s in receiver_session(world.receiver_path):
        import_share(s, data, new_patient=True)
    canaries = [c.encode() for c in (CANARY_CONDITION, CANARY_MEDICATION, CANARY_NOTE)]
    canaries.append(b"Numbat canary")
    hits = [str(p) for p in tmp_path.rglob("*") if p.is_file()
            for c in canaries if c in p.read_bytes()]
    assert hits == []


def test_the_package_bundle_validates_as_fhir_r4(world: World) -> None:
    from fhir.resources.R4B.bundle import Bundle

    from app.core.sharing.package import open_package

    data = share(world, sections=["all"], override_reason="complete transfer")
    with signed_in(world.practice, Role.OWNER) as s:
        opened = open_package(data, identities=[s.identity])
    bundle = json.loads(opened.members["fhir/bundle.json"])
    Bundle.model_validate(bundle)
    references = [entry["resource"] for entry in bundle["entry"]
                  if entry["resource"]["resourceType"] == "DocumentReference"
                  and "url" in entry["resource"]["content"][0]["attachment"]]
    assert references and all(r["content"][0]["attachment"]["url"] in opened.members
                              for r in references)
