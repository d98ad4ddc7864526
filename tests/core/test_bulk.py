"""The collector pause of bulk steps nests, survives errors and never turns the collector on
where it was off."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app.core.bulk import collector_paused, with_collector_paused


@pytest.fixture(autouse=True)
def _collector_back_on() -> Iterator[None]:
    yield
    gc.enable()


def test_pauses_nest_and_the_last_one_switches_back_on() -> None:
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer step is still running
    assert gc.isenabled()


def test_an_error_still_switches_it_back_on() -> None:
    gc.enable()

    @with_collector_paused
    def fails() -> None:
        assert not gc.isenabled()
        raise ValueError("bad input")

    with pytest.raises(ValueError, match="bad input"):
        fails()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
