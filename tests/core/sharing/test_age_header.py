"""The age header parser: bounds and well-formedness before any decryption work."""

from __future__ import annotations

import base64

import pytest

from app.core.sharing import agefmt
from app.core.sharing.ageheader import MAX_HEADER_BYTES, b64decode, parse_header
from app.core.sharing.errors import PackageRefused
from tests.core.sharing.helpers import new_identity

PAYLOAD = b"\x00" * 48


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def header(*stanzas: str, mac: str | None = None) -> bytes:
    mac = mac if mac is not None else b64(bytes(32))
    return ("age-encryption.org/v1\n" + "".join(stanzas) + f"--- {mac}\n").encode() + PAYLOAD


def x25519() -> str:
    return f"-> X25519 {b64(bytes(range(32)))}\n{b64(bytes(32))}\n"


def scrypt(log_n: int | str) -> str:
    return f"-> scrypt {b64(bytes(16))} {log_n}\n{b64(bytes(32))}\n"


def test_our_own_files_and_pyrage_files_parse() -> None:
    _, recipient = new_identity()
    parsed = parse_header(agefmt.encrypt_bytes(b"hello", recipients=[recipient]))
    assert [s.type for s in parsed.stanzas] == ["X25519"]
    assert parse_header(agefmt.encrypt_bytes(b"x", passphrase="pw")).scrypt_params() is not None


def test_a_well_formed_handmade_header_parses_with_its_payload_offset() -> None:
    data = header(x25519(), x25519())
    parsed = parse_header(data)
    assert len(parsed.stanzas) == 2
    assert data[parsed.length:] == PAYLOAD


def test_scrypt_work_factor_above_20_is_refused() -> None:
    parse_header(header(scrypt(20)))
    with pytest.raises(PackageRefused, match="2\\^23"):
        parse_header(header(scrypt(23)))
    with pytest.raises(PackageRefused):
        parse_header(header(scrypt(21)))


def test_scrypt_beside_another_stanza_is_refused() -> None:
    with pytest.raises(PackageRefused, match="mixes a passphrase"):
        parse_header(header(scrypt(18), x25519()))


@pytest.mark.parametrize("log_n", ["018", "0", "-1", "1e3", "9999"])
def test_scrypt_work_factor_must_be_a_plain_decimal(log_n: str) -> None:
    with pytest.raises(PackageRefused):
        parse_header(header(scrypt(log_n)))


def test_more_than_20_stanzas_are_refused() -> None:
    parse_header(header(*[x25519()] * 20))
    with pytest.raises(PackageRefused, match="more than 20"):
        parse_header(header(*[x25519()] * 21))


def test_an_oversized_header_is_refused() -> None:
    big = "-> grease " + "a" * 60 + "\n" + (("A" * 64 + "\n") * 1100) + "\n"
    data = header(big)
    assert data.index(b"\n--- ") > MAX_HEADER_BYTES
    with pytest.raises(PackageRefused, match="longer than 64 KiB"):
        parse_header(data)


def test_a_header_without_end_is_refused() -> None:
    with pytest.raises(PackageRefused, match="no end"):
        parse_header(b"age-encryption.org/v1\n" + x25519().encode())


@pytest.mark.parametrize("data", [
    b"not age at all",
    b"age-encryption.org/v2\n",
    b"-----BEGIN AGE ENCRYPTED FILE-----\n",
])
def test_not_age_is_refused(data: bytes) -> None:
    with pytest.raises(PackageRefused):
        parse_header(data + PAYLOAD)


@pytest.mark.parametrize("stanza", [
    "-> X25519\n" + "A" * 43 + "\n",                       # no share
    f"-> X25519 {'A' * 43}\n{'A' * 10}\n",                  # body too short
    f"-> X25519 {'A' * 43}=\n{'A' * 43}\n",                 # padded base64
    f"-> X25519  {'A' * 43}\n{'A' * 43}\n",                 # empty argument
    f"-> X25519 {'A' * 43}\n" + "A" * 64 + "\n",            # body without its short last line
    f"-> X25519 {'A' * 43}\n" + "A" * 65 + "\n\n",          # over-long body line
    "->X25519 x\n\n",                                        # no space after the arrow
    f"-> X25519 {'A' * 43}\n" + "A" * 42 + "B\n",           # non-canonical base64
])
def test_malformed_stanzas_are_refused(stanza: str) -> None:
    with pytest.raises(PackageRefused):
        parse_header(header(stanza))


def test_a_bad_mac_line_and_a_missing_payload_are_refused() -> None:
    with pytest.raises(PackageRefused, match="MAC"):
        parse_header(header(x25519(), mac="short"))
    with pytest.raises(PackageRefused, match="payload"):
        parse_header(header(x25519())[:-40])


def test_unknown_stanza_types_are_accepted_within_the_bounds() -> None:
    # age implementations add "grease" stanzas of random types; the count cap bounds them.
    parse_header(header("-> 9x-grease a b\n\n", x25519()))


def test_base64_is_strict() -> None:
    assert b64decode("AAAA") == bytes(3)
    for bad in ("AAA=", "AB", "A\nA", "****"):
        with pytest.raises(ValueError):
            b64decode(bad)
