"""Run inside a private mount namespace where VAULT is a read-only bind mount (see
test_read_only_media.py): every step's outcome as one JSON line on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from app.core.errors import MedVaultError
from app.core.records.search import find_patients
from app.core.vault import OpenVault
from app.core.verification import verify_audit, verify_vault
from tests.support import OWNER_PASSWORD


def emit(step: str, **fields: Any) -> None:
    print(json.dumps({"step": step, **fields}), flush=True)


def cli(step: str, args: list[str], stdin: str) -> None:
    done = subprocess.run([sys.executable, "-m", "app.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=300, check=False)
    emit(step, code=done.returncode, out=done.stdout, err=done.stderr)


def error_of(call: Any) -> dict[str, Any]:
    try:
        call()
    except MedVaultError as exc:
        return {"error": type(exc).__name__, "message": str(exc), "code": exc.exit_code}
    return {"error": None}


def core_steps(vault_dir: Path) -> None:
    emit("plain open", **error_of(lambda: OpenVault.open(vault_dir).close()))
    vault = OpenVault.open(vault_dir, allow_read_only=True)
    try:
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            report = verify_vault(session)
            audit = verify_audit(session)
            emit("core verify", read_only=session.read_only, ok=report.ok,
                 problems=report.problems, audit_ok=audit.ok, entries=audit.entries)
            emit("core search", **error_of(lambda: find_patients(session, "Smith")))
            emit("core record", **error_of(lambda: session.record("chart.read")))
        finally:
            session.close("close")
        emit("core not recorded", actions=session.not_recorded)
        emit("core recovery", **error_of(
            lambda: vault.unlock_with_recovery("x" * 10, "a new password for the owner")))
    finally:
        vault.close()


def main() -> None:
    vault_dir, tampered = Path(sys.argv[1]), Path(sys.argv[2])
    pw = OWNER_PASSWORD + "\n"
    cli("verify", ["verify", str(vault_dir), "--as", "owner", "--password-stdin"], pw)
    cli("verify json", ["verify", str(vault_dir), "--as", "owner", "--password-stdin",
                        "--json"], pw)
    cli("audit verify", ["audit", "verify", str(vault_dir), "--as", "owner",
                         "--password-stdin"], pw)
    cli("wrong password", ["verify", str(vault_dir), "--as", "owner", "--password-stdin"],
        "not the password at all\n")
    cli("unknown name", ["verify", str(vault_dir), "--as", "nobody", "--password-stdin"], pw)
    cli("patient find", ["patient", "find", str(vault_dir), "--as", "owner",
                         "--password-stdin", "-"], pw + "Smith\n")
    cli("tampered verify", ["verify", str(tampered), "--as", "owner", "--password-stdin"], pw)
    core_steps(vault_dir)


if __name__ == "__main__":
    main()
