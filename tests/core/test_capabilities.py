"""Core answers "what may I do here?"; the CLI and the GUI ask it instead of re-deriving it."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from app.cli import main
from app.core.errors import UsageError
from app.core.policy import Policy
from app.core.session import Session
from app.core.vault_settings import (
    AUTOLOCK_MAX_MINUTES,
    autolock_limit,
    current_settings,
    save_settings,
    stored_settings,
)
from tests.core.conftest import OWNER_PASSWORD, PracticeVault


# -- the idle-lock cap ---------------------------------------------------------------------
def test_the_idle_lock_cap_is_core_s_and_a_policy_can_only_lower_it() -> None:
    assert AUTOLOCK_MAX_MINUTES == 240
    assert autolock_limit(Policy()) == 240
    assert autolock_limit(Policy(autolock_max_minutes=30)) == 30
    assert autolock_limit(Policy(autolock_max_minutes=1440)) == 240


def test_core_refuses_an_idle_lock_above_the_cap(owner_session: Session) -> None:
    stored = stored_settings(owner_session)
    with pytest.raises(UsageError, match="at most 240 minutes"):
        save_settings(owner_session, dataclasses.replace(stored, autolock_minutes=241))
    assert stored_settings(owner_session) == stored  # nothing was changed
    saved = save_settings(owner_session, dataclasses.replace(stored, autolock_minutes=240))
    assert saved.autolock_minutes == 240


def test_a_value_stored_before_the_cap_is_capped_when_used(owner_session: Session) -> None:
    import json

    with owner_session.transaction() as conn:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('vault_settings', ?)",
                     (json.dumps({"totp_required_roles": [], "autolock_minutes": 10000,
                                  "lock_on_minimise": False}),))
    assert current_settings(owner_session).autolock_minutes == 240


def test_the_cli_refuses_an_idle_lock_above_the_cap(
        practice: PracticeVault, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def settings_set(minutes: int) -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(OWNER_PASSWORD + "\n"))
        code = main(["settings", "set", str(practice.path), "--as", "owner",
                     "--password-stdin", "--autolock-minutes", str(minutes)])
        return code, capsys.readouterr().err

    code, err = settings_set(241)
    assert code == 2 and "at most 240 minutes" in err
    code, err = settings_set(240)
    assert code == 0, err


def test_the_cli_refuses_above_a_lower_policy_cap(
        practice: PracticeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("autolock_max_minutes = 20\n")
    monkeypatch.setenv("MEDVAULT_POLICY", str(policy))
    monkeypatch.setattr("sys.stdin", io.StringIO(OWNER_PASSWORD + "\n"))
    code = main(["settings", "set", str(practice.path), "--as", "owner", "--password-stdin",
                 "--autolock-minutes", "21"])
    assert code == 2 and "at most 20 minutes" in capsys.readouterr().err
