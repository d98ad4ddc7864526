"""The sharing package format: build, sign, encrypt; decrypt, bound, verify.

A package is an age file whose plaintext is a zip (docs/sharing.md is the specification):

    manifest.json     canonical JSON: who, for whom, what, until when, and the SHA-256
                      and size of every other member
    manifest.sig      64 bytes: Ed25519 over b"MedVault sharing manifest v1\\n" + manifest.json
    fhir/bundle.json  a FHIR R4 Bundle
    summary.html, summary.pdf
    documents/NAME    documents in their original format

Opening checks, in this order, before anything but the manifest is parsed: the age header's
bounds, decryption (every chunk authenticated), the zip's bounds, the manifest's own bounds,
the signature, that the key we opened it with is one the manifest names (so a package
re-encrypted to someone else fails), that members and the manifest's list agree exactly,
and every member's size and SHA-256. Expiry is checked last, so an expired package still
shows who sent it. This module knows nothing of vaults; `share.py` adds trust in the sender,
consent, audit and replay protection.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from app.core import clock, strict_json
from app.core.ids import new_id
from app.core.messages import Moment
from app.core.records.contacts import recipient_fingerprint
from app.core.sharing import agekeys
from app.core.sharing.agefmt import AgeReader, AgeWriter
from app.core.sharing.ageheader import b64encode, parse_header
from app.core.sharing.errors import PackageRefused
from app.core.sharing.zipread import BoundedZip, ZipLimits, pattern_allow
from app.core.signing import fingerprint as identity_fingerprint
from app.core.signing import is_public_key, verify_signature

FORMAT = "medvault-share/1"
SIGNATURE_CONTEXT = b"MedVault sharing manifest v1\n"
MAX_PACKAGE_BYTES = 256 * 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
BUNDLE = "fhir/bundle.json"
DOCUMENT_NAME = r"documents/[A-Za-z0-9][A-Za-z0-9._-]{0,127}"
PACKAGE_MEMBERS = pattern_allow(r"manifest\.json", r"manifest\.sig", r"fhir/bundle\.json",
                                r"summary\.html", r"summary\.pdf", DOCUMENT_NAME)
PACKAGE_LIMITS = ZipLimits(max_members=1000, max_member_bytes=64 * 1024 * 1024,
                           max_total_bytes=512 * 1024 * 1024, max_ratio=100)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[0-9a-f]{32}$")


class Signer(Protocol):
    """A user's Ed25519 signing key as the session holds it (`app.core.signing.SigningKey`)."""

    @property
    def public(self) -> str: ...

    def sign(self, message: bytes) -> bytes: ...


@dataclass(frozen=True)
class Sender:
    name: str
    practice: str
    signing_key: str  # the 32-byte Ed25519 public key, 64 lowercase hex digits
    recipient: str    # the sender's own age recipient (age1…)
    vault_id: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "practice": self.practice, "signing_key": self.signing_key,
                "recipient": self.recipient, "vault_id": self.vault_id}


@dataclass(frozen=True)
class PackageSpec:
    """What goes in a package, before signing and encryption."""

    sender: Sender
    patient: Mapping[str, Any]
    purpose: str
    sections: tuple[str, ...]
    expires: str
    members: Mapping[str, bytes]  # name -> bytes: bundle, summaries, documents
    consent_id: str | None = None
    since: str | None = None
    recipient_label: str | None = None  # the contact's name, as the sender knows them
    package_id: str = field(default_factory=lambda: new_id())
    created: str = field(default_factory=lambda: _now().isoformat(timespec="seconds"))


def _now() -> datetime:
    return clock.now()


def _files(members: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    return {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(members.items())}


def build_package(spec: PackageSpec, signer: Signer, *, recipient: str | None = None,
                  passphrase: str | None = None) -> bytes:
    """The encrypted package. An X25519 package is encrypted to the recipient and to the
    sender's own recipient; both fingerprints go under the signature."""
    for name in spec.members:
        if name in (MANIFEST, SIGNATURE) or not PACKAGE_MEMBERS(name):
            raise ValueError(f"{name!r} is not a package member name")
    if signer.public != spec.sender.signing_key:
        raise ValueError("the signer is not the sender named in the package")
    out = io.BytesIO()
    if passphrase is not None:
        writer = AgeWriter(out, passphrase=passphrase)
        salt = writer.header.split(b"\n")[1].split(b" ")[2].decode("ascii")
        recipients: list[dict[str, Any]] = [{"kind": "passphrase", "scrypt_salt": salt}]
    else:
        if recipient is None:
            raise ValueError("a package needs a recipient or a passphrase")
        keys = list(dict.fromkeys([recipient.strip(), spec.sender.recipient]))
        writer = AgeWriter(out, recipients=keys)
        recipients = [{"kind": "x25519", "recipient": k, "fingerprint": recipient_fingerprint(k),
                       "role": "recipient" if i == 0 else "sender"}
                      for i, k in enumerate(keys)]
    manifest = {
        "format": FORMAT, "package_id": spec.package_id, "created": spec.created,
        "expires": spec.expires, "sender": spec.sender.to_json(), "recipients": recipients,
        "recipient_label": spec.recipient_label, "patient": dict(spec.patient),
        "purpose": spec.purpose, "consent_id": spec.consent_id,
        "sections": list(spec.sections), "since": spec.since, "files": _files(spec.members),
    }
    manifest_bytes = strict_json.canonical(manifest)
    signature = signer.sign(SIGNATURE_CONTEXT + manifest_bytes)
    with zipfile.ZipFile(writer, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, MANIFEST, manifest_bytes)
        _add(archive, SIGNATURE, signature)
        for name, data in sorted(spec.members.items()):
            _add(archive, name, data)
    writer.close()
    return out.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o100644 << 16  # a regular file, so unzip makes no surprises
    info.create_system = 3
    archive.writestr(info, data)


@dataclass(frozen=True)
class OpenedPackage:
    """A package whose signature, recipient binding and hashes all checked out."""

    manifest: dict[str, Any]
    manifest_bytes: bytes
    members: dict[str, bytes]
    opened_with: str  # the age recipient we decrypted with, or "passphrase"

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def sender(self) -> dict[str, Any]:
        return dict(self.manifest["sender"])

    @property
    def sender_fingerprint(self) -> str:
        """What the sender reads aloud: over their age recipient and signing key."""
        return identity_fingerprint(self.sender["recipient"], self.sender["signing_key"])

    @property
    def expires(self) -> datetime:
        return _moment(self.manifest["expires"])

    def expired(self, at: datetime | None = None) -> bool:
        return (at or _now()) >= self.expires

    def contents(self) -> dict[str, int]:
        """Member counts by kind, for the preview."""
        counts: dict[str, int] = {}
        for name in self.members:
            kind = name.split("/")[0] if "/" in name else name
            counts[kind] = counts.get(kind, 0) + 1
        return counts


def _moment(text: Any) -> datetime:
    if not isinstance(text, str) or len(text) > 40:
        raise ValueError("not a time")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a time without a zone")
    return moment


def open_package(data: bytes, *, identities: list[str] | None = None,
                 passphrase: str | None = None) -> OpenedPackage:
    """Decrypt and verify. Raises PackageRefused, with the reason, for anything wrong."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise PackageRefused.coded("package.too_large", mib=MAX_PACKAGE_BYTES // (1024 * 1024))
    header = parse_header(data)
    reader = AgeReader(io.BytesIO(data), identities=identities, passphrase=passphrase)
    plain = bytearray()
    for chunk in reader.chunks():
        plain += chunk
        if len(plain) > MAX_PACKAGE_BYTES:
            raise PackageRefused.coded("package.unpacks_too_large",
                                       mib=MAX_PACKAGE_BYTES // (1024 * 1024))
    archive = BoundedZip(bytes(plain), PACKAGE_MEMBERS, PACKAGE_LIMITS)
    del plain
    names = archive.names()
    if MANIFEST not in names or SIGNATURE not in names:
        raise PackageRefused.coded("package.not_medvault")
    manifest_bytes = archive.read(MANIFEST)
    signature = archive.read(SIGNATURE)
    try:
        manifest = strict_json.loads(manifest_bytes, max_bytes=MAX_MANIFEST_BYTES)
    except strict_json.StrictJsonError as exc:
        raise PackageRefused.coded("package.manifest_unreadable", problem=str(exc)) from None
    _check_shape(manifest)
    if not verify_signature(manifest["sender"]["signing_key"],
                            SIGNATURE_CONTEXT + manifest_bytes, signature):
        raise PackageRefused.coded("package.signature_mismatch")
    opened_with = _check_recipient(manifest, header.scrypt_params(), identities)
    listed = set(manifest["files"])
    present = names - {MANIFEST, SIGNATURE}
    if listed - present:
        raise PackageRefused.coded("package.files_missing",
                                   files=", ".join(sorted(listed - present)[:5]))
    if present - listed:
        raise PackageRefused.coded("package.files_unlisted",
                                   files=", ".join(sorted(present - listed)[:5]))
    members: dict[str, bytes] = {}
    for name in sorted(listed):
        expected = manifest["files"][name]
        content = archive.read(name)
        if (len(content) != expected["size"]
                or hashlib.sha256(content).hexdigest() != expected["sha256"]):
            raise PackageRefused.coded("package.file_changed", name=name)
        members[name] = content
    return OpenedPackage(manifest, manifest_bytes, members, opened_with)


def _check_recipient(manifest: dict[str, Any], scrypt: tuple[bytes, int] | None,
                     identities: list[str] | None) -> str:
    recipients = manifest["recipients"]
    if scrypt is not None:
        salts = {r.get("scrypt_salt") for r in recipients if r["kind"] == "passphrase"}
        if b64encode(scrypt[0]) not in salts:
            raise PackageRefused.coded("package.passphrase_changed")
        return "passphrase"
    listed = {r.get("recipient") for r in recipients if r["kind"] == "x25519"}
    for identity in identities or []:
        mine = agekeys.recipient_of_identity(identity)
        if mine in listed:
            return mine
    raise PackageRefused.coded("package.recipient_changed")


def _check_shape(manifest: Any) -> None:
    """Types and formats of every field we rely on, so later code meets no surprises."""
    def bad(what: str) -> PackageRefused:
        return PackageRefused(f"The package's manifest is malformed ({what}).")

    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise bad("unknown format; this MedVault reads " + FORMAT)
    if not isinstance(manifest.get("package_id"), str) or not _ID.match(manifest["package_id"]):
        raise bad("package id")
    sender = manifest.get("sender")
    if not isinstance(sender, dict) or not all(
            isinstance(sender.get(k), str) and len(sender[k]) <= 500
            for k in ("name", "practice", "signing_key", "recipient", "vault_id")
    ) or not is_public_key(sender["signing_key"]):
        raise bad("sender")
    for key in ("created", "expires"):
        try:
            _moment(manifest.get(key))
        except ValueError:
            raise bad(key) from None
    recipients = manifest.get("recipients")
    if not isinstance(recipients, list) or not 1 <= len(recipients) <= 20 or not all(
            isinstance(r, dict) and r.get("kind") in ("x25519", "passphrase")
            for r in recipients):
        raise bad("recipients")
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
            isinstance(name, str) and PACKAGE_MEMBERS(name) and name not in (MANIFEST,
                                                                             SIGNATURE)
            and isinstance(f, dict) and isinstance(f.get("sha256"), str)
            and bool(_HEX64.match(f["sha256"])) and isinstance(f.get("size"), int)
            and not isinstance(f.get("size"), bool) and f["size"] >= 0
            for name, f in files.items()):
        raise bad("file list")
    if not isinstance(manifest.get("patient"), dict):
        raise bad("patient")
    if not isinstance(manifest.get("purpose"), str):
        raise bad("purpose")
    sections = manifest.get("sections")
    if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
        raise bad("sections")
    for key in ("consent_id", "since", "recipient_label"):
        if manifest.get(key) is not None and not isinstance(manifest[key], str):
            raise bad(key)


def check_expiry(opened: OpenedPackage, *, allow_expired: bool,
                 at: datetime | None = None) -> None:
    if opened.expired(at) and not allow_expired:
        raise PackageRefused.coded("package.expired",
                                   when=Moment(str(opened.manifest["expires"])))
