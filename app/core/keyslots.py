"""Key slots: a user's secrets wrapped under a key-encryption key (LUKS-style).

A slot wraps the user's age identity (and their TOTP secret) with AES-256-GCM. The
key-encryption key comes from Argon2id over the password, optionally mixed with a
workstation secret from the OS keychain, or from HKDF over a high-entropy recovery key.
The associated data binds vault id, user id, slot id, kind and every KDF parameter, so a
slot cannot be moved to another user or vault, nor its parameters weakened, undetected.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.core.errors import VaultDamaged, WrongCredentials
from app.core.ids import new_id
from app.core.kdf import KdfParams, derive, new_salt
from app.core.signing import SigningKey

SlotKind = Literal["password", "recovery"]
NONCE_BYTES = 12
RECOVERY_KEY_BYTES = 20  # 160 bits: far beyond guessing, short enough to type from paper
_B32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


@dataclass(frozen=True)
class SlotSecrets:
    """What a slot protects. The identity opens every compartment key sealed to the user;
    the signing key (Ed25519, hex) signs for them: audit heads, contact cards, packages.
    Slots written before signing keys existed have none; the next password sign-in adds
    one (`OpenVault.unlock`)."""

    identity: str
    totp_secret: str | None = None
    signing_key: str | None = field(default=None, repr=False)

    def signer(self) -> SigningKey | None:
        return None if self.signing_key is None else SigningKey.from_hex(self.signing_key)

    def to_bytes(self) -> bytes:
        return json.dumps({"identity": self.identity, "totp": self.totp_secret,
                           "signing": self.signing_key}).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> SlotSecrets:
        try:
            obj = json.loads(data)
            signing = obj.get("signing")
            if signing is not None:
                signing = SigningKey.from_hex(signing).private_hex
            return cls(identity=str(obj["identity"]), totp_secret=obj.get("totp"),
                       signing_key=signing)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise VaultDamaged("A key slot opened but its contents are unreadable.") from exc


@dataclass(frozen=True)
class KeySlot:
    slot_id: str
    user_id: str
    kind: SlotKind
    kdf: KdfParams  # for recovery slots only the salt is used (HKDF)
    workstation: bool
    nonce: bytes
    ciphertext: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "slot_id": self.slot_id,
            "user_id": self.user_id,
            "kind": self.kind,
            "kdf": self.kdf.to_json(),
            "workstation": self.workstation,
            "nonce": self.nonce.hex(),
            "ciphertext": base64.b64encode(self.ciphertext).decode(),
        }

    @classmethod
    def from_json(cls, data: Any) -> KeySlot:
        try:
            kind = data["kind"]
            if kind not in ("password", "recovery"):
                raise ValueError(kind)
            slot = cls(
                slot_id=str(data["slot_id"]),
                user_id=str(data["user_id"]),
                kind=kind,
                kdf=KdfParams.from_json(data["kdf"]),
                workstation=bool(data["workstation"]),
                nonce=bytes.fromhex(data["nonce"]),
                ciphertext=base64.b64decode(data["ciphertext"], validate=True),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise VaultDamaged("A key slot in vault.json is unreadable.") from exc
        if len(slot.nonce) != NONCE_BYTES:
            raise VaultDamaged("A key slot in vault.json is unreadable.")
        return slot


def _associated_data(vault_id: str, slot_id: str, user_id: str, kind: SlotKind,
                     kdf: KdfParams, workstation: bool) -> bytes:
    return json.dumps(
        {
            "vault_id": vault_id,
            "slot_id": slot_id,
            "user_id": user_id,
            "kind": kind,
            "kdf": kdf.to_json(),
            "workstation": workstation,
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def _kek(kind: SlotKind, secret: bytes, kdf: KdfParams, workstation_secret: bytes | None) -> bytes:
    stretched = derive(secret, kdf) if kind == "password" else secret
    # HKDF mixes the workstation secret in, so a copied vault plus the password is not enough.
    material = stretched + (workstation_secret or b"")
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=kdf.salt, info=b"medvault slot kek v1"
    ).derive(material)


def seal_slot(
    *,
    vault_id: str,
    user_id: str,
    kind: SlotKind,
    secret: bytes,
    contents: SlotSecrets,
    kdf: KdfParams,
    workstation_secret: bytes | None = None,
) -> KeySlot:
    slot_id = new_id()
    kdf = kdf.with_new_salt()
    workstation = workstation_secret is not None
    nonce = secrets.token_bytes(NONCE_BYTES)
    ad = _associated_data(vault_id, slot_id, user_id, kind, kdf, workstation)
    kek = _kek(kind, secret, kdf, workstation_secret)
    ciphertext = AESGCM(kek).encrypt(nonce, contents.to_bytes(), ad)
    return KeySlot(slot_id, user_id, kind, kdf, workstation, nonce, ciphertext)


def open_slot(
    *, vault_id: str, slot: KeySlot, secret: bytes, workstation_secret: bytes | None = None
) -> SlotSecrets:
    """Unwrap a slot. A failed tag means the secret (or workstation factor) was wrong."""
    if slot.workstation and workstation_secret is None:
        raise WrongCredentials("This account needs this workstation's key, which is missing.")
    ad = _associated_data(vault_id, slot.slot_id, slot.user_id, slot.kind, slot.kdf,
                          slot.workstation)
    kek = _kek(slot.kind, secret, slot.kdf, workstation_secret if slot.workstation else None)
    try:
        plaintext = AESGCM(kek).decrypt(slot.nonce, slot.ciphertext, ad)
    except InvalidTag:
        if slot.kind == "recovery":
            raise WrongCredentials.coded("signin.wrong_recovery_key") from None
        raise WrongCredentials.coded("signin.wrong_credentials") from None
    return SlotSecrets.from_bytes(plaintext)


def new_recovery_key() -> str:
    """A printable recovery key: 160 random bits as 8 groups of 4 base32 characters."""
    raw = secrets.token_bytes(RECOVERY_KEY_BYTES)
    text = base64.b32encode(raw).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    # People copy from paper: accept the letters most often misread.
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    if len(cleaned) != 32 or any(ch not in _B32_ALPHABET for ch in cleaned):
        raise WrongCredentials(
            "A recovery key has 32 letters and digits in groups of four, like ABCD-EFGH-…. "
            "Check it against the printed emergency kit."
        )
    return base64.b32decode(cleaned)


def recovery_kdf_placeholder() -> KdfParams:
    """Recovery keys are high-entropy, so the slot uses HKDF; only the salt field is used."""
    return KdfParams(memory_kib=8, time_cost=1, parallelism=1, salt=new_salt())
