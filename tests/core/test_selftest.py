"""`medvault --self-test`: each check passes on a sound machine and fails with the reason."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from app.core.database import VaultDatabase
from app.core.selftest import check_keyring, check_sqlcipher, check_writable
from tests.core.test_cli import run

NAMES = ["policy", "sqlcipher", "argon2", "keyring", "vault folder", "backup folder", "qt"]


def _self_test(monkeypatch, capsys, *extra: str) -> tuple[int, dict[str, object], str]:  # type: ignore[no-untyped-def]
    code, out, err = run(monkeypatch, capsys, ["--self-test", "--json", *extra])
    return code, json.loads(out), err


def test_self_test_passes_on_this_machine(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    code, report, _ = _self_test(monkeypatch, capsys, "--vault-dir", str(tmp_path / "v"),
                                 "--backup-dir", str(tmp_path))
    checks = {c["name"]: c for c in report["checks"]}  # type: ignore[attr-defined]
    assert list(checks) == NAMES
    assert code == 0 and report["ok"] is True, report
    assert all(c["status"] == "ok" for c in checks.values()), report
    assert "SQLCipher 4." in checks["sqlcipher"]["detail"]
    assert "'offscreen' platform plugin" in checks["qt"]["detail"]
    assert "will be created in" in checks["vault folder"]["detail"]


def test_plain_output_and_a_failing_qt_plugin(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")
    code, out, err = run(monkeypatch, capsys, ["--self-test"])
    assert code == 11
    assert "[FAIL] qt" in out and "no-such-platform" in out
    assert "[ok  ] sqlcipher" in out
    assert "Self-test failed: qt." in err


def test_broken_policy_fails_the_self_test(monkeypatch, capsys,  # type: ignore[no-untyped-def]
                                           machine_policy: Callable[[str], Path]) -> None:
    path = machine_policy("backup_keep = 'ten'\n")
    code, report, _ = _self_test(monkeypatch, capsys)
    policy = report["checks"][0]  # type: ignore[index]
    assert code == 11 and policy["status"] == "failed"
    assert f"{path}, line 1 (backup_keep)" in policy["detail"]


def test_unwritable_folder_fails(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    check = check_writable("vault", blocker / "vaults")
    assert check.status == "failed" and "not a folder" in check.detail
    assert check_writable("vault", tmp_path).status == "ok"


def test_keyring_missing_is_a_warning_unless_the_policy_requires_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(fail.Keyring())
    assert check_keyring("allowed").status == "warning"
    required = check_keyring("required")
    assert required.status == "failed" and "requires the workstation factor" in required.detail


def test_sqlcipher_check_catches_a_build_that_accepts_any_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert check_sqlcipher().status == "ok"
    original = VaultDatabase.open.__func__  # type: ignore[attr-defined]
    first: dict[str, object] = {}

    def any_key_opens(cls, directory, files, keys, **kwargs):  # type: ignore[no-untyped-def]
        return original(cls, directory, files, first.setdefault("keys", keys), **kwargs)

    monkeypatch.setattr(VaultDatabase, "open", classmethod(any_key_opens))
    check = check_sqlcipher()
    assert check.status == "failed" and "wrong key opened" in check.detail
