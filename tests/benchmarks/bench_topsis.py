"""Benchmark (README row "relative TOPSIS"): TOPSIS with vector normalisation
(`engine.robust.classic.topsis`) over 10^5 weight vectors × 8 scenarios × 16 criteria,
against a tuned numpy reference in the same process: normalise once, then both weighted
distances from one GEMM of the squared weights against the stacked squared gaps to the ideal
and anti-ideal (the Gram-matrix form of the distances).

Aim: ≤ 1.2× the reference.
Run: python tests/benchmarks/bench_topsis.py [--n 100000] [--repeat 7]
"""

from __future__ import annotations

import argparse

import numpy as np
from common import paired, result

from engine.robust import classic


def reference(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """TOPSIS closeness (all criteria benefits, weights already normalised)."""
    r = x / np.sqrt((x * x).sum(axis=0))
    gaps = np.concatenate([(r - r.max(axis=0)) ** 2, (r - r.min(axis=0)) ** 2])
    d = np.sqrt((w * w) @ gaps.T)  # (n, 2S)
    s = x.shape[0]
    d_plus, d_minus = d[:, :s], d[:, s:]
    out: np.ndarray = d_minus / (d_plus + d_minus)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--s", type=int, default=8)
    parser.add_argument("--k", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.random((args.s, args.k)) + 0.1
    w = rng.random((args.n, args.k))
    w /= w.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(classic.topsis(x, w), reference(x, w), rtol=1e-12)
    t_ours, t_ref = paired(lambda: classic.topsis(x, w), lambda: reference(x, w), args.repeat)
    print(f"{args.n:,} weight vectors × {args.s} alternatives × {args.k} criteria")
    print(f"tuned numpy reference (Gram form)   {t_ref * 1e3:7.2f} ms  (1.00)")
    print(f"taqdir classic.topsis               {t_ours * 1e3:7.2f} ms  ({t_ours / t_ref:.2f}×)")
    result("topsis", t_ours / t_ref, "<=1.2", t_ours / t_ref <= 1.2)


if __name__ == "__main__":
    main()
