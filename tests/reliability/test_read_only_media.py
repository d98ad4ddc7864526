"""A vault on read-only media is checked in place (issue 8, item 17).

The vault folder is bind-mounted read-only in a private mount namespace (`unshare -rm`),
which forbids writes for root too (file modes do not: root ignores them). `verify` and
`audit verify` work there and say plainly that nothing is recorded, and what was not;
everything else is refused, the files stay byte for byte the same, and a damaged copy is
still reported as damaged.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.core.vault import OpenVault
from tests.reliability.insider import raw_registry, registry_key
from tests.support import OWNER_PASSWORD, make_practice_vault

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """set -e
for folder in "$1" "$2"; do
  mount --bind "$folder" "$folder"
  mount -o remount,bind,ro "$folder"
done
cd "$3"
exec "$4" -m tests.reliability.read_only_driver "$1" "$2"
"""


def _namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not _namespaces_work():
        pytest.skip("this machine allows no private mount namespace (unshare -rm), so no "
                    "read-only mount can be made for the test")
    base = tmp_path_factory.mktemp("read-only")
    vault, tampered = base / "vault", base / "tampered"
    make_practice_vault(vault)
    shutil.copytree(vault, tampered)
    key = registry_key(tampered, "owner", OWNER_PASSWORD)
    with raw_registry(tampered, key) as conn:  # an edit without recomputing the MACs
        conn.execute("UPDATE audit SET actor = 'someone else' WHERE seq = 2")
    before = _digest(vault), _digest(tampered)
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", SCRIPT, "sh", str(vault), str(tampered), str(ROOT),
         sys.executable], capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    steps = {s["step"]: s for s in map(json.loads, done.stdout.splitlines())}
    return {"steps": steps, "vault": vault, "before": before,
            "after": (_digest(vault), _digest(tampered))}


def test_verify_works_in_place_and_says_what_was_not_recorded(outcome: dict[str, Any]) -> None:
    step = outcome["steps"]["verify"]
    assert step["code"] == 0, step["err"]
    assert "The vault is intact" in step["out"]
    assert "cannot be written" in step["err"] and "not recorded" in step["err"]
    assert ("Not recorded in the vault (read-only): signin.success, vault.verify, "
            "session.close.") in step["err"]
    data = json.loads(outcome["steps"]["verify json"]["out"])
    assert data["ok"] and data["read_only"]
    assert data["not_recorded"] == ["signin.success", "vault.verify", "session.close"]


def test_audit_verify_works_in_place(outcome: dict[str, Any]) -> None:
    step = outcome["steps"]["audit verify"]
    assert step["code"] == 0, step["err"]
    assert "The audit chain is intact" in step["out"]
    assert "audit.verify" in step["err"]


def test_a_damaged_copy_on_read_only_media_is_still_damaged(outcome: dict[str, Any]) -> None:
    step = outcome["steps"]["tampered verify"]
    assert step["code"] == 5, step["err"]
    assert "damaged" in step["err"] and "Not recorded" in step["err"]


def test_wrong_credentials_are_refused_without_a_crash(outcome: dict[str, Any]) -> None:
    for name in ("wrong password", "unknown name"):
        step = outcome["steps"][name]
        assert step["code"] == 3, step["err"]
        assert "Traceback" not in step["err"]
        # Told before the password was checked that a wrong one is not recorded.
        assert "a wrong password" in step["err"]


def test_anything_but_a_check_is_refused(outcome: dict[str, Any]) -> None:
    step = outcome["steps"]["patient find"]
    assert step["code"] == 1 and "Traceback" not in step["err"]
    assert "cannot be written" in step["err"] and "medvault verify" in step["err"]
    steps = outcome["steps"]
    assert steps["plain open"]["error"] == "VaultReadOnly"
    assert steps["core verify"] == {"step": "core verify", "read_only": True, "ok": True,
                                    "problems": [], "audit_ok": True,
                                    "entries": steps["core verify"]["entries"]}
    for name in ("core search", "core record", "core recovery"):
        assert steps[name]["error"] == "ReadOnlyRefused", steps[name]
        assert "Copy the whole vault folder" in steps[name]["message"]
    assert steps["core not recorded"]["actions"] == [
        "signin.success", "vault.verify", "audit.verify", "session.close"]


def test_nothing_was_written(outcome: dict[str, Any]) -> None:
    assert outcome["after"] == outcome["before"]
    # And the vault, writable again, opens normally with nothing owed from those sessions.
    # Asking for read-only where writing works still opens normally: the mode cannot be
    # used to sign in unrecorded or unthrottled.
    with OpenVault.open(outcome["vault"], allow_read_only=True) as vault:
        assert not vault.read_only
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            actions = [e.action for e in session.audit.entries()]
        finally:
            session.close()
    assert "vault.verify" not in actions and "audit.verify" not in actions
