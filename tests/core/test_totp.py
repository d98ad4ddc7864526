"""RFC 6238 codes: the RFC's own vectors, one step of drift, single use, typed input."""

from __future__ import annotations

import base64
import hmac
from urllib.parse import parse_qs, unquote, urlparse

import pyotp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.totp import new_secret, provisioning_uri, verify_code

# RFC 6238 appendix B uses the ASCII key "12345678901234567890" with SHA-1; its 8-digit
# codes end in the 6-digit codes an authenticator app shows.
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
RFC_VECTORS = [(59, "287082"), (1111111109, "081804"), (1111111111, "050471"),
               (1234567890, "005924"), (2000000000, "279037")]

NOW = 1_800_000_015.0
STEP = int(NOW // 30)


@pytest.fixture
def secret() -> str:
    return new_secret()


def _code_at_step(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).at(step * 30)


@pytest.mark.parametrize("when,code", RFC_VECTORS)
def test_rfc6238_vectors(when: int, code: str) -> None:
    assert verify_code(RFC_SECRET, code, last_used_step=None, now=when) == when // 30


def test_new_secret_is_160_bit_base32_and_fresh() -> None:
    secrets = {new_secret() for _ in range(20)}
    assert len(secrets) == 20
    for s in secrets:
        assert len(base64.b32decode(s)) == 20


def test_provisioning_uri_for_authenticator_apps(secret: str) -> None:
    uri = provisioning_uri(secret, "dr smith@Riverside")
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    assert unquote(parsed.path) == "/MedVault:dr smith@Riverside"
    query = parse_qs(parsed.query)
    assert query["secret"] == [secret] and query["issuer"] == ["MedVault"]
    assert "issuer=Clinic" in provisioning_uri(secret, "a", issuer="Clinic")


def test_current_code_returns_its_step(secret: str) -> None:
    assert verify_code(secret, _code_at_step(secret, STEP), last_used_step=None, now=NOW) == STEP


@pytest.mark.parametrize("offset", [-1, 1])
def test_one_step_of_drift_is_accepted(secret: str, offset: int) -> None:
    code = _code_at_step(secret, STEP + offset)
    assert verify_code(secret, code, last_used_step=None, now=NOW) == STEP + offset


@pytest.mark.parametrize("offset", [-3, -2, 2, 3])
def test_two_steps_of_drift_are_refused(secret: str, offset: int) -> None:
    code = _code_at_step(secret, STEP + offset)
    if code in {_code_at_step(secret, STEP + d) for d in (-1, 0, 1)}:
        pytest.skip("one-in-a-million collision between steps")
    assert verify_code(secret, code, last_used_step=None, now=NOW) is None


def test_a_code_is_accepted_only_once(secret: str) -> None:
    code = _code_at_step(secret, STEP)
    used = verify_code(secret, code, last_used_step=None, now=NOW)
    assert used == STEP
    assert verify_code(secret, code, last_used_step=used, now=NOW) is None
    # Still refused when replayed within the next step's drift window.
    assert verify_code(secret, code, last_used_step=used, now=NOW + 30) is None


def test_older_codes_are_refused_after_a_newer_one(secret: str) -> None:
    newer = verify_code(secret, _code_at_step(secret, STEP + 1), last_used_step=None, now=NOW)
    assert newer == STEP + 1
    for step in (STEP - 1, STEP):
        assert verify_code(secret, _code_at_step(secret, step), last_used_step=newer,
                           now=NOW) is None
    # The code for the step after the last used one goes through.
    assert verify_code(secret, _code_at_step(secret, STEP + 2), last_used_step=newer,
                       now=NOW + 30) == STEP + 2


@pytest.mark.parametrize("typed", ["{} {}", " {}{} ", "{}\u00a0{}", "{}\t{}"])
def test_spaces_in_a_typed_code_are_ignored(secret: str, typed: str) -> None:
    code = _code_at_step(secret, STEP)
    assert verify_code(secret, typed.format(code[:3], code[3:]), last_used_step=None,
                       now=NOW) == STEP


def test_full_width_digits_from_east_asian_keyboards_are_accepted(secret: str) -> None:
    code = _code_at_step(secret, STEP)
    wide = "".join(chr(0xFF10 + int(d)) for d in code)
    assert verify_code(secret, wide, last_used_step=None, now=NOW) == STEP


@pytest.mark.parametrize("bad", ["", "12345", "1234567", "12a456", "١٢٣٤٥٦", "123-456",
                                 "+12345", "12345\x00"])
def test_malformed_codes_are_refused_without_error(secret: str, bad: str) -> None:
    assert verify_code(secret, bad, last_used_step=None, now=NOW) is None


def test_near_the_epoch_does_not_crash(secret: str) -> None:
    assert verify_code(secret, _code_at_step(secret, 0), last_used_step=None, now=10.0) == 0


def test_default_time_is_now(secret: str) -> None:
    assert verify_code(secret, pyotp.TOTP(secret).now(), last_used_step=None) is not None


def test_every_candidate_is_compared_in_constant_time(secret: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr("app.core.totp.hmac.compare_digest", spy)
    # Even when the first candidate matches, the others are still computed and compared.
    assert verify_code(secret, _code_at_step(secret, STEP - 1), last_used_step=None,
                       now=NOW) == STEP - 1
    assert len(calls) == 3


@given(st.text(max_size=20))
@settings(max_examples=200, deadline=None)
def test_arbitrary_input_never_raises(code: str) -> None:
    result = verify_code(RFC_SECRET, code, last_used_step=None, now=NOW)
    assert result is None or STEP - 1 <= result <= STEP + 1
