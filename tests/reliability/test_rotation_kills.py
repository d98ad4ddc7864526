"""#8.2: kill -9 at every file-system write of key rotation, once, repeated and nested across
both compartments; afterwards everyone signs in, nothing is lost, every rotation that
happened is audited, and no pending version is left behind."""

from __future__ import annotations

import itertools
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.records.notes import NoteContent, add_note
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from app.core.rotation import rotate_key
from app.core.vault import OpenVault
from app.core.vault_file import VaultFile
from app.core.verification import verify_vault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault
from tests.reliability.killpoints import run_child

COMPARTMENTS = ("registry", "clinical")
CANARY = "canary note survives rotation"


def _rotate(path: Path, compartment: str) -> Callable[[], None]:
    def work() -> None:
        with OpenVault.open(path) as vault:
            session = vault.unlock("owner", OWNER_PASSWORD)
            rotate_key(session, compartment)
            session.close()
    return work


@pytest.fixture
def pristine(practice: PracticeVault) -> PracticeVault:
    """The practice vault with a patient and a note, so lost data would show."""
    with practice.open() as vault:
        session = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        patient = add_patient(session, PatientInput(family="Kill", given="Point",
                                                    birth_date="1970-01-01"))
        add_note(session, patient.id, NoteContent(body=CANARY))
        session.close()
    return practice


def _copy(source: PracticeVault, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(source.path, target)
    return target


def _points(pristine: PracticeVault, tmp_path: Path, compartment: str) -> list[str]:
    return run_child(_rotate(_copy(pristine, tmp_path, f"dry-{compartment}"), compartment))


def assert_healthy(path: Path) -> None:
    """Every role signs in; the note is there; rotations are settled and audited."""
    passwords = {"owner": OWNER_PASSWORD, "clinician1": "clinician walks the quiet harbour",
                 "reception1": "reception walks the quiet harbour"}
    with OpenVault.open(path) as vault:
        for name in ("reception1", "owner", "clinician1"):
            session = vault.unlock(name, passwords[name])
            if name == "clinician1":
                bodies = [r[0] for r in session.conn.execute("SELECT body FROM clinical.notes")]
                assert bodies == [CANARY]
            if name == "owner":
                report = verify_vault(session)
                assert report.ok, report.problems
                rotations = Counter(e.target for e in session.audit.entries(
                    action_prefix="keys.rotate") if e.action == "keys.rotate")
            session.close()
    vf = VaultFile.load(path)
    for compartment, info in vf.compartments.items():
        assert info.pending_version is None, (compartment, info)
        # Every version the compartment moved on by was audited, live or recovered.
        assert rotations[compartment] == info.key_version - 1, (compartment, rotations)
    assert vf.intents == []


def test_rotation_passes_the_expected_points(pristine: PracticeVault, tmp_path: Path) -> None:
    points = _points(pristine, tmp_path, "clinical")
    for name in ("write:vault.json:temp-written", "write:vault.json:replaced", "rekey:begin",
                 "rekey:done", "commit:begin", "commit:done"):
        assert name in points
    assert points.index("rekey:begin") > points.index("write:vault.json:replaced")


@pytest.mark.parametrize("compartment", COMPARTMENTS)
def test_kill_at_every_point_of_a_rotation(pristine: PracticeVault, tmp_path: Path,
                                           compartment: str) -> None:
    points = _points(pristine, tmp_path, compartment)
    for kill_at in range(1, len(points) + 1):
        path = _copy(pristine, tmp_path, f"{compartment}-{kill_at}")
        run_child(_rotate(path, compartment), kill_at)
        assert_healthy(path)


def _kill_at(points: list[str], name: str) -> int:
    return points.index(name) + 1


def test_the_reported_double_interruption(pristine: PracticeVault, tmp_path: Path) -> None:
    """Registry rotation killed after vault.json was saved but before the rekey, then a
    clinical rotation killed after its rekey: everyone used to get exit 5 for good."""
    points = _points(pristine, tmp_path, "registry")
    path = _copy(pristine, tmp_path, "double")
    run_child(_rotate(path, "registry"), _kill_at(points, "rekey:begin"))
    assert VaultFile.load(path).compartments["registry"].pending_version is not None
    # Numbered on a copy: the second run signs in first, which settles the registry.
    dry = run_child(_rotate(_copy_path(path, tmp_path, "double-dry"), "clinical"))
    run_child(_rotate(path, "clinical"), _kill_at(dry, "rekey:done"))
    assert VaultFile.load(path).compartments["clinical"].pending_version is not None
    assert_healthy(path)


def _copy_path(path: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(path, target)
    return target


def _rotation_part(points: list[str]) -> range:
    """1-based kill points from the rotation's first vault.json write to its audit commit
    (the sign-in before it and the lock after it are covered by the full variant)."""
    first = points.index("write:vault.json:begin")
    last = points.index("commit:done", points.index("rekey:done"))
    return range(first + 1, last + 2)


def _nested(pristine: PracticeVault, tmp_path: Path, first: str, second: str, *,
            full: bool) -> None:
    """Kill `first` at point i, then (after the sign-in that settles it) kill `second` at
    point j. Fast: i over the rotation's own writes, j at its rekey; full: every pair."""
    first_points = _points(pristine, tmp_path, first)
    firsts = range(1, len(first_points) + 1) if full else _rotation_part(first_points)
    for i in firsts:
        base = _copy(pristine, tmp_path, f"n-{first}-{i}")
        run_child(_rotate(base, first), i)
        dry = run_child(_rotate(_copy_path(base, tmp_path, f"n-{first}-{i}-dry"), second))
        seconds = (range(1, len(dry) + 1) if full else
                   [_kill_at(dry, "rekey:begin"), _kill_at(dry, "rekey:done")])
        for j in seconds:
            path = _copy_path(base, tmp_path, f"n-{first}-{i}-{second}-{j}")
            run_child(_rotate(path, second), j)
            assert_healthy(path)


@pytest.mark.parametrize(("first", "second"), [("registry", "clinical"),
                                               ("clinical", "registry")])
def test_nested_interruptions_across_compartments(pristine: PracticeVault, tmp_path: Path,
                                                  first: str, second: str) -> None:
    _nested(pristine, tmp_path, first, second, full=False)


@pytest.mark.slow
@pytest.mark.parametrize(("first", "second"), list(itertools.product(COMPARTMENTS, repeat=2)))
def test_every_pair_of_interruptions(pristine: PracticeVault, tmp_path: Path,
                                     first: str, second: str) -> None:
    _nested(pristine, tmp_path, first, second, full=True)


def test_repeated_interruptions_of_one_compartment(pristine: PracticeVault,
                                                   tmp_path: Path) -> None:
    path = _copy(pristine, tmp_path, "repeated")
    kills = ("rekey:begin", "rekey:done", "write:vault.json:temp-written", "rekey:done")
    for n, name in enumerate(kills):
        dry = run_child(_rotate(_copy_path(path, tmp_path, f"repeated-dry-{n}"), "clinical"))
        run_child(_rotate(path, "clinical"), _kill_at(dry, name))
    run_child(_rotate(path, "clinical"))
    assert_healthy(path)
