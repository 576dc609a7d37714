"""Running a batch end to end: the use case behind `taqdir batch` (and `--resume`).

`start(loaded, …)` records a new run in the store, evaluates every chunk on the chosen
executor, writes each chunk to its file (`engine.runs.chunks`) and marks it complete, then reads
the stored scores once for ranks and the summary (`engine.runs.ranking.scan`), and writes the rows
with their ranks if an output file is asked for. `resume(run_id, …)` rebuilds the same plan
from the snapshots the store kept and evaluates only the chunks not yet recorded, so the
finished run holds exactly the rows a clean run would have.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from engine.runs.chunks import chunk_info, chunk_table, pyarrow, write_chunk
from engine.runs.executors import Executor, InProcess
from engine.runs.export import export, output_format, run_meta
from engine.runs.plan import Plan, build_plan
from engine.runs.ranking import scan
from engine.runs.record import RunRecord
from engine.runs.store import Run, Store
from engine.runs.summary import build_summary
from engine.score import engine_version, input_hash
from indicators.errors import EnvError, InputError, StoreError
from scenarios.batch import LoadedBatch, count_text, restore_batch, snapshot


class Progress(Protocol):
    """What the runner reports while it works (the CLI draws a progress bar with it)."""

    def begin(self, run: Run, total_rows: int, done_rows: int) -> None: ...

    def advance(self, rows: int) -> None: ...

    def end(self) -> None: ...


class Silent:
    """No progress reports."""

    def begin(self, run: Run, total_rows: int, done_rows: int) -> None:
        pass

    def advance(self, rows: int) -> None:
        pass

    def end(self) -> None:
        pass


@dataclass(frozen=True)
class Outcome:
    """A finished run: its record, its summary, where its rows were written, how long."""

    run: Run
    summary: dict[str, Any]
    output: str | None
    seconds: float
    resumed_chunks: int  # chunks already stored when this process started on the run
    phases: dict[str, float]  # seconds: evaluate (and store), scan, summary, export


def start(
    loaded: LoadedBatch,
    *,
    store: Store,
    executor: Executor | None = None,
    output: Path | None = None,
    fmt: str | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Run a batch from the start, recorded in `store` as a new run."""
    fmt = output_format(output, fmt) if output is not None else None
    plan = build_plan(loaded)
    check_room(plan, store)
    record = run_meta(plan, loaded, output_format=fmt)
    executor = executor or InProcess()
    run = store.create(
        {
            "batch_id": loaded.batch.id,
            "batch_path": str(Path(loaded.path).resolve()) if loaded.path else None,
            "batch_hash": loaded.batch.content_hash(),
            "assessment_id": loaded.assessment.id,
            "assessment_hash": input_hash(loaded.assessment),
            "engine_version": engine_version(),
            "seed": loaded.batch.seed,
            "variants": plan.total,
            "rows_expected": plan.rows,
            "chunks": plan.chunks,
            "chunk_size": plan.chunk,
            "output": str(output.resolve()) if output is not None else None,
            "executor": executor.name,
            "batch_snapshot": snapshot(loaded.batch),
            "assessment_snapshot": snapshot(loaded.assessment),
            "meta": record.dumps(),
        }
    )
    return _execute(store, run, plan, record, executor, output, fmt, progress or Silent())


def stored_bytes(plan: Plan) -> int:
    """About how many bytes the run store takes for the plan's rows (its chunk files hold a
    record per variant: ids and codes, the varied raw values, a score per group and, with
    sampling, mean, three percentiles and the tier probabilities per group)."""
    per_group = 8 + (4 * 8 + 8 * len(plan.tier_ids) if plan.samples else 0)
    return plan.total * (12 + 8 * len(plan.varied) + plan.groups * per_group)


def check_room(plan: Plan, store: Store) -> None:
    """Refuse, before any work, a batch whose rows cannot fit in the store's free disk space."""
    need = stored_bytes(plan)
    folder = store.home
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # unknown: the writes will say so if the disk fills
    if need > free:
        raise InputError(
            f"the batch has {count_text(plan.total)} variants ({count_text(plan.rows)} rows): "
            f"about {need / 1e9:,.1f} GB in the run store ({folder}), which has "
            f"{free / 1e9:,.1f} GB free. Make the batch smaller (fewer axis values or points), "
            "or set TAQDIR_HOME to a folder on a larger disk.",
            kind="store_too_small",
            parts={
                "variants": count_text(plan.total),
                "rows": count_text(plan.rows),
                "need": f"{need / 1e9:,.1f}",
                "folder": str(folder),
                "free": f"{free / 1e9:,.1f}",
            },
        )


def resume(
    run_id: str,
    *,
    store: Store,
    executor: Executor | None = None,
    output: Path | None = None,
    fmt: str | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Finish an interrupted run: evaluate only the chunks it has not stored."""
    existing = store.get(run_id)
    if existing.engine_version != engine_version():
        raise StoreError(
            f"run {run_id} was started by taqdir {existing.engine_version}; this is "
            f"{engine_version()}, whose rows might differ. Run the batch again instead.",
            kind="engine_changed",
            parts={"run": run_id, "was": existing.engine_version, "now": engine_version()},
        )
    executor = executor or InProcess()
    run = store.claim(run_id, str(output.resolve()) if output else None, executor.name)
    record = run.info
    loaded = restore_batch(run.batch_snapshot, run.assessment_snapshot, run_id)
    plan = build_plan(loaded, chunk=run.chunk_size)
    if plan.chunks != run.chunks or plan.rows != run.rows_expected:
        raise StoreError(
            f"run {run_id}: its stored plan does not match its snapshot.",
            kind="plan_mismatch",
            parts={"run": run_id},
        )
    target = Path(run.output) if run.output else None
    fmt = output_format(target, fmt or record.output_format) if target else None
    return _execute(store, run, plan, record, executor, target, fmt, progress or Silent())


def _store_chunk(
    path: Path, cols: dict[str, np.ndarray], info: dict[str, Any], groups: int
) -> tuple[int, int]:
    table = chunk_table(cols, info)
    return table.num_rows * groups, write_chunk(path, table)


MAX_PENDING = 3
"""Chunks evaluated but not yet on disk: evaluation goes on while the writer catches up (a
chunk's fsync can take longer than evaluating the next one), with memory still bounded."""


def _evaluate_and_store(
    store: Store,
    run: Run,
    plan: Plan,
    record: RunRecord,
    executor: Executor,
    todo: list[int],
    progress: Progress,
) -> None:
    """Evaluate chunks and store them, the writing of chunks overlapping the evaluation of
    the next ones (one writer thread: pyarrow and fsync release the GIL). A chunk is recorded
    in the store, from this thread, only once its file is complete."""
    from concurrent.futures import ThreadPoolExecutor

    pending: deque[tuple[int, Future[tuple[int, int]]]] = deque()
    info = chunk_info(record)

    def record_oldest() -> None:
        i, future = pending.popleft()
        rows, nbytes = future.result()
        store.record_chunk(run.id, i, rows, nbytes)
        progress.advance(rows)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="taqdir-writer") as writer:
        try:
            for i, cols in executor.run(plan, todo):
                path = store.chunk_path(run.id, i)
                pending.append((i, writer.submit(_store_chunk, path, cols, info, plan.groups)))
                del cols
                while pending and (len(pending) > MAX_PENDING or pending[0][1].done()):
                    record_oldest()
        finally:
            # Also when evaluation fails or is interrupted: keep what was computed.
            while pending:
                record_oldest()


def _execute(
    store: Store,
    run: Run,
    plan: Plan,
    record: RunRecord,
    executor: Executor,
    output: Path | None,
    fmt: str | None,
    progress: Progress,
) -> Outcome:
    # pyarrow, and pandas (which pyarrow imports, when installed, on its first conversion of
    # an array): 0.2–0.3 s, loaded here rather than by the writer thread, which would hold the
    # GIL meanwhile and stall the first chunks' evaluation (measured in a new process on 10^6
    # variants: evaluating and storing took 0.44 s that way, 0.23 s this way).
    pyarrow().array([0.0])
    began = time.perf_counter()
    phases: dict[str, float] = {}
    try:
        store.clean_partial_files(run.id)
        done = store.done_chunks(run.id)
        todo = [i for i in range(plan.chunks) if i not in done]
        done_rows = sum((b - a) * plan.groups for a, b in map(plan.chunk_bounds, done))
        progress.begin(run, plan.rows, done_rows)
        try:
            _evaluate_and_store(store, run, plan, record, executor, todo, progress)
        finally:
            progress.end()
            executor.close()
        files = store.chunk_files(run.id)
        if len(files) != plan.chunks:
            raise StoreError(
                f"run {run.id}: {len(files)} of {plan.chunks} chunks are stored.",
                kind="chunks_missing",
                parts={"run": run.id, "stored": len(files), "chunks": plan.chunks},
            )
        phases["evaluate"] = time.perf_counter() - began
        s = scan(files, record)
        phases["scan"] = time.perf_counter() - began - sum(phases.values())
        summary = build_summary(plan, record, s, files)
        phases["summary"] = time.perf_counter() - began - sum(phases.values())
        if output is not None and fmt is not None:
            export(files, record, s, output, fmt)
        phases["export"] = time.perf_counter() - began - sum(phases.values())
        final = store.finish(
            run.id,
            "done",
            output=str(output.resolve()) if output is not None else None,
            summary=json.dumps(summary, ensure_ascii=False),
        )
    except KeyboardInterrupt:
        store.finish(run.id, "interrupted", "interrupted by the user")
        raise
    except EnvError as exc:
        store.finish(run.id, "failed", f"EnvError: {exc}")
        raise EnvError(
            f"{exc} The run {run.id} is kept with the rows it has: finish it with "
            f"`taqdir batch --resume {run.id} -o OTHER` (OTHER: a place that can be written).",
            path=exc.path,
            cause=exc.cause,
            kind="run_kept",
            parts={"run": run.id, "inner_kind": exc.kind, "inner_parts": exc.parts},
        ) from None
    except BaseException as exc:
        store.finish(run.id, "failed", f"{type(exc).__name__}: {exc}")
        raise
    seconds = time.perf_counter() - began
    return Outcome(final, summary, final.output, seconds, len(done), phases)
