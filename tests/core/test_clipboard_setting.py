"""How long a copy stays on the clipboard (issue 15.3): a vault setting bounded by the
machine policy, where nothing broken or out of range ever gives a longer time."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import UsageError
from app.core.policy import Policy, load_policy
from app.core.session import Session
from app.core.vault_settings import (
    CLIPBOARD_DEFAULT_SECONDS,
    CLIPBOARD_MAX_SECONDS,
    CLIPBOARD_MIN_SECONDS,
    VaultSettings,
    clipboard_limit,
    clipboard_seconds,
    current_settings,
    load_settings,
    save_settings,
    stored_settings,
)
from tests.core.conftest import PracticeVault

NO_POLICY = Policy()


def test_the_default_and_the_bounds() -> None:
    assert clipboard_seconds(None, NO_POLICY) == CLIPBOARD_DEFAULT_SECONDS == 30
    assert clipboard_seconds(VaultSettings(clipboard_seconds=10), NO_POLICY) == 10
    assert clipboard_limit(NO_POLICY) == CLIPBOARD_MAX_SECONDS
    # The policy lowers the cap, for the default (before sign-in) as much as a choice.
    strict = Policy(clipboard_max_seconds=12)
    assert clipboard_seconds(None, strict) == 12
    assert clipboard_seconds(VaultSettings(clipboard_seconds=200), strict) == 12
    assert clipboard_seconds(VaultSettings(clipboard_seconds=8), strict) == 8


@given(stored=st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=5),
                        st.booleans(), st.none(), st.lists(st.integers(), max_size=2)),
       cap=st.one_of(st.none(), st.integers(min_value=5, max_value=600)))
def test_nothing_stored_ever_gives_more_than_the_limit_or_a_valid_choice(
        stored: object, cap: int | None) -> None:
    policy = Policy(clipboard_max_seconds=cap)
    seconds = clipboard_seconds(VaultSettings(clipboard_seconds=stored), policy)  # type: ignore[arg-type]
    assert CLIPBOARD_MIN_SECONDS <= seconds <= clipboard_limit(policy)
    if isinstance(stored, int) and not isinstance(stored, bool) \
            and stored >= CLIPBOARD_MIN_SECONDS:
        assert seconds == min(stored, clipboard_limit(policy))
    else:
        # Unreadable or below the least: the shortest time, never the longer default.
        assert seconds == CLIPBOARD_MIN_SECONDS


@pytest.mark.parametrize("raw", [
    "{not json", '"a string"', "[1, 2]",
    json.dumps({"clipboard_seconds": "forever"}),
    json.dumps({"clipboard_seconds": 1e9, "autolock_minutes": 5}),
    json.dumps({"clipboard_seconds": True}),
    json.dumps({"clipboard_seconds": -3}),
])
def test_a_damaged_stored_value_gives_the_shortest_time(owner_session: Session,
                                                        raw: str) -> None:
    conn = owner_session.conn
    with owner_session.transaction():
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('vault_settings', ?)",
                     (raw,))
    assert load_settings(conn, "practice").clipboard_seconds == CLIPBOARD_MIN_SECONDS
    assert current_settings(owner_session).clipboard_seconds == CLIPBOARD_MIN_SECONDS


def test_another_fields_damage_keeps_the_chosen_time(owner_session: Session) -> None:
    save_settings(owner_session, VaultSettings(clipboard_seconds=9))
    data = json.loads(owner_session.conn.execute(
        "SELECT value FROM meta WHERE key = 'vault_settings'").fetchone()[0])
    data["autolock_minutes"] = "soon"
    with owner_session.transaction():
        owner_session.conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'vault_settings'", (json.dumps(data),))
    assert stored_settings(owner_session).clipboard_seconds == 9


def test_saving_checks_the_bounds_and_is_audited(owner_session: Session) -> None:
    saved = save_settings(owner_session, VaultSettings(clipboard_seconds=45))
    assert saved.clipboard_seconds == 45
    entry = list(owner_session.audit.entries(action_prefix="settings.change"))[-1]
    assert json.loads(entry.detail)["clipboard_seconds"] == 45
    for bad in (0, CLIPBOARD_MIN_SECONDS - 1, CLIPBOARD_MAX_SECONDS + 1):
        with pytest.raises(UsageError, match="clipboard"):
            save_settings(owner_session, VaultSettings(clipboard_seconds=bad))
    assert stored_settings(owner_session).clipboard_seconds == 45


def test_the_policy_caps_a_stored_choice(practice: PracticeVault,
                                         machine_policy: Callable[[str], Path]) -> None:
    with practice.open() as vault:
        owner = vault.unlock("owner", "correct horse battery staple")
        save_settings(owner, VaultSettings(clipboard_seconds=120))
        owner.close()
    machine_policy("clipboard_max_seconds = 15\n")
    assert load_policy().policy.clipboard_max_seconds == 15
    with practice.open() as vault:
        owner = vault.unlock("owner", "correct horse battery staple")
        assert current_settings(owner).clipboard_seconds == 15
        with pytest.raises(UsageError, match="5 to 15 seconds"):
            save_settings(owner, dataclasses.replace(stored_settings(owner),
                                                     clipboard_seconds=16))
        owner.close()


@pytest.mark.parametrize("text", ["clipboard_max_seconds = 4\n",
                                  "clipboard_max_seconds = 601\n",
                                  "clipboard_max_seconds = 'long'\n"])
def test_a_bad_policy_value_is_an_error_not_a_default(tmp_path: Path, text: str) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    assert load_policy(path).blocking


def test_a_user_named_file_may_only_lower_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            machine_policy: Callable[[str], Path]) -> None:
    machine_policy("clipboard_max_seconds = 20\n")
    looser = tmp_path / "looser.toml"
    looser.write_text("clipboard_max_seconds = 60\n", encoding="utf-8")
    monkeypatch.setenv("MEDVAULT_POLICY", str(looser))
    loaded = load_policy()
    assert loaded.policy.clipboard_max_seconds == 20 and loaded.warnings
    looser.write_text("clipboard_max_seconds = 10\n", encoding="utf-8")
    assert load_policy().policy.clipboard_max_seconds == 10


@pytest.mark.parametrize(("field", "damage"), [
    ("totp_required_roles", "clinician"), ("totp_required_roles", [3]),
    ("autolock_minutes", "soon"), ("autolock_minutes", 0), ("autolock_minutes", True),
    ("lock_on_minimise", "no"), ("pin_unlock", 1),
])
def test_a_damaged_field_takes_its_strictest_value_and_the_rest_stay(
        owner_session: Session, field: str, damage: object) -> None:
    """One damaged field never loosens another the owner chose, nor itself: TOTP for
    every role, the shortest idle lock, lock on minimise, no PIN."""
    from app.core.vault_settings import STRICTEST

    chosen = VaultSettings(totp_required_roles=frozenset({"admin"}), autolock_minutes=3,
                           lock_on_minimise=False, pin_unlock=True, clipboard_seconds=9)
    save_settings(owner_session, chosen)
    data = json.loads(owner_session.conn.execute(
        "SELECT value FROM meta WHERE key = 'vault_settings'").fetchone()[0])
    data[field] = damage
    with owner_session.transaction():
        owner_session.conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'vault_settings'", (json.dumps(data),))
    loaded = stored_settings(owner_session)
    assert loaded == dataclasses.replace(chosen, **{field: getattr(STRICTEST, field)})


@pytest.mark.parametrize("raw", ["{not json", '"a string"', "[1, 2]"])
def test_unreadable_settings_are_the_strictest(owner_session: Session, raw: str) -> None:
    from app.core.vault_settings import STRICTEST

    with owner_session.transaction():
        owner_session.conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('vault_settings', ?)", (raw,))
    loaded = load_settings(owner_session.conn, "practice")
    assert loaded.totp_required_roles == STRICTEST.totp_required_roles
    assert loaded.autolock_minutes == 1 and loaded.lock_on_minimise and not loaded.pin_unlock
