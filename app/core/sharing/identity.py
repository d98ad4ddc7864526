"""Identities and contact cards: how two MedVault users come to trust each other's keys.

A user's identity is their age recipient (others encrypt to it) and their Ed25519 signing
key (others check what they sign), both in their key slot (`app.core.signing`). A contact
card carries both with a self-signature. The self-signature proves the card's author holds
the signing key, not who they are: that is what comparing the fingerprint aloud is for, so
an imported card stays unverified until someone confirms the fingerprint (audited, by
`records.contacts.verify_contact_key`).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from app.core import strict_json
from app.core.errors import UsageError
from app.core.ids import new_id
from app.core.records import clock
from app.core.records.contacts import Contact, load_contact
from app.core.records.normalise import fold
from app.core.roles import Operation
from app.core.session import Session
from app.core.sharing import agekeys
from app.core.sharing.errors import PackageRefused
from app.core.signing import fingerprint, is_public_key, verify_signature

CARD_FORMAT = "medvault-card/1"
CARD_CONTEXT = b"MedVault contact card v1\n"
MAX_CARD_BYTES = 16 * 1024
_TEXT_LIMIT = 200


@dataclass(frozen=True)
class Card:
    name: str
    practice: str
    recipient: str
    signing_key: str
    created: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.recipient, self.signing_key)

    def body(self) -> dict[str, Any]:
        return {"format": CARD_FORMAT, "name": self.name, "practice": self.practice,
                "recipient": self.recipient, "signing_key": self.signing_key,
                "created": self.created}


@dataclass(frozen=True)
class IdentityView:
    name: str
    recipient: str
    signing_key: str
    fingerprint: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "recipient": self.recipient,
                "signing_key": self.signing_key, "fingerprint": self.fingerprint}


def show_identity(session: Session) -> IdentityView:
    """The acting user's own public identity. Nothing secret; every role has one."""
    me = session.user_identity()
    return IdentityView(session.user.full_name or session.user.name, me.recipient,
                        me.signing_public, me.fingerprint)


def export_card(session: Session, *, practice: str = "") -> bytes:
    """The acting user's signed contact card (canonical JSON), audited."""
    me = session.user_identity()
    card = Card(_clean(session.user.full_name or session.user.name, "name"),
                _clean(practice, "practice", empty=True), me.recipient, me.signing_public,
                clock.now_iso())
    body = card.body()
    signature = session.signing_key().sign(CARD_CONTEXT + strict_json.canonical(body))
    session.record("identity.card.export", detail={"fingerprint": card.fingerprint})
    return strict_json.canonical({**body, "signature": base64.b64encode(signature).decode()})


def _clean(value: str, what: str, *, empty: bool = False) -> str:
    text = " ".join(str(value).split())
    if (not text and not empty) or len(text) > _TEXT_LIMIT:
        raise UsageError(f"A card's {what} is 1 to {_TEXT_LIMIT} characters.")
    return text


def parse_card(data: bytes) -> Card:
    """A card from outside: bounded, well formed and self-signed, or PackageRefused."""
    def bad(why: str) -> PackageRefused:
        return PackageRefused(f"This is not a valid MedVault contact card: {why}.")

    try:
        obj = strict_json.loads(data, max_bytes=MAX_CARD_BYTES)
    except strict_json.StrictJsonError as exc:
        raise bad(str(exc)) from None
    if not isinstance(obj, dict) or obj.get("format") != CARD_FORMAT:
        raise bad("unknown format")
    if set(obj) != {"format", "name", "practice", "recipient", "signing_key", "created",
                    "signature"}:
        raise bad("unexpected or missing fields")
    if not all(isinstance(obj[k], str) and len(obj[k]) <= _TEXT_LIMIT for k in obj):
        raise bad("a field is not text or is too long")
    try:
        agekeys.recipient_bytes(obj["recipient"])
        signature = base64.b64decode(obj["signature"], validate=True)
    except (ValueError, binascii.Error):
        raise bad("its public key or signature is malformed") from None
    if not is_public_key(obj["signing_key"]) or not obj["name"].strip():
        raise bad("its signing key or name is malformed")
    card = Card(obj["name"], obj["practice"], obj["recipient"], obj["signing_key"],
                obj["created"])
    if not verify_signature(card.signing_key, CARD_CONTEXT + strict_json.canonical(card.body()),
                            signature):
        raise bad("its self-signature does not match (it was changed after signing)")
    return card


def import_card(session: Session, data: bytes) -> tuple[Contact, bool]:
    """Add the card's person as a contact with both keys, unverified, or find the contact
    that already holds exactly these keys. Returns (contact, created)."""
    session.require(Operation.CONTACT_WRITE)
    card = parse_card(data)
    row = session.conn.execute(
        "SELECT id FROM contacts WHERE age_recipient = ? AND signing_key = ?",
        (card.recipient, card.signing_key)).fetchone()
    if row is not None:
        existing = load_contact(session.conn, row[0])
        assert existing is not None
        session.record("contact.card.import", target=existing.id,
                       detail={"fingerprint": card.fingerprint, "known": True})
        return existing, False
    contact_id, now, me = new_id(), clock.now_iso(), session.user.user_id
    with session.transaction() as conn:
        conn.execute(
            "INSERT INTO contacts (id, name, organisation, address, search_key, age_recipient,"
            " fingerprint, signing_key, created_at, created_by, updated_at, updated_by) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (contact_id, card.name, card.practice or None, "{}",
             fold(f"{card.name} {card.practice}"), card.recipient, card.fingerprint,
             card.signing_key, now, me, now, me))
        session.record("contact.card.import", target=contact_id,
                       detail={"fingerprint": card.fingerprint, "known": False})
        contact = load_contact(conn, contact_id)
    assert contact is not None
    return contact, True
