"""Bulk steps that build many long-lived objects: Python's cyclic garbage collector paused.

A FHIR import holds every planned entry (with the input's kept elements) until it commits,
so the heap grows by hundreds of thousands of containers. The collector's full passes over
that growing heap cost a sixth to a quarter of an import, and find nothing: the objects are
acyclic and stay alive. Reference counting still frees everything else at once; only cycles
wait, and they are collected when the last bulk step ends.

The collector is process-wide and the GUI runs bulk steps on a worker thread, so pauses
nest and are counted: it is switched back on when the last one ends, and only if it was
on when the first began.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled  # one process-wide switch, counted
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


P = ParamSpec("P")
R = TypeVar("R")


def with_collector_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn` runs inside `collector_paused()`."""
    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return fn(*args, **kwargs)
    return run
