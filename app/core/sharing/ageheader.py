"""The age v1 header, parsed and bounded before any costly step.

Written from the specification (https://age-encryption.org/v1, "Header"):

    age-encryption.org/v1
    -> TYPE ARG ARG...
    BODY (base64, no padding, lines of exactly 64 columns, the last one shorter, maybe empty)
    --- MAC (base64 of 32 bytes)
    PAYLOAD (binary)

Why not let the age library judge: it accepts a scrypt work factor of log2 N = 23 and more,
which costs gigabytes of memory and about a minute on a stranger's file, and it reads any
number of stanzas. So we refuse, before decryption starts: headers over 64 KiB, more than
20 stanzas, a scrypt stanza beside any other, log2 N above 20, and anything not well formed.
ASCII-armoured files are refused too: MedVault writes binary, as the age tool does by default.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from app.core.sharing.errors import PackageRefused

VERSION_LINE = b"age-encryption.org/v1"
MAX_HEADER_BYTES = 64 * 1024
MAX_STANZAS = 20
MAX_SCRYPT_LOG_N = 20
BODY_COLUMNS = 64
# The smallest payload is a 16-byte nonce and one (empty, final) chunk's 16-byte tag.
MIN_PAYLOAD_BYTES = 32
_ARG = re.compile(rb"^[\x21-\x7e]+$")
_DECIMAL = re.compile(rb"^[1-9][0-9]{0,2}$")


@dataclass(frozen=True)
class Stanza:
    type: str
    args: tuple[str, ...]
    body: bytes


@dataclass(frozen=True)
class AgeHeader:
    stanzas: tuple[Stanza, ...]
    mac: bytes
    #: The bytes the header MAC covers: from the version line up to and including "---".
    mac_input: bytes
    #: Offset of the payload (just after the MAC line's newline).
    length: int

    @property
    def is_passphrase(self) -> bool:
        return any(s.type == "scrypt" for s in self.stanzas)

    def x25519_shares(self) -> list[bytes]:
        return [b64decode(s.args[0]) for s in self.stanzas if s.type == "X25519"]

    def scrypt_params(self) -> tuple[bytes, int] | None:
        for stanza in self.stanzas:
            if stanza.type == "scrypt":
                return b64decode(stanza.args[0]), int(stanza.args[1])
        return None


def b64decode(text: str | bytes) -> bytes:
    """age's base64: standard alphabet, no padding, canonical (re-encodes to itself)."""
    raw = text.encode("ascii") if isinstance(text, str) else text
    if b"=" in raw or b"\n" in raw or b"\r" in raw:
        raise ValueError("padding or line breaks in base64")
    try:
        decoded = base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("bad base64") from exc
    if b64encode(decoded).encode("ascii") != raw:
        raise ValueError("non-canonical base64")
    return decoded


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _refuse(why: str) -> PackageRefused:
    return PackageRefused(f"This is not a file MedVault will open: its age header {why}.")


def parse_header(data: bytes | bytearray | memoryview) -> AgeHeader:
    """Parse the header at the start of `data` (the whole file or at least its first
    64 KiB + 32 bytes). Raises PackageRefused for anything outside the bounds above."""
    window = bytes(data[:MAX_HEADER_BYTES + 1])
    if window.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----"):
        raise _refuse("is ASCII-armoured; decode it to binary first (age -d, then age -e)")
    if not window.startswith(VERSION_LINE + b"\n"):
        raise PackageRefused.coded("age.not_age")
    end = window.find(b"\n--- ")
    if end < 0:
        if len(window) > MAX_HEADER_BYTES:
            raise _refuse(f"is longer than {MAX_HEADER_BYTES // 1024} KiB")
        raise _refuse("has no end (the file is cut short or damaged)")
    mac_end = window.find(b"\n", end + 5)
    if mac_end < 0 or mac_end + 1 > MAX_HEADER_BYTES:
        if len(window) > MAX_HEADER_BYTES:
            raise _refuse(f"is longer than {MAX_HEADER_BYTES // 1024} KiB")
        raise _refuse("has no end (the file is cut short or damaged)")
    stanza_lines = window[len(VERSION_LINE) + 1:end + 1].split(b"\n")[:-1]
    stanzas = _stanzas(stanza_lines)
    try:
        mac = b64decode(window[end + 5:mac_end])
    except ValueError:
        raise _refuse("has a malformed MAC line") from None
    if len(mac) != 32:
        raise _refuse("has a malformed MAC line")
    _check_recipients(stanzas)
    if len(data) - (mac_end + 1) < MIN_PAYLOAD_BYTES:
        raise PackageRefused.coded("age.no_payload")
    return AgeHeader(tuple(stanzas), mac, window[:end + 4], mac_end + 1)


def _stanzas(lines: list[bytes]) -> list[Stanza]:
    stanzas: list[Stanza] = []
    i = 0
    if not lines:
        raise _refuse("names no recipient")
    while i < len(lines):
        line = lines[i]
        if not line.startswith(b"-> "):
            raise _refuse("has a malformed recipient stanza")
        if len(stanzas) == MAX_STANZAS:
            raise _refuse(f"has more than {MAX_STANZAS} recipient stanzas")
        args = line[3:].split(b" ")
        if not all(_ARG.match(a) for a in args):
            raise _refuse("has a malformed recipient stanza")
        i += 1
        body = bytearray()
        while True:
            if i >= len(lines):
                raise _refuse("has a recipient stanza without its final body line")
            chunk = lines[i]
            i += 1
            if len(chunk) > BODY_COLUMNS:
                raise _refuse("has a body line longer than 64 columns")
            try:
                body += b64decode(chunk)
            except ValueError:
                raise _refuse("has a body line that is not canonical base64") from None
            if len(chunk) < BODY_COLUMNS:
                break
        stanzas.append(Stanza(args[0].decode("ascii"),
                              tuple(a.decode("ascii") for a in args[1:]), bytes(body)))
    return stanzas


def _check_recipients(stanzas: list[Stanza]) -> None:
    for stanza in stanzas:
        if stanza.type == "X25519":
            if len(stanza.args) != 1 or len(stanza.body) != 32:
                raise _refuse("has a malformed X25519 stanza")
            try:
                share = b64decode(stanza.args[0])
            except ValueError:
                raise _refuse("has a malformed X25519 stanza") from None
            if len(share) != 32:
                raise _refuse("has a malformed X25519 stanza")
        elif stanza.type == "scrypt":
            if len(stanzas) != 1:
                raise _refuse("mixes a passphrase (scrypt) stanza with other recipients")
            if len(stanza.args) != 2 or len(stanza.body) != 32:
                raise _refuse("has a malformed scrypt stanza")
            try:
                salt = b64decode(stanza.args[0])
            except ValueError:
                raise _refuse("has a malformed scrypt stanza") from None
            if len(salt) != 16 or not _DECIMAL.match(stanza.args[1].encode("ascii")):
                raise _refuse("has a malformed scrypt stanza")
            if int(stanza.args[1]) > MAX_SCRYPT_LOG_N:
                raise _refuse(
                    f"asks for a passphrase work factor of 2^{stanza.args[1]}, above the "
                    f"2^{MAX_SCRYPT_LOG_N} MedVault accepts (it would take gigabytes of "
                    "memory); ask the sender to encrypt it again with default settings")
