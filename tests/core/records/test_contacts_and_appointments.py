"""Contacts with age keys and fingerprints; appointments that reception books, with the
reason hidden for restricted patients."""

from __future__ import annotations

import pyrage
import pytest

from app.core.errors import PermissionDenied, UsageError
from app.core.records.appointments import (
    book_appointment,
    list_appointments,
    set_appointment_status,
)
from app.core.records.contacts import (
    ContactInput,
    add_contact,
    list_contacts,
    recipient_fingerprint,
    set_contact_key,
    verify_contact_key,
)
from app.core.records.restricted import open_restricted
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.records.conftest import new_patient, signed_in


def test_contact_key_is_unverified_until_fingerprints_match(practice: PracticeVault) -> None:
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    with signed_in(practice, Role.RECEPTION) as desk:
        contact = add_contact(desk, ContactInput(name="Dr Ángela Ruiz", organisation="Clinic"))
        with pytest.raises(UsageError, match="age public key"):
            set_contact_key(desk, contact.id, "ssh-ed25519 AAAA")
        keyed = set_contact_key(desk, contact.id, recipient)
        assert keyed.fingerprint == recipient_fingerprint(recipient)
        assert not keyed.key_verified and len(keyed.fingerprint.split()) == 8
        with pytest.raises(UsageError, match="differ"):
            verify_contact_key(desk, contact.id, "0000 " * 8)
        verified = verify_contact_key(desk, contact.id, keyed.fingerprint.lower())
        assert verified.key_verified and verified.fingerprint_verified_by == "reception1"
        assert not set_contact_key(desk, contact.id, recipient).key_verified  # re-set: recheck
        assert [c.id for c in list_contacts(desk, "angela")] == [contact.id]
        assert list_contacts(desk, "zzz") == []


def test_appointments_and_restricted_reasons(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        open_patient = new_patient(owner)
        hidden = new_patient(owner, "Private", restricted=True)
        open_restricted(owner, hidden, "booking a follow-up")
        book_appointment(owner, hidden, "2030-03-01T09:00:00+00:00",
                         "2030-03-01T09:20:00+00:00", reason="sensitive follow-up")
    with signed_in(practice, Role.RECEPTION) as desk:
        booked = book_appointment(desk, open_patient, "2030-03-01T10:00:00+01:00",
                                  "2030-03-01T10:15:00+01:00", reason="blood test")
        assert booked.starts_at == "2030-03-01T09:00:00.000+00:00"
        with pytest.raises(UsageError, match="end after"):
            book_appointment(desk, open_patient, "2030-03-01T10:00Z", "2030-03-01T09:00Z")
        with pytest.raises(UsageError, match="status"):
            set_appointment_status(desk, booked.id, "teleported")
        assert set_appointment_status(desk, booked.id, "arrived").status == "arrived"
        day = list_appointments(desk, since="2030-03-01", until="2030-03-02")
        reasons = {a.patient_id: a.reason for a in day}
        assert reasons == {hidden: None, open_patient: "blood test"}
        with pytest.raises(PermissionDenied):
            list_appointments(desk, patient_id=hidden)
