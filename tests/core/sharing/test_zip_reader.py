"""The bounded in-memory zip reader, one test per hostile shape."""

from __future__ import annotations

import io
import zipfile

import pytest

from app.core.sharing.errors import PackageRefused
from app.core.sharing.zipread import BoundedZip, ZipLimits, pattern_allow
from tests.core.sharing.helpers import zip_of

ANY = pattern_allow(r"[a-z./]+")
ALLOWED = pattern_allow(r"manifest\.json", r"documents/[a-z]+\.pdf")


def test_a_plain_archive_reads_back() -> None:
    archive = BoundedZip(zip_of([("manifest.json", b"{}"), ("documents/a.pdf", b"%PDF")]),
                         ALLOWED)
    assert archive.names() == {"manifest.json", "documents/a.pdf"}
    assert archive.read("documents/a.pdf") == b"%PDF"


def test_a_name_outside_the_allow_list_is_refused() -> None:
    with pytest.raises(PackageRefused, match="not one this format allows"):
        BoundedZip(zip_of([("evil.exe", b"MZ")]), ALLOWED)


@pytest.mark.parametrize("name", ["../escape", "documents/../../etc/passwd", "a/./b"])
def test_path_traversal_is_refused(name: str) -> None:
    with pytest.raises(PackageRefused, match="climbs out"):
        BoundedZip(zip_of([(name, b"x")]), ANY)


def test_an_absolute_path_is_refused() -> None:
    with pytest.raises(PackageRefused, match="absolute"):
        BoundedZip(zip_of([("/etc/passwd", b"x")]), ANY)


def test_a_backslash_name_is_refused() -> None:
    with pytest.raises(PackageRefused, match="backslash"):
        BoundedZip(zip_of([("documents\\..\\x", b"x")]), ANY)


def test_a_symlink_is_refused() -> None:
    with pytest.raises(PackageRefused, match="symlink"):
        BoundedZip(zip_of([("documents/a.pdf", b"/etc/passwd")], symlink={"documents/a.pdf"}),
                   ALLOWED)


def test_duplicate_names_are_refused() -> None:
    with pytest.raises(PackageRefused, match="twice"):
        BoundedZip(zip_of([("manifest.json", b"{}"), ("manifest.json", b"[]")]), ALLOWED)


def test_too_many_members_are_refused_before_the_directory_is_read() -> None:
    entries = [(f"documents/{chr(97 + i // 26)}{chr(97 + i % 26)}.pdf", b"") for i in range(11)]
    with pytest.raises(PackageRefused, match="11 members, more than the 10"):
        BoundedZip(zip_of(entries), ALLOWED, ZipLimits(max_members=10))


def test_a_zip_bomb_by_ratio_is_refused() -> None:
    bomb = zip_of([("documents/a.pdf", bytes(10 * 1024 * 1024))])
    assert len(bomb) < 100 * 1024
    with pytest.raises(PackageRefused, match="zip bomb"):
        BoundedZip(bomb, ALLOWED)


def test_a_member_over_the_size_cap_is_refused() -> None:
    data = zip_of([("documents/a.pdf", b"x" * 2000)], compress=zipfile.ZIP_STORED)
    with pytest.raises(PackageRefused, match="unpacks to more than"):
        BoundedZip(data, ALLOWED, ZipLimits(max_member_bytes=1000))


def test_the_total_unpacked_size_is_capped() -> None:
    data = zip_of([("documents/a.pdf", b"x" * 800), ("documents/b.pdf", b"y" * 800)],
                  compress=zipfile.ZIP_STORED)
    with pytest.raises(PackageRefused, match="in total"):
        BoundedZip(data, ALLOWED, ZipLimits(max_member_bytes=1000, max_total_bytes=1500))


def test_a_member_that_lies_about_its_size_stops_at_the_declared_size() -> None:
    data = bytearray(zip_of([("documents/a.pdf", b"x" * 5000)], compress=zipfile.ZIP_STORED))
    # Shrink the declared size in the central directory (offset 24 of its entry).
    at = data.rfind(b"PK\x01\x02")
    data[at + 24:at + 28] = (100).to_bytes(4, "little")
    archive = BoundedZip(bytes(data), ALLOWED)
    with pytest.raises(PackageRefused):
        archive.read("documents/a.pdf")


def test_damage_and_non_zips_are_refused_with_a_clear_message() -> None:
    with pytest.raises(PackageRefused, match="not a zip"):
        BoundedZip(b"hello", ALLOWED)
    data = bytearray(zip_of([("documents/a.pdf", b"x" * 500)]))
    data[40] ^= 0xFF
    with pytest.raises(PackageRefused):
        BoundedZip(bytes(data), ALLOWED).read("documents/a.pdf")


def test_zip_encryption_and_directories_are_refused() -> None:
    plain = zip_of([("documents/a.pdf", b"x")])
    data = bytearray(plain)
    at = data.rfind(b"PK\x01\x02")
    data[at + 8] |= 1  # the central directory's "encrypted" flag
    with pytest.raises(PackageRefused, match="encrypted"):
        BoundedZip(bytes(data), ALLOWED)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.mkdir("documents")
    with pytest.raises(PackageRefused, match="directory"):
        BoundedZip(out.getvalue(), ANY)
