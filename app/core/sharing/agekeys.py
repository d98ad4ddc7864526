"""age X25519 keys as raw bytes: Bech32 decoding and encoding (BIP 173), written from the spec.

age recipients are Bech32 with the human-readable part "age"; identities use
"age-secret-key-" and are written in upper case. We need the raw 32 bytes to do X25519
ourselves in the streaming writer (`agefmt`).
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
RECIPIENT_HRP = "age"
IDENTITY_HRP = "age-secret-key-"


class KeyFormatError(ValueError):
    pass


def _polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= _GEN[i] if ((top >> i) & 1) else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert(data: list[int] | bytes, from_bits: int, to_bits: int, pad: bool) -> list[int]:
    acc = bits = 0
    out: list[int] = []
    maxv = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & maxv)
    if pad:
        if bits:
            out.append((acc << (to_bits - bits)) & maxv)
    elif bits >= from_bits or ((acc << (to_bits - bits)) & maxv):
        raise KeyFormatError("non-zero padding")
    return out


def bech32_decode(text: str, hrp: str) -> bytes:
    # age keys are far below Bech32's 90-character limit; nothing longer is a key.
    if len(text) > 120 or (text.lower() != text and text.upper() != text):
        raise KeyFormatError("not a Bech32 string")
    text = text.lower()
    pos = text.rfind("1")
    if text[:pos] != hrp or pos + 7 > len(text):
        raise KeyFormatError("wrong key type")
    try:
        data = [_CHARSET.index(c) for c in text[pos + 1:]]
    except ValueError:
        raise KeyFormatError("not a Bech32 string") from None
    if _polymod(_hrp_expand(hrp) + data) != 1:
        raise KeyFormatError("checksum mismatch")
    raw = bytes(_convert(data[:-6], 5, 8, False))
    if len(raw) != 32:
        raise KeyFormatError("an age key holds 32 bytes")
    return raw


def bech32_encode(raw: bytes, hrp: str) -> str:
    data = _convert(raw, 8, 5, True)
    polymod = _polymod([*_hrp_expand(hrp), *data, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[d] for d in data + checksum)


def recipient_bytes(recipient: str) -> bytes:
    return bech32_decode(recipient.strip(), RECIPIENT_HRP)


def identity_key(identity: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(bech32_decode(identity.strip(), IDENTITY_HRP))


def recipient_of_identity(identity: str) -> str:
    public = identity_key(identity).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return bech32_encode(public, RECIPIENT_HRP)


def public_key(recipient: str) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(recipient_bytes(recipient))
