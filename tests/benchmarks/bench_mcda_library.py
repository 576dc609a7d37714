"""Benchmark (README row "the most used Python MCDA library"): the same scores and ranks as
`bench_ranks.py` (weight vectors × 8 scenarios × 16 indicators, weighted sums of intensities,
rank 1 = highest) through pymcdm, one call per weight vector (its interface takes one weight
vector per call), against `engine.kernel.score_ranks` over all of them at once, in the same
process. pymcdm's WSM is given the identity as its normalisation, so both compute the same
numbers (checked on the first vectors).

pymcdm is NOT a taqdir dependency: install it somewhere throwaway, e.g.
`pip install --target /tmp/pymcdm-lib pymcdm` and run with PYTHONPATH=/tmp/pymcdm-lib.
Without it the script says so and exits 0 (the row is skipped).

Aim: pymcdm ≥ 1,000× slower than taqdir per weight vector.
Run: python tests/benchmarks/bench_mcda_library.py [--n 1000000] [--n-library 5000]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics

import numpy as np
from common import result, seconds

from engine import kernel


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000, help="weight vectors for taqdir")
    parser.add_argument("--n-library", type=int, default=5000, help="calls to pymcdm")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if importlib.util.find_spec("pymcdm") is None:
        print("pymcdm is not installed: row skipped (see the docstring to run it).")
        print("RESULT row=mcda-library skipped")
        return
    from pymcdm.helpers import rankdata
    from pymcdm.methods import WSM

    rng = np.random.default_rng(0)
    x = rng.random((8, 16))
    w = rng.random((args.n, 16))
    w /= w.sum(axis=1, keepdims=True)
    types = np.ones(16)
    wsm = WSM(normalization_function=lambda m, cost: m)

    def library(count: int) -> list[np.ndarray]:
        out = []
        for i in range(count):
            pref = wsm(x, w[i], types)
            out.append(rankdata(pref, reverse=True))
        return out

    scores, ranks = kernel.score_ranks(x, w[:100])
    for i, r in enumerate(library(100)):
        np.testing.assert_allclose(wsm(x, w[i], types) * 100, scores[i], rtol=1e-12)
        np.testing.assert_array_equal(r, ranks[i])
    lib_runs, our_runs = [], []
    for _ in range(args.repeat):
        lib_runs.append(seconds(lambda: library(args.n_library)) / args.n_library)
        our_runs.append(seconds(lambda: kernel.score_ranks(x, w)) / args.n)
    per_lib, per_ours = statistics.median(lib_runs), statistics.median(our_runs)
    ratio = per_lib / per_ours
    print(f"{args.n:,} weight vectors (taqdir) / {args.n_library:,} calls (pymcdm)")
    print(f"taqdir score_ranks   {per_ours * 1e9:10.1f} ns per weight vector")
    print(f"pymcdm WSM + ranks   {per_lib * 1e9:10.1f} ns per weight vector ({ratio:,.0f}×)")
    result("mcda-library", ratio, ">=1000", ratio >= 1000)


if __name__ == "__main__":
    main()
