"""Cancel and failure while a package is made, saved or imported (issue 11.7): no file at
the destination, no temp file, no plaintext anywhere, nothing imported; and the preview
and consent check the share wizard shows before anything leaves."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from app.core.errors import DiskFull, UsageError
from app.core.progress import FINAL
from app.core.records.clinical import Condition
from app.core.records.codes import Concept
from app.core.records.entries import add_entry
from app.core.roles import Role
from app.core.sharing.share import (
    check_share_consent,
    import_share,
    preview_share,
    save_share,
)
from tests.core.records.conftest import private_tmp, signed_in
from tests.core.sharing.test_share import (
    CANARY_CONDITION,
    CANARY_MEDICATION,
    CANARY_NOTE,
    World,
    counts,
    receiver_session,
    share,
    world,
)

__all__ = ["private_tmp", "world"]  # fixtures, imported for these tests

CANARIES = [c.encode() for c in (CANARY_CONDITION, CANARY_MEDICATION, CANARY_NOTE)] \
    + [b"Numbat canary"]


class Stop(Exception):
    """What the GUI's progress callback raises once Cancel is pressed."""


def stopping_at(call: int, seen: list[tuple[int, int, str]]):  # type: ignore[no-untyped-def]
    def progress(done: int, total: int, text: str) -> None:
        seen.append((done, total, text))
        if len(seen) - 1 == call:
            raise Stop()
    return progress


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _plaintext_hits(*folders: Path) -> list[str]:
    return [str(p) for folder in folders for p in _files(folder)
            for c in CANARIES if c in p.read_bytes()]


def test_cancel_at_every_step_of_saving_leaves_no_file_and_no_plaintext(
        world: World, tmp_path: Path, private_tmp: Path) -> None:
    out_dir = tmp_path / "outbox"
    out_dir.mkdir()
    out = out_dir / "referral.medvault-share"
    with signed_in(world.practice, Role.OWNER) as s:
        calls: list[tuple[int, int, str]] = []
        save_share(s, world.patient, out, progress=lambda *a: calls.append(a),
                   contact_id=world.contact, sections=["all"],
                   override_reason="complete transfer")
        assert out.exists() and calls[-1][2] == FINAL
        out.unlink()
        created_before = len(list(s.audit.entries(action_prefix="share.create")))
        for call in range(len(calls)):
            seen: list[tuple[int, int, str]] = []
            with pytest.raises(Stop):
                save_share(s, world.patient, out, progress=stopping_at(call, seen),
                           contact_id=world.contact, sections=["all"],
                           override_reason="complete transfer")
            assert _files(out_dir) == [], (call, seen)
        # Nothing left, so nothing recorded as sent; the abandoned writes are recorded.
        assert len(list(s.audit.entries(action_prefix="share.create"))) == created_before
        assert list(s.audit.entries(action_prefix="share.abandoned"))
    assert _plaintext_hits(out_dir, private_tmp) == []


def test_a_full_disk_while_saving_is_said_as_such_and_leaves_nothing(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with signed_in(world.practice, Role.OWNER) as s:
        with monkeypatch.context() as patched, pytest.raises(DiskFull, match="full"):
            # Only while the package is written: the vault's own files need fsync too.
            patched.setattr("app.core.sharing.share.os.fsync", full)
            save_share(s, world.patient, tmp_path / "p.medvault-share",
                       contact_id=world.contact, sections=["conditions"])
        assert not list(s.audit.entries(action_prefix="share.create"))
    assert not list(tmp_path.glob("*p.medvault-share*"))


def test_saving_never_overwrites_a_file(world: World, tmp_path: Path) -> None:
    out = tmp_path / "exists.medvault-share"
    out.write_bytes(b"earlier")
    with signed_in(world.practice, Role.OWNER) as s, pytest.raises(UsageError,
                                                                  match="already exists"):
        save_share(s, world.patient, out, contact_id=world.contact, sections=["conditions"])
    assert out.read_bytes() == b"earlier"


def test_cancel_before_the_import_writes_imports_nothing(world: World) -> None:
    data = share(world)
    for s in receiver_session(world.receiver_path):
        before = counts(s)
        calls: list[tuple[int, int, str]] = []
        stops = 0
        while True:
            seen: list[tuple[int, int, str]] = []
            try:
                import_share(s, data, new_patient=True, progress=stopping_at(stops, seen))
            except Stop:
                assert counts(s) == before, seen
                assert not list(s.audit.entries(action_prefix="share.import"))
                stops += 1
                continue
            calls = seen
            break
        # Every call up to the last chance (FINAL) stopped it; after a cancel the package
        # is not taken for a replay.
        assert calls[-1][2] == FINAL and stops == len(calls)
        assert counts(s)["conditions"] == before["conditions"] + 1


def test_the_preview_counts_what_leaves_and_what_the_restriction_rules_withhold(
        world: World) -> None:
    with signed_in(world.practice, Role.OWNER) as s:
        add_entry(s, world.patient, Condition(code=Concept.of("Private matter", "snomed",
                                                              "2")), restricted=True)
        shown = preview_share(s, world.patient, ["conditions", "medications"])
        assert shown.included == {"Patient": 1, "Consent": 1, "Condition": 1,
                                  "MedicationStatement": 1}
        assert shown.withheld == {"Condition": 1}
    data = share(world, sections=["conditions", "medications"],
                 override_reason="medications without consent")
    for r in receiver_session(world.receiver_path):
        import_share(r, data, new_patient=True)
        assert counts(r)["conditions"] == 1  # the restricted one stayed home


def test_the_consent_check_says_what_needs_a_reason(world: World) -> None:
    with signed_in(world.practice, Role.OWNER) as s:
        ok = check_share_consent(s, world.patient, contact_id=world.contact,
                                 sections=["conditions"], purpose="referral")
        assert not ok.needs_reason
        gap = check_share_consent(s, world.patient, contact_id=world.contact,
                                  sections=["conditions", "medications"], purpose="referral")
        assert gap.needs_reason and gap.missing == ("medications",)
        assert "medications" in gap.message
        phrase = check_share_consent(s, world.patient, contact_id=None,
                                     sections=["conditions"], purpose="referral")
        assert phrase.needs_reason
        own = check_share_consent(s, world.patient, contact_id=None,
                                  sections=["conditions"], purpose="patient-request")
        assert not own.needs_reason
        # Nothing is audited by asking.
        assert not list(s.audit.entries(action_prefix="share.create"))
