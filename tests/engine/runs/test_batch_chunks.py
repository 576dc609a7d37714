"""The run store's chunk files (one Arrow record per variant) and the output rows made from
them: every row matches the chunk's arrays; a chunk file reads on its own; chunk files of the
earlier one-Parquet-row-per-row form still export to the same rows; ranks counted the fast way
equal a plain search, ties within the tolerance included."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import kernel
from engine.runs.chunks import (
    chunk_info,
    chunk_table,
    read_chunk,
    read_variants,
    rows_table,
    write_chunk,
)
from engine.runs.export import export, run_meta
from engine.runs.plan import build_plan, evaluate_chunk
from engine.runs.ranking import RANK_TOL, _not_above, scan
from engine.runs.runner import start
from engine.runs.store import Store
from indicators.errors import StoreError
from tests.batch_helpers import MIXED, loaded
from tests.engine.runs.records import record


def _two_profiles(tiny: dict) -> dict:
    tiny["profiles"].append(
        {"id": "arms_first", "name": {"en": "x", "ar": "س"}, "families": {"talks": 1, "arms": 3}}
    )
    return tiny


def test_rows_of_a_chunk_file_match_its_arrays(tiny, tmp_path):
    lb = loaded(
        _two_profiles(tiny),
        scenarios=["baseline", "deeper"],
        sweeps=MIXED,
        samples=30,
        chunk=16,
        profiles=["equal", "arms_first"],
        methods=["arithmetic", "geometric"],
    )
    plan = build_plan(lb)
    meta = run_meta(plan, lb)
    cols = evaluate_chunk(plan, 0)  # the scenarios, the grid and the start of the Sobol' sweep
    path = tmp_path / "chunk.arrow"
    assert write_chunk(path, chunk_table(cols, chunk_info(meta))) == path.stat().st_size
    rows = read_chunk(path).to_pydict()

    g, n = plan.groups, 16
    assert len(rows["variant"]) == n * g
    for r in range(n * g):
        v, j = divmod(r, g)
        assert rows["variant"][r] == v
        assert rows["profile"][r] == plan.profile_ids[j // 2]
        assert rows["method"][r] == plan.methods[j % 2]
        assert rows["score"][r] == cols["score"][v, j]
        expected_tier = kernel.tier_index(cols["score"][v, j], plan.thresholds)
        assert rows["tier"][r] == plan.tier_ids[expected_tier]
        assert rows["base"][r] == ("deeper" if v == 1 else "baseline")
        assert rows["sweep"][r] == (None if v < 2 else "g" if v < 10 else "s")  # grid: 8
        for k in plan.varied_ids:
            assert rows[f"raw.{k}"][r] == cols[f"raw.{k}"][v]
        assert rows["p05"][r] == cols["p05"][v, j]
        for t, tier in enumerate(plan.tier_ids):
            assert rows[f"p_tier.{tier}"][r] == cols["p_tier"][v, j, t]
    assert list(rows) == [c for c in meta.columns if c != "rank"]

    some = read_chunk(path, ["variant", "tier", "raw.meetings"])
    assert some.column_names == ["variant", "raw.meetings", "tier"]  # in documented order
    assert some.column("tier").to_pylist() == rows["tier"]
    ranked = rows_table(read_variants(path), ranks=np.arange(n * g))
    assert ranked.column("rank").to_pylist() == list(range(n * g))
    assert ranked.schema.field("score").nullable is False  # Parquet: no definition levels
    assert ranked.schema.field("sweep").nullable is True


def test_a_damaged_chunk_file_is_a_store_error(tmp_path):
    path = tmp_path / "chunk-00000000.arrow"
    path.write_bytes(b"not arrow")
    with pytest.raises(StoreError, match="cannot be read"):
        read_chunk(path)


def test_chunk_files_of_the_earlier_parquet_form_export_the_same_rows(tiny, tmp_path):
    """Runs stored before chunk files held one record per variant: one Parquet row per
    output row, rank excluded. Rewrite a run's chunks that way and export it again."""
    import pyarrow.parquet as pq

    lb = loaded(tiny, scenarios=["baseline"], sweeps=MIXED, chunk=9, methods=["arithmetic"])
    store = Store(tmp_path / "home")
    run = start(lb, store=store).run
    files = store.chunk_files(run.id)
    meta = run.info
    new = tmp_path / "new.parquet"
    export(files, meta, scan(files, meta), new, "parquet")

    with sqlite3.connect(store.db_path) as conn:
        for path in files:
            legacy = path.with_suffix(".parquet")
            pq.write_table(read_chunk(path), legacy)
            path.unlink()
            conn.execute("UPDATE chunks SET file = ? WHERE file = ?", (legacy.name, path.name))
    store.close()
    legacy_files = Store(tmp_path / "home").chunk_files(run.id)
    assert [p.suffix for p in legacy_files] == [".parquet"] * len(files)
    old = tmp_path / "old.parquet"
    export(legacy_files, meta, scan(legacy_files, meta), old, "parquet")
    a, b = pq.read_table(new), pq.read_table(old)
    assert a.schema == b.schema
    assert a.to_pylist() == b.to_pylist()


near_ties = st.lists(
    st.one_of(
        st.sampled_from([0.0, 10.0, 50.0, 100.0]),
        st.floats(0, 100),
        st.sampled_from([50.0 + RANK_TOL * f for f in (0.3, 0.9, 1.0, 1.1, 2.5)]),
    ),
    min_size=1,
    max_size=60,
)


@given(near_ties, st.integers(0, 59), st.integers(1, 60))
def test_fast_rank_counts_equal_a_plain_search(values, lo, size):
    ordered = np.sort(np.array(values))
    lo = min(lo, len(ordered) - 1)
    hi = min(lo + size, len(ordered))
    expected = np.searchsorted(ordered, ordered[lo:hi] + RANK_TOL, side="right")
    assert np.array_equal(_not_above(ordered, lo, hi), expected)


def test_scan_ranks_equal_kernel_ranks_with_ties_across_chunks(tmp_path):
    """Scores with exact and near ties, spread over chunk files: the scan's ranks are
    `kernel.ranks` of all scores of a group (known answer: the kernel's definition)."""
    rng = np.random.default_rng(3)
    scores = rng.choice([20.0, 50.0, 50.0 + 0.5 * RANK_TOL, 50.0 + 3 * RANK_TOL, 70.0], 40)
    scores = np.stack([scores, scores[::-1]], axis=1)  # (V, G = 2)
    info = {
        "groups": 2,
        "profiles": ["p"],
        "methods": ["a", "b"],
        "tiers": ["low", "high"],
        "thresholds": [50.0],
        "bases": ["s"],
        "segments": ["s"],
        "scenario_segments": [True],
    }
    files = []
    for c in range(4):
        part = slice(10 * c, 10 * c + 10)
        cols = {
            "variant": np.arange(40)[part],
            "base": np.zeros(10, np.int16),
            "segment": np.zeros(10, np.int16),
            "score": scores[part],
        }
        files.append(tmp_path / f"chunk-{c:08d}.arrow")
        write_chunk(files[-1], chunk_table(cols, info))
    segments = [{"name": "s", "kind": "scenario", "start": 0, "count": 40, "base": "s"}]
    s = scan(files, record(groups=2, thresholds=[50.0], segments=segments))
    for j in range(2):
        assert s.ranks[j].tolist() == kernel.ranks(scores[:, j]).tolist()
    assert s.tier_counts.tolist() == [
        [int((scores[:, j] < 50).sum()), int((scores[:, j] >= 50).sum())] for j in range(2)
    ]
