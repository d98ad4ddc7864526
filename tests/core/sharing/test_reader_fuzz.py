"""Fuzz every reader of packages: any input opens or is refused with PackageRefused."""

from __future__ import annotations

import contextlib
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import strict_json
from app.core.sharing import agefmt
from app.core.sharing.ageheader import parse_header
from app.core.sharing.errors import PackageRefused
from app.core.sharing.package import PACKAGE_MEMBERS, build_package, open_package
from app.core.sharing.zipread import BoundedZip
from tests.core.sharing.helpers import Party, signed_zip, spec, zip_of

ALICE, BOB = Party("alice"), Party("bob")
PACKAGE = build_package(spec(ALICE), ALICE.signer, recipient=BOB.recipient)
PLAIN_ZIP = signed_zip(ALICE, {"fhir/bundle.json": b"{}", "documents/a.pdf": b"%PDF"},
                       recipients=[BOB.recipient])
FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    out = bytearray(data)
    for at, value in edits:
        out[at % len(out)] = value
    return bytes(out[:cut] if cut is not None else out)


@given(st.binary(max_size=4000))
@FUZZ
def test_header_parser_on_random_bytes(data: bytes) -> None:
    with contextlib.suppress(PackageRefused):
        parse_header(b"age-encryption.org/v1\n" + data)
    with contextlib.suppress(PackageRefused):
        parse_header(data)


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8),
       st.none() | st.integers(0, len(PACKAGE)))
@FUZZ
def test_open_package_on_mutated_packages(edits: list[tuple[int, int]],
                                          cut: int | None) -> None:
    with contextlib.suppress(PackageRefused):
        open_package(_mutate(PACKAGE, edits, cut), identities=[BOB.identity])


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8),
       st.none() | st.integers(0, len(PLAIN_ZIP)))
@FUZZ
def test_open_package_on_mutated_zips_sealed_correctly(edits: list[tuple[int, int]],
                                                       cut: int | None) -> None:
    sealed = agefmt.encrypt_bytes(_mutate(PLAIN_ZIP, edits, cut), recipients=[BOB.recipient])
    with contextlib.suppress(PackageRefused):
        open_package(sealed, identities=[BOB.identity])


@given(st.binary(max_size=3000))
@FUZZ
def test_zip_reader_on_random_bytes(data: bytes) -> None:
    with contextlib.suppress(PackageRefused):
        archive = BoundedZip(data, PACKAGE_MEMBERS)
        for name in archive.names():
            archive.read(name)


@given(st.lists(st.tuples(st.text(max_size=30), st.binary(max_size=200)), max_size=6))
@FUZZ
def test_zip_reader_on_zips_with_random_names(entries: list[tuple[str, bytes]]) -> None:
    try:
        data = zip_of([(name, content) for name, content in entries if "\x00" not in name])
    except (ValueError, UnicodeEncodeError):
        return
    with contextlib.suppress(PackageRefused):
        archive = BoundedZip(data, PACKAGE_MEMBERS)
        for name in archive.names():
            archive.read(name)


@given(st.binary(max_size=2000))
@FUZZ
def test_stream_reader_on_random_payloads(tail: bytes) -> None:
    sealed = agefmt.encrypt_bytes(b"", recipients=[BOB.recipient])
    header = sealed[:parse_header(sealed).length]
    with contextlib.suppress(PackageRefused):
        b"".join(agefmt.AgeReader(io.BytesIO(header + tail),
                                  identities=[BOB.identity]).chunks())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children,
                                                                      max_size=4),
    max_leaves=20)


@given(json_values | st.binary(max_size=500))
@FUZZ
def test_strict_json_on_anything(value: object) -> None:
    data = value if isinstance(value, bytes) else json.dumps(value).encode()
    with contextlib.suppress(strict_json.StrictJsonError):
        strict_json.loads(data, max_bytes=10_000)


def test_strict_json_refuses_depth_duplicates_and_nan() -> None:
    for bad in (b"[" * 65 + b"]" * 65, b'{"a":1,"a":2}', b"NaN", b"[Infinity]", b"1" * 50):
        try:
            strict_json.loads(bad, max_bytes=10_000)
        except strict_json.StrictJsonError:
            continue
        raise AssertionError(bad)
