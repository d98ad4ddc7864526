"""Help → Report a problem: the report carries technical facts and names nobody.

The canaries stand where a careless report would pick them up: the vault's name, its
folder (a home folder carries the account's name), users' names and full names.
"""

from __future__ import annotations

from pathlib import Path

from app.core.problem_report import VaultFacts, problem_report
from app.core.roles import Role
from app.core.users import add_user
from app.core.vault import OpenVault
from app.core.versions import versions
from tests.support import OWNER_PASSWORD, make_practice_vault

CANARIES = ("CanaryVaultName", "CanaryFolder", "CanaryFullName", "canaryclinician")


def _vault(tmp_path: Path) -> Path:
    path = tmp_path / "CanaryFolder" / "vault"
    path.parent.mkdir()
    make_practice_vault(path, full_name="CanaryFullName Owner", vault_name="CanaryVaultName")
    with OpenVault.open(path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            add_user(session, name="canaryclinician", role=Role.CLINICIAN,
                     password="a long enough password for the canary")
        finally:
            session.close()
    return path


def test_the_report_names_no_person_vault_or_folder(tmp_path: Path) -> None:
    path = _vault(tmp_path)
    with OpenVault.open(path) as vault:
        facts = VaultFacts.of(vault.file)
        users = len(vault.file.users)
    report = problem_report({"qt": "6.x"}, facts, "none")
    for canary in CANARIES:
        assert canary.casefold() not in report.casefold(), canary
    assert str(tmp_path) not in report
    # What a developer needs is there.
    for value in versions().values():
        assert value in report
    lines = {line.split("  ", 1)[0]: line.split("  ", 1)[1].strip()
             for line in report.splitlines() if "  " in line}
    assert lines["vault kind"] == "practice" and lines["users"] == str(users)
    assert lines["key versions"] == "clinical v1, registry v1" and lines["qt"] == "6.x"


def test_the_users_own_words_come_first_and_nothing_else_is_free_text() -> None:
    report = problem_report({}, None, "in force (0 warnings)", "  The backup page froze.\n")
    assert report.splitlines()[2:4] == ["What happened:", "The backup page froze."]
    assert "none open" in report and "in force (0 warnings)" in report
    # Without a description there is no empty heading.
    assert "What happened" not in problem_report({}, None, "none")
