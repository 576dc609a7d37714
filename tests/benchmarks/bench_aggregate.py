"""Benchmark: 10^6 weight vectors × 8 scenarios × 16 indicators through `engine.aggregate`.

Prints throughput (scores per second) per method and the ratio to a plain numpy matmul of the
same shapes, run in the same process; also the start-up time of `taqdir score`.
Run: python tests/benchmarks/bench_aggregate.py [--n 1000000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import time

import numpy as np

from engine import aggregate


def best_of(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000, help="weight vectors")
    parser.add_argument("--s", type=int, default=8)
    parser.add_argument("--k", type=int, default=16)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((args.s, args.k))
    w = rng.random((args.n, args.k))
    w /= w.sum(axis=1, keepdims=True)
    evaluations = args.n * args.s

    # Baseline: the same scores as one bare matmul (weights already normalised, no checks).
    base = best_of(lambda: w @ x.T)
    print(f"shapes: {args.n:,} weight vectors × {args.s} scenarios × {args.k} indicators")
    print(f"plain numpy matmul      {evaluations / base / 1e6:8.1f} M scores/s  (1.00)")
    for method in ("arithmetic", "geometric", "topsis"):
        t = best_of(lambda m=method: aggregate(x, w, m))
        print(
            f"aggregate {method:<13} {evaluations / t / 1e6:8.1f} M scores/s  "
            f"({base / t:.2f} of plain numpy)"
        )

    exe = shutil.which("taqdir")
    if exe:
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([exe, "score", "--format", "json"], check=True, capture_output=True)
            runs.append(time.perf_counter() - t)
        print(
            f"`taqdir score` (built-in case, whole process): median "
            f"{statistics.median(runs) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
