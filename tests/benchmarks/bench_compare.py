"""Benchmark: the evidence/weights(/method) split of score changes, and timelines.

1. `engine.compare.attribution.decompose` on S scenarios × K indicators, two factors (same method)
   and three (arithmetic against topsis), against a raw-numpy baseline of the same two-factor
   arithmetic work: the four corner scores as matmuls and the two averaged differences.
2. `engine.compare.timeline.timeline` on the built-in case: days per second over ranges of a few
   months to ten years, against scoring alone (the same days' raw values through the kernel).

Run: python tests/benchmarks/bench_compare.py [--s 100000] [--k 16]
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import numpy as np

from engine import kernel
from engine.arrays import Compiled, profile_weights
from engine.compare.attribution import decompose
from engine.compare.timeline import timeline
from scenarios.loader import load_builtin


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_split(s: int, k: int) -> None:
    rng = np.random.default_rng(0)
    x = rng.random((2, s, k))
    w = rng.random((2, k))
    w /= w.sum(axis=1, keepdims=True)

    def baseline() -> None:
        # (E_A,W_A), (E_B,W_A), (E_A,W_B), (E_B,W_B) and the symmetric split, nothing else.
        aa, ba = 100 * x[0] @ w[0], 100 * x[1] @ w[0]
        ab, bb = 100 * x[0] @ w[1], 100 * x[1] @ w[1]
        _ = 0.5 * ((ba - aa) + (bb - ab)), 0.5 * ((ab - aa) + (bb - ba))

    def baseline_indicators() -> None:
        # The same plus the per-indicator split (closed form for the arithmetic method).
        baseline()
        _ = 50 * (x[1] - x[0]) * (w[0] + w[1]), 50 * (x[0] + x[1]) * (w[1] - w[0])

    base = best_of(baseline)
    base_k = best_of(baseline_indicators)
    two = best_of(lambda: decompose(x, w, ("arithmetic", "arithmetic")))
    three = best_of(lambda: decompose(x, w, ("arithmetic", "topsis")))
    print(f"split of {s:,} scenarios × {k} indicators")
    print(f"  raw numpy, 2 factors, scores only   {s / base / 1e6:8.2f} M scenarios/s (1.00)")
    print(f"  raw numpy, 2 factors, + indicators  {s / base_k / 1e6:8.2f} M scenarios/s")
    print(
        f"  decompose, 2 factors (+ indicators) {s / two / 1e6:8.2f} M scenarios/s "
        f"({base / two:.2f} of raw numpy scores, {base_k / two:.2f} with indicators)"
    )
    print(
        f"  decompose, 3 factors (+ indicators) {s / three / 1e6:8.2f} M scenarios/s "
        f"({base / three:.2f} of raw numpy scores, {base_k / three:.2f} with indicators)"
    )


def bench_timeline() -> None:
    a = load_builtin()
    timeline(a)  # warm caches
    w = profile_weights(a, a.profile("equal"))[0]
    compiled = Compiled.of(a)
    for start in (date(2025, 1, 1), date(2020, 1, 1), date(2015, 6, 4)):
        t = timeline(a, start=start, step="1m")
        days = len(t.days)
        whole = best_of(lambda st=start: timeline(a, start=st, step="1m"), repeat=3)
        raw = t.raw
        score_only = best_of(lambda r=raw: kernel.aggregate(compiled.intensities(r), w))
        print(
            f"timeline {start} → 2025-06-04: {days:5,} days in {whole * 1e3:7.1f} ms "
            f"({days / whole:9,.0f} days/s; scoring alone {days / score_only:11,.0f} days/s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--s", type=int, default=100_000, help="scenarios")
    parser.add_argument("--k", type=int, default=16, help="indicators")
    args = parser.parse_args()
    bench_split(args.s, args.k)
    bench_timeline()


if __name__ == "__main__":
    main()
