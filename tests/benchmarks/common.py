"""Shared helpers of the benchmark scripts: medians of repeats, the machine's load, one
summary line per script (`RESULT row=… ratio=… aim=… holds=…`) that the README table is
built from.

The machine these run on is shared, so absolute times drift with its load; every script
measures taqdir and its reference alternately in the same process and reports their ratio.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable


def load() -> str:
    """The 1-, 5- and 15-minute load averages, as `uptime` shows them."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def seconds(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def paired(a: Callable[[], object], b: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median seconds of `a` and of `b`, timed alternately (a, b, a, b, …) so that a change in
    the machine's load hits both alike."""
    ta, tb = [], []
    for _ in range(repeat):
        ta.append(seconds(a))
        tb.append(seconds(b))
    return statistics.median(ta), statistics.median(tb)


def result(row: str, ratio: float, aim: str, holds: bool) -> None:
    """The summary line of a script (the README's figure for its row)."""
    print(load())
    print(f"RESULT row={row} ratio={ratio:.2f} aim={aim} holds={'yes' if holds else 'no'}")
