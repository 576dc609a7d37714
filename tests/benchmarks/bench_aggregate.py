"""Benchmark (README row "scores"): 10^6 weight vectors × 8 scenarios × 16 indicators through
`engine.aggregate`, against a bare matmul of the same shapes (weights already normalised, no
checks) timed alternately in the same process, median of `--repeat`. Also prints the other
methods' throughput.

Aim: arithmetic ≤ 1.2× the bare matmul (keep).
Run: python tests/benchmarks/bench_aggregate.py [--n 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse

import numpy as np
from common import paired, result, seconds

from engine import aggregate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000, help="weight vectors")
    parser.add_argument("--s", type=int, default=8)
    parser.add_argument("--k", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((args.s, args.k))
    w = rng.random((args.n, args.k))
    w /= w.sum(axis=1, keepdims=True)
    evaluations = args.n * args.s
    xt = x.T * 100.0
    t_ours, base = paired(lambda: aggregate(x, w), lambda: w @ xt, args.repeat)
    print(f"shapes: {args.n:,} weight vectors × {args.s} scenarios × {args.k} indicators")
    print(f"plain numpy matmul      {evaluations / base / 1e6:8.1f} M scores/s  (1.00)")
    print(f"aggregate arithmetic    {evaluations / t_ours / 1e6:8.1f} M scores/s  "
          f"({t_ours / base:.2f}×)")  # fmt: skip
    for method in ("geometric", "topsis"):
        t = seconds(lambda m=method: aggregate(x, w, m))
        print(f"aggregate {method:<13} {evaluations / t / 1e6:8.1f} M scores/s")
    result("scores", t_ours / base, "<=1.2", t_ours / base <= 1.2)


if __name__ == "__main__":
    main()
