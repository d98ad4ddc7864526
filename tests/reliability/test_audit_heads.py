"""#8.4: the saved head never moves backwards or sideways, every head found is used, and
one account's key holder cannot rewrite or remove another account's entries unnoticed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.core.audit_heads import MISMATCH_ACTION, acknowledge_alerts
from app.core.backup import create_backup
from app.core.roles import Role
from app.core.signing import SigningKey
from app.core.vault import OpenVault
from app.core.vault_file import VaultFile
from app.core.verification import export_audit, verify_audit, verify_vault
from tests.core.conftest import OWNER_PASSWORD, PracticeVault
from tests.reliability.insider import Row, registry_key, rewrite_log

RECEPTION = "reception1"


def _sign_in_and_out(practice: PracticeVault, role: Role, times: int = 1) -> None:
    with practice.open() as vault:
        for _ in range(times):
            vault.unlock(practice.user_name(role), practice.password(role)).close()


def _owner_verify(practice: PracticeVault) -> list[str]:
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            return verify_audit(session).problems
        finally:
            session.close()


def _reception_key(practice: PracticeVault) -> bytes:
    return registry_key(practice.path, RECEPTION, practice.password(Role.RECEPTION))


def _owner_rows(rows: list[Row]) -> list[int]:
    owner_id = VaultFileCache.owner_id
    return [i for i, r in enumerate(rows) if r[2] == owner_id]


class VaultFileCache:
    owner_id = ""


@pytest.fixture(autouse=True)
def _owner_id(practice: PracticeVault) -> None:
    VaultFileCache.owner_id = practice.created.owner_id


def test_ordinary_sessions_raise_no_alarm(practice: PracticeVault) -> None:
    for role in (Role.RECEPTION, Role.CLINICIAN, Role.OWNER):
        _sign_in_and_out(practice, role, times=2)
    assert _owner_verify(practice) == []
    assert VaultFile.load(practice.path).audit_evidence == []


@pytest.mark.parametrize("attack", ["edit", "delete", "cut"])
def test_a_close_that_does_not_extend_the_saved_head_keeps_evidence(
        practice: PracticeVault, attack: str) -> None:
    """Reported once and then hidden by the next ordinary sign-in: not any more."""
    saved = VaultFile.load(practice.path).audit_head
    key = _reception_key(practice)
    saved = VaultFile.load(practice.path).audit_head

    def change(rows: list[Row]) -> list[Row]:
        first = _owner_rows(rows)[1]
        if attack == "edit":
            rows[first][5] = "patient.view.nothing"
            return rows
        if attack == "delete":
            return rows[:first] + rows[first + 1:]
        return rows[:-3]

    rewrite_log(practice.path, key, change, fix_vault_json=False)
    _sign_in_and_out(practice, Role.RECEPTION)  # reception's ordinary sign-in
    _sign_in_and_out(practice, Role.RECEPTION)  # and another one
    vf = VaultFile.load(practice.path)
    assert [e["head"] for e in vf.audit_evidence] == [saved]
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        alerts = session.integrity_alerts()
        assert len(alerts) == 1 and "cut or rewritten" in alerts[0]
        flagged = list(session.audit.entries(action_prefix=MISMATCH_ACTION))
        assert len(flagged) == 1 and flagged[0].flagged
        problems = verify_audit(session).problems
        assert any("vault.json (evidence)" in p for p in problems), problems
        assert acknowledge_alerts(session) == 1
        assert session.integrity_alerts() == []
        session.close()
    assert _owner_verify(practice)  # acknowledged, still evidence for verify


def test_staff_are_not_shown_the_owners_alert(practice: PracticeVault) -> None:
    key = _reception_key(practice)
    rewrite_log(practice.path, key, lambda rows: rows[:-2], fix_vault_json=False)
    with practice.open() as vault:
        session = vault.unlock(RECEPTION, practice.password(Role.RECEPTION))
        assert session.integrity_alerts() == []
        session.close()


def test_insider_rewriting_an_owner_entry_is_caught_by_the_owners_seal(
        practice: PracticeVault) -> None:
    """Reception recomputes every MAC and fixes vault.json's head: the chain and the head
    agree, but the owner's signed seal no longer matches."""
    key = _reception_key(practice)

    def change(rows: list[Row]) -> list[Row]:
        rows[_owner_rows(rows)[1]][5] = "nothing.to.see"
        return rows

    rewrite_log(practice.path, key, change)
    problems = _owner_verify(practice)
    assert any("signed seal" in p and "owner" in p for p in problems), problems


def test_insider_removing_a_seal_is_caught(practice: PracticeVault) -> None:
    key = _reception_key(practice)

    def change(rows: list[Row]) -> list[Row]:
        # From the owner's last seal on (the rest is the insider's own session): nothing
        # after it shifts, so only the missing seal can tell.
        seals = [i for i in _owner_rows(rows) if rows[i][5] == "audit.seal"]
        return rows[:seals[-1]]

    rewrite_log(practice.path, key, change)
    problems = _owner_verify(practice)
    assert any("seal is missing" in p for p in problems), problems


def test_insider_re_signing_with_their_own_key_is_caught(practice: PracticeVault) -> None:
    """Re-signing the owner's seals with another key fails: it is not the owner's key."""
    key = _reception_key(practice)
    forger = SigningKey.generate()
    vault_id = VaultFile.load(practice.path).vault_id

    def change(rows: list[Row]) -> list[Row]:
        rows[_owner_rows(rows)[1]][5] = "nothing.to.see"
        for row in rows:
            if row[5] == "audit.seal":
                detail = json.loads(row[10])
                detail["key"] = forger.public
                row[10] = json.dumps(detail, sort_keys=True, separators=(",", ":"))
        return rows

    rewrite_log(practice.path, key, change)
    problems = _owner_verify(practice)
    assert any("never had" in p for p in problems), problems
    del vault_id


def test_verify_uses_every_backup_in_the_default_folder(practice: PracticeVault) -> None:
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        create_backup(session)
        session.close()
    key = _reception_key(practice)
    rewrite_log(practice.path, key, lambda rows: rows[:5])  # cut, head fixed to match
    problems = _owner_verify(practice)
    assert any("medvault-backup-" in p and "truncated" in p for p in problems), problems


def test_verify_uses_backups_in_other_folders_it_wrote_to(practice: PracticeVault,
                                                          tmp_path: Path) -> None:
    elsewhere = tmp_path / "usb-stick"
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        create_backup(session, elsewhere)
        session.close()
    rewrite_log(practice.path, _reception_key(practice), lambda rows: rows[:5])
    problems = _owner_verify(practice)
    assert any(str(elsewhere) in p for p in problems), problems


def test_verify_uses_exported_heads(practice: PracticeVault, tmp_path: Path) -> None:
    export = tmp_path / "audit.json"
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        export_audit(session, export, "json")
        session.close()
    rewrite_log(practice.path, _reception_key(practice), lambda rows: rows[:5])
    problems = _owner_verify(practice)
    assert any(str(export) in p for p in problems), problems


def test_whole_folder_rollback_is_caught_by_a_later_backup(practice: PracticeVault,
                                                           tmp_path: Path) -> None:
    old = tmp_path / "old-copy"
    shutil.copytree(practice.path, old)
    _sign_in_and_out(practice, Role.CLINICIAN, times=3)
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        create_backup(session)
        session.close()
    shutil.rmtree(practice.path)
    shutil.copytree(old, practice.path)
    with OpenVault.open(practice.path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        report = verify_vault(session)
        session.close()
    assert not report.ok
    assert any("truncated" in p for p in report.problems), report.problems


def test_a_signing_key_replaced_in_vault_json_is_caught_against_backups(
        practice: PracticeVault) -> None:
    """Before the owner signs in again (which would put the key back), verify by anyone
    compares vault.json's public keys with the backups' copies."""
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        create_backup(session)
        session.close()
    vf = VaultFile.load(practice.path)
    vf.user_by_name("owner").signing_key = SigningKey.generate().public
    vf.save(practice.path)
    with practice.open() as vault:
        session = vault.unlock("auditor1", practice.password(Role.AUDITOR))
        problems = verify_audit(session).problems
        session.close()
    assert any("owner's signing key" in p for p in problems), problems
