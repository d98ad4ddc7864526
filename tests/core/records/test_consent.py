"""Consent checks: recipient, section, purpose, validity window and withdrawal."""

from __future__ import annotations

import json

import pytest

from app.core.errors import UsageError
from app.core.records import clock
from app.core.records.consent import add_consent, consent_allows, list_consents, withdraw_consent
from app.core.records.contacts import ContactInput, add_contact
from app.core.records.patients import get_patient
from app.core.roles import Role
from app.core.session import Session
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import Clock, new_patient, signed_in


def _setup(session: Session) -> tuple[str, str, str]:
    return (new_patient(session), add_contact(session, ContactInput(name="Dr Heart")).id,
            add_contact(session, ContactInput(name="Insurer")).id)


def test_consent_covers_exactly_its_sections_purpose_and_recipient(
        practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as s:
        patient, cardiologist, insurer = _setup(s)
        add_consent(s, patient, cardiologist, ["observations", "medications"], "referral")
        assert consent_allows(s, patient, cardiologist, "observations", "referral")
        assert consent_allows(s, patient, cardiologist, "medications", "referral")
        assert not consent_allows(s, patient, cardiologist, "notes", "referral")
        assert not consent_allows(s, patient, cardiologist, "observations", "research")
        assert not consent_allows(s, patient, insurer, "observations", "referral")
        add_consent(s, patient, insurer, ["all"], "payment")
        assert consent_allows(s, patient, insurer, "documents", "payment")
        checks = list(s.audit.entries(action_prefix="consent.check"))
        assert len(checks) == 6 and all(c.patient_id == patient for c in checks)
        assert [json.loads(c.detail)["allowed"] for c in checks] == [
            True, True, False, False, False, True]


def test_withdrawn_consent_no_longer_allows_but_is_kept(practice: PracticeVault) -> None:
    with signed_in(practice, Role.RECEPTION) as s:
        patient, cardiologist, _ = _setup(s)
        consent = add_consent(s, patient, cardiologist, ["notes"], "treatment")
        assert consent_allows(s, patient, cardiologist, "notes", "treatment")
        withdrawn = withdraw_consent(s, consent.id)
        assert withdrawn.withdrawn_at and withdrawn.withdrawn_by == s.user.user_id
        assert not consent_allows(s, patient, cardiologist, "notes", "treatment")
        assert [c.in_force() for c in list_consents(s, patient)] == [False]
        with pytest.raises(UsageError, match="already withdrawn"):
            withdraw_consent(s, consent.id)


def test_consent_window_expires_and_starts(practice: PracticeVault, travel: Clock) -> None:
    with signed_in(practice, Role.CLINICIAN) as s:
        patient, cardiologist, insurer = _setup(s)
        now = "2020-01-01T00:00:00+00:00"
        with pytest.raises(UsageError, match="end after"):
            add_consent(s, patient, cardiologist, ["notes"], "treatment", valid_from=now,
                        valid_until=now)
        add_consent(s, patient, cardiologist, ["notes"], "treatment",
                    valid_until=clock.later_iso(30))
        add_consent(s, patient, insurer, ["notes"], "payment",
                    valid_from=clock.later_iso(60))
        assert consent_allows(s, patient, cardiologist, "notes", "treatment")
        assert not consent_allows(s, patient, insurer, "notes", "payment")
        travel.advance(61)
        assert not consent_allows(s, patient, cardiologist, "notes", "treatment")
        assert consent_allows(s, patient, insurer, "notes", "payment")


def test_a_date_alone_means_the_whole_day(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as s:
        patient, cardiologist, _ = _setup(s)
        consent = add_consent(s, patient, cardiologist, ["notes"], "treatment",
                              valid_from="2020-01-01", valid_until="2099-12-31")
        assert consent.valid_from.startswith("2020-01-01T00:00")
        assert consent.valid_until and consent.valid_until.startswith("2099-12-31T23:59")


def test_bad_sections_and_purposes_are_refused(practice: PracticeVault) -> None:
    with signed_in(practice, Role.CLINICIAN) as s:
        patient, cardiologist, _ = _setup(s)
        with pytest.raises(UsageError, match="Sections are"):
            add_consent(s, patient, cardiologist, ["everything"], "treatment")
        with pytest.raises(UsageError, match="purpose"):
            add_consent(s, patient, cardiologist, ["notes"], "marketing")
        with pytest.raises(UsageError, match="contact"):
            add_consent(s, patient, "nobody", ["notes"], "treatment")
        get_patient(s, patient)
