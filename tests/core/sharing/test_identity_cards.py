"""Identities and contact cards (issue 11, item 1)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.cli import main
from app.core import strict_json
from app.core.errors import PermissionDenied, UsageError
from app.core.records.contacts import get_contact, verify_contact_key
from app.core.roles import Role
from app.core.session import Session
from app.core.sharing.errors import PackageRefused
from app.core.sharing.identity import export_card, import_card, parse_card, show_identity
from app.core.signing import fingerprint
from tests.core.conftest import OWNER_PASSWORD, PracticeVault
from tests.core.records.conftest import signed_in
from tests.core.sharing.conftest import RECEIVER_PASSWORD


def test_identity_shows_recipient_signing_key_and_fingerprint(owner_session: Session) -> None:
    me = show_identity(owner_session)
    assert me.recipient.startswith("age1")
    assert me.fingerprint == fingerprint(me.recipient, me.signing_key)
    assert me.signing_key == owner_session.signing_key().public


def test_a_card_is_self_signed_and_its_export_audited(owner_session: Session) -> None:
    card = parse_card(export_card(owner_session, practice="Harbour Practice"))
    assert card.practice == "Harbour Practice"
    assert card.fingerprint == show_identity(owner_session).fingerprint
    entry = next(owner_session.audit.entries(action_prefix="identity.card.export",
                                             newest_first=True))
    assert json.loads(entry.detail)["fingerprint"] == card.fingerprint


def test_a_changed_card_is_refused(owner_session: Session) -> None:
    data = json.loads(export_card(owner_session))
    data["name"] = "Somebody Else"
    with pytest.raises(PackageRefused, match="self-signature"):
        parse_card(strict_json.canonical(data))


@pytest.mark.parametrize("data", [
    b"", b"{}", b"[]", b'{"format":"medvault-card/1"}', b"x" * 20000,
    b'{"format":"medvault-card/1","format":"medvault-card/1"}',
])
def test_malformed_cards_are_refused(data: bytes) -> None:
    with pytest.raises(PackageRefused):
        parse_card(data)


def test_import_is_unverified_until_the_fingerprint_is_confirmed(
        owner_session: Session, receiver: Session) -> None:
    card = export_card(owner_session, practice="Harbour")
    contact, created = import_card(receiver, card)
    assert created and not contact.key_verified
    assert contact.fingerprint == parse_card(card).fingerprint
    assert contact.signing_key == owner_session.signing_key().public
    assert import_card(receiver, card) == (get_contact(receiver, contact.id), False)
    with pytest.raises(UsageError, match="differ"):
        verify_contact_key(receiver, contact.id, "0000 0000 0000 0000 0000 0000")
    assert next(receiver.audit.entries(action_prefix="contact.key.mismatch")).flagged
    verified = verify_contact_key(receiver, contact.id, contact.fingerprint or "")
    assert verified.key_verified
    entry = next(receiver.audit.entries(action_prefix="contact.key.verified"))
    assert entry.target == contact.id and entry.actor == "doc"


def test_importing_a_card_needs_contact_write(practice: PracticeVault) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        card = export_card(owner)
    with signed_in(practice, Role.AUDITOR) as auditor:
        with pytest.raises(PermissionDenied):
            import_card(auditor, card)
        denial = next(auditor.audit.entries(action_prefix="permission.denied",
                                            newest_first=True))
        assert json.loads(denial.detail)["operation"] == "contact.write"


def test_cli_identity_show_export_and_contact_import(
        practice: PracticeVault, receiver_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def run(args: list[str], stdin: str) -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(args)
        return code, capsys.readouterr().out

    code, out = run(["identity", "show", str(practice.path), "--as", "owner",
                     "--password-stdin", "--json"], OWNER_PASSWORD + "\n")
    assert code == 0
    shown = json.loads(out)
    card_path = tmp_path / "owner.card"
    code, out = run(["identity", "export", str(practice.path), "--as", "owner",
                     "--password-stdin", "--out", str(card_path), "--practice", "Harbour"],
                    OWNER_PASSWORD + "\n")
    assert code == 0 and shown["fingerprint"] in out
    code, out = run(["contact", "import", str(receiver_path), "--as", "doc",
                     "--password-stdin", str(card_path)], RECEIVER_PASSWORD + "\n")
    assert code == 0 and "UNVERIFIED" in out and shown["fingerprint"] in out
    contact_id = out.split("(contact ")[1].split(")")[0]
    code, out = run(["contact", "verify", str(receiver_path), "--as", "doc",
                     "--password-stdin", "--contact", contact_id, "--fingerprint",
                     shown["fingerprint"]], RECEIVER_PASSWORD + "\n")
    assert code == 0 and "verified" in out
