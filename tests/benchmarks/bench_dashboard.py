"""Server-side rerun time of the dashboard after a weight slider moves (built-in case).

Runs the real app script with Streamlit's AppTest (no browser, no network): every rerun
executes the whole script (sidebar, scoring under the set weights and the profile's own, the
Scores page with its charts). The target is under 150 ms per rerun. For scale, it also times
the engine's own work per rerun (two `engine.score.score` calls) and a raw-numpy baseline of
the same arithmetic (two weighted sums) in the same process.

    python tests/benchmarks/bench_dashboard.py [--reruns 30] [--method geometric]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
TARGET_MS = 150.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=30)
    parser.add_argument("--method", default=None, help="aggregation method (default: the case's)")
    args = parser.parse_args()

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from engine.score import score
    from scenarios.loader import load_assessment

    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception, at.exception
    if args.method:
        at.selectbox(key="method").set_value(args.method).run()
    slider = "ws:f:troops"
    values = [round(0.5 + 0.1 * (i % 40), 1) for i in range(args.reruns + 3)]
    for v in values[:3]:  # warm up: imports, caches, first chart builds
        at.slider(key=slider).set_value(v).run()
    times = []
    for v in values[3:]:
        start = time.perf_counter()
        at.slider(key=slider).set_value(v).run()
        times.append(1000 * (time.perf_counter() - start))
        assert not at.exception, at.exception

    a = load_assessment(None)
    method = args.method or a.method
    engine_times = []
    for v in values[3:]:
        start = time.perf_counter()
        score(a, profile="equal", method=method)
        score(a, profile="equal", method=method, set_weights={"troops": v})
        engine_times.append(1000 * (time.perf_counter() - start))

    # The sidebar's stability notes per moved weight: one prepare and the slider intervals.
    from engine import robust as robustness

    notes_times = []
    for v in values[3:]:
        start = time.perf_counter()
        robustness.slider_stability(
            robustness.prepare(a, profile="equal", method=method, set_weights={"troops": v})
        )
        notes_times.append(1000 * (time.perf_counter() - start))

    # Raw-numpy baseline of the arithmetic itself: the two weighted sums, 100 · x @ w.
    import numpy as np

    r = score(a, profile="equal")
    x, w = r.intensities, r.weights
    start = time.perf_counter()
    for _ in range(1000):
        100.0 * (x @ w)
        100.0 * (x @ w)
    numpy_ms = (time.perf_counter() - start) / 1000 * 1000  # ms per rerun's worth
    assert np.allclose(100.0 * (x @ w), r.scores)

    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    engine = statistics.median(engine_times)
    notes = statistics.median(notes_times)
    print(f"dashboard rerun after a slider change (built-in case, {method}, {len(times)} reruns):")
    print(
        f"  median {median:.1f} ms, p90 {p90:.1f} ms, min {min(times):.1f} ms "
        f"(target < {TARGET_MS:.0f} ms: {'met' if median < TARGET_MS else 'NOT met'})"
    )
    print(
        f"  of which engine scoring (2 calls): median {engine:.1f} ms "
        f"({100 * engine / median:.0f}% of the rerun)"
    )
    print(
        f"  of which the sliders' stability intervals: median {notes:.1f} ms "
        f"({100 * notes / median:.0f}% of the rerun)"
    )
    print(
        f"  raw numpy of the same arithmetic (2 × 100·x@w on {x.shape[0]}×{x.shape[1]}): "
        f"{1000 * numpy_ms:.1f} µs; rerun / numpy = {median / numpy_ms:,.0f}×"
    )


if __name__ == "__main__":
    main()
