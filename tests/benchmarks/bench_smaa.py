"""Benchmark (README row "SMAA-2"): SMAA-2 with 10^6 samples on the built-in case (6
scenarios × 12 indicators), profile weight model, against the bare draws of the variates the
method needs, from the same generator, in the same process.

The floor: per block of `montecarlo.BLOCK` samples, the uniforms of the triangular inverse
CDF `(n, S, K)` and the gammas of the Dirichlet around the profile `(n, K)`, then for the
confidence-factor pass the uniforms of its value samples again. SMAA adds to that the
transforms (triangular, raw → intensity, normalising the gammas), the scores, the ranks and
tiers and the counting. Also shown: the floor of the other weight models (exponentials for
the uniform simplex), SMAA's peak traced memory (tracemalloc), and the cost of the first job
that uses the compiled passes (from `value_kernel.COMPILE_FROM` samples): importing numba and
loading their machine code from its on-disk cache (or compiling them when there is none),
paid once per process and kept out of the paired timings, which are of the whole SMAA call.

Aim: whole SMAA ≤ 2× the bare draws; memory ≤ 100 MiB.
Run: python tests/benchmarks/bench_smaa.py [--samples 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tracemalloc

import numpy as np
from common import paired, result, seconds

from engine import robust as robustness
from engine.montecarlo import BLOCK, block_seeds
from engine.robust import smaa
from engine.value_kernel import COMPILE_FROM
from scenarios.loader import load_assessment


def bare_draws(
    samples: int, seed: int, shape: tuple[int, int], alpha: np.ndarray, confidence: int
) -> None:
    """Exactly the variates SMAA (profile weights) draws, and nothing else."""
    for i, bs in enumerate(block_seeds(seed, samples)):
        n = min(BLOCK, samples - i * BLOCK)
        rng = np.random.default_rng(bs)
        rng.random((n, *shape))
        rng.standard_gamma(np.broadcast_to(alpha, (n, alpha.size)))
    for i, bs in enumerate(block_seeds(seed, confidence)):
        n = min(BLOCK, confidence - i * BLOCK)
        np.random.default_rng(bs).random((n, *shape))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n, seed = args.samples, args.seed

    st = robustness.prepare(load_assessment(None))
    s_count, k_count = st.base.intensities.shape
    model = robustness.weight_model(st, "profile")
    w = st.base.weights / st.base.weights.sum()
    alpha = model.concentration * w
    confidence = min(n, smaa.CONFIDENCE_SAMPLES)
    print(f"built-in case: {s_count} scenarios × {k_count} indicators, {n:,} samples")

    def run() -> None:
        robustness.acceptability(st, model, samples=n, seed=seed)

    # The first job that uses the compiled passes loads them (numba and its cached machine
    # code): once per process, shown here and kept out of the paired timings below.
    def first() -> None:
        robustness.acceptability(st, model, samples=COMPILE_FROM, seed=seed)

    t_first, t_again = seconds(first), seconds(first)
    print(
        f"first compiled job in this process ({COMPILE_FROM:,} samples) {t_first:6.3f} s, "
        f"again {t_again:6.3f} s: {t_first - t_again:.3f} s once per process"
    )

    def floor() -> None:
        bare_draws(n, seed, (s_count, k_count), alpha, confidence)

    t_smaa, t_floor = paired(run, floor, args.repeat)
    print(f"bare draws (uniforms + gammas, same generator)  {t_floor:6.3f} s  (1.00)")
    ratio = t_smaa / t_floor
    print(f"SMAA-2, profile weights                         {t_smaa:6.3f} s  ({ratio:.2f}×)")

    def uniform_floor() -> None:
        for i, bs in enumerate(block_seeds(seed, n)):
            m = min(BLOCK, n - i * BLOCK)
            rng = np.random.default_rng(bs)
            rng.random((m, s_count, k_count))
            rng.standard_exponential((m, len(st.base.family_ids)))

    uniform = robustness.weight_model(st, "uniform")
    t_uni = seconds(lambda: robustness.acceptability(st, uniform, samples=n, seed=seed))
    t_ufl = seconds(uniform_floor)
    print(f"(uniform weights: SMAA {t_uni:6.3f} s, its draws {t_ufl:6.3f} s, {t_uni / t_ufl:.2f}×)")

    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mib = peak / 2**20
    print(f"SMAA peak traced memory {mib:6.1f} MiB (aim ≤ 100)")
    ratio = t_smaa / t_floor
    result("smaa", ratio, "<=2.0 and <=100MiB", ratio <= 2.0 and mib <= 100)


if __name__ == "__main__":
    main()
