"""Determinism across executors: in-process, local worker processes and Dask (an in-process
`LocalCluster`, and `--dask local` through `taqdir batch`) give the same rows, row for
row and bit for bit, with Monte Carlo sampling on (chunk streams come from the batch seed)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.runs.executors import Dask, InProcess, Processes
from engine.runs.runner import start
from engine.runs.store import Store
from scenarios.batch import load_batch
from tests.batch_helpers import assert_same_rows, read_parquet, write_case

BATCH = {
    "id": "determinism",
    "scenarios": ["baseline", "deeper"],
    "sweeps": [
        {
            "kind": "grid",
            "id": "grid",
            "axes": {"meetings": {"from": 0, "to": 8, "num": 9}, "level": ["none", "high"]},
        },
        {"kind": "sobol", "id": "sobol", "n": 40, "ranges": {"troops": {"low": 0, "high": 999}}},
        {"kind": "lhs", "id": "lhs", "n": 30, "ranges": {"meetings": {"low": 0, "high": 6}}},
    ],
    "methods": ["arithmetic", "geometric", "topsis"],
    "samples": 300,
    "seed": 42,
    "chunk": 9,
}


@pytest.fixture
def case(tmp_path, tiny):
    return write_case(tmp_path / "case", BATCH, tiny)


def run_with(executor, case, folder):  # type: ignore[no-untyped-def]
    out = folder / "rows.parquet"
    start(load_batch(case), store=Store(folder / "home"), executor=executor, output=out)
    return read_parquet(out)


def test_processes_and_dask_equal_in_process(case, tmp_path):
    from dask.distributed import Client, LocalCluster

    reference = run_with(InProcess(), case, tmp_path / "in")
    assert reference.num_rows == (2 + 18 + 40 + 30) * 3
    assert_same_rows(run_with(Processes(2), case, tmp_path / "proc"), reference)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False) as cluster,
        Client(cluster) as client,
    ):
        assert_same_rows(run_with(Dask(client), case, tmp_path / "dask"), reference)


def test_cli_workers_and_dask_local_equal_the_default(cli, case, tmp_path):
    home = {"TAQDIR_HOME": str(tmp_path / "home")}
    outs = {}
    for name, extra in {
        "default": [],
        "workers": ["--workers", "2"],
        "dask": ["--dask", "local", "--workers", "2"],
    }.items():
        outs[name] = tmp_path / f"{name}.parquet"
        run = cli("batch", case, "-q", "-o", outs[name], *extra, env=home)
        assert run.code == 0, run.err
    reference = read_parquet(outs["default"])
    assert_same_rows(read_parquet(outs["workers"]), reference)
    assert_same_rows(read_parquet(outs["dask"]), reference)


def test_unreachable_dask_scheduler_is_an_input_error(cli, case, tmp_path, monkeypatch):
    import dask

    from engine.runs import executors

    # The error's kind is the point here; how fast it comes is test_hostile_input's.
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1)

    # Dask's own setting for how long to keep trying (default 30 s); in a process it would
    # come from DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT, read when dask is first imported.
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        run = cli(
            "batch",
            case,
            "--dask",
            "tcp://127.0.0.1:9",
            env={"TAQDIR_HOME": str(tmp_path / "home")},
        )
    assert run.code == 2, run.err
    assert "cannot reach a Dask scheduler" in run.err and "Traceback" not in run.err


def test_dask_survives_losing_the_worker_that_holds_the_plan(case, tmp_path):
    """The worker that received the plan dies after the first chunk; a worker that joined
    later (and never received the plan) finishes the run, with the same rows."""
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    from engine.runs.plan import build_plan, evaluate_chunk

    batch = load_batch(case)
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=False) as cluster,
        Client(cluster) as client,
    ):
        executor = Dask(client)
        (first,) = list(cluster.workers.values())
        plan = build_plan(batch)
        results = executor.run(plan, list(range(plan.chunks)))
        got = [next(results)]
        cluster.scale(2)
        client.wait_for_workers(2, timeout=60)
        client.sync(first.close)
        got.extend(results)
    assert sorted(i for i, _ in got) == list(range(plan.chunks))
    for i, cols in got:  # the same numbers as in this process
        expected = evaluate_chunk(plan, i)
        for key, value in expected.items():
            np.testing.assert_array_equal(cols[key], value)
