"""Fixtures for records tests: a seeded practice, sessions by role, a movable clock, and
helpers that read vault files both raw and decrypted page by page."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.core.records.codes import Concept
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from app.core.session import Session
from tests.conftest import use_machine_policy
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

PAGE_SIZE, RESERVE = 4096, 80  # SQLCipher 4: IV (16) + HMAC-SHA512 (64) at each page's end
HYPERTENSION = Concept.of("Essential hypertension", "snomed", "38341003")


@contextlib.contextmanager
def signed_in(practice: PracticeVault, role: Role | str) -> Iterator[Session]:
    """A session for the practice's user of `role` (or a user name)."""
    with practice.open() as vault:
        if isinstance(role, Role):
            session = vault.unlock(practice.user_name(role), practice.password(role))
        else:
            session = vault.unlock(role, OWNER_PASSWORD)
        try:
            yield session
        finally:
            session.close()


def new_patient(session: Session, family: str = "Testperson", given: str = "Alex", *,
                restricted: bool = False, **fields: object) -> str:
    data = PatientInput(family=family, given=given, birth_date="1970-05-06",
                        restricted=restricted, **fields)  # type: ignore[arg-type]
    return add_patient(session, data).id


@dataclass
class Clock:
    """Moves records' clock (grant and consent expiry) and the session's (emergency)."""

    offset: timedelta = field(default_factory=timedelta)

    def advance(self, minutes: float) -> None:
        self.offset += timedelta(minutes=minutes)


@pytest.fixture
def travel() -> Iterator[Clock]:
    """Moves core's one clock (`app.core.clock`): records, audit times, emergency window."""
    from app.core import clock as core_clock

    moved = Clock()
    real = core_clock.set_clock(None)
    core_clock.set_clock(lambda: real() + moved.offset)
    try:
        yield moved
    finally:
        core_clock.set_clock(real)


@pytest.fixture
def private_tmp(tmp_path_factory: pytest.TempPathFactory,
                monkeypatch: pytest.MonkeyPatch) -> Path:
    """Route every temp file this process makes into a folder the test then searches."""
    import tempfile

    folder = tmp_path_factory.mktemp("private-tmp")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def decrypted(path: Path, key: bytes) -> bytes:
    """Every page of a SQLCipher 4 file decrypted, free pages included: what an attacker
    holding the key could read, and so what erasure must have overwritten."""
    data = path.read_bytes()
    out = []
    for number in range(len(data) // PAGE_SIZE):
        page = data[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]
        iv = page[PAGE_SIZE - RESERVE:PAGE_SIZE - RESERVE + 16]
        start = 16 if number == 0 else 0  # page 1 begins with the file's salt
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out.append(decryptor.update(page[start:PAGE_SIZE - RESERVE]) + decryptor.finalize())
    plain = b"".join(out)
    # A wrong key would give noise; page 1 must show the SQLite header fields after the salt.
    assert plain[:2] == PAGE_SIZE.to_bytes(2, "big"), f"{path.name} did not decrypt"
    return plain


def needles(text: str) -> list[bytes]:
    return [text.encode(), text.encode("utf-16-le"), text.encode("utf-16-be")]


def files_under(*roots: Path) -> list[Path]:
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


def found_in(data: bytes, canaries: list[str]) -> list[str]:
    return [c for c in canaries if any(n in data for n in needles(c))]


Action = Callable[[Session], object]


@pytest.fixture
def erasure_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine policy that lets the owner erase patients (the default refuses)."""
    policy = tmp_path / "erasure-policy.toml"
    policy.write_text('erasure = "erase"\n')
    use_machine_policy(monkeypatch, str(policy))
