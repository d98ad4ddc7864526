"""Timing helpers and the one output format every figure uses.

Shared machines are noisy, so each figure is a ratio against a baseline measured moments
earlier in the same process, and both raw numbers are printed too.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline_name: str
    baseline: float
    target: str
    met: bool | None  # None: no target set

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    def line(self) -> str:
        verdict = {True: "meets", False: "MISSES", None: "no target"}[self.met]
        return (f"{self.name}: {self.value:.4g} {self.unit} | baseline {self.baseline_name}: "
                f"{self.baseline:.4g} {self.unit} | ratio {self.ratio:.3f} | target {self.target}"
                f" | {verdict}")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def samples(fn: Callable[[], object], n: int) -> list[float]:
    return [timed(fn) for _ in range(n)]


def percentile(values: list[float], p: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]
