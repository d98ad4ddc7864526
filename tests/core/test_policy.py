"""The machine policy: defaults, a valid file, every kind of broken file, and fuzzing."""

from __future__ import annotations

import ctypes
import dataclasses
import os
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import PolicyInvalid
from app.core.policy import (
    Policy,
    PolicyLoad,
    PolicyPathUnknown,
    check_policy_file,
    load_policy,
    system_policy_path,
    use_system_policy_path_for_tests,
    windows_program_data,
)

FIELDS = {f.name for f in dataclasses.fields(Policy)}
TEMPLATE = Path(__file__).resolve().parents[2] / "packaging" / "policy-template.toml"


def _write(tmp_path: Path, text: str | bytes, name: str = "policy.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def _assert_blocked(loaded: PolicyLoad, path: Path, key: str) -> None:
    assert loaded.blocking, "an invalid value must stop vaults opening"
    assert str(path) in loaded.errors[0]
    assert any(key in e for e in loaded.errors)
    with pytest.raises(PolicyInvalid) as refused:
        loaded.require_valid()
    assert refused.value.exit_code == 9
    assert str(path) in str(refused.value) and key in str(refused.value)
    assert "policy check" in str(refused.value)


def _uncommented_template() -> str:
    lines = []
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and " = " in line and line[2:].split(" = ")[0] in FIELDS:
            lines.append(line[2:])
    return "\n".join(lines) + "\n"


# -- defaults and locations ----------------------------------------------------------------


def test_missing_file_gives_defaults_without_errors(tmp_path: Path) -> None:
    loaded = load_policy(tmp_path / "absent.toml")
    assert loaded == PolicyLoad(Policy(), None)
    loaded.require_valid()


def test_defaults_match_the_documented_values() -> None:
    policy = Policy()
    assert policy.min_password_length == 12
    assert policy.totp_required_roles == frozenset()
    assert policy.autolock_max_minutes is None
    assert policy.kdf_min_memory_kib == 65536 and policy.kdf_min_time_cost == 1
    assert policy.workstation_factor == "allowed"
    assert policy.erasure == "refuse"
    assert policy.backup_keep == 10
    assert policy.lock_on_minimise is None


def test_system_file_is_read(machine_policy: Callable[[str], Path]) -> None:
    path = machine_policy("erasure = 'erase'\nbackup_keep = 3\n")
    loaded = load_policy()
    assert loaded.source == path and loaded.sources == (path,)
    assert loaded.policy.erasure == "erase" and loaded.policy.backup_keep == 3


def test_the_suite_never_reads_the_real_system_file() -> None:
    # conftest moved the location into the test's home; the real one stays untouched.
    assert system_policy_path() != Path("/etc/medvault/policy.toml")
    assert "system-policy.toml" in str(system_policy_path())


@pytest.mark.parametrize("tighter", [
    "min_password_length = 16\n", "kdf_min_memory_kib = 131072\n", "kdf_min_time_cost = 3\n",
    "backup_keep = 20\n", "autolock_max_minutes = 5\n", "workstation_factor = 'required'\n",
    "clipboard_max_seconds = 10\n",
    "lock_on_minimise = true\n", "sqlcipher_memory_security = true\n",
    "totp_required_roles = ['reception']\n",
])
def test_user_named_file_may_tighten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     tighter: str) -> None:
    path = _write(tmp_path, tighter)
    monkeypatch.setenv("MEDVAULT_POLICY", str(path))
    loaded = load_policy()
    key = tighter.split(" = ")[0]
    assert not loaded.issues and key in loaded.managed and loaded.sources == (path,)
    expected = load_policy(path).policy  # the same file read as the machine policy
    assert getattr(loaded.policy, key) == getattr(expected, key) != getattr(Policy(), key)


@pytest.mark.parametrize("looser", [
    "min_password_length = 8\n", "kdf_min_memory_kib = 8192\n", "backup_keep = 1\n",
    "workstation_factor = 'disabled'\n", "erasure = 'erase'\n", "lock_on_minimise = false\n",
])
def test_user_named_file_cannot_loosen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       looser: str) -> None:
    path = _write(tmp_path, looser)
    monkeypatch.setenv("MEDVAULT_POLICY", str(path))
    loaded = load_policy()
    key = looser.split(" = ")[0]
    assert loaded.policy == Policy() and key not in loaded.managed
    assert not loaded.blocking, "a looser value is ignored, not a reason to lock everyone out"
    assert len(loaded.warnings) == 1
    assert key in loaded.warnings[0] and "only tighten" in loaded.warnings[0]
    assert f"{path}, line 1" in loaded.warnings[0]


def test_user_named_file_tightens_the_system_policy_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        machine_policy: Callable[[str], Path]) -> None:
    machine_policy("min_password_length = 14\nautolock_max_minutes = 10\n"
                   "totp_required_roles = ['owner']\n")
    user = _write(tmp_path, "min_password_length = 13\nautolock_max_minutes = 30\n"
                            "totp_required_roles = ['clinician']\nbackup_keep = 2\n")
    monkeypatch.setenv("MEDVAULT_POLICY", str(user))
    loaded = load_policy()
    assert loaded.policy.min_password_length == 14  # 13 would loosen IT's 14
    assert loaded.policy.autolock_max_minutes == 10  # 30 would loosen IT's 10
    assert loaded.policy.totp_required_roles == {"owner", "clinician"}
    assert loaded.policy.backup_keep == 10
    assert len(loaded.warnings) == 3 and not loaded.blocking


@pytest.mark.parametrize("platform,expected", [
    ("linux", "/etc/medvault/policy.toml"),
    ("freebsd14", "/etc/medvault/policy.toml"),
    ("darwin", "/Library/Application Support/MedVault/policy.toml"),
])
def test_system_policy_path_per_platform(monkeypatch: pytest.MonkeyPatch, platform: str,
                                         expected: str) -> None:
    use_system_policy_path_for_tests(None)  # monkeypatch restores the test location
    monkeypatch.setattr(sys, "platform", platform)
    assert system_policy_path() == Path(expected)


class FakeShell32:
    """SHGetKnownFolderPath as Windows answers it: an HRESULT, and a string it allocated."""

    def __init__(self, folder: str | None, result: int = 0) -> None:
        self.folder, self.result = folder, result
        self.asked: list[bytes] = []

    def SHGetKnownFolderPath(self, folder_id: Any, flags: int, token: object,
                             out: Any) -> int:
        self.asked.append(ctypes.string_at(ctypes.addressof(folder_id._obj), 16))
        assert flags == 0 and token is None
        out._obj.value = self.folder
        return self.result


class FakeOle32:
    def __init__(self) -> None:
        self.freed = 0

    def CoTaskMemFree(self, pointer: object) -> None:
        self.freed += 1


def test_windows_program_data_comes_from_the_known_folder_api() -> None:
    shell32, ole32 = FakeShell32(r"D:\\ProgramData"), FakeOle32()
    assert windows_program_data(shell32, ole32) == Path(r"D:\\ProgramData")
    assert shell32.asked == [uuid.UUID("62AB5D82-FDC1-4DC3-A9DD-070D1D495D97").bytes_le]
    assert ole32.freed == 1


def test_windows_known_folder_failure_is_an_error_and_still_frees() -> None:
    shell32, ole32 = FakeShell32(None, result=-2147024894), FakeOle32()
    with pytest.raises(PolicyPathUnknown, match="HRESULT"):
        windows_program_data(shell32, ole32)
    assert ole32.freed == 1


def test_windows_ignores_the_programdata_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    use_system_policy_path_for_tests(None)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", "/home/someone/fake")
    monkeypatch.setattr("app.core.policy.windows_program_data",
                        lambda: Path(r"C:\\ProgramData"))
    assert system_policy_path() == Path(r"C:\\ProgramData") / "MedVault" / "policy.toml"


def test_unknown_policy_location_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown() -> Path:
        raise PolicyPathUnknown("SHGetKnownFolderPath failed")

    monkeypatch.setattr("app.core.policy.system_policy_path", unknown)
    loaded = load_policy()
    assert loaded.blocking and "location cannot be found" in loaded.errors[0]


# -- a valid file ---------------------------------------------------------------------------


def test_valid_file_overrides_and_marks_only_what_it_sets(tmp_path: Path) -> None:
    path = _write(tmp_path, 'min_password_length = 16\n'
                            'totp_required_roles = ["clinician", "owner"]\n'
                            'autolock_max_minutes = 3\n')
    loaded = load_policy(path)
    assert not loaded.issues and loaded.source == path
    assert loaded.managed == {"min_password_length", "totp_required_roles",
                              "autolock_max_minutes"}
    assert loaded.policy == Policy(min_password_length=16,
                                   totp_required_roles=frozenset({"clinician", "owner"}),
                                   autolock_max_minutes=3)


def test_every_key_can_be_set(tmp_path: Path) -> None:
    loaded = load_policy(_write(tmp_path, """
        min_password_length = 8
        totp_required_roles = ["owner", "admin", "clinician", "reception", "auditor", "emergency"]
        autolock_max_minutes = 1440
        clipboard_max_seconds = 600
        kdf_min_memory_kib = 8192
        kdf_min_time_cost = 4
        workstation_factor = "disabled"
        erasure = "erase"
        backup_keep = 1
        lock_on_minimise = false
        sqlcipher_memory_security = true
        break_glass_max_minutes = 5
    """))
    assert not loaded.issues
    assert loaded.managed == FIELDS
    assert loaded.policy.lock_on_minimise is False
    assert loaded.policy.sqlcipher_memory_security is True
    assert loaded.policy.workstation_factor == "disabled"
    assert len(loaded.policy.totp_required_roles) == 6


def test_byte_order_mark_from_windows_editors_is_accepted(tmp_path: Path) -> None:
    loaded = load_policy(_write(tmp_path, "\ufeffbackup_keep = 4\n".encode()))
    assert not loaded.issues and loaded.policy.backup_keep == 4


def test_effective_autolock_is_capped_and_never_zero() -> None:
    assert Policy().effective_autolock_minutes(45) == 45
    capped = Policy(autolock_max_minutes=10)
    assert capped.effective_autolock_minutes(45) == 10
    assert capped.effective_autolock_minutes(5) == 5
    assert capped.effective_autolock_minutes(0) == 1


# -- each key on its own ------------------------------------------------------------------


def test_the_issue_reproducer_keeps_the_key_it_wrote_right(tmp_path: Path) -> None:
    # A typo in one key used to drop every rule: here the 14-character minimum must hold.
    path = _write(tmp_path, "min_password_length = 14\nautolock_max_minute = 5\n")
    loaded = load_policy(path)
    assert loaded.policy.min_password_length == 14
    assert loaded.managed == {"min_password_length"}
    assert not loaded.blocking and len(loaded.warnings) == 1
    warning = loaded.warnings[0]
    assert f"{path}, line 2" in warning and "autolock_max_minute" in warning
    assert '"autolock_max_minutes"' in warning  # the suggested fix


@pytest.mark.parametrize("line,key", [
    # wrong type
    ("min_password_length = '14'\n", "min_password_length"),
    ("min_password_length = 14.0\n", "min_password_length"),
    ("backup_keep = true\n", "backup_keep"),
    ("kdf_min_time_cost = [3]\n", "kdf_min_time_cost"),
    ("totp_required_roles = 'owner'\n", "totp_required_roles"),
    ("totp_required_roles = [1, 2]\n", "totp_required_roles"),
    ("lock_on_minimise = 'yes'\n", "lock_on_minimise"),
    ("lock_on_minimise = 1\n", "lock_on_minimise"),
    ("[autolock_max_minutes]\nvalue = 5\n", "autolock_max_minutes"),
    # out of range, and unknown choices
    ("totp_required_roles = ['owner', 'wizard']\n", "totp_required_roles"),
    ("workstation_factor = 'sometimes'\n", "workstation_factor"),
    ("erasure = 'delete'\n", "erasure"),
    ("min_password_length = 129\n", "min_password_length"),
    ("kdf_min_memory_kib = 99999999999\n", "kdf_min_memory_kib"),
    ("kdf_min_time_cost = 0\n", "kdf_min_time_cost"),
    ("backup_keep = 100000\n", "backup_keep"),
    # weaker than an absolute floor
    ("min_password_length = 7\n", "min_password_length"),
    ("kdf_min_memory_kib = 8191\n", "kdf_min_memory_kib"),
    ("backup_keep = 0\n", "backup_keep"),
    ("autolock_max_minutes = 0\n", "autolock_max_minutes"),
    ("autolock_max_minutes = -5\n", "autolock_max_minutes"),
])
def test_invalid_value_blocks_and_names_file_line_key_and_fix(tmp_path: Path, line: str,
                                                              key: str) -> None:
    valid = {"erasure": "'erase'", "min_password_length": "20", "backup_keep": "3"}
    prefix = "".join(f"{k} = {v}\n" for k, v in valid.items() if k not in line)
    path = _write(tmp_path, prefix + line)
    loaded = load_policy(path)
    _assert_blocked(loaded, path, key)
    # The key IT wrote correctly still applies; the broken one keeps its default.
    assert loaded.managed == {k for k in valid if k not in line}
    assert getattr(loaded.policy, key) == getattr(Policy(), key)
    expected_line = prefix.count("\n") + 1
    (issue,) = loaded.issues
    assert issue.key == key and issue.line == expected_line and issue.fix
    assert f"{path}, line {expected_line} ({key})" in loaded.errors[0]
    assert "Fix:" in loaded.errors[0]


@pytest.mark.parametrize("text,line", [
    ("backup_keep = 3\nmin_password_length = \n", 2),
    ("min_password_length = 14\nmin_password_length = 15\n", 2),
])
def test_toml_syntax_error_blocks_with_its_line(tmp_path: Path, text: str, line: int) -> None:
    path = _write(tmp_path, text)
    loaded = load_policy(path)
    _assert_blocked(loaded, path, "TOML")
    assert loaded.issues[0].line == line and f"line {line}" in loaded.errors[0]


@pytest.mark.parametrize("text,key", [
    ("colour = 'blue'\n", "colour"),
    ("[min_password]\nlength = 3\n", "min_password"),
    ("totp_exempt_roles = ['backup']\n", "totp_exempt_roles"),
])
def test_unknown_key_is_a_warning_and_the_rest_applies(tmp_path: Path, text: str,
                                                        key: str) -> None:
    path = _write(tmp_path, "backup_keep = 3\n" + text)
    loaded = load_policy(path)
    assert not loaded.blocking and loaded.policy.backup_keep == 3
    assert len(loaded.warnings) == 1 and key in loaded.warnings[0]
    assert f"{path}, line 2" in loaded.warnings[0]
    loaded.require_valid()


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, "backup_keep = 0\nmin_password_length = 4\ncolour = 'red'\n")
    loaded = load_policy(path)
    _assert_blocked(loaded, path, "backup_keep")
    assert len(loaded.errors) == 2 and len(loaded.warnings) == 1
    assert any("min_password_length" in e for e in loaded.errors)
    assert "colour" in loaded.warnings[0]


def test_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, b"backup_keep = 3\nmin_password_length = 14 # \xff\xfe\n")
    loaded = load_policy(path)
    _assert_blocked(loaded, path, "UTF-8")
    assert loaded.issues[0].line == 2


def test_deeply_nested_value_does_not_crash(tmp_path: Path) -> None:
    path = _write(tmp_path, "backup_keep = " + "[" * 50_000 + "\n")
    _assert_blocked(load_policy(path), path, "TOML")


def test_a_folder_at_the_policy_path_blocks(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.mkdir()
    _assert_blocked(load_policy(path), path, "folder")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX feature")
def test_a_fifo_at_the_policy_path_blocks_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    os.mkfifo(path)
    _assert_blocked(load_policy(path), path, "regular file")


def test_an_oversized_policy_is_refused_unread(tmp_path: Path) -> None:
    path = _write(tmp_path, "# padding\n" * 10_000)
    _assert_blocked(load_policy(path), path, "KiB")


def test_policy_check_of_a_missing_file_is_an_error(tmp_path: Path) -> None:
    loaded = check_policy_file(tmp_path / "absent.toml")
    assert loaded.blocking and "no such file" in loaded.errors[0]
    good = check_policy_file(_write(tmp_path, "backup_keep = 5\n"))
    assert not good.issues and good.policy.backup_keep == 5


# -- the template for IT -----------------------------------------------------------------


def test_template_as_shipped_changes_nothing() -> None:
    assert load_policy(TEMPLATE) == PolicyLoad(Policy(), TEMPLATE, (), frozenset(), (TEMPLATE,))


def test_template_documents_every_key_once_and_parses_uncommented(tmp_path: Path) -> None:
    text = _uncommented_template()
    keys = [line.split(" = ")[0] for line in text.splitlines()]
    assert sorted(keys) == sorted(FIELDS)
    loaded = load_policy(_write(tmp_path, text))
    assert not loaded.issues and loaded.managed == FIELDS


# -- fuzzing --------------------------------------------------------------------------------

_KEYS = st.sampled_from([*sorted(FIELDS), "colour", "min_password", "", "a.b", '"quoted key"'])
_VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["0", "1", "7", "8", "8191", "8192", "true", "false", "nan", "-inf", "1.5",
                     "'allowed'", '"required"', '"disabled"', '"erase"', '"refuse"',
                     '["owner"]', '["wizard"]', "[]", "[[]]", "{}", "{a = 1}", '"""x"""',
                     "1979-05-27", "0x10", "1_000", ""]),
    st.text(max_size=12).map(repr),
)
_LINE = st.one_of(
    st.tuples(_KEYS, _VALUES).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(["[table]", "[[array]]", "# comment", "", "=", "key ="]),
    st.text(max_size=20),
)
_TOMLISH = st.one_of(
    st.lists(_LINE, max_size=8).map(lambda lines: "\n".join(lines).encode("utf-8", "replace")),
    st.binary(max_size=200),
)


@given(_TOMLISH)
@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzzed_policy_never_raises_and_is_never_weaker(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "policy.toml"
        path.write_bytes(data)
        loaded = load_policy(path)
    policy, defaults = loaded.policy, Policy()
    if loaded.issues:
        assert all(str(path) in message for message in loaded.errors + loaded.warnings)
    # Whatever the file holds, nothing falls below the absolute floors...
    assert policy.min_password_length >= 8
    assert policy.kdf_min_memory_kib >= 8192
    assert policy.kdf_min_time_cost >= 1
    assert policy.backup_keep >= 1
    assert policy.autolock_max_minutes is None or policy.autolock_max_minutes >= 1
    assert policy.totp_required_roles >= defaults.totp_required_roles
    # ...and anything the file did not validly set stays exactly at its default.
    for name in FIELDS - loaded.managed:
        assert getattr(policy, name) == getattr(defaults, name)
