"""Core reads time from one clock (`app.core.clock`): setting it drives throttling, TOTP,
backup names and ages, the health check, monitoring and sharing packages, without sleeps
and without patching any module's own `now`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp
import pytest

from app.core import clock
from app.core.backup import create_backup
from app.core.errors import UsageError
from app.core.health import health_check
from app.core.messages import message
from app.core.monitoring import run_rules
from app.core.records.clock import moment
from app.core.roles import Operation
from app.core.session import Session
from app.core.sharing.package import OpenedPackage, PackageSpec, Sender
from app.core.throttle import FREE_ATTEMPTS, SigninThrottle, delay_after
from app.core.totp import STEP_SECONDS, verify_code
from tests.support import zone

# Far from the machine's real time, so a module still reading the system clock shows.
FIXED = datetime(2031, 5, 4, 3, 2, 1, 250_000, tzinfo=UTC)


@dataclass
class Fixed:
    moment: datetime = FIXED

    def advance(self, delta: timedelta) -> None:
        self.moment += delta


@pytest.fixture
def fixed() -> Iterator[Fixed]:
    held = Fixed()
    previous = clock.set_clock(lambda: held.moment)
    try:
        yield held
    finally:
        clock.set_clock(previous)


def test_the_clock_is_the_one_set(fixed: Fixed) -> None:
    assert clock.now() == FIXED
    assert clock.timestamp() == FIXED.timestamp()


def test_a_fixed_clock_drives_the_sign_in_throttle(fixed: Fixed, tmp_path: Path) -> None:
    throttle = SigninThrottle(tmp_path)
    for _ in range(FREE_ATTEMPTS + 1):
        throttle.record_failure("u1", "someone", "WrongCredentials", "ts")
    wait = delay_after(FREE_ATTEMPTS + 1)
    assert wait > 0
    # Time stands still: the whole delay is still owed, to the microsecond.
    assert throttle.retry_after("u1") == pytest.approx(wait)
    fixed.advance(timedelta(seconds=wait / 2))
    assert throttle.retry_after("u1") == pytest.approx(wait / 2)
    fixed.advance(timedelta(seconds=wait / 2))
    assert throttle.retry_after("u1") == 0.0
    throttle.check("u1")  # no Throttled once the clock has moved on


def test_a_fixed_clock_drives_totp_steps(fixed: Fixed) -> None:
    secret = pyotp.random_base32()
    code_then = pyotp.TOTP(secret).at(FIXED)
    step = int(FIXED.timestamp() // STEP_SECONDS)
    assert verify_code(secret, code_then, last_used_step=None) == step
    # The code of the machine's real time is not accepted at the fixed moment.
    code_now = pyotp.TOTP(secret).now()
    if code_now != code_then:
        assert verify_code(secret, code_now, last_used_step=None) is None
    fixed.advance(timedelta(minutes=10))
    assert verify_code(secret, code_then, last_used_step=None) is None


def test_a_fixed_clock_names_backups_and_ages_them_in_the_health_check(
        fixed: Fixed, owner_session: Session) -> None:
    info = create_backup(owner_session)
    assert FIXED.strftime("%Y%m%dT%H%M%S%fZ") in info.path.name
    assert info.created_at == FIXED

    def backup_finding() -> tuple[str, str]:
        report = health_check(owner_session)
        assert report.checked_at == fixed.moment.isoformat(timespec="seconds")
        finding = next(f for f in report.findings if f.check == "Newest backup")
        return finding.status, finding.evidence

    status, evidence = backup_finding()
    assert status == "ok" and "2031-05-04 03:02" in evidence
    fixed.advance(timedelta(days=8))
    assert backup_finding()[0] == "warning"
    fixed.advance(timedelta(days=8))
    assert backup_finding()[0] == "problem"


def test_a_fixed_clock_drives_monitoring_windows(fixed: Fixed,
                                                 owner_session: Session) -> None:
    for _ in range(5):  # the default threshold of refusals in one day
        owner_session.refuse(Operation.USER_ADD, message("perm.emergency_inactive"), why="test")
    flags = [f for f in run_rules(owner_session) if f.rule == "denials"]
    assert [f.when for f in flags] == ["2031-05-04"]
    fixed.advance(timedelta(days=31))  # past the 30-day window
    assert [f for f in run_rules(owner_session) if f.rule == "denials"] == []


def test_a_fixed_clock_dates_and_expires_packages(fixed: Fixed) -> None:
    sender = Sender("a", "p", "0" * 64, "age1x", "v")
    spec = PackageSpec(sender=sender, patient={}, purpose="referral", sections=(),
                       expires=(FIXED + timedelta(days=1)).isoformat(), members={})
    assert spec.created == FIXED.isoformat(timespec="seconds")
    opened = OpenedPackage(manifest={"expires": spec.expires}, manifest_bytes=b"",
                           members={}, opened_with="passphrase")
    assert not opened.expired()
    fixed.advance(timedelta(days=1))
    assert opened.expired()


def test_record_times_with_an_offset_are_remembered_and_naive_ones_follow_the_zone() -> None:
    """`moment` keeps the UTC form of times that carry their own offset (an import meets
    each visit's time on every reading), never of a naive time, whose meaning is the zone
    this computer is set to at the moment it is read."""
    with zone("Europe/Berlin"):
        assert moment("2024-01-15T10:00:00", "t") == "2024-01-15T09:00:00.000+00:00"
        assert moment("2024-01-15T10:00:00-05:00", "t") == "2024-01-15T15:00:00.000+00:00"
        assert moment("2024-01-15T10:00:00Z", "t") == "2024-01-15T10:00:00.000+00:00"
    with zone("America/New_York"):
        assert moment("2024-01-15T10:00:00", "t") == "2024-01-15T15:00:00.000+00:00"
        assert moment("2024-01-15T10:00:00-05:00", "t") == "2024-01-15T15:00:00.000+00:00"
        assert moment(" 2024-01-15T10:00:00Z ", "t") == "2024-01-15T10:00:00.000+00:00"
    assert moment("2024-01-15", "t") == "2024-01-15"
    for bad in ("2024-02-30T10:00:00Z", "yesterday", "2024-01-15T25:00:00+01:00"):
        with pytest.raises(UsageError, match="is not a date and time"):
            moment(bad, "t")
        with pytest.raises(UsageError):
            moment(bad, "t")  # a refusal is not remembered as an answer
