"""The machine policy: defaults, a valid file, every kind of broken file, and fuzzing."""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.policy import Policy, PolicyLoad, load_policy, system_policy_path

FIELDS = {f.name for f in dataclasses.fields(Policy)}
TEMPLATE = Path(__file__).resolve().parents[2] / "packaging" / "policy-template.toml"


def _write(tmp_path: Path, text: str | bytes, name: str = "policy.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def _assert_rejected(loaded: PolicyLoad, path: Path, key: str) -> None:
    assert loaded.policy == Policy()
    assert loaded.managed == frozenset()
    assert loaded.source == path
    assert loaded.errors, "a broken file must be reported"
    joined = "\n".join(loaded.errors)
    assert key in joined
    for error in loaded.errors:
        assert str(path) in error
        assert "built-in defaults" in error and "Ask IT" in error


def _uncommented_template() -> str:
    lines = []
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and " = " in line and line[2:].split(" = ")[0] in FIELDS:
            lines.append(line[2:])
    return "\n".join(lines) + "\n"


# -- defaults and locations ----------------------------------------------------------------


def test_missing_file_gives_defaults_without_errors(tmp_path: Path) -> None:
    loaded = load_policy(tmp_path / "absent.toml")
    assert loaded == PolicyLoad(Policy(), None, (), frozenset())


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


def test_environment_variable_chooses_the_file(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "backup_keep = 3\n")
    monkeypatch.setenv("MEDVAULT_POLICY", str(path))
    loaded = load_policy()
    assert loaded.source == path and loaded.policy.backup_keep == 3


def test_without_environment_variable_the_system_path_is_read(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = _write(tmp_path, "erasure = 'erase'\n")
    monkeypatch.delenv("MEDVAULT_POLICY", raising=False)
    monkeypatch.setattr("app.core.policy.system_policy_path", lambda: path)
    assert load_policy().policy.erasure == "erase"


@pytest.mark.parametrize("platform,expected", [
    ("linux", "/etc/medvault/policy.toml"),
    ("freebsd14", "/etc/medvault/policy.toml"),
    ("darwin", "/Library/Application Support/MedVault/policy.toml"),
])
def test_system_policy_path_per_platform(monkeypatch: pytest.MonkeyPatch, platform: str,
                                         expected: str) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert system_policy_path() == Path(expected)


def test_system_policy_path_on_windows_uses_programdata(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", "/srv/programdata")
    assert system_policy_path() == Path("/srv/programdata") / "MedVault" / "policy.toml"


# -- a valid file ---------------------------------------------------------------------------


def test_valid_file_overrides_and_marks_only_what_it_sets(tmp_path: Path) -> None:
    path = _write(tmp_path, 'min_password_length = 16\n'
                            'totp_required_roles = ["clinician", "owner"]\n'
                            'autolock_max_minutes = 3\n')
    loaded = load_policy(path)
    assert not loaded.errors and loaded.source == path
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
        kdf_min_memory_kib = 8192
        kdf_min_time_cost = 4
        workstation_factor = "disabled"
        erasure = "erase"
        backup_keep = 1
        lock_on_minimise = false
        sqlcipher_memory_security = true
    """))
    assert not loaded.errors
    assert loaded.managed == FIELDS
    assert loaded.policy.lock_on_minimise is False
    assert loaded.policy.sqlcipher_memory_security is True
    assert loaded.policy.workstation_factor == "disabled"
    assert len(loaded.policy.totp_required_roles) == 6


def test_byte_order_mark_from_windows_editors_is_accepted(tmp_path: Path) -> None:
    loaded = load_policy(_write(tmp_path, "\ufeffbackup_keep = 4\n".encode()))
    assert not loaded.errors and loaded.policy.backup_keep == 4


def test_effective_autolock_is_capped_and_never_zero() -> None:
    assert Policy().effective_autolock_minutes(45) == 45
    capped = Policy(autolock_max_minutes=10)
    assert capped.effective_autolock_minutes(45) == 10
    assert capped.effective_autolock_minutes(5) == 5
    assert capped.effective_autolock_minutes(0) == 1


# -- broken files ---------------------------------------------------------------------------


@pytest.mark.parametrize("line,key", [
    # bad TOML
    ("min_password_length = \n", "TOML"),
    ("min_password_length = 14\nmin_password_length = 15\n", "TOML"),
    # unknown key, including a table
    ("colour = 'blue'\n", "colour"),
    ("[min_password]\nlength = 3\n", "min_password"),
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
def test_broken_file_gives_all_defaults_and_names_the_key(tmp_path: Path, line: str,
                                                          key: str) -> None:
    # The valid settings around the broken one are dropped too: all or nothing.
    valid = {"erasure": "'erase'", "min_password_length": "20", "backup_keep": "3"}
    prefix = "".join(f"{k} = {v}\n" for k, v in valid.items() if k not in line)
    path = _write(tmp_path, prefix + line)
    _assert_rejected(load_policy(path), path, key)


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, "backup_keep = 0\nmin_password_length = 4\ncolour = 'red'\n")
    loaded = load_policy(path)
    _assert_rejected(loaded, path, "backup_keep")
    assert len(loaded.errors) == 3
    assert any("min_password_length" in e for e in loaded.errors)
    assert any("colour" in e for e in loaded.errors)


def test_misspelt_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "min_pasword_length = 14\n")
    loaded = load_policy(path)
    _assert_rejected(loaded, path, "min_pasword_length")
    assert '"min_password_length"' in loaded.errors[0]


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, b"min_password_length = 14 # \xff\xfe\n")
    _assert_rejected(load_policy(path), path, "UTF-8")


def test_deeply_nested_value_does_not_crash(tmp_path: Path) -> None:
    path = _write(tmp_path, "backup_keep = " + "[" * 50_000 + "\n")
    _assert_rejected(load_policy(path), path, "TOML")


def test_unreadable_policy_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.mkdir()  # a directory where the file should be: reading fails on every platform
    loaded = load_policy(path)
    assert loaded.policy == Policy() and loaded.errors and str(path) in loaded.errors[0]


# -- the template for IT -----------------------------------------------------------------


def test_template_as_shipped_changes_nothing() -> None:
    assert load_policy(TEMPLATE) == PolicyLoad(Policy(), TEMPLATE, (), frozenset())


def test_template_documents_every_key_once_and_parses_uncommented(tmp_path: Path) -> None:
    text = _uncommented_template()
    keys = [line.split(" = ")[0] for line in text.splitlines()]
    assert sorted(keys) == sorted(FIELDS)
    loaded = load_policy(_write(tmp_path, text))
    assert not loaded.errors and loaded.managed == FIELDS


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
    if loaded.errors:
        assert policy == defaults and not loaded.managed
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
