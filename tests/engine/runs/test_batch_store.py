"""The run store: a real `taqdir batch` process killed with SIGKILL and resumed yields exactly
the rows of a clean run; two batches at once do not corrupt the store; `taqdir runs`."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading
import time

import pytest

from engine.runs.executors import InProcess
from engine.runs.runner import resume, start
from engine.runs.store import Store
from indicators.errors import StoreError
from scenarios.batch import load_batch
from tests.batch_helpers import assert_same_rows, read_parquet, write_case
from tests.cli_support import taqdir_executable


def grid_batch(num: int, chunk: int, seed: int = 9, samples: int = 400) -> dict:
    return {
        "id": f"grid-{seed}",
        "scenarios": ["baseline"],
        "sweeps": [
            {
                "kind": "grid",
                "id": "g",
                "axes": {
                    "meetings": {"from": 0, "to": 8, "num": num},
                    "level": ["none", "low", "high"],
                },
            }
        ],
        "methods": ["arithmetic", "topsis"],
        "samples": samples,
        "chunk": chunk,
        "seed": seed,
    }


def stored_chunks(home) -> int:  # type: ignore[no-untyped-def]
    db = home / "runs.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def test_resume_after_sigkill_gives_the_rows_of_a_clean_run(cli, tmp_path, tiny):
    # 301 chunks, killed after 20: the count and the kill are the point, not the sample size.
    case = write_case(tmp_path / "case", grid_batch(num=6000, chunk=60, samples=100), tiny)
    home = tmp_path / "home"
    env = {**os.environ, "TAQDIR_HOME": str(home)}
    resumed_out = tmp_path / "resumed.parquet"
    proc = subprocess.Popen(
        [*taqdir_executable(), "batch", str(case), "-q", "-o", str(resumed_out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while stored_chunks(home) < 20:
        assert proc.poll() is None, "the batch ended before it could be killed"
        assert time.monotonic() < deadline, "the batch stored no chunks in time"
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL

    store = Store(home)
    (run,) = store.runs()
    kept = len(store.chunk_files(run.id))
    assert run.status == "running" and run.state == "interrupted"
    assert 20 <= kept < run.chunks == 301
    assert not resumed_out.exists()

    again = cli("batch", "--resume", run.id, "-q", "--summary", "json", env=env)
    assert again.code == 0, again.err
    report = again.json()
    assert report["resumed_chunks"] >= kept  # the stored chunks were kept, not recomputed
    assert report["run"]["status"] == "done"
    assert report["run"]["row_count"] == report["run"]["rows_expected"] == 18001 * 2
    assert not list(store.folder(run.id).glob(".*.tmp"))

    clean_out = tmp_path / "clean.parquet"
    clean = cli("batch", case, "-q", "-o", clean_out, env=env)
    assert clean.code == 0, clean.err
    assert_same_rows(read_parquet(resumed_out), read_parquet(clean_out))


def test_two_batches_at_once_do_not_corrupt_the_store(tmp_path, tiny):
    home = tmp_path / "home"
    env = {**os.environ, "TAQDIR_HOME": str(home)}
    cases, procs = [], []
    for seed in (1, 2):
        case = write_case(tmp_path / f"case{seed}", grid_batch(num=700, chunk=10, seed=seed), tiny)
        out = tmp_path / f"out{seed}.parquet"
        cases.append((case, out))
        procs.append(
            subprocess.Popen(
                [*taqdir_executable(), "batch", str(case), "-q", "-o", str(out)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err

    store = Store(home)
    runs = store.runs()
    assert len(runs) == 2 and {r.status for r in runs} == {"done"}
    assert all(r.row_count == r.rows_expected == 2101 * 2 for r in runs)
    with sqlite3.connect(home / "runs.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0] == 2 * 211
    for case, out in cases:  # each equals the same batch run alone, in this process
        alone = tmp_path / f"alone-{case.parent.name}.parquet"
        start(load_batch(case), store=Store(tmp_path / "alone"), output=alone)
        assert_same_rows(read_parquet(out), read_parquet(alone))


def test_a_new_store_opened_by_several_at_once_opens_for_all(tmp_path):
    """Batches started together on a new store: SQLite answers "database is locked" at once,
    without its busy timeout, to the second switch to WAL mode; the store must wait its turn.
    (Connections in threads race for SQLite's file locks as processes do.)"""
    errors: list[str] = []

    def open_store(home, barrier) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            Store(home).conn.execute("SELECT COUNT(*) FROM runs").fetchone()
        except StoreError as exc:
            errors.append(str(exc))

    for attempt in range(30):  # the old race lost about one time in eight
        home, barrier = tmp_path / f"home{attempt}", threading.Barrier(3)
        threads = [threading.Thread(target=open_store, args=(home, barrier)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []


class FailAfter(InProcess):
    """In-process, but the process 'dies' (raises) after n chunks."""

    def __init__(self, n: int) -> None:
        self.n = n

    def run(self, plan, indices):  # type: ignore[no-untyped-def]
        for count, item in enumerate(super().run(plan, indices)):
            if count == self.n:
                raise RuntimeError("worker lost")
            yield item


def test_failed_run_with_a_lost_chunk_file_resumes_to_the_same_rows(tmp_path, tiny):
    case = write_case(tmp_path / "case", grid_batch(num=40, chunk=8), tiny)
    store = Store(tmp_path / "home")
    with pytest.raises(RuntimeError, match="worker lost"):
        start(load_batch(case), store=store, executor=FailAfter(5))
    (run,) = store.runs()
    assert run.state == "failed" and "worker lost" in run.message
    files = store.chunk_files(run.id)
    assert len(files) == 5
    files[2].unlink()  # a chunk file lost since: it must be computed again
    out = tmp_path / "resumed.parquet"
    outcome = resume(run.id, store=store, output=out)
    assert outcome.resumed_chunks == 4 and outcome.run.state == "done"
    clean = tmp_path / "clean.parquet"
    start(load_batch(case), store=Store(tmp_path / "clean"), output=clean)
    assert_same_rows(read_parquet(out), read_parquet(clean))


def test_runs_list_show_export_delete(cli, tmp_path, tiny):
    case = write_case(tmp_path / "case", grid_batch(num=5, chunk=4), tiny)
    env = {"TAQDIR_HOME": str(tmp_path / "home")}
    first = cli("batch", case, "-q", "--summary", "json", "-o", tmp_path / "rows.parquet", env=env)
    assert first.code == 0, first.err
    run_id = first.json()["run"]["id"]

    listed = cli("runs", "list", "--format", "json", env=env)
    assert listed.code == 0 and [r["id"] for r in listed.json()["runs"]] == [run_id]
    table = cli("runs", "list", env=env)
    assert run_id in table.out and "done" in table.out

    shown = cli("runs", "show", run_id, "--format", "json", env=env).json()
    assert shown["run"]["status"] == "done" and shown["run"]["chunks_done"] == 4
    assert shown["run"]["output"] == str((tmp_path / "rows.parquet").resolve())
    assert shown["summary"]["variants"] == 16
    text = cli("runs", "show", run_id, "--lang", "ar", env=env)
    assert text.code == 0 and "توزيع المستويات" in text.out

    reference = read_parquet(tmp_path / "rows.parquet")
    assert cli("runs", "export", run_id, tmp_path / "again.parquet", env=env).code == 0
    assert_same_rows(read_parquet(tmp_path / "again.parquet"), reference)
    assert cli("runs", "export", run_id, tmp_path / "rows.csv", env=env).code == 0
    csv_lines = (tmp_path / "rows.csv").read_text(encoding="utf-8").splitlines()
    assert len(csv_lines) == reference.num_rows + 1 and '"rank"' in csv_lines[0]
    assert cli("runs", "export", run_id, tmp_path / "rows.jsonl", env=env).code == 0
    import json

    rows = [json.loads(line) for line in (tmp_path / "rows.jsonl").read_text().splitlines()]
    assert rows == reference.to_pylist()

    done_again = cli("batch", "--resume", run_id, env=env)
    assert done_again.code == 1 and "already complete" in done_again.err

    gone = cli("runs", "delete", run_id, env=env)
    assert gone.code == 0 and not (tmp_path / "home" / "runs" / run_id).exists()
    missing = cli("runs", "show", run_id, env=env)
    assert missing.code == 2 and f"no run '{run_id}'" in missing.err
    assert (tmp_path / "rows.parquet").exists()  # the -o file is the user's: kept
