"""Bad input at the sign-in door (issue 8, items 6 and 7).

One bad sign-in, or a garbled `signin-attempts.json`, must never break sign-in for anyone;
a name that matches no account (often a password typed into the wrong field) is never
written down as text.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import WrongCredentials
from app.core.roles import Role
from app.core.throttle import (
    ATTEMPTS_FILE,
    MAX_DELAY_S,
    MAX_FILE_BYTES,
    RECORD_DAMAGED,
    UNKNOWN_ACCOUNT,
    SigninThrottle,
    delay_after,
)
from app.core.vault import OpenVault
from app.core.verification import export_audit
from tests.reliability.input_fixtures import OWNER_PASSWORD, password_for, staffed_vault

__all__ = ["staffed_vault"]

SECRET_TYPED_AS_NAME = "Tr0ub4dor&3-canary-password"


def _fail(vault: OpenVault, name: str) -> None:
    with pytest.raises(WrongCredentials):
        vault.unlock(name, "not the password at all")


def test_non_utf8_name_does_not_break_later_sign_ins(staffed_vault: Path) -> None:
    # `--as $'\xff'` reaches Python as a lone surrogate.
    with OpenVault.open(staffed_vault) as vault:
        _fail(vault, "\udcff")
        for role in (Role.OWNER, Role.RECEPTION):
            name = "owner" if role is Role.OWNER else "reception1"
            vault.unlock(name, password_for(role)).close()
    raw = (staffed_vault / ATTEMPTS_FILE).read_bytes()
    raw.decode("ascii")  # nothing but escaped, encodable text


def test_unknown_name_is_never_stored_as_text(staffed_vault: Path, tmp_path: Path) -> None:
    with OpenVault.open(staffed_vault) as vault:
        _fail(vault, SECRET_TYPED_AS_NAME)
        _fail(vault, SECRET_TYPED_AS_NAME)
        _fail(vault, "someone else")
        assert SECRET_TYPED_AS_NAME not in (staffed_vault / ATTEMPTS_FILE).read_text()
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            failures = list(session.audit.entries(action_prefix="signin.failure"))
            assert [f.actor for f in failures] == [UNKNOWN_ACCOUNT] * 3
            tags = [json.loads(f.detail)["account"] for f in failures]
            # The same typed text gets the same tag; a different one another.
            assert tags[0] == tags[1] != tags[2]
            export_audit(session, tmp_path / "audit.csv", "csv")
            export_audit(session, tmp_path / "audit.json", "json")
        finally:
            session.close()
    for written in [*staffed_vault.rglob("*"), tmp_path / "audit.csv", tmp_path / "audit.json"]:
        if written.is_file():
            assert SECRET_TYPED_AS_NAME.encode() not in written.read_bytes(), written


def test_unknown_names_are_throttled_by_their_tag(staffed_vault: Path) -> None:
    with OpenVault.open(staffed_vault) as vault:
        for _ in range(4):
            _fail(vault, "nobody")
        key = vault.throttle.account("nobody", None).key
        assert vault.throttle.retry_after(key) > 0
        # A different unknown name is not held up by it, and neither is the owner.
        assert vault.throttle.retry_after(vault.throttle.account("other", None).key) == 0
        vault.unlock("owner", OWNER_PASSWORD).close()


ODD_FILES: dict[str, object] = {
    "numbers where records belong": {"users": {"x": 5, "y": [1]}, "pending": [3, None]},
    "1e18 failures": {"users": {"OWNER": {"failures": 10 ** 18, "last": 0}}},
    "failures as 1e308": {"users": {"OWNER": {"failures": 1e308, "last": 1e308}}},
    "a last time a year ahead": {"users": {"OWNER": {"failures": 50,
                                                     "last": "FUTURE"}}},
    "users is a list": {"users": [], "pending": {}},
    "top level is a list": [1, 2, 3],
    "deeply nested": "[" * 100_000,
    "NaN": '{"users": {"OWNER": {"failures": NaN, "last": Infinity}}}',
    "not UTF-8": b"\xff\xfe{garbage",
    "empty": "",
    "long strings": {"users": {"a" * 10_000: {"failures": 1, "last": 0}},
                     "pending": [{"user": "u" * 100_000, "ts": "t", "why": "w"}]},
}


def _write_odd(path: Path, content: object, owner_id: str) -> None:
    import time

    if isinstance(content, bytes):
        path.write_bytes(content)
        return
    if isinstance(content, str):
        path.write_text(content)
        return
    text = json.dumps(content).replace("OWNER", owner_id)
    text = text.replace('"FUTURE"', str(time.time() + 365 * 86400))
    path.write_text(text)


@pytest.mark.parametrize("case", sorted(ODD_FILES))
def test_odd_attempts_file_never_locks_out_or_crashes(staffed_vault: Path, case: str) -> None:
    with OpenVault.open(staffed_vault) as vault:
        owner = vault.file.user_by_name("owner")
        assert owner is not None
        _write_odd(staffed_vault / ATTEMPTS_FILE, ODD_FILES[case], owner.user_id)
        # At most the longest ordinary wait, never a year and never a traceback.
        assert vault.throttle.retry_after(owner.user_id) <= MAX_DELAY_S
        _fail(vault, "reception1")
        vault.throttle.retry_after(owner.user_id)
        if vault.throttle.retry_after(owner.user_id) == 0:
            session = vault.unlock("owner", OWNER_PASSWORD)
            session.close()


def test_garbled_fields_reach_the_audit_flagged(staffed_vault: Path) -> None:
    with OpenVault.open(staffed_vault) as vault:
        (staffed_vault / ATTEMPTS_FILE).write_text(json.dumps(ODD_FILES["numbers where records "
                                                                       "belong"]))
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            notes = [e for e in session.audit.entries(action_prefix="signin.failure")
                     if RECORD_DAMAGED in json.dumps(e.detail)]
            assert len(notes) == 1 and notes[0].flagged
        finally:
            session.close()
        # The next write left a sound file behind.
        data = json.loads((staffed_vault / ATTEMPTS_FILE).read_text())
        assert data["users"] == {} and data["pending"] == []


def test_oversized_or_special_attempts_file_is_refused_not_read(staffed_vault: Path) -> None:
    path = staffed_vault / ATTEMPTS_FILE
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with OpenVault.open(staffed_vault) as vault:
        vault.unlock("owner", OWNER_PASSWORD).close()
    assert path.stat().st_size < 10_000
    path.unlink()
    os.mkfifo(path)
    with OpenVault.open(staffed_vault) as vault:  # a FIFO would block a plain read
        assert vault.throttle.retry_after("x") == 0


def test_the_user_table_is_bounded(tmp_path: Path) -> None:
    throttle = SigninThrottle(tmp_path)
    (tmp_path / ATTEMPTS_FILE).write_text(json.dumps(
        {"users": {f"u{i}": {"failures": 1, "last": i} for i in range(50_000)}}))
    throttle.record_failure("latest", "label", "why", "ts")
    users = json.loads((tmp_path / ATTEMPTS_FILE).read_text())["users"]
    assert len(users) <= 2_000 and "latest" in users


def test_huge_failure_counts_give_the_longest_ordinary_delay() -> None:
    assert delay_after(10 ** 18) == MAX_DELAY_S


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda kids: st.lists(kids, max_size=4)
                    | st.dictionaries(st.sampled_from(["users", "pending", "key", "failures",
                                                       "last", "user", "ts", "why", "x"]),
                                      kids, max_size=4), max_leaves=20))
def test_fuzzed_attempts_file_reads_without_error(tmp_path: Path, content: object) -> None:
    (tmp_path / ATTEMPTS_FILE).write_text(json.dumps(content))
    throttle = SigninThrottle(tmp_path)
    assert throttle.retry_after("u") <= MAX_DELAY_S
    throttle.pending()
    throttle.record_failure("u", "label", "why", "ts")
    throttle.succeeded("u", len(throttle.pending()))
