"""Contacts: other providers a practice refers to or shares records with.

A contact may carry an age public key (X25519 recipient, "age1…") for sharing packages.
Its fingerprint is what two people compare over the phone before trusting the key; until
someone records that comparison, the key is marked unverified.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from typing import Any

import pyrage

from app.core.database import Connection
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.records import clock
from app.core.records.guard import RecordNotFound
from app.core.records.normalise import fold
from app.core.records.patients import Address
from app.core.roles import Operation
from app.core.session import Session


@dataclass(frozen=True)
class ContactInput:
    name: str
    organisation: str | None = None
    specialty: str | None = None
    phone: str | None = None
    email: str | None = None
    address: Address | None = None
    note: str | None = None


@dataclass(frozen=True)
class Contact(ContactInput):
    id: str = ""
    age_recipient: str | None = None
    fingerprint: str | None = None
    fingerprint_verified_at: str | None = None
    fingerprint_verified_by: str | None = None
    # Ed25519 public key (hex) from the contact's card: checks packages they sign.
    signing_key: str | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def key_verified(self) -> bool:
        return self.fingerprint is not None and self.fingerprint_verified_at is not None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "key_verified": self.key_verified}


_COLUMNS = ("id, name, organisation, specialty, phone, email, address, note, age_recipient, "
            "fingerprint, fingerprint_verified_at, fingerprint_verified_by, created_at, "
            "updated_at, signing_key")


def recipient_fingerprint(recipient: str) -> str:
    """SHA-256 of the recipient string, as 8 groups of 4 hex digits (read aloud)."""
    digest = hashlib.sha256(recipient.strip().encode()).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def _from_row(row: tuple[Any, ...]) -> Contact:
    address = json.loads(row[6])
    return Contact(
        name=row[1], organisation=row[2], specialty=row[3], phone=row[4], email=row[5],
        address=Address(**{**address, "lines": tuple(address.get("lines", ()))})
        if address else None, note=row[7], id=row[0], age_recipient=row[8],
        fingerprint=row[9], fingerprint_verified_at=row[10], fingerprint_verified_by=row[11],
        created_at=row[12], updated_at=row[13], signing_key=row[14])


def load_contact(conn: Connection, contact_id: str) -> Contact | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM contacts WHERE id = ?",
                       (contact_id,)).fetchone()
    return _from_row(row) if row else None


def _validated(data: ContactInput) -> ContactInput:
    name = " ".join(data.name.split())
    if not name or len(name) > 200:
        raise UsageError.coded("contacts.need_name")
    return replace(data, name=name)


def add_contact(session: Session, data: ContactInput) -> Contact:
    session.require(Operation.CONTACT_WRITE)
    data = _validated(data)
    contact_id, now, me = new_id(), clock.now_iso(), session.user.user_id
    with session.transaction() as conn:
        conn.execute(
            "INSERT INTO contacts (id, name, organisation, specialty, phone, email, address, "
            "note, search_key, created_at, created_by, updated_at, updated_by) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (contact_id, data.name, data.organisation, data.specialty, data.phone, data.email,
             json.dumps(asdict(data.address) if data.address else {}), data.note,
             fold(f"{data.name} {data.organisation or ''}"), now, me, now, me))
        session.record("contact.create", target=contact_id)
        contact = load_contact(conn, contact_id)
    assert contact is not None
    return contact


def update_contact(session: Session, contact_id: str, data: ContactInput) -> Contact:
    session.require(Operation.CONTACT_WRITE, target=contact_id)
    data = _validated(data)
    with session.transaction() as conn:
        if load_contact(conn, contact_id) is None:
            raise RecordNotFound(f"There is no contact with id {contact_id!r}.")
        conn.execute(
            "UPDATE contacts SET name=?, organisation=?, specialty=?, phone=?, email=?, "
            "address=?, note=?, search_key=?, updated_at=?, updated_by=? WHERE id = ?",
            (data.name, data.organisation, data.specialty, data.phone, data.email,
             json.dumps(asdict(data.address) if data.address else {}), data.note,
             fold(f"{data.name} {data.organisation or ''}"), clock.now_iso(),
             session.user.user_id, contact_id))
        session.record("contact.update", target=contact_id)
        contact = load_contact(conn, contact_id)
    assert contact is not None
    return contact


def set_contact_key(session: Session, contact_id: str, age_recipient: str) -> Contact:
    """Store a contact's age public key. A new key is unverified until compared."""
    session.require(Operation.CONTACT_WRITE, target=contact_id)
    recipient = age_recipient.strip()
    try:
        pyrage.x25519.Recipient.from_str(recipient)
    except Exception:
        raise UsageError.coded("contacts.not_age_key") from None
    with session.transaction() as conn:
        if load_contact(conn, contact_id) is None:
            raise RecordNotFound(f"There is no contact with id {contact_id!r}.")
        conn.execute(
            "UPDATE contacts SET age_recipient=?, fingerprint=?, fingerprint_verified_at=NULL,"
            " fingerprint_verified_by=NULL, signing_key=NULL, updated_at=?, updated_by=? "
            "WHERE id = ?",
            (recipient, recipient_fingerprint(recipient), clock.now_iso(),
             session.user.user_id, contact_id))
        session.record("contact.key", target=contact_id,
                       detail={"fingerprint": recipient_fingerprint(recipient)})
        contact = load_contact(conn, contact_id)
    assert contact is not None
    return contact


def verify_contact_key(session: Session, contact_id: str, fingerprint: str) -> Contact:
    """Record that the fingerprint the contact read out matches the stored key's."""
    session.require(Operation.CONTACT_WRITE, target=contact_id)
    contact = load_contact(session.conn, contact_id)
    if contact is None or contact.fingerprint is None:
        raise UsageError.coded("contacts.no_key")
    given = "".join(fingerprint.split()).upper()
    if given != contact.fingerprint.replace(" ", ""):
        session.record("contact.key.mismatch", target=contact_id, flagged=True)
        raise UsageError.coded("contacts.fingerprints_differ")
    with session.transaction() as conn:
        conn.execute("UPDATE contacts SET fingerprint_verified_at=?, fingerprint_verified_by=? "
                     "WHERE id = ?", (clock.now_iso(), session.user.name, contact_id))
        session.record("contact.key.verified", target=contact_id)
        verified = load_contact(conn, contact_id)
    assert verified is not None
    return verified


def get_contact(session: Session, contact_id: str) -> Contact:
    session.require(Operation.CONTACT_READ, target=contact_id)
    contact = load_contact(session.conn, contact_id)
    if contact is None:
        raise RecordNotFound(f"There is no contact with id {contact_id!r}.")
    session.record("contact.read", target=contact_id)
    return contact


def list_contacts(session: Session, query: str = "", *, limit: int = 200) -> list[Contact]:
    session.require(Operation.CONTACT_READ)
    # Any word may start the match ("ruiz" finds "Dr Ángela Ruiz"); an address book is
    # small enough to scan.
    key = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with session.transaction() as conn:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM contacts WHERE ' ' || search_key LIKE ? ESCAPE '\\' "
            "ORDER BY search_key LIMIT ?", (f"% {key}%", max(1, limit))).fetchall()
        session.record("contact.list", detail={"results": len(rows)})
    return [_from_row(r) for r in rows]
