"""The package format: round trip and every hostile package (issue 11, item 5).

Vault-level cases (unknown or changed sender key, replay, expired without override, and
"nothing imported") are in test_share.py; here the format alone refuses.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime

import pytest

from app.core.records.contacts import recipient_fingerprint
from app.core.sharing import agefmt, package
from app.core.sharing.errors import PackageRefused
from app.core.sharing.package import build_package, check_expiry, open_package
from tests.core.sharing.helpers import Party, seal, signed_zip, spec, zip_of

MEMBERS = {"fhir/bundle.json": b'{"resourceType":"Bundle"}', "documents/a.pdf": b"%PDF-1 a"}


@pytest.fixture
def alice() -> Party:
    return Party("alice")


@pytest.fixture
def bob() -> Party:
    return Party("bob")


def test_round_trip_to_the_recipient_and_back_to_the_sender(alice: Party, bob: Party) -> None:
    data = build_package(spec(alice), alice.signer, recipient=bob.recipient)
    opened = open_package(data, identities=[bob.identity])
    assert opened.members == dict(spec(alice).members)
    assert opened.sender["signing_key"] == alice.sender.signing_key
    assert opened.opened_with == bob.recipient
    assert [r["fingerprint"] for r in opened.manifest["recipients"]] == [
        recipient_fingerprint(bob.recipient), recipient_fingerprint(alice.recipient)]
    # The sender can reopen what they sent.
    assert open_package(data, identities=[alice.identity]).package_id == opened.package_id


def test_passphrase_round_trip(alice: Party) -> None:
    data = build_package(spec(alice), alice.signer, passphrase="long shared phrase here")
    assert open_package(data, passphrase="long shared phrase here").opened_with == "passphrase"
    with pytest.raises(PackageRefused, match="passphrase is wrong"):
        open_package(data, passphrase="another phrase")


def test_the_manifest_is_canonical_json_and_the_signature_covers_it(alice: Party,
                                                                     bob: Party) -> None:
    opened = open_package(build_package(spec(alice), alice.signer, recipient=bob.recipient),
                          identities=[bob.identity])
    from app.core import strict_json
    assert strict_json.canonical(opened.manifest) == opened.manifest_bytes


def test_tampered_ciphertext_is_refused(alice: Party, bob: Party) -> None:
    data = bytearray(build_package(spec(alice), alice.signer, recipient=bob.recipient))
    data[-100] ^= 0x01
    with pytest.raises(PackageRefused, match="damaged, cut short or tampered"):
        open_package(bytes(data), identities=[bob.identity])


def test_tampered_header_is_refused(alice: Party, bob: Party) -> None:
    data = build_package(spec(alice), alice.signer, recipient=bob.recipient)
    header = data.split(b"\n--- ")[0]
    second = header.split(b"\n")[-1]  # the sender's stanza body
    changed = data.replace(second, bytes([second[0] ^ 0x01]) + second[1:], 1) \
        if second[:1] != b"A" else data.replace(second, b"B" + second[1:], 1)
    with pytest.raises(PackageRefused):
        open_package(changed, identities=[alice.identity])


def test_truncated_package_is_refused(alice: Party, bob: Party) -> None:
    data = build_package(spec(alice), alice.signer, recipient=bob.recipient)
    with pytest.raises(PackageRefused):
        open_package(data[:-17], identities=[bob.identity])


def test_tampered_manifest_is_refused(alice: Party, bob: Party) -> None:
    # Someone holding bob's key rewrites the purpose and re-encrypts: the signature fails.
    plain = signed_zip(alice, MEMBERS, recipients=[bob.recipient])
    with zipfile.ZipFile(__import__("io").BytesIO(plain)) as archive:
        manifest = archive.read("manifest.json").replace(b'"referral"', b'"research"')
        sig = archive.read("manifest.sig")
    forged = zip_of([("manifest.json", manifest), ("manifest.sig", sig), *MEMBERS.items()])
    with pytest.raises(PackageRefused, match="signature does not match"):
        open_package(seal(forged, [bob.recipient]), identities=[bob.identity])


def test_tampered_signature_is_refused(alice: Party, bob: Party) -> None:
    plain = signed_zip(alice, MEMBERS, recipients=[bob.recipient])
    with zipfile.ZipFile(__import__("io").BytesIO(plain)) as archive:
        manifest = archive.read("manifest.json")
        sig = bytearray(archive.read("manifest.sig"))
    sig[5] ^= 0x40
    forged = zip_of([("manifest.json", manifest), ("manifest.sig", bytes(sig)),
                     *MEMBERS.items()])
    with pytest.raises(PackageRefused, match="signature does not match"):
        open_package(seal(forged, [bob.recipient]), identities=[bob.identity])


def test_a_manifest_signed_by_another_key_than_it_names_is_refused(alice: Party,
                                                                   bob: Party) -> None:
    mallory = Party("mallory")
    mallory.sender = alice.sender  # claims to be alice, signs with mallory's key
    plain = signed_zip(mallory, MEMBERS, recipients=[bob.recipient])
    with pytest.raises(PackageRefused, match="signature does not match"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_tampered_member_file_is_refused(alice: Party, bob: Party) -> None:
    changed = {**MEMBERS, "documents/a.pdf": b"%PDF-1 b"}
    plain = signed_zip(alice, changed, recipients=[bob.recipient], listed=MEMBERS)
    with pytest.raises(PackageRefused, match="does not match its manifest"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_wrong_recipient_is_refused(alice: Party, bob: Party) -> None:
    carol = Party("carol")
    data = build_package(spec(alice), alice.signer, recipient=bob.recipient)
    with pytest.raises(PackageRefused, match="not encrypted to your key"):
        open_package(data, identities=[carol.identity])


def test_a_package_re_encrypted_to_another_recipient_is_refused(alice: Party,
                                                                bob: Party) -> None:
    carol = Party("carol")
    plain = signed_zip(alice, MEMBERS, recipients=[bob.recipient])
    with pytest.raises(PackageRefused, match="re-encrypted"):
        open_package(seal(plain, [carol.recipient]), identities=[carol.identity])


def test_a_passphrase_package_re_encrypted_is_refused(alice: Party) -> None:
    data = build_package(spec(alice), alice.signer, passphrase="first phrase of many")
    plain = b"".join(agefmt.AgeReader(__import__("io").BytesIO(data),
                                      passphrase="first phrase of many").chunks())
    again = agefmt.encrypt_bytes(plain, passphrase="second phrase of many")
    with pytest.raises(PackageRefused, match="re-encrypted"):
        open_package(again, passphrase="second phrase of many")


def test_a_member_listed_but_missing_is_refused(alice: Party, bob: Party) -> None:
    plain = signed_zip(alice, {"fhir/bundle.json": MEMBERS["fhir/bundle.json"]},
                       recipients=[bob.recipient], listed=MEMBERS)
    with pytest.raises(PackageRefused, match="missing files"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_a_member_present_but_not_listed_is_refused(alice: Party, bob: Party) -> None:
    plain = signed_zip(alice, MEMBERS, recipients=[bob.recipient],
                       extra=[("documents/extra.pdf", b"%PDF-1 extra")])
    with pytest.raises(PackageRefused, match="does not list"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_zip_path_traversal_in_a_package_is_refused(alice: Party, bob: Party) -> None:
    plain = signed_zip(alice, MEMBERS, recipients=[bob.recipient],
                       extra=[("../../.bashrc", b"echo owned")])
    with pytest.raises(PackageRefused, match="climbs out"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_an_absolute_path_in_a_package_is_refused(alice: Party, bob: Party) -> None:
    plain = signed_zip(alice, MEMBERS, recipients=[bob.recipient],
                       extra=[("/tmp/x", b"x")])
    with pytest.raises(PackageRefused, match="absolute"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_a_symlink_in_a_package_is_refused(alice: Party, bob: Party) -> None:
    plain = signed_zip(alice, MEMBERS, recipients=[bob.recipient],
                       symlink={"documents/a.pdf"})
    with pytest.raises(PackageRefused, match="symlink"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_too_many_members_in_a_package_are_refused(alice: Party, bob: Party) -> None:
    many = {f"documents/d{i}.pdf": b"%PDF" for i in range(1001)}
    plain = signed_zip(alice, many, recipients=[bob.recipient])
    with pytest.raises(PackageRefused, match="more than the 1000"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_a_zip_bomb_in_a_package_is_refused(alice: Party, bob: Party) -> None:
    bomb = {**MEMBERS, "documents/bomb.pdf": bytes(20 * 1024 * 1024)}
    plain = signed_zip(alice, bomb, recipients=[bob.recipient])
    with pytest.raises(PackageRefused, match="zip bomb"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_duplicate_names_in_a_package_are_refused(alice: Party, bob: Party) -> None:
    plain = signed_zip(alice, MEMBERS, recipients=[bob.recipient],
                       extra=[("fhir/bundle.json", b'{"resourceType":"Bundle","x":1}')])
    with pytest.raises(PackageRefused, match="twice"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_an_oversized_header_in_a_package_is_refused(alice: Party, bob: Party) -> None:
    data = build_package(spec(alice), alice.signer, recipient=bob.recipient)
    stanza = b"-> grease\n" + (b"A" * 64 + b"\n") * 1100 + b"\n"
    start = len(b"age-encryption.org/v1\n")
    with pytest.raises(PackageRefused, match="longer than 64 KiB"):
        open_package(data[:start] + stanza + data[start:], identities=[bob.identity])


def test_a_scrypt_bomb_package_is_refused_before_any_work() -> None:
    data = agefmt.encrypt_bytes(b"x", passphrase="p")
    lines = data.split(b"\n")
    lines[1] = lines[1].rsplit(b" ", 1)[0] + b" 23"
    with pytest.raises(PackageRefused, match="2\\^23"):
        open_package(b"\n".join(lines), passphrase="p")


def test_an_expired_package_is_refused_unless_overridden(alice: Party, bob: Party) -> None:
    data = build_package(spec(alice, expires="2026-01-02T00:00:00+00:00"), alice.signer,
                         recipient=bob.recipient)
    opened = open_package(data, identities=[bob.identity])
    later = datetime(2026, 1, 3, tzinfo=UTC)
    with pytest.raises(PackageRefused, match="expired"):
        check_expiry(opened, allow_expired=False, at=later)
    check_expiry(opened, allow_expired=True, at=later)
    check_expiry(opened, allow_expired=False, at=datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("change", [
    {"format": "medvault-share/9"}, {"package_id": "../x"}, {"expires": "soon"},
    {"files": {"../x": {"sha256": "0" * 64, "size": 1}}}, {"recipients": []},
    {"sender": {"name": 1}}, {"sections": "all"},
])
def test_a_malformed_but_signed_manifest_is_refused(alice: Party, bob: Party,
                                                    change: dict[str, object]) -> None:
    plain = signed_zip(alice, MEMBERS, recipients=[bob.recipient], manifest_changes=change)
    with pytest.raises(PackageRefused, match="malformed"):
        open_package(seal(plain, [bob.recipient]), identities=[bob.identity])


def test_an_oversized_package_is_refused_before_decryption(monkeypatch: pytest.MonkeyPatch,
                                                           alice: Party, bob: Party) -> None:
    data = build_package(spec(alice), alice.signer, recipient=bob.recipient)
    monkeypatch.setattr(package, "MAX_PACKAGE_BYTES", len(data) - 1)
    with pytest.raises(PackageRefused, match="larger than"):
        open_package(data, identities=[bob.identity])
