"""RFC 6238 authenticator codes (pyotp): one step of drift, each code accepted once."""

from __future__ import annotations

import hmac
import unicodedata

import pyotp

from app.core import clock

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # a phone clock up to one step off still works; further off, fix the clock


def new_secret() -> str:
    """A base32 secret of 160 bits, the key length RFC 4226 recommends."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, account: str, issuer: str = "MedVault") -> str:
    """The otpauth:// URI an authenticator app reads from a QR code."""
    return str(pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
               .provisioning_uri(name=account, issuer_name=issuer))


def _clean(code: str) -> str | None:
    # NFKC turns full-width digits from East Asian input methods into ASCII ones.
    code = "".join(unicodedata.normalize("NFKC", code).split())
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    return code


def verify_code(secret: str, code: str, *, last_used_step: int | None,
                now: float | None = None) -> int | None:
    """Return the time step the code belongs to, or None.

    Steps at or before `last_used_step` are refused, so a code seen over a shoulder cannot
    be replayed; the caller stores the returned step as the new `last_used_step`.
    """
    cleaned = _clean(code)
    if cleaned is None:
        return None
    typed = cleaned.encode("ascii")
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    current = int((clock.timestamp() if now is None else now) // STEP_SECONDS)
    matched: int | None = None
    # Every candidate is computed and compared, matched or not, so the time taken does not
    # tell which step (if any) was close.
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if step < 0:
            continue
        expected = totp.generate_otp(step).encode("ascii")
        fresh = last_used_step is None or step > last_used_step
        if hmac.compare_digest(expected, typed) and fresh:
            matched = step
    return matched
