"""`medvault --self-test`: is this machine ready for MedVault? No vault, no credentials.

Each check says what it found and, when something is wrong, what to do. A failed check
means a vault would not work, or would be weaker than IT asked, here; a warning names a
feature that will be missing (the workstation factor without a keychain, for example).

The Qt platform check cannot run in this process: a platform plugin that fails to load
aborts the whole process. The CLI runs it in a child and hands the result in.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from app.core.policy import PolicyLoad

Status = Literal["ok", "warning", "failed"]


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "status": self.status, "detail": self.detail}


def check_sqlcipher() -> Check:
    """Create both compartments with random raw keys, exactly as a vault does, reopen them,
    and make sure a wrong key and a plaintext open both fail."""
    from app.core.database import DatabaseError, VaultDatabase, check_encrypted_file
    from app.core.errors import MedVaultError
    from app.core.vault import COMPARTMENT_FILES

    name = "sqlcipher"
    folder = Path(tempfile.mkdtemp(prefix="medvault-selftest-"))
    try:
        keys = {c: bytearray(secrets.token_bytes(32)) for c in COMPARTMENT_FILES}
        db = VaultDatabase.open(folder, COMPARTMENT_FILES, keys, create=True,
                                memory_security=False)
        try:
            version = db.conn.execute("PRAGMA cipher_version").fetchone()[0]
            provider = db.conn.execute("PRAGMA cipher_provider").fetchone()[0]
            db.conn.execute("CREATE TABLE selftest(x)")
            db.conn.execute("INSERT INTO selftest VALUES ('probe')")
        finally:
            db.close()
        for compartment, file in COMPARTMENT_FILES.items():
            check_encrypted_file(folder / file, compartment)
        wrong = {c: bytearray(secrets.token_bytes(32)) for c in COMPARTMENT_FILES}
        try:
            VaultDatabase.open(folder, COMPARTMENT_FILES, wrong, memory_security=False).close()
        except (MedVaultError, DatabaseError):
            pass
        else:
            return Check(name, "failed", "a wrong key opened the test database; this SQLite "
                         "build does not encrypt. Reinstall MedVault.")
        reopened = VaultDatabase.open(folder, COMPARTMENT_FILES, keys, memory_security=False)
        try:
            row = reopened.conn.execute("SELECT x FROM selftest").fetchone()
        finally:
            reopened.close()
        if not str(version).startswith("4.") or row != ("probe",):
            return Check(name, "failed", f"SQLCipher {version} did not behave as SQLCipher 4 "
                         "must. Reinstall MedVault.")
        return Check(name, "ok", f"SQLCipher {version} ({provider}), 4096-byte pages, "
                     "HMAC-SHA512, raw 256-bit keys; a wrong key is refused")
    except (MedVaultError, DatabaseError, OSError) as exc:
        return Check(name, "failed", f"{exc}. Reinstall MedVault, and check that the "
                     "temporary folder is writable.")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_argon2(policy: PolicyLoad) -> Check:
    """Calibrate as vault creation does: the parameters a new vault would get, and the
    time one unlock takes on this machine."""
    from app.core import kdf
    from app.core.vault import initial_kdf_params, kdf_floor

    name = "argon2"
    try:
        params = initial_kdf_params(policy)
        start = time.perf_counter()
        kdf.derive(b"self-test", params)
        took = time.perf_counter() - start
    except MemoryError:
        return Check(name, "failed", "this machine cannot give Argon2id the "
                     f"{kdf_floor(policy)[0] // 1024} MiB the policy asks for. Close programs "
                     "or add memory.")
    detail = (f"new vaults get {params.memory_kib // 1024} MiB, {params.time_cost} passes, "
              f"{params.parallelism} lanes; one unlock takes {took:.2f} s")
    if took > 5:
        return Check(name, "warning", detail + ". Sign-in will feel slow; the policy's floor "
                     "may be too high for this machine.")
    return Check(name, "ok", detail)


def check_keyring(workstation_factor: str) -> Check:
    from app.core.workstation import WorkstationKeychain

    name = "keyring"
    chain = WorkstationKeychain()
    if chain.available():
        import keyring

        backend = keyring.get_keyring()
        return Check(name, "ok", f"{type(backend).__module__}.{type(backend).__name__}; the "
                     "workstation factor can be used")
    if workstation_factor == "required":
        return Check(name, "failed", "no OS keychain is available, and the machine policy "
                     "requires the workstation factor: nobody could sign in here. Install "
                     "and unlock a keychain (GNOME Keyring, KWallet) or change the policy.")
    return Check(name, "warning", "no OS keychain is available, so the workstation factor "
                 "cannot be used on this machine (never stored in plaintext instead).")


def check_policy(loaded: PolicyLoad) -> Check:
    where = ", ".join(map(str, loaded.sources)) or "no policy file, built-in defaults"
    if loaded.blocking:
        return Check("policy", "failed", f"{where}: " + " ".join(loaded.errors)
                     + " No vault opens until this is fixed.")
    if loaded.warnings:
        return Check("policy", "warning", f"{where}: " + " ".join(loaded.warnings))
    return Check("policy", "ok", where)


def check_writable(label: str, folder: Path) -> Check:
    """A folder is fine if a file can be made, synced and removed in it, or, if it does not
    exist yet, in the nearest folder above it that does (MedVault creates the rest)."""
    name = f"{label} folder"
    target = folder.expanduser().absolute()
    existing = target
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        return Check(name, "failed", f"{existing} is not a folder.")
    try:
        fd, probe = tempfile.mkstemp(prefix=".medvault-selftest-", dir=existing)
        try:
            os.write(fd, b"probe")
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        return Check(name, "failed", f"cannot write in {existing} ({exc.strerror or exc}). "
                     "Choose another folder or fix its permissions.")
    free = shutil.disk_usage(existing).free
    detail = f"{target} is writable" + ("" if existing == target else
                                        f" (it will be created in {existing})")
    detail += f"; {free // (1024 * 1024)} MiB free"
    if free < 256 * 1024 * 1024:
        return Check(name, "warning", detail + ". The disk is nearly full.")
    return Check(name, "ok", detail)


def run_self_test(folders: Iterable[tuple[str, Path]],
                  qt_check: Callable[[], Check]) -> list[Check]:
    from app.core.policy import load_policy

    policy = load_policy()
    checks = [check_policy(policy), check_sqlcipher(), check_argon2(policy),
              check_keyring(policy.policy.workstation_factor)]
    checks += [check_writable(label, folder) for label, folder in folders]
    checks.append(qt_check())
    return checks
