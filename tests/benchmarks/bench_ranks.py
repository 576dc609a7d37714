"""Benchmark (README row "scores and ranks"): 10^6 weight vectors × 8 scenarios × 16
indicators, scores and ranks through `engine.kernel.score_ranks`, against a tuned numpy
reference in the same process: a matmul in cache-sized blocks of weight vectors, ranks by one
comparison per scenario pair added into int8 (ties within 1e-9 share the better rank, as
taqdir ranks); and the same with one matmul for all the scores (faster on a loaded machine,
see `reference_one_gemm`): the faster of the two is the reference. Also shown: plain scores
plus `argsort` ranks, the obvious way.

Aim: ≤ 1.5× the tuned reference.
Run: python tests/benchmarks/bench_ranks.py [--n 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics

import numpy as np
from common import result, seconds

from engine import kernel

TOL = 1e-9


def reference(x: np.ndarray, w: np.ndarray, block: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """Scores (weights already normalised, no checks) and ranks, block by block."""
    n, s_count = w.shape[0], x.shape[0]
    scores = np.empty((n, s_count))
    ranks = np.empty((n, s_count), dtype=np.int8)
    xt = x.T * 100.0
    for lo in range(0, n, block):
        sc = np.matmul(w[lo : lo + block], xt, out=scores[lo : lo + block])
        r = ranks[lo : lo + block]
        r[...] = 1
        raised = sc + TOL
        for j in range(s_count):
            r += sc[:, j : j + 1] > raised
    return scores, ranks


def reference_one_gemm(
    x: np.ndarray, w: np.ndarray, block: int = 4096
) -> tuple[np.ndarray, np.ndarray]:
    """The same, with the scores from one GEMM and only the ranks in blocks: on a loaded
    machine OpenBLAS's thread synchronisation on every small GEMM can make the blocked form
    several times slower, so the faster of the two references counts."""
    n, s_count = w.shape[0], x.shape[0]
    scores = w @ (x.T * 100.0)
    ranks = np.empty((n, s_count), dtype=np.int8)
    for lo in range(0, n, block):
        sc = scores[lo : lo + block]
        r = ranks[lo : lo + block]
        r[...] = 1
        raised = sc + TOL
        for j in range(s_count):
            r += sc[:, j : j + 1] > raised
    return scores, ranks


def taqdir(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if hasattr(kernel, "score_ranks"):
        return kernel.score_ranks(x, w)  # type: ignore[no-any-return]
    # The tree before score_ranks existed: scores, then the kernel's ranks.
    scores = kernel.aggregate(x, w)
    return scores, kernel.ranks(scores)


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
    print(f"{args.n:,} weight vectors × {args.s} scenarios × {args.k} indicators")

    ref_s, ref_r = reference(x, w)
    our_s, our_r = taqdir(x, w)
    np.testing.assert_allclose(our_s, ref_s, rtol=1e-12, atol=1e-9)
    agree = (our_r == ref_r).mean()
    print(f"ranks agree with the reference on {agree:.6%} of entries")

    runs: list[list[float]] = [[], [], []]
    for _ in range(args.repeat):  # the three alternately, so load changes hit them alike
        runs[0].append(seconds(lambda: taqdir(x, w)))
        runs[1].append(seconds(lambda: reference(x, w)))
        runs[2].append(seconds(lambda: reference_one_gemm(x, w)))
    t_ours, t_blocked, t_one = (statistics.median(r) for r in runs)
    t_ref = min(t_blocked, t_one)
    t_sort = seconds(lambda: np.argsort(np.argsort(-kernel.aggregate(x, w), axis=1), axis=1))
    print(f"reference, blocked matmul        {t_blocked:6.3f} s")
    print(f"reference, one matmul            {t_one:6.3f} s")
    print(f"tuned numpy reference (faster)   {t_ref:6.3f} s  (1.00)")
    print(f"taqdir scores and ranks          {t_ours:6.3f} s  ({t_ours / t_ref:.2f}×)")
    print(f"plain scores + argsort ranks     {t_sort:6.3f} s  ({t_sort / t_ref:.2f}×, no ties)")
    result("ranks", t_ours / t_ref, "<=1.5", t_ours / t_ref <= 1.5)


if __name__ == "__main__":
    main()
