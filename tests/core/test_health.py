"""The security health check (issue 14, item 1): a vault built to fail each check."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core import health
from app.core.backup import create_backup, default_backup_dir
from app.core.drill import drill_backup
from app.core.errors import PermissionDenied
from app.core.health import Finding, health_check
from app.core.roles import Role
from app.core.rotation import rotate_key
from app.core.session import Session
from app.core.users import add_user, disable_user
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

NOW = datetime.now(UTC)


@pytest.fixture
def owner(owner_session: Session) -> Session:
    return owner_session


def _finding(session: Session, check: str, now: datetime = NOW) -> Finding:
    report = health_check(session, now=now)
    return next(f for f in report.findings if f.check == check)


def test_no_backup_is_a_problem_and_age_counts(owner: Session) -> None:
    assert _finding(owner, "Newest backup").status == "problem"
    create_backup(owner)
    assert _finding(owner, "Newest backup").status == "ok"
    assert _finding(owner, "Newest backup", NOW + timedelta(days=10)).status == "warning"
    late = _finding(owner, "Newest backup", NOW + timedelta(days=20))
    assert late.status == "problem" and late.page == "backups"


def test_restore_drill(owner: Session) -> None:
    assert _finding(owner, "Restore test").status == "warning"
    info = create_backup(owner)
    result = drill_backup(owner)
    assert result.ok and result.backup == info.path
    assert _finding(owner, "Restore test").status == "ok"
    assert _finding(owner, "Restore test", NOW + timedelta(days=100)).status == "warning"
    assert not [p for p in default_backup_dir(owner.vault.directory).iterdir()
                if p.name.startswith(".medvault-drill-")]
    # A backup that no longer restores: the drill records the failure; health says problem.
    (info.path / "registry.db").write_bytes(b"garbage")
    assert not drill_backup(owner).ok
    assert _finding(owner, "Restore test").status == "problem"


def test_staff_without_totp(owner: Session) -> None:
    finding = _finding(owner, "Authenticator (TOTP)")
    assert finding.status == "warning" and "clinician1" in finding.evidence


def test_unused_accounts(owner: Session) -> None:
    assert _finding(owner, "Unused accounts").status == "ok"
    stale = _finding(owner, "Unused accounts", NOW + timedelta(days=100))
    assert stale.status == "warning" and "reception1" in stale.evidence
    assert "emergency1" not in stale.evidence


def test_disabled_holder_without_rotation(owner: Session) -> None:
    assert _finding(owner, "Keys after removing people").status == "ok"
    disable_user(owner, "clinician1")
    finding = _finding(owner, "Keys after removing people")
    assert finding.status == "problem" and "clinician1" in finding.evidence
    rotate_key(owner, "clinical")
    rotate_key(owner, "registry")
    assert _finding(owner, "Keys after removing people").status == "ok"


def test_pending_grants(owner: Session) -> None:
    assert _finding(owner, "Waiting for the owner").status == "ok"
    add_user(owner, name="newdoc", role=Role.CLINICIAN, password="a long new doctor pass")
    finding = _finding(owner, "Waiting for the owner")
    assert finding.status == "warning" and finding.evidence.startswith("1 pending")


def test_failed_sign_in_burst(owner: Session) -> None:
    assert _finding(owner, "Failed sign-ins").status == "ok"
    # The trail a password-guessing script leaves (written as the sign-in flush does).
    with owner.transaction():
        for _ in range(health.FAILURE_BURST):
            owner.audit.append(actor_id="", actor="unknown account", role="",
                               action="signin.failure", detail={"why": "WrongCredentials"},
                               flagged=True)
    finding = _finding(owner, "Failed sign-ins")
    assert finding.status == "problem" and "within one hour" in finding.evidence
    # A week later the burst has aged out of the window.
    assert _finding(owner, "Failed sign-ins", NOW + timedelta(days=8)).status == "ok"


def test_weak_argon2_slots(owner: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite's cheap test parameters are exactly such slots.
    finding = _finding(owner, "Password hashing (Argon2)")
    assert finding.status == "problem" and "owner" in finding.evidence
    monkeypatch.setattr(health.kdf_mod, "SMALL_MACHINE_MEMORY_KIB", 1)
    assert _finding(owner, "Password hashing (Argon2)").status == "ok"


def test_audit_head_behind_a_backup(owner: Session) -> None:
    info = create_backup(owner)
    assert _finding(owner, "Audit log against backups").status == "ok"
    manifest = json.loads((info.path / "backup.json").read_text())
    manifest["audit_head"]["seq"] = 10 ** 6
    (info.path / "backup.json").write_text(json.dumps(manifest))
    finding = _finding(owner, "Audit log against backups")
    assert finding.status == "problem" and "rolled back" in finding.evidence


def test_sqlcipher_and_policy(owner: Session) -> None:
    assert _finding(owner, "SQLCipher").status == "ok"
    assert _finding(owner, "Machine policy").status == "ok"


def _fake_machine(tmp_path: Path, vault_dir: Path, device: str, uuid: str | None,
                  swap: str | None) -> tuple[Path, Path]:
    proc, sys_root = tmp_path / "proc", tmp_path / "sys"
    (proc / "self").mkdir(parents=True)
    (proc / "self" / "mountinfo").write_text(
        f"22 1 253:0 / / rw,relatime shared:1 - ext4 {device} rw\n"
        f"30 22 0:5 / {vault_dir.anchor}proc rw - proc proc rw\n")
    (proc / "swaps").write_text("Filename Type Size Used Priority\n"
                                + (f"{swap} partition 1 0 -2\n" if swap else ""))
    if uuid is not None:
        dm = sys_root / "block" / "dm-0" / "dm"
        dm.mkdir(parents=True)
        (dm / "uuid").write_text(uuid + "\n")
    return proc, sys_root


@pytest.mark.parametrize(("device", "uuid", "swap", "expected"), [
    ("/dev/dm-0", "CRYPT-LUKS2-abc-root", None, "ok"),
    ("/dev/dm-0", "CRYPT-LUKS2-abc-root", "/dev/dm-0", "ok"),
    ("/dev/sda1", None, None, "problem"),
    ("/dev/dm-0", "CRYPT-LUKS2-abc-root", "/dev/sda2", "problem"),
    ("overlay", None, None, "unknown"),
])
def test_disk_and_swap_encryption(owner: Session, tmp_path: Path, device: str,
                                  uuid: str | None, swap: str | None, expected: str) -> None:
    proc, sys_root = _fake_machine(tmp_path, owner.vault.directory, device, uuid, swap)
    finding = health.check_disk_encryption(owner, NOW, proc_root=proc, sys_root=sys_root)
    assert finding.status == expected, finding.evidence


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CLINICIAN, Role.RECEPTION, Role.EMERGENCY])
def test_only_owner_and_auditor(practice: PracticeVault, role: Role) -> None:
    with practice.open() as vault:
        session = vault.unlock(practice.user_name(role), practice.password(role))
        try:
            with pytest.raises(PermissionDenied):
                health_check(session)
        finally:
            session.close()
    with practice.open() as vault:
        session = vault.unlock("auditor1", practice.password(Role.AUDITOR))
        try:
            assert health_check(session).findings
            assert list(session.audit.entries(action_prefix="health.check"))
        finally:
            session.close()


def test_no_clinical_text_in_the_health_output(owner: Session) -> None:
    from app.core.records.notes import NoteContent, add_note
    from app.core.records.patients import PatientInput, add_patient

    canary = "Qxcanaryhealthzz"
    patient = add_patient(owner, PatientInput(family=canary, given="Ann",
                                              birth_date="1970-01-01"))
    add_note(owner, patient.id, NoteContent(body=f"{canary} angina"))
    assert canary not in json.dumps(health_check(owner).to_json())


def _cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         args: list[str], stdin: str) -> tuple[int, str, str]:
    import io

    from app.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exit_codes_for_monitoring(practice: PracticeVault,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    vault = str(practice.path)
    # No backup yet (and test-strength Argon2): problems, exit 12.
    code, out, _ = _cli(monkeypatch, capsys, ["health", vault, "--as", "owner",
                                              "--password-stdin", "--json"],
                        OWNER_PASSWORD + "\n")
    assert code == 12 and json.loads(out)["worst"] == "problem"
    code, _, _ = _cli(monkeypatch, capsys, ["health", vault, "--as", "reception1",
                                            "--password-stdin"],
                      practice.password(Role.RECEPTION) + "\n")
    assert code == 4
    code, _, err = _cli(monkeypatch, capsys, ["backup", vault, "--as", "owner",
                                              "--password-stdin"], OWNER_PASSWORD + "\n")
    assert code == 0, err
    code, out, err = _cli(monkeypatch, capsys, ["backup", "drill", vault, "--as", "owner",
                                                "--password-stdin"], OWNER_PASSWORD + "\n")
    assert code == 0 and "verified" in out, err


def test_cli_exit_1_on_warnings_only(practice: PracticeVault, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(health, "CHECKS", (health.check_totp, health.check_sqlcipher))
    code, out, _ = _cli(monkeypatch, capsys, ["health", str(practice.path), "--as", "owner",
                                              "--password-stdin"], OWNER_PASSWORD + "\n")
    assert code == 1 and "WARNING" in out
    monkeypatch.setattr(health, "CHECKS", (health.check_sqlcipher,))
    code, _, _ = _cli(monkeypatch, capsys, ["health", str(practice.path), "--as", "owner",
                                            "--password-stdin"], OWNER_PASSWORD + "\n")
    assert code == 0
