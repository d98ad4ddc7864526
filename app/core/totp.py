"""RFC 6238 authenticator codes (pyotp): one step of drift, each code accepted once."""

from __future__ import annotations

import hmac
import time

import pyotp

STEP_SECONDS = 30


def new_secret() -> str:
    return pyotp.random_base32(length=32)  # 160 bits


def provisioning_uri(secret: str, account: str, issuer: str = "MedVault") -> str:
    return str(pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer))


def verify_code(secret: str, code: str, *, last_used_step: int | None,
                now: float | None = None) -> int | None:
    """Return the time step the code belongs to, or None. Steps at or before
    `last_used_step` are refused, so a code seen over a shoulder cannot be replayed."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    matched = None
    for step in (current - 1, current, current + 1):
        candidate = totp.generate_otp(step)
        if hmac.compare_digest(candidate, code) and (last_used_step is None
                                                     or step > last_used_step):
            matched = step
    return matched
