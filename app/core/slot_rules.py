"""What a new account name, password and key slot must meet under the machine policy.

Shared by vault creation, the sign-in paths (a slot below the policy's floor is re-wrapped)
and account management (new and reset passwords)."""

from __future__ import annotations

from app.core import kdf as kdf_mod
from app.core.errors import PolicyViolation
from app.core.passwords import check_password
from app.core.policy import PolicyLoad
from app.core.progress import ProgressCallback, no_progress
from app.core.usernames import normalise_user_name


def validate_user_name(name: str) -> str:
    # The rules (NFKC, no invisible or control characters) live in usernames.py.
    return normalise_user_name(name)


def enforce_password(password: str, policy: PolicyLoad, *context: str) -> None:
    verdict = check_password(password, min_length=policy.policy.min_password_length,
                             context=[c for c in context if c])
    if not verdict.acceptable:
        raise PolicyViolation.coded("password.unusable", problems=verdict.messages)


def kdf_floor(policy: PolicyLoad) -> tuple[int, int]:
    """The (memory KiB, time cost) no new slot may go below."""
    p = policy.policy
    if kdf_mod.test_kdf_requested():
        # The test switch may skip the built-in floor, never one an IT policy file sets.
        memory = p.kdf_min_memory_kib if "kdf_min_memory_kib" in policy.managed else 8
        time_cost = p.kdf_min_time_cost if "kdf_min_time_cost" in policy.managed else 1
        return memory, time_cost
    return p.kdf_min_memory_kib, p.kdf_min_time_cost


def initial_kdf_params(policy: PolicyLoad, *,
                       progress: ProgressCallback = no_progress) -> kdf_mod.KdfParams:
    memory, time_cost = kdf_floor(policy)
    if kdf_mod.test_kdf_requested():
        progress(0, 0, "")
        base = kdf_mod.cheap_test_params()
        return kdf_mod.KdfParams(max(base.memory_kib, memory), max(base.time_cost, time_cost),
                                 base.parallelism, base.salt)
    return kdf_mod.calibrate(min_memory_kib=memory, min_time_cost=time_cost, progress=progress)
