"""Builders for sharing tests: keys, signers, and zips shaped however a test needs."""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import replace
from typing import Any

import pyrage

from app.core import strict_json
from app.core.records.contacts import recipient_fingerprint
from app.core.sharing import agefmt, package
from app.core.signing import SigningKey


def new_identity() -> tuple[str, str]:
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


class Party:
    def __init__(self, name: str) -> None:
        self.identity, self.recipient = new_identity()
        self.signer = SigningKey.generate()
        self.sender = package.Sender(name, f"{name}'s practice", self.signer.public,
                                     self.recipient, f"vault-{name}")


def spec(sender: Party, **changes: Any) -> package.PackageSpec:
    base = package.PackageSpec(
        sender=sender.sender, patient={"id": "p1", "name": "Test Patient"},
        purpose="referral", sections=("conditions",), expires="2099-01-01T00:00:00+00:00",
        members={"fhir/bundle.json": b'{"resourceType":"Bundle"}',
                 "summary.html": b"<html><body>summary</body></html>",
                 "documents/letter.pdf": b"%PDF-1.4 letter"})
    return replace(base, **changes)


def zip_of(entries: list[tuple[str, bytes]], *, symlink: set[str] | None = None,
           compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on duplicate names, which we want
        with zipfile.ZipFile(out, "w", compress) as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = compress
                info.create_system = 3
                mode = 0o120777 if symlink and name in symlink else 0o100644
                info.external_attr = mode << 16
                archive.writestr(info, data)
    return out.getvalue()


def signed_zip(sender: Party, members: dict[str, bytes], *, recipients: list[str],
               listed: dict[str, bytes] | None = None, extra: list[tuple[str, bytes]] = (),
               manifest_changes: dict[str, Any] | None = None, **zip_options: Any) -> bytes:
    """A correctly signed package plaintext; `listed` is what the manifest claims."""
    manifest = {
        "format": package.FORMAT, "package_id": "0" * 31 + "1",
        "created": "2026-01-01T00:00:00+00:00", "expires": "2099-01-01T00:00:00+00:00",
        "sender": sender.sender.to_json(),
        "recipients": [{"kind": "x25519", "recipient": r, "fingerprint": recipient_fingerprint(r)}
                       for r in recipients],
        "recipient_label": None, "patient": {"id": "p1"}, "purpose": "referral",
        "consent_id": None, "sections": ["all"], "since": None,
        "files": package._files(members if listed is None else listed),
        **(manifest_changes or {}),
    }
    raw = strict_json.canonical(manifest)
    sig = sender.signer.sign(package.SIGNATURE_CONTEXT + raw)
    entries = [("manifest.json", raw), ("manifest.sig", sig), *members.items(), *extra]
    return zip_of(entries, **zip_options)


def seal(plain: bytes, recipients: list[str]) -> bytes:
    return agefmt.encrypt_bytes(plain, recipients=recipients)
