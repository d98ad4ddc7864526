"""age interop both ways: the age tool (Debian package `age`, installed by .ci/run)
decrypts what we write, and we read what it writes. pyrage checks our writer too."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pyrage
import pytest

from app.core.sharing import agefmt
from app.core.sharing.errors import PackageRefused
from app.core.sharing.package import build_package, open_package
from tests.core.sharing.helpers import Party, spec

SIZES = [0, 1, 65535, 65536, 65537, 3 * 65536, 200_001]


def age_tool() -> str:
    path = shutil.which("age")
    assert path, "the age tool is missing: apt-get install -y age (.ci/run does this)"
    return path


def payload(n: int) -> bytes:
    return (bytes(range(251)) * (n // 251 + 1))[:n]


@pytest.mark.parametrize("size", SIZES)
def test_pyrage_decrypts_our_stream_at_chunk_boundaries(size: int) -> None:
    identity = pyrage.x25519.Identity.generate()
    data = payload(size)
    assert pyrage.decrypt(agefmt.encrypt_bytes(data, recipients=[str(identity.to_public())]),
                          [identity]) == data


@pytest.mark.parametrize("size", SIZES)
def test_our_reader_decrypts_pyrage_output(size: int) -> None:
    identity = pyrage.x25519.Identity.generate()
    data = payload(size)
    sealed = pyrage.encrypt(data, [identity.to_public()])
    reader = agefmt.AgeReader(io.BytesIO(sealed), identities=[str(identity)])
    assert b"".join(reader.chunks()) == data


def test_the_age_tool_decrypts_a_package_with_the_recipient_identity(tmp_path: Path) -> None:
    alice, bob = Party("alice"), Party("bob")
    (tmp_path / "bob.key").write_text(bob.identity + "\n")
    package = tmp_path / "referral.medvault-share"
    package.write_bytes(build_package(spec(alice), alice.signer, recipient=bob.recipient))
    subprocess.run([age_tool(), "-d", "-i", str(tmp_path / "bob.key"), "-o",
                    str(tmp_path / "out.zip"), str(package)], check=True)
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.testzip() is None
        assert set(archive.namelist()) >= {"manifest.json", "manifest.sig",
                                           "fhir/bundle.json", "documents/letter.pdf"}


def test_the_age_tool_decrypts_a_passphrase_package(tmp_path: Path) -> None:
    # age reads a passphrase only from a terminal; a pty stands in for the person.
    import pty

    alice = Party("alice")
    package = tmp_path / "p.age"
    package.write_bytes(build_package(spec(alice), alice.signer, passphrase="correct pony"))
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execv(age_tool(), [age_tool(), "-d", "-o", str(tmp_path / "out.zip"),
                              str(package)])
    output = b""
    while b"passphrase" not in output.lower():
        output += os.read(fd, 1024)
    os.write(fd, b"correct pony\n")
    try:
        while os.read(fd, 1024):
            pass
    except OSError:
        pass
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert "manifest.json" in archive.namelist()


def test_we_open_a_zip_the_age_tool_encrypted(tmp_path: Path) -> None:
    alice, bob = Party("alice"), Party("bob")
    plain = b"".join(agefmt.AgeReader(
        io.BytesIO(build_package(spec(alice), alice.signer, recipient=bob.recipient)),
        identities=[bob.identity]).chunks())
    (tmp_path / "p.zip").write_bytes(plain)
    subprocess.run([age_tool(), "-r", bob.recipient, "-o", str(tmp_path / "p.age"),
                    str(tmp_path / "p.zip")], check=True)
    # Re-encrypted by the age tool to bob only: the manifest still names bob, so it opens.
    opened = open_package((tmp_path / "p.age").read_bytes(), identities=[bob.identity])
    assert opened.members["documents/letter.pdf"] == b"%PDF-1.4 letter"


def test_an_age_tool_file_to_a_stranger_is_refused_as_re_encrypted(tmp_path: Path) -> None:
    alice, bob, carol = Party("alice"), Party("bob"), Party("carol")
    plain = b"".join(agefmt.AgeReader(
        io.BytesIO(build_package(spec(alice), alice.signer, recipient=bob.recipient)),
        identities=[bob.identity]).chunks())
    (tmp_path / "p.zip").write_bytes(plain)
    subprocess.run([age_tool(), "-r", carol.recipient, "-o", str(tmp_path / "p.age"),
                    str(tmp_path / "p.zip")], check=True)
    with pytest.raises(PackageRefused, match="re-encrypted"):
        open_package((tmp_path / "p.age").read_bytes(), identities=[carol.identity])


def test_our_reader_reads_the_age_tool_at_chunk_boundaries(tmp_path: Path) -> None:
    identity = pyrage.x25519.Identity.generate()
    for size in SIZES:
        source = tmp_path / f"{size}.bin"
        source.write_bytes(payload(size))
        subprocess.run([age_tool(), "-r", str(identity.to_public()), "-o",
                        str(source) + ".age", str(source)], check=True)
        with open(str(source) + ".age", "rb") as handle:
            got = b"".join(agefmt.AgeReader(handle, identities=[str(identity)]).chunks())
        assert got == payload(size)
