"""Benchmark (README row "scores"): 10^6 weight vectors × 8 scenarios × 16 indicators through
`engine.aggregate`, against a bare matmul of the same shapes (weights already normalised, no
checks) timed alternately in the same process after one warm-up call of each, median of
`--repeat` (15: with 5 a single slow reference call, common on a shared machine, moved the
ratio by ±0.4). Also prints the other methods' throughput.

`--parts` also times the pieces of `aggregate`'s blocked loop against the same reference (the
block GEMMs alone into a fresh output, the weight checks alone: minimum and sums per block), to
show where the time above the bare matmul goes.

Aim: arithmetic ≤ 1.2× the bare matmul (keep).
Run: python tests/benchmarks/bench_aggregate.py [--n 1000000] [--repeat 15] [--parts]
"""

from __future__ import annotations

import argparse

import numpy as np
from common import paired, result, seconds

from engine import aggregate, kernel


def block_gemms(w: np.ndarray, xt: np.ndarray) -> np.ndarray:
    """`aggregate`'s block GEMMs alone (no checks, no sums) into a fresh C-contiguous output."""
    out = np.empty((w.shape[0], xt.shape[1]))
    step = kernel.block_rows(w.shape[1])
    for lo in range(0, w.shape[0], step):
        np.matmul(w[lo : lo + step], xt, out=out[lo : lo + step])
    return out


def block_checks(w: np.ndarray) -> float:
    """`aggregate`'s weight checks alone: each block's minimum, then its sums."""
    total = np.empty(w.shape[0])
    ones = np.ones(w.shape[1])
    step = kernel.block_rows(w.shape[1])
    lowest = 0.0
    for lo in range(0, w.shape[0], step):
        lowest = min(lowest, float(w[lo : lo + step].min()))
        np.matmul(w[lo : lo + step], ones, out=total[lo : lo + step])
    return lowest


def parts(x: np.ndarray, w: np.ndarray, repeat: int) -> None:
    """Each piece of the blocked loop against the bare matmul, alternately, medians."""
    xt = x.T * 100.0
    for name, fn in (
        ("block GEMMs alone", lambda: block_gemms(w, xt)),
        ("weight checks alone", lambda: block_checks(w)),
    ):
        t, base = paired(fn, lambda: w @ xt, repeat)
        print(f"  {name:<22} {t * 1e3:6.1f} ms  ({t / base:.2f}× the bare matmul)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000, help="weight vectors")
    parser.add_argument("--s", type=int, default=8)
    parser.add_argument("--k", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--parts", action="store_true", help="time the pieces as well")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((args.s, args.k))
    w = rng.random((args.n, args.k))
    w /= w.sum(axis=1, keepdims=True)
    evaluations = args.n * args.s
    xt = x.T * 100.0
    paired(lambda: aggregate(x, w), lambda: w @ xt, 1)  # warm-up
    t_ours, base = paired(lambda: aggregate(x, w), lambda: w @ xt, args.repeat)
    print(f"shapes: {args.n:,} weight vectors × {args.s} scenarios × {args.k} indicators")
    print(f"plain numpy matmul      {evaluations / base / 1e6:8.1f} M scores/s  (1.00)")
    print(f"aggregate arithmetic    {evaluations / t_ours / 1e6:8.1f} M scores/s  "
          f"({t_ours / base:.2f}×)")  # fmt: skip
    if args.parts:
        parts(x, w, args.repeat)
    for method in ("geometric", "topsis"):
        t = seconds(lambda m=method: aggregate(x, w, m))
        print(f"aggregate {method:<13} {evaluations / t / 1e6:8.1f} M scores/s")
    result("scores", t_ours / base, "<=1.2", t_ours / base <= 1.2)


if __name__ == "__main__":
    main()
