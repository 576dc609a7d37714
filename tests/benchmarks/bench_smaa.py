"""Benchmark: SMAA-2 with 10^6 samples on the built-in case (6 scenarios × 12 indicators).

Prints, in one process:
- the whole SMAA run (`engine.robust.analyses.acceptability`: value and weight sampling, scores,
  rank/tier counts, central weights, then the confidence-factor pass) against the plain Monte
  Carlo scoring of the same samples (`engine.montecarlo.sample_scores`, the foundation's
  `score --samples`), both drawing identical numbers;
- on the same sampled arrays, chunk by chunk: the plain scoring kernel alone
  (`kernel.aggregate`) against the kernel plus SMAA's counting (`smaa.Tally.add`), which is
  the ratio SMAA itself costs;
- peak memory: tracemalloc (numpy's allocations are traced) and the process's peak RSS.

Run: python tests/benchmarks/bench_smaa.py [--samples 1000000] [--chunk 32768]
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

from engine import kernel
from engine import robust as robustness
from engine.montecarlo import sample_scores
from engine.robust import smaa
from scenarios.loader import load_assessment


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--chunk", type=int, default=smaa.DEFAULT_CHUNK)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    n, chunk, seed = args.samples, args.chunk, args.seed

    st = robustness.prepare(load_assessment(None))
    b = st.base
    s_count, k_count = b.intensities.shape
    print(
        f"built-in case: {s_count} scenarios × {k_count} indicators, {n:,} samples, chunk {chunk:,}"
    )

    times = {}
    for kind in ("profile", "uniform"):
        model = robustness.weight_model(st, kind)
        tracemalloc.start()
        res, t_smaa = timed(
            lambda m=model: robustness.acceptability(st, m, samples=n, seed=seed, chunk=chunk)
        )
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        times[kind] = t_smaa
        conf = res.acc.confidence_samples
        print(
            f"SMAA ({kind} weights)  {t_smaa:6.2f} s  {n / t_smaa / 1e6:5.2f} M samples/s  "
            f"(+ confidence pass over {conf:,})  peak traced {peak / 2**20:6.1f} MiB"
        )
    # The foundation's Monte Carlo scoring of the same samples (Dirichlet around the profile).
    tracemalloc.start()
    _, t_mc = timed(
        lambda: sample_scores(
            b.raw, b.weights, b.compiled.intensities, method="arithmetic", samples=n,
            seed=seed, concentration=100.0, chunk=chunk,
        )
    )  # fmt: skip
    _, peak_mc = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"plain Monte Carlo scores (montecarlo.sample_scores)  {t_mc:6.2f} s  "
        f"peak traced {peak_mc / 2**20:6.1f} MiB (holds all {n:,} × {s_count} scores)"
    )
    ratio = times["profile"] / t_mc
    print(f"  → SMAA (profile weights) / plain Monte Carlo scoring: {ratio:.2f}×")

    # On the same arrays, chunk by chunk: kernel alone vs kernel + SMAA counting.
    sampler = robustness.weight_model(st, "profile").sampler(st)
    tally = smaa.Tally(s_count, k_count, st.thresholds)
    t_draw = t_kernel = t_tally = 0.0
    for blocks in smaa.chunks(seed, n, chunk):
        (raw, w), dt = timed(lambda bl=blocks: smaa.draw(bl, b.raw, sampler))
        x, dx = timed(lambda r=raw: b.compiled.intensities(r))
        t_draw += dt + dx
        _, dk = timed(lambda x=x, w=w: kernel.aggregate(x, w))
        t_kernel += dk
        _, da = timed(lambda x=x, w=w: tally.add(kernel.aggregate(x, w), w))
        t_tally += da
    print(
        f"same arrays: sampling values+weights {t_draw:5.2f} s | kernel.aggregate {t_kernel:5.2f} s"
        f" | aggregate + SMAA counting {t_tally:5.2f} s"
    )
    print(f"  → SMAA counting / plain scoring kernel on the same arrays: {t_tally / t_kernel:.2f}×")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"process peak RSS {rss:6.1f} MiB")


if __name__ == "__main__":
    main()
