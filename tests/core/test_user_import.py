"""`user import`: a staff CSV checked whole before anything is written, then all or nothing,
with temporary passwords that reach the importer once and are never stored."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import PermissionDenied, UnsafeFile, WrongCredentials
from app.core.roles import Role
from app.core.session import Session
from app.core.user_import import (
    MAX_CSV_BYTES,
    MAX_EMAIL,
    MAX_FULL_NAME,
    MAX_ROWS,
    ImportInvalid,
    import_users,
    parse_user_csv,
)
from app.core.users import list_users
from app.core.vault_file import VaultFile
from tests.core.conftest import OWNER_PASSWORD, PracticeVault
from tests.support import imported_account

STAFF = (b"name,full_name,role,email\r\n"
         b"jdoe,Jane Doe,clinician,jane@example.org\r\n"
         b"mmuster,Max Mustermann,reception,\r\n"
         b"itadmin,,admin,it@example.org\r\n")


def _problems(data: bytes) -> list[str]:
    with pytest.raises(ImportInvalid) as caught:
        parse_user_csv(data)
    return list(caught.value.problems)


# -- reading the file ----------------------------------------------------------------------

def test_a_staff_list_is_read_with_its_columns_in_any_order() -> None:
    rows = parse_user_csv(STAFF)
    assert [(r.line, r.name, r.full_name, r.role, r.email) for r in rows] == [
        (2, "jdoe", "Jane Doe", Role.CLINICIAN, "jane@example.org"),
        (3, "mmuster", "Max Mustermann", Role.RECEPTION, ""),
        (4, "itadmin", "", Role.ADMIN, "it@example.org")]
    # Excel's "CSV UTF-8" (byte-order mark, semicolons in German locales), other order,
    # only the required columns, blank lines at the end.
    excel = "\ufeffRole;Name;Full Name\r\nClinician;müller;Dr. Jörg Müller\r\n;;\r\n\r\n"
    rows = parse_user_csv(excel.encode("utf-8"))
    assert [(r.name, r.role, r.full_name, r.email) for r in rows] == [
        ("müller", Role.CLINICIAN, "Dr. Jörg Müller", "")]


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "The file is empty"),
    (b"name,role\n", "lists no users"),
    (b"name,role,phone\na,admin,1\n", "Line 1: unknown column 'phone'"),
    (b"name,full_name\na,A\n", "Line 1: the column 'role' is missing"),
    (b"name,role,name\na,admin,b\n", "Line 1: the column 'name' appears twice"),
    (b"name,role\nalice,admin,extra\n", "Line 2: 3 fields"),
    (b"name,role\nalice,doctor\n", "Line 2: 'doctor' is not a role"),
    (b"name,role\nalice,owner\n", "Line 2: a vault has one owner"),
    (b"name,role\nalice,emergency\n", "Line 2: the emergency account is set up with"),
    (b"name,role\n,admin\n", "Line 2: the name is empty"),
    (b"name,role\na/b,admin\n", "Line 2: A user name may not contain slashes"),
    (b"name,role\n" + b"x" * 65 + b",admin\n", "Line 2: A user name is 1 to 64"),
    ("name,role\nal\u200bice,admin\n".encode(), "Line 2: the name contains a control"),
    (b"name,role,email\nalice,admin,not-an-address\n", "Line 2: 'not-an-address' is not"),
    (b"name,role,email\nalice,admin," + b"a" * 250 + b"@x.org\n", "is not an email"),
    (b"name,role,full_name\nalice,admin," + b"F" * (MAX_FULL_NAME + 1) + b"\n",
     f"longer than {MAX_FULL_NAME}"),
    (b"name,role,full_name\nalice,admin,=HYPERLINK(\"x\")\n",
     "Line 2: the full_name starts with '='"),
    (b"name,role\n@alice,admin\n", "Line 2: the name starts with '@'"),
    (b"name,role\nalice,admin\nAlice,clinician\n",
     "Line 3: the name 'Alice' is the same as, or looks like, 'alice' on line 2"),
    (b"name,role\nbob,admin\nb0b,clinician\n", "looks like, 'bob' on line 2"),
    (b"name,role\n\"alice,admin\n", "not valid CSV"),
    (b"name,role\nal\xffice,admin\n", "Line 2: not UTF-8"),
    (b"name,role\nal\x00ice,admin\n", "NUL characters"),
    (b"name,role,full_name\nalice,admin,\"two\nlines\"\n", "control or invisible"),
])
def test_every_problem_is_named_with_its_line(data: bytes, expected: str) -> None:
    problems = _problems(data)
    assert any(expected in p for p in problems), problems


def test_every_problem_of_a_file_is_listed_at_once() -> None:
    data = b"name,role\nalice,doctor\nbob,admin\n,clinician\nbob,reception\n"
    problems = _problems(data)
    assert [p.split(":")[0] for p in problems] == ["Line 2", "Line 4", "Line 5"]


def test_size_and_row_bounds_come_before_any_work() -> None:
    assert "at most 256 KiB" in _problems(b"name,role\n" + b"a" * MAX_CSV_BYTES)[0]
    many = b"name,role\n" + b"".join(b"user%d,reception\n" % i for i in range(MAX_ROWS + 1))
    assert len(many) < MAX_CSV_BYTES
    assert f"More than {MAX_ROWS} users" in _problems(many)[-1]
    exactly = b"name,role\n" + b"".join(b"user%d,reception\n" % i for i in range(MAX_ROWS))
    assert len(parse_user_csv(exactly)) == MAX_ROWS


_CELL = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
_ROLE = st.sampled_from(["admin", "clinician", "reception", "auditor", "owner", "Admin", ""])


@st.composite
def _csvish(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(["name", "full_name", "role", "email", "x"]),
                           min_size=0, max_size=5))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";"])))
    writer.writerow(header)
    for _ in range(draw(st.integers(0, 6))):
        writer.writerow([draw(st.one_of(_CELL, _ROLE)) for _ in header])
    text = out.getvalue()
    if draw(st.booleans()):  # cut or splice anywhere
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=8)) + text[cut:]
    return text.encode("utf-8", "surrogatepass")


@given(st.one_of(st.binary(max_size=600), _csvish()))
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzz_the_reader_gives_rows_within_bounds_or_a_list_of_problems(data: bytes) -> None:
    try:
        rows = parse_user_csv(data)
    except ImportInvalid as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
        return
    assert 1 <= len(rows) <= MAX_ROWS
    for row in rows:
        assert 1 <= len(row.name) <= 64 and len(row.full_name) <= MAX_FULL_NAME
        assert len(row.email) <= MAX_EMAIL
        assert row.role in (Role.ADMIN, Role.CLINICIAN, Role.RECEPTION, Role.AUDITOR)
        assert not any(v.startswith(("=", "+", "-", "@"))
                       for v in (row.name, row.full_name, row.email))


# -- importing -------------------------------------------------------------------------------

def _vault_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file())


def test_import_adds_every_account_with_a_temporary_password(
        practice: PracticeVault, owner_session: Session) -> None:
    result = import_users(owner_session, STAFF)
    assert not result.dry_run and len(result.users) == 3
    by_name = {u.name: u for u in result.users}
    assert by_name["jdoe"].keys == {"registry": "sealed", "clinical": "pending"}
    assert by_name["mmuster"].keys == {"registry": "sealed"}
    passwords = [u.temporary_password or "" for u in result.users]
    assert len(set(passwords)) == 3 and all(len(p) >= 20 for p in passwords)
    listed = {u.name: u for u in list_users(owner_session)}
    assert listed["jdoe"].email == "jane@example.org"
    assert listed["jdoe"].full_name == "Jane Doe"
    assert listed["jdoe"].temporary_password_until == result.expires
    assert listed["owner"].temporary_password_until is None
    # Audited: one entry per account naming the import, and the import itself.
    added = [e for e in owner_session.audit.entries(action_prefix="user.add")
             if e.action == "user.add" and json.loads(e.detail).get("import")]
    assert {json.loads(e.detail)["name"] for e in added} == {"jdoe", "mmuster", "itadmin"}
    imports = list(owner_session.audit.entries(action_prefix="user.import"))
    assert [e.action for e in imports] == ["user.import"]
    detail = json.loads(imports[0].detail)
    assert detail["users"] == 3 and detail["import"] == result.import_id
    # The passwords are kept nowhere: not in the vault's files, nor in the audit log.
    owner_session.close()
    stored = _vault_bytes(practice.path)
    for password in passwords:
        assert password.encode() not in stored


def test_a_name_already_in_the_vault_stops_the_whole_import(
        practice: PracticeVault, owner_session: Session) -> None:
    before = VaultFile.load(practice.path)
    data = STAFF + b"c1inician1,Look Alike,clinician,\r\n"  # reads as "clinician1"
    with pytest.raises(ImportInvalid) as caught:
        import_users(owner_session, data)
    assert caught.value.problems == (
        "Line 5: there is already a user called 'clinician1', which 'c1inician1' looks too "
        "much like.",)
    assert "Nothing was imported" in str(caught.value)
    after = VaultFile.load(practice.path)
    assert [u.name for u in after.users] == [u.name for u in before.users]
    assert after.generation == before.generation
    refused = list(owner_session.audit.entries(action_prefix="user.import"))
    assert [e.action for e in refused] == ["user.import.refused"] and refused[0].flagged


def test_a_file_with_problems_is_refused_and_audited(owner_session: Session) -> None:
    with pytest.raises(ImportInvalid):
        import_users(owner_session, b"name,role\nalice,doctor\n")
    entry = list(owner_session.audit.entries(action_prefix="user.import.refused"))[-1]
    assert json.loads(entry.detail)["problems"] == 1 and entry.flagged


def test_dry_run_checks_everything_and_changes_nothing(practice: PracticeVault,
                                                       owner_session: Session) -> None:
    before = VaultFile.load(practice.path)
    result = import_users(owner_session, STAFF, dry_run=True)
    assert result.dry_run and [u.name for u in result.users] == ["jdoe", "mmuster", "itadmin"]
    assert all(u.temporary_password is None and u.user_id is None for u in result.users)
    after = VaultFile.load(practice.path)
    assert after.generation == before.generation and len(after.users) == len(before.users)
    entry = list(owner_session.audit.entries(action_prefix="user.import"))[-1]
    assert json.loads(entry.detail)["dry_run"] is True


def test_a_failure_before_the_commit_leaves_no_account(
        practice: PracticeVault, owner_session: Session, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    import app.core.user_import as module

    def disk_full(*_args: object, **_kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "write_credentials_file", disk_full)
    before = VaultFile.load(practice.path)
    with pytest.raises(OSError):
        import_users(owner_session, STAFF, passwords_file=tmp_path / "pw.csv")
    assert [u.name for u in VaultFile.load(practice.path).users] == \
        [u.name for u in before.users]
    assert [u.name for u in owner_session.vault.file.users] == [u.name for u in before.users]
    assert {u.name for u in list_users(owner_session)} == {u.name for u in before.users}
    abandoned = list(owner_session.audit.entries(action_prefix="user.import"))
    assert [e.action for e in abandoned] == ["user.import.abandoned"]
    assert [e for e in owner_session.audit.entries(action_prefix="user.add")
            if "jdoe" in e.detail] == []


def test_passwords_file_is_new_and_readable_only_by_the_caller(
        owner_session: Session, tmp_path: Path) -> None:
    target = tmp_path / "passwords.csv"
    old_umask = os.umask(0)
    try:
        result = import_users(owner_session, STAFF, passwords_file=target)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert all(u.temporary_password is None for u in result.users)  # not shown as well
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert [r["name"] for r in rows] == ["jdoe", "mmuster", "itadmin"]
    assert all(len(r["temporary_password"]) >= 20 and r["expires"] == result.expires
               for r in rows)
    # Never over an existing file or through a link, and refused before any work.
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    for existing in (target, link):
        with pytest.raises(UnsafeFile, match="never overwrites"):
            import_users(owner_session, b"name,role\nanother,reception\n",
                         passwords_file=existing)
    assert not (tmp_path / "elsewhere.csv").exists()
    assert "another" not in {u.name for u in list_users(owner_session)}


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.RECEPTION, Role.AUDITOR])
def test_only_owner_and_admin_import(practice: PracticeVault, role: Role) -> None:
    with practice.open() as vault:
        session = vault.unlock(practice.user_name(role), practice.password(role))
        try:
            with pytest.raises(PermissionDenied):
                import_users(session, STAFF)
            denied = list(session.audit.entries(action_prefix="permission.denied"))[-1]
            assert json.loads(denied.detail) == {"operation": "user.import"}
        finally:
            session.close()


def test_totp_pending_follows_the_vault_and_machine_policy(
        owner_session: Session, machine_policy, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import use_machine_policy

    use_machine_policy(monkeypatch, machine_policy('totp_required_roles = ["clinician"]\n'))
    owner_session.vault.refresh_policy()  # what the next sign-in would read
    result = import_users(owner_session, STAFF, dry_run=True)
    assert {u.name: u.totp_pending for u in result.users} == {
        "jdoe": True, "mmuster": False, "itadmin": False}



# -- the first sign-in ---------------------------------------------------------------------

def test_a_temporary_password_only_lets_its_user_choose_their_own(
        practice: PracticeVault) -> None:
    from app.core.errors import EnrolmentRequired, PolicyViolation
    from app.core.records.search import find_patients
    from app.core.users import change_own_password

    with practice.open() as vault:
        temporary = imported_account(vault)
        session = vault.unlock("newbie", temporary)
        try:
            assert session.pending_enrolment == {"password"}
            with pytest.raises(EnrolmentRequired, match="choose your own password"):
                find_patients(session, "smith")
            with pytest.raises(PolicyViolation, match="password of your own"):
                change_own_password(session, temporary, temporary)
            change_own_password(session, temporary, "my own fresh passphrase here")
            assert session.pending_enrolment == set()
            find_patients(session, "smith")
            changes = [json.loads(e.detail) for e in
                       session.audit.entries(action_prefix="password.change")]
            assert changes == [{"was_temporary": True}]
        finally:
            session.close()
        with pytest.raises(WrongCredentials):
            vault.unlock("newbie", temporary)
        again = vault.unlock("newbie", "my own fresh passphrase here")
        assert again.pending_enrolment == set()
        again.close()


def test_an_expired_temporary_password_is_refused_and_audited(
        practice: PracticeVault) -> None:
    from datetime import timedelta

    from app.core import clock
    from app.core.temporary_passwords import TemporaryPasswordExpired

    with practice.open() as vault:
        temporary = imported_account(vault)
        later = clock.now() + timedelta(days=14, seconds=1)
        previous = clock.set_clock(lambda: later)
        try:
            with pytest.raises(TemporaryPasswordExpired, match="reset"):
                vault.unlock("newbie", temporary)
        finally:
            clock.set_clock(previous)
        owner = vault.unlock("owner", OWNER_PASSWORD)
        try:
            refused = list(owner.audit.entries(action_prefix="signin.refused"))
            assert len(refused) == 1 and refused[0].flagged
            assert json.loads(refused[0].detail)["why"] == "temporary_password_expired"
            # A reset gives the account a working password again.
            from app.core.users import reset_password

            reset_password(owner, "newbie", "a sturdy replacement phrase here")
        finally:
            owner.close()
        vault.unlock("newbie", "a sturdy replacement phrase here").close()


def test_totp_waits_behind_the_new_password(practice: PracticeVault, machine_policy,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.errors import EnrolmentRequired
    from tests.conftest import use_machine_policy

    with practice.open() as vault:
        temporary = imported_account(vault, "clinician")
        use_machine_policy(monkeypatch, machine_policy('totp_required_roles = ["clinician"]\n'))
        session = vault.unlock("newbie", temporary)
        try:
            assert session.pending_enrolment == {"password", "totp"}
            with pytest.raises(EnrolmentRequired) as caught:
                list_users(session)
            assert str(caught.value).startswith("You must first choose your own password")
            assert "authenticator" in str(caught.value)
        finally:
            session.close()
