"""Incident evidence (issue 14, item 4): the package holds a verifiable audit slice, the
affected patients, the flags and an Art. 33(3) worksheet; tampering of every kind is found;
reading it back is bounded."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import incident_check
from app.core.errors import PermissionDenied, UsageError
from app.core.incident import export_incident, open_incident
from app.core.monitoring import MonitorRules, save_rules
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from app.core.session import Session
from app.core.sharing.agefmt import AgeReader
from app.core.sharing.errors import PackageRefused
from app.core.signing import SigningKey
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

PHRASE = "correct horse battery staple incident"
# An X25519 recipient for most tests: a passphrase costs a scrypt each way.
IDENTITY = pyrage.x25519.Identity.generate()
CANARY = "Qxcanaryincidentzz"


def _hours(n: float) -> timedelta:
    return timedelta(hours=n)


def _trail(owner: Session) -> tuple[str, str]:
    """A clinician opening one patient's chart and notes, refused five times too."""
    patient = add_patient(owner, PatientInput(family=CANARY, given="Ann",
                                              birth_date="1970-01-01"))
    doc = next(u for u in owner.vault.file.users if u.name == "clinician1")
    with owner.transaction():
        for action, target in (("chart.open", patient.id), ("note.read", "n1"),
                               ("note.read", "n2"), ("medication.read", "m1")):
            owner.audit.append(actor_id=doc.user_id, actor="clinician1", role="clinician",
                               action=action, patient_id=patient.id, target=target)
        for _ in range(5):
            owner.audit.append(actor_id=doc.user_id, actor="clinician1", role="clinician",
                               action="permission.denied", flagged=True)
    return patient.id, doc.user_id


def _export(owner: Session, out: Path, **kw: object) -> object:
    # The window ends a millisecond before the export's own moment; on a fast machine
    # (vaults on tmpfs) what the test just wrote can fall inside that millisecond and be
    # left out, so the export starts a few milliseconds later.
    time.sleep(0.005)
    now = datetime.now(UTC)
    args: dict[str, object] = {"start": now - _hours(1), "end": now + _hours(1),
                               "discovered": now - _hours(2),
                               "recipients": [str(IDENTITY.to_public())]}
    args.update(kw)
    return export_incident(owner, out, **args)  # type: ignore[arg-type]


def _plain(path: Path) -> bytes:
    with path.open("rb") as source:
        return b"".join(AgeReader(source, identities=[str(IDENTITY)]).chunks())


def _members(path: Path) -> dict[str, bytes]:
    return incident_check.read_zip(_plain(path))


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _resign(members: dict[str, bytes], change: object) -> dict[str, bytes]:
    """A forger's package: `change` edits the members, then every hash is recomputed and
    the manifest re-signed with the forger's own key (they cannot sign as the exporter)."""
    members = dict(members)
    change(members)  # type: ignore[operator]
    manifest = json.loads(members["manifest.json"])
    for name in manifest["files"]:
        data = members[name]
        manifest["files"][name] = {"size": len(data),
                                   "sha256": hashlib.sha256(data).hexdigest()}
    forger = SigningKey.generate()
    manifest["exported_by"]["signing_key"] = forger.public
    raw = json.dumps(manifest).encode()
    members["manifest.json"] = raw
    members["manifest.sig"] = forger.sign(incident_check.SIGNATURE_CONTEXT + raw)
    return members


def _entries(members: dict[str, bytes]) -> list[dict[str, object]]:
    return [json.loads(line) for line in members["audit.jsonl"].splitlines()]


def _put(members: dict[str, bytes], entries: list[dict[str, object]]) -> None:
    members["audit.jsonl"] = b"".join(json.dumps(e).encode() + b"\n" for e in entries)


def test_the_package_holds_what_the_issue_asks_and_verifies(owner_session: Session,
                                                            tmp_path: Path) -> None:
    patient_id, doc_id = _trail(owner_session)
    # The trail is written now; the practice is open round the clock here, so only the
    # denials rule fires whatever the hour the suite runs at (off-hours has its own tests).
    save_rules(owner_session, MonitorRules(opening_hour=0, closing_hour=24))
    out = tmp_path / "incident.age"
    result = _export(owner_session, out, user="clinician1", recipients=None,
                     passphrase=PHRASE)
    assert not out.read_bytes().startswith(b"PK")  # encrypted, not a bare zip
    with out.open("rb") as source:
        members, check = open_incident(source, passphrase=PHRASE)
    assert check.verified and not check.problems
    assert check.seals >= 1  # the owner's earlier sessions' seals, checked by signature
    manifest = json.loads(members["manifest.json"])
    assert manifest["exported_by"]["name"] == "owner"
    assert check.entries == manifest["audit"]["entries"] == result.entries  # type: ignore
    patients = json.loads(members["patients.json"])["patients"]
    [affected] = patients
    assert affected["patient_id"] == patient_id and CANARY in affected["name"]
    assert affected["records_touched"] == 4
    assert set(affected["kinds_of_data"]) >= {"whole chart", "notes", "medications"}
    flags = json.loads(members["flags.json"])
    assert {f["rule"] for f in flags} == {"denials"}
    sheet = json.loads(members["worksheet.json"])
    discovered = datetime.fromisoformat(sheet["discovered_at"])
    assert datetime.fromisoformat(sheet["notify_supervisory_authority_by"]) - discovered \
        == timedelta(hours=72)
    nature = sheet["a_nature_of_the_breach"]
    assert nature["approximate_number_of_data_subjects"] == 1
    assert nature["approximate_number_of_records"] == 4
    assert nature["accounts_involved"] == ["clinician1"]
    assert "NOTIFY THE SUPERVISORY AUTHORITY BY" in members["worksheet.txt"].decode()
    assert members["incident_check.py"] == Path(incident_check.__file__).read_bytes()
    entry = next(owner_session.audit.entries(action_prefix="incident.export",
                                             newest_first=True, limit=1))
    assert entry.target == result.package_id  # type: ignore[attr-defined]
    assert CANARY not in entry.detail and doc_id in entry.detail


def test_an_age_recipient_opens_it(owner_session: Session, tmp_path: Path) -> None:
    _trail(owner_session)
    out = tmp_path / "incident.age"
    _export(owner_session, out)
    with out.open("rb") as source:
        _members, check = open_incident(source, identities=[str(IDENTITY)])
    assert check.verified
    other = pyrage.x25519.Identity.generate()
    with out.open("rb") as source, pytest.raises(PackageRefused, match="not encrypted to"):
        open_incident(source, identities=[str(other)])


@pytest.mark.parametrize("tamper", ["edit_entry", "drop_entry", "drop_boundary",
                                    "edit_file_only", "extra_member", "edit_worksheet"])
def test_tampering_is_found(owner_session: Session, tmp_path: Path, tamper: str) -> None:
    _trail(owner_session)
    out = tmp_path / "incident.age"
    _export(owner_session, out)
    members = _members(out)
    assert incident_check.check(members).verified

    def edit_entry(m: dict[str, bytes]) -> None:
        entries = _entries(m)
        entries[3]["action"] = "chart.print"
        _put(m, entries)

    def drop_entry(m: dict[str, bytes]) -> None:
        entries = _entries(m)
        del entries[4]
        _put(m, entries)

    def drop_boundary(m: dict[str, bytes]) -> None:
        entries = _entries(m)
        _put(m, entries[:-1])

    if tamper == "edit_file_only":
        members["patients.json"] = members["patients.json"].replace(b"clinician1", b"x")
        result = incident_check.check(members)
        assert any("does not match the manifest's hash" in p for p in result.problems)
        return
    if tamper == "extra_member":
        members["notes.txt"] = b"hello"
        with pytest.raises(incident_check.Unreadable, match="more members"):
            incident_check.read_zip(_zip(members))
        del members["README.txt"]  # as many members as a package has, one unknown
        with pytest.raises(incident_check.Unreadable, match="unexpected or repeated"):
            incident_check.read_zip(_zip(members))
        return
    if tamper == "edit_worksheet":
        members["worksheet.json"] = b"{}"
        manifest = json.loads(members["manifest.json"])
        manifest["files"]["worksheet.json"]["sha256"] = hashlib.sha256(b"{}").hexdigest()
        manifest["files"]["worksheet.json"]["size"] = 2
        members["manifest.json"] = json.dumps(manifest).encode()
        result = incident_check.check(members)
        assert any("signature does not match" in p for p in result.problems)
        return
    change = {"edit_entry": edit_entry, "drop_entry": drop_entry,
              "drop_boundary": drop_boundary}[tamper]
    forged = _resign(members, change)
    result = incident_check.check(forged)
    assert not result.verified and result.problems


def test_a_forger_with_the_chain_key_is_stopped_by_the_seals(practice: PracticeVault,
                                                            tmp_path: Path) -> None:
    # Whoever holds the package holds the chain key and can recompute every MAC after an
    # edit; the session seals are signed with each user's own key and then fail.
    from app.core.incident_check import entry_mac

    out = tmp_path / "incident.age"
    with practice.open() as vault:
        vault.unlock("owner", OWNER_PASSWORD).close()  # a sealed session in the window
        owner = vault.unlock("owner", OWNER_PASSWORD)
        try:
            _trail(owner)
            _export(owner, out)
        finally:
            owner.close()
    members = _members(out)
    entries = _entries(members)
    assert any(e["action"] == "audit.seal" for e in entries)

    def rewrite(m: dict[str, bytes]) -> None:
        manifest = json.loads(m["manifest.json"])
        key = bytes.fromhex(manifest["audit"]["key"])
        prev = bytes.fromhex(manifest["audit"]["prev_mac"])
        changed = [dict(e) for e in entries]
        changed[1]["actor"] = "someone-else"
        for e in changed:
            e["mac"] = entry_mac(key, prev, e).hex()
            prev = bytes.fromhex(str(e["mac"]))
        _put(m, changed)

    result = incident_check.check(_resign(members, rewrite))
    assert result.problems and all("seal" in p for p in result.problems)


def test_limits_before_work(owner_session: Session, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core import incident

    out = tmp_path / "incident.age"
    now = datetime.now(UTC)
    with pytest.raises(UsageError, match="no entries in that window"):
        _export(owner_session, out, start=now - timedelta(days=400),
                end=now - timedelta(days=399))
    monkeypatch.setattr(incident, "MAX_ENTRIES", 3)
    with pytest.raises(UsageError, match="at most 3"):
        _export(owner_session, out)
    with pytest.raises(UsageError, match="future"):
        _export(owner_session, out, discovered=now + timedelta(days=1))
    with pytest.raises(UsageError, match="no account named"):
        _export(owner_session, out, user="nobody")
    assert not out.exists()
    assert not list(owner_session.audit.entries(action_prefix="incident.export"))


def test_a_failed_write_is_audited_and_leaves_nothing(owner_session: Session,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "incident.age"
    with pytest.raises(Exception):  # noqa: B017 - the OS error, whichever it is
        _export(owner_session, out)
    assert not out.exists()
    [abandoned] = owner_session.audit.entries(action_prefix="incident.export.abandoned")
    assert abandoned.flagged


def test_reception_is_refused_and_the_refusal_audited(practice: PracticeVault,
                                                      tmp_path: Path) -> None:
    with practice.open() as vault:
        reception = vault.unlock("reception1", practice.password(Role.RECEPTION))
        try:
            with pytest.raises(PermissionDenied):
                _export(reception, tmp_path / "x.age")
            denied = next(reception.audit.entries(action_prefix="permission.denied",
                                                  newest_first=True, limit=1))
            assert json.loads(denied.detail) == {"operation": "incident.export"}
        finally:
            reception.close()


def test_reading_back_is_bounded() -> None:
    deep = b"[" * 10_000 + b"]" * 10_000
    with pytest.raises(incident_check.Unreadable, match="nested too deeply"):
        incident_check.strict_json(deep, "x")
    with pytest.raises(incident_check.Unreadable, match="duplicate key"):
        incident_check.strict_json(b'{"a": 1, "a": 2}', "x")
    with pytest.raises(incident_check.Unreadable, match="NaN"):
        incident_check.strict_json(b'{"a": NaN}', "x")
    long_line = json.dumps({"seq": 1, "x": "a" * 70_000}).encode()
    with pytest.raises(incident_check.Unreadable, match="larger than"):
        incident_check._entries(long_line, 10)
    # A zip bomb: one member of 50 MiB of zeros.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("audit.jsonl", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(incident_check.Unreadable, match="compressed more than"):
        incident_check.read_zip(buffer.getvalue())
    # A symlink member.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("keys.json")
        link.create_system = 3
        link.external_attr = (0o120777) << 16
        archive.writestr(link, b"/etc/passwd")
    with pytest.raises(incident_check.Unreadable, match="not a regular file"):
        incident_check.read_zip(buffer.getvalue())


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=4096))
def test_fuzzed_bytes_never_crash_the_reader(data: bytes) -> None:
    with contextlib.suppress(incident_check.Unreadable):
        incident_check.check(incident_check.read_zip(data))


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(incident_check.MEMBERS),
                       st.binary(max_size=300), max_size=6))
def test_fuzzed_members_never_crash_the_checker(members: dict[str, bytes]) -> None:
    with contextlib.suppress(incident_check.Unreadable):
        incident_check.check(members)


def _synthetic_package() -> dict[str, bytes]:
    """A valid package made without a vault: twelve chained entries, one sealed session."""
    key, signer = b"k" * 32, SigningKey.generate()
    prev = bytes(32)
    entries: list[dict[str, object]] = []
    for seq in range(1, 13):
        entry: dict[str, object] = {
            "seq": seq, "ts": f"2025-01-01T10:00:{seq:02d}.000+00:00", "actor_id": "u1",
            "actor": "owner", "role": "owner", "action": "chart.open", "patient_id": "p1",
            "target": None, "reason": None, "flagged": False, "detail": "{}"}
        if seq == 11:
            entry["action"] = "session.close"
        if seq == 12:
            close = entries[-1]
            sig = signer.sign(incident_check.SEAL_CONTEXT
                              + f"v1\x0011\x00{close['mac']}".encode())
            entry.update(action="audit.seal", detail=json.dumps(
                {"seq": 11, "mac": close["mac"], "key": signer.public, "sig": sig.hex()}))
        entry["mac"] = incident_check.entry_mac(key, prev, entry).hex()
        prev = bytes.fromhex(str(entry["mac"]))
        entries.append(entry)
    files = {"audit.jsonl": b"".join(json.dumps(e).encode() + b"\n" for e in entries),
             "keys.json": json.dumps({"u1": [signer.public]}).encode()}
    manifest = {"format": incident_check.FORMAT, "vault": {"id": "v1"},
                "exported_by": {"signing_key": signer.public},
                "window": {"from": "2025-01-01T10:00:01.500+00:00",
                           "to": "2025-01-01T10:00:11.500+00:00"},
                "audit": {"key": key.hex(), "prev_mac": "00" * 32, "first_seq": 2,
                          "last_seq": 11, "entries": 10,
                          "head_at_export": {"seq": 12, "mac": entries[-1]["mac"]}},
                "files": {n: {"size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                          for n, d in files.items()}}
    raw = json.dumps(manifest).encode()
    return {"manifest.json": raw,
            "manifest.sig": signer.sign(incident_check.SIGNATURE_CONTEXT + raw), **files}


SYNTHETIC = _synthetic_package()


def test_the_synthetic_package_verifies() -> None:
    result = incident_check.check(SYNTHETIC)
    assert result.verified and result.entries == 10 and result.seals == 1


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(SYNTHETIC)), st.integers(min_value=0), st.integers(1, 255))
def test_any_flipped_byte_is_found_or_refused(name: str, where: int, flip: int) -> None:
    members = dict(SYNTHETIC)
    data = bytearray(members[name])
    data[where % len(data)] ^= flip
    members[name] = bytes(data)
    try:
        result = incident_check.check(members)
    except incident_check.Unreadable:
        return
    assert not result.verified and result.problems


def test_the_shipped_checker_runs_on_its_own(owner_session: Session, tmp_path: Path) -> None:
    _trail(owner_session)
    out = tmp_path / "incident.age"
    _export(owner_session, out)
    members = _members(out)
    package = tmp_path / "incident.zip"
    package.write_bytes(_zip(members))
    script = tmp_path / "incident_check.py"
    script.write_bytes(members["incident_check.py"])  # the copy inside the package
    # -I: isolated, so nothing of MedVault's is importable; only the file itself runs.
    run = subprocess.run([sys.executable, "-I", str(script), str(package)],
                         capture_output=True, text=True, cwd=tmp_path, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("Verified:")
    entries = _entries(members)
    entries[2]["reason"] = "inserted later"
    _put(members, entries)
    package.write_bytes(_zip(members))
    run = subprocess.run([sys.executable, "-I", str(script), str(package)],
                         capture_output=True, text=True, cwd=tmp_path, check=False)
    assert run.returncode == 1 and "PROBLEM" in run.stdout


def test_cli_export_and_verify(practice: PracticeVault, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    def cli(args: list[str], stdin: str) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return main(args)

    out = tmp_path / "incident.age"
    today = datetime.now().date().isoformat()
    assert cli(["incident", "export", str(practice.path), "--as", "auditor1",
                "--password-stdin", "--from", today, "--to", today, "--discovered", "now",
                "--passphrase-stdin", "--out", str(out), "--json"],
               f"{practice.password(Role.AUDITOR)}\n{PHRASE}\n{PHRASE}\n") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["entries"] > 0 and shown["notify_by"]
    assert cli(["incident", "verify", str(out), "--passphrase-stdin"], PHRASE + "\n") == 0
    assert capsys.readouterr().out.startswith("Verified:")
    assert cli(["incident", "verify", str(out), "--passphrase-stdin"],
               "a wrong passphrase here\n") != 0
    assert cli(["incident", "export", str(practice.path), "--as", "reception1",
                "--password-stdin", "--from", today, "--to", today, "--discovered", "now",
                "--passphrase-stdin", "--out", str(tmp_path / "r.age")],
               f"{practice.password(Role.RECEPTION)}\n{PHRASE}\n{PHRASE}\n") == 4
    assert not (tmp_path / "r.age").exists()
    with pytest.raises(PackageRefused):
        open_incident(io.BytesIO(b"not an age file"), passphrase=PHRASE)
