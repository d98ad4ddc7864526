"""Streaming age v1 encryption and decryption, written from https://age-encryption.org/v1.

pyrage encrypts only whole byte strings to passphrases and cannot let us stream a 2 GiB
export through a zip writer, so the writer is ours: X25519 and scrypt recipients, the
header MAC, and the STREAM payload (ChaCha20-Poly1305, 64 KiB chunks, 11-byte big-endian
counter plus a last-chunk flag as nonce). The age tool and pyrage decrypt what it writes
(tests/core/sharing/test_age_interop.py). `AgeReader` decrypts a stream the same way, after
`ageheader.parse_header` has bounded the header.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
from collections.abc import Iterator
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.core.sharing import agekeys
from app.core.sharing.ageheader import (
    MAX_HEADER_BYTES,
    VERSION_LINE,
    AgeHeader,
    b64decode,
    b64encode,
    parse_header,
)
from app.core.sharing.errors import PackageRefused

CHUNK = 64 * 1024
TAG = 16
X25519_LABEL = b"age-encryption.org/v1/X25519"
SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
#: age's own default; 2^18 x 128 x 8 bytes = 256 MiB for about a second, once per file.
DEFAULT_SCRYPT_LOG_N = 18
_ZERO_NONCE = bytes(12)


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt, info).derive(ikm)


def _raw(public: X25519PublicKey) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _stanza_lines(kind: str, args: list[str], body: bytes) -> bytes:
    encoded = b64encode(body)
    lines = [encoded[i:i + 64] for i in range(0, len(encoded), 64)]
    if not lines or len(lines[-1]) == 64:
        lines.append("")  # a body always ends with a line shorter than 64 columns
    return ("-> " + " ".join([kind, *args]) + "\n" + "\n".join(lines) + "\n").encode("ascii")


def x25519_stanza(file_key: bytes, recipient: str) -> bytes:
    their = agekeys.public_key(recipient)
    ephemeral = X25519PrivateKey.generate()
    share = _raw(ephemeral.public_key())
    shared = ephemeral.exchange(their)
    if shared == bytes(32):
        raise ValueError("the recipient key is a low-order point")
    wrap = _hkdf(shared, share + _raw(their), X25519_LABEL)
    return _stanza_lines("X25519", [b64encode(share)],
                         ChaCha20Poly1305(wrap).encrypt(_ZERO_NONCE, file_key, None))


def scrypt_stanza(file_key: bytes, passphrase: str, log_n: int = DEFAULT_SCRYPT_LOG_N) -> bytes:
    salt = os.urandom(16)
    wrap = Scrypt(SCRYPT_LABEL + salt, 32, 2 ** log_n, 8, 1).derive(passphrase.encode())
    return _stanza_lines("scrypt", [b64encode(salt), str(log_n)],
                         ChaCha20Poly1305(wrap).encrypt(_ZERO_NONCE, file_key, None))


def build_header(file_key: bytes, stanzas: list[bytes]) -> bytes:
    head = VERSION_LINE + b"\n" + b"".join(stanzas) + b"---"
    mac = hmac.new(_hkdf(file_key, b"", b"header"), head, hashlib.sha256).digest()
    return head + b" " + b64encode(mac).encode("ascii") + b"\n"


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class AgeWriter:
    """A write-only binary stream that encrypts to `out` as it goes.

    Exactly one of `recipients` (age1… strings, several allowed) or `passphrase`.
    Memory stays at about one 64 KiB chunk whatever is written. `close()` writes the
    final chunk; without it the output is not a valid age file (truncation is detected
    by every reader), which is what a cancelled export relies on besides deleting it.
    """

    def __init__(self, out: IO[bytes], *, recipients: list[str] | None = None,
                 passphrase: str | None = None, scrypt_log_n: int = DEFAULT_SCRYPT_LOG_N
                 ) -> None:
        if bool(recipients) == (passphrase is not None):
            raise ValueError("encrypt to recipients or to a passphrase, not both or neither")
        file_key = os.urandom(16)
        if passphrase is not None:
            stanzas = [scrypt_stanza(file_key, passphrase, scrypt_log_n)]
        else:
            stanzas = [x25519_stanza(file_key, r) for r in dict.fromkeys(recipients or [])]
        self.header = build_header(file_key, stanzas)
        nonce = os.urandom(16)
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._out = out
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        self.written = 0
        out.write(self.header)
        out.write(nonce)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed age stream")
        self._buffer += data
        # Keep at least one byte back: only close() knows which chunk is the last.
        if len(self._buffer) > CHUNK:
            view = memoryview(self._buffer)
            done = 0
            while len(self._buffer) - done > CHUNK:
                self._emit(view[done:done + CHUNK], last=False)
                done += CHUNK
            view.release()
            del self._buffer[:done]
        self.written += len(data)
        return len(data)

    def _emit(self, chunk: bytes | bytearray | memoryview, *, last: bool) -> None:
        self._out.write(self._aead.encrypt(_nonce(self._counter, last), bytes(chunk), None))
        self._counter += 1

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        if not self._closed:
            self._emit(self._buffer, last=True)
            self._buffer.clear()
            self._closed = True
            self._out.flush()

    def __enter__(self) -> AgeWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def encrypt_bytes(data: bytes, *, recipients: list[str] | None = None,
                  passphrase: str | None = None) -> bytes:
    out = io.BytesIO()
    with AgeWriter(out, recipients=recipients, passphrase=passphrase) as writer:
        writer.write(data)
    return out.getvalue()


# -- reading ---------------------------------------------------------------------------

def unwrap_file_key(header: AgeHeader, *, identities: list[str] | None = None,
                    passphrase: str | None = None) -> bytes:
    """The file key, from the first stanza one of the identities (or the passphrase)
    opens, with the header MAC checked. The header must come from `parse_header`."""
    file_key: bytes | None = None
    if passphrase is not None:
        params = header.scrypt_params()
        if params is None:
            raise PackageRefused.coded("age.keys_not_passphrase")
        salt, log_n = params
        wrap = Scrypt(SCRYPT_LABEL + salt, 32, 2 ** log_n, 8, 1).derive(passphrase.encode())
        body = header.stanzas[0].body
        try:
            file_key = ChaCha20Poly1305(wrap).decrypt(_ZERO_NONCE, body, None)
        except InvalidTag:
            raise PackageRefused.coded("age.wrong_passphrase") from None
    else:
        if header.is_passphrase:
            raise PackageRefused.coded("age.needs_passphrase")
        for identity in identities or []:
            key = agekeys.identity_key(identity)
            mine = _raw(key.public_key())
            for stanza in header.stanzas:
                if stanza.type != "X25519":
                    continue
                share = b64decode(stanza.args[0])
                shared = key.exchange(X25519PublicKey.from_public_bytes(share))
                wrap = _hkdf(shared, share + mine, X25519_LABEL)
                try:
                    file_key = ChaCha20Poly1305(wrap).decrypt(_ZERO_NONCE, stanza.body, None)
                    break
                except InvalidTag:
                    continue
            if file_key is not None:
                break
        if file_key is None:
            raise PackageRefused.coded("age.not_for_you")
    expected = hmac.new(_hkdf(file_key, b"", b"header"), header.mac_input,
                        hashlib.sha256).digest()
    if not hmac.compare_digest(expected, header.mac):
        raise PackageRefused.coded("age.header_changed")
    return file_key


class AgeReader:
    """Decrypts an age stream chunk by chunk; every chunk is authenticated before use."""

    def __init__(self, source: IO[bytes], *, identities: list[str] | None = None,
                 passphrase: str | None = None) -> None:
        start = source.read(MAX_HEADER_BYTES + 64)
        header = parse_header(start)
        file_key = unwrap_file_key(header, identities=identities, passphrase=passphrase)
        rest = start[header.length:]
        nonce, self._pending = rest[:16], bytearray(rest[16:])
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._source = source

    def chunks(self) -> Iterator[bytes]:
        counter = 0
        sealed = CHUNK + TAG
        while True:
            while len(self._pending) <= sealed:
                more = self._source.read(sealed * 16)
                if not more:
                    break
                self._pending += more
            last = len(self._pending) <= sealed
            piece = bytes(self._pending[:sealed])
            del self._pending[:sealed]
            if len(piece) < TAG:
                raise PackageRefused.coded("age.cut_short")
            try:
                plain = self._aead.decrypt(_nonce(counter, last), piece, None)
            except InvalidTag:
                raise PackageRefused.coded("age.chunk_failed") from None
            if last and not plain and counter > 0:
                raise PackageRefused.coded("age.empty_last_chunk")
            yield plain
            if last:
                return
            counter += 1
