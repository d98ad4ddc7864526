"""Each user's Ed25519 signing key, and the public identity other people check.

The private half lives only inside the user's key slot contents (`SlotSecrets`), next to
their age identity, so it is as safe as the password that opens the slot. The public half
sits in vault.json beside the user's age recipient. Together they form a `UserIdentity`:
what a contact card carries, what package signatures and signed audit heads are checked
against, and what two people compare by reading its `fingerprint` aloud.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

KEY_BYTES = 32
SIGNATURE_BYTES = 64
PUBLIC_HEX_CHARS = 2 * KEY_BYTES
FINGERPRINT_GROUPS = 6  # 6 groups of 4 digits: 24 digits, about 80 bits
_FINGERPRINT_CONTEXT = b"medvault identity fingerprint v1\x00"


def is_public_key(text: object) -> bool:
    """A public signing key as vault.json and contact cards write it: 64 hex digits."""
    if not isinstance(text, str) or len(text) != PUBLIC_HEX_CHARS:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class SigningKey:
    """A user's private Ed25519 key. Kept only inside slot contents and a live session."""

    private_hex: str = field(repr=False)

    @classmethod
    def generate(cls) -> SigningKey:
        raw = Ed25519PrivateKey.generate().private_bytes(
            Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return cls(raw.hex())

    @classmethod
    def from_hex(cls, text: str) -> SigningKey:
        """Raises ValueError for anything that is not a 32-byte key in hex."""
        raw = bytes.fromhex(text)
        if len(raw) != KEY_BYTES:
            raise ValueError("an Ed25519 private key is 32 bytes")
        return cls(text.lower())

    def _key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(self.private_hex))

    @property
    def public(self) -> str:
        """The public half, 64 hex digits, as vault.json keeps it."""
        return self._key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    def sign(self, message: bytes) -> bytes:
        return self._key().sign(message)


def verify_signature(public: str, message: bytes, signature: bytes) -> bool:
    """True only for a valid signature by `public` over `message`; never raises."""
    if not is_public_key(public) or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public)).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def fingerprint(recipient: str, signing_public: str) -> str:
    """A short fingerprint of both public keys that two people can read to each other over
    the phone: 24 digits in groups of four ("0412 9930 …"). Digits, because they survive
    being read aloud in any language; both keys, because a contact needs both to be right
    (the recipient to encrypt to, the signing key to check what they send)."""
    digest = hashlib.sha256(_FINGERPRINT_CONTEXT + recipient.encode() + b"\x00"
                            + signing_public.encode()).digest()
    number = int.from_bytes(digest[:16], "big") % 10 ** (4 * FINGERPRINT_GROUPS)
    digits = f"{number:0{4 * FINGERPRINT_GROUPS}d}"
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


@dataclass(frozen=True)
class UserIdentity:
    """Who a user is to other people: their age recipient (to encrypt to) and their public
    signing key (to check what they sign). Nothing here is secret."""

    user_id: str
    name: str
    recipient: str
    signing_public: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.recipient, self.signing_public)

    def verify(self, message: bytes, signature: bytes) -> bool:
        return verify_signature(self.signing_public, message, signature)
