"""Argon2id key derivation: parameters stored per key slot, calibrated at creation.

Passwords never reach SQLCipher's own KDF. Argon2id turns a password into a key-encryption
key that unwraps a user's identity; the identity then opens the compartment keys.
"""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from typing import Any

from argon2.exceptions import HashingError
from argon2.low_level import Type, hash_secret_raw

from app.core.errors import MedVaultError, PolicyViolation, VaultDamaged
from app.core.progress import ProgressCallback, no_progress

ARGON2_VERSION = 19
KEY_BYTES = 32
SALT_BYTES = 16

# Env switch for the test suite only. It lowers the cost of new slots; it can never lower a
# floor that the machine policy file sets, and About shows the parameters of every vault.
TEST_KDF_ENV = "MEDVAULT_INSECURE_TEST_KDF"

PRODUCTION_MEMORY_KIB = 256 * 1024
SMALL_MACHINE_MEMORY_KIB = 64 * 1024
CALIBRATION_TARGET_S = 0.75
# Bounds against this machine for parameters read from a file (vault.json, the policy):
# the static ranges in `from_json` still allow 4 GiB x 64 passes, minutes of work. A sound
# slot costs about CALIBRATION_TARGET_S, so the budget leaves a 40-fold margin for a
# slower machine than the one that calibrated it.
TIME_BUDGET_S = 30.0
MEMORY_SHARE = 0.5
_PROBE_KIB = 8 * 1024


class KdfTooCostly(VaultDamaged):
    """Stored Argon2 parameters ask for more memory or time than this machine allows."""


_seconds_per_kib_pass: float | None = None


def _rate() -> float:
    """Seconds per KiB per pass on one lane, measured once per process (~10 ms)."""
    global _seconds_per_kib_pass
    if _seconds_per_kib_pass is None:
        start = time.perf_counter()
        hash_secret_raw(secret=b"probe", salt=b"\0" * SALT_BYTES, time_cost=1,
                        memory_cost=_PROBE_KIB, parallelism=1, hash_len=KEY_BYTES,
                        type=Type.ID, version=ARGON2_VERSION)
        _seconds_per_kib_pass = max(time.perf_counter() - start, 1e-4) / _PROBE_KIB
    return _seconds_per_kib_pass


def estimated_seconds(params: KdfParams) -> float:
    lanes = max(1, min(params.parallelism, os.cpu_count() or 1))
    return params.memory_kib * params.time_cost * _rate() / lanes


def affordability_problem(memory_kib: int, time_cost: int, parallelism: int) -> str | None:
    """Why these parameters cannot run here, or None. Checked before any derivation."""
    machine = machine_memory_kib()
    if machine and memory_kib > machine * MEMORY_SHARE:
        return (f"they ask for {memory_kib // 1024} MiB of memory, more than half of this "
                f"machine's {machine // 1024} MiB")
    probe = KdfParams(memory_kib, time_cost, parallelism, b"\0" * SALT_BYTES)
    seconds = estimated_seconds(probe)
    if seconds > TIME_BUDGET_S:
        return (f"{memory_kib // 1024} MiB x {time_cost} passes would take about "
                f"{seconds:.0f} s on this machine (the limit is {TIME_BUDGET_S:.0f} s)")
    return None


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    time_cost: int
    parallelism: int
    salt: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "alg": "argon2id",
            "version": ARGON2_VERSION,
            "memory_kib": self.memory_kib,
            "time_cost": self.time_cost,
            "parallelism": self.parallelism,
            "salt": self.salt.hex(),
        }

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        try:
            if data["alg"] != "argon2id" or data["version"] != ARGON2_VERSION:
                raise VaultDamaged("A key slot names a key derivation this version cannot use.")
            params = cls(
                memory_kib=int(data["memory_kib"]),
                time_cost=int(data["time_cost"]),
                parallelism=int(data["parallelism"]),
                salt=bytes.fromhex(data["salt"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise VaultDamaged("A key slot's key-derivation settings are unreadable.") from exc
        # Bounds stop a damaged or hostile vault.json from asking for terabytes of memory.
        if not (8 <= params.memory_kib <= 4 * 1024 * 1024 and 1 <= params.time_cost <= 64):
            raise VaultDamaged("A key slot's key-derivation settings are out of range.")
        if not (1 <= params.parallelism <= 16 and len(params.salt) == SALT_BYTES):
            raise VaultDamaged("A key slot's key-derivation settings are out of range.")
        return params

    def with_new_salt(self) -> KdfParams:
        return KdfParams(self.memory_kib, self.time_cost, self.parallelism, new_salt())

    def meets(self, min_memory_kib: int, min_time_cost: int) -> bool:
        return self.memory_kib >= min_memory_kib and self.time_cost >= min_time_cost


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def derive(secret: bytes, params: KdfParams) -> bytes:
    problem = affordability_problem(params.memory_kib, params.time_cost, params.parallelism)
    if problem is not None:
        raise KdfTooCostly(
            f"A key slot's Argon2 settings cannot be used here: {problem}. A sound vault "
            "never asks for this; vault.json may have been altered. Restore it from a "
            "backup, or open the vault on the machine that created it.")
    try:
        return hash_secret_raw(
            secret=secret,
            salt=params.salt,
            time_cost=params.time_cost,
            memory_cost=params.memory_kib,
            parallelism=params.parallelism,
            hash_len=KEY_BYTES,
            type=Type.ID,
            version=ARGON2_VERSION,
        )
    except HashingError as exc:  # typically: the memory could not be allocated
        raise MedVaultError(f"Argon2 could not run with {params.memory_kib // 1024} MiB and "
                            f"{params.time_cost} passes ({exc}). Close other programs and "
                            "try again.") from exc


def test_kdf_requested() -> bool:
    return os.environ.get(TEST_KDF_ENV) == "1"


def cheap_test_params() -> KdfParams:
    return KdfParams(memory_kib=1024, time_cost=1, parallelism=1, salt=new_salt())


def machine_memory_kib() -> int:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 1024
    except (ValueError, OSError, AttributeError):
        return 0


def calibrate(
    *,
    target_s: float = CALIBRATION_TARGET_S,
    min_memory_kib: int = SMALL_MACHINE_MEMORY_KIB,
    min_time_cost: int = 1,
    progress: ProgressCallback = no_progress,
) -> KdfParams:
    """Pick Argon2id parameters that take about `target_s` on this machine.

    Memory is fixed first (256 MiB where the machine has 2 GiB or more, as DESIGN asks) and
    time is scaled to the target, because memory is what makes GPU guessing expensive.
    `progress` hears of each of the three timed derivations and may raise to stop.
    """
    memory = PRODUCTION_MEMORY_KIB if machine_memory_kib() >= 2 * 1024 * 1024 else 0
    memory = max(memory, SMALL_MACHINE_MEMORY_KIB, min_memory_kib)
    # A policy floor this machine cannot meet is said plainly, not ignored (weaker) and not
    # attempted (a stall or a crash).
    problem = affordability_problem(memory, max(1, min_time_cost), 1)
    if problem is not None:
        raise PolicyViolation(f"The machine policy's Argon2 floor cannot be met here: "
                              f"{problem}. Ask IT to lower kdf_min_memory_kib or "
                              "kdf_min_time_cost for this machine.")
    parallelism = max(1, min(4, os.cpu_count() or 1))
    probe = KdfParams(memory, 1, parallelism, new_salt())
    # The first pass also pays for faulting the memory in; unlocks later run warm. Take
    # the faster of two probes, then check the chosen cost once and correct it.
    progress(0, 3, "")
    first = _time(probe)
    progress(1, 3, "")
    one_pass = max(min(first, _time(probe)), 1e-3)
    progress(2, 3, "")
    time_cost = max(min_time_cost, 1, round(target_s / one_pass))
    chosen = KdfParams(memory, min(time_cost, 64), parallelism, new_salt())
    # A multi-pass run measures the per-pass cost better than the single-pass probe.
    per_pass = _time(chosen) / chosen.time_cost
    progress(3, 3, "")
    time_cost = max(min_time_cost, 1, round(target_s / per_pass))
    return KdfParams(memory, min(time_cost, 64), parallelism, new_salt())


def _time(params: KdfParams) -> float:
    start = time.perf_counter()
    derive(b"calibration probe", params)
    return time.perf_counter() - start
