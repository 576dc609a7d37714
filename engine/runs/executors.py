"""Where a batch's chunks are evaluated: in this process, in local worker processes, or on a
Dask distributed cluster. All three run the same function (`engine.runs.plan.evaluate_chunk`) on
the same plan and chunk indices, so they return the same numbers; only the order in which
chunks complete differs, and the store files each chunk under its index.

Each executor keeps a bounded number of chunks in flight (twice its workers), so memory stays
bounded however many chunks a batch has. Results come back to this process, which writes them:
workers need numpy and taqdir, not pyarrow or the store's folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, Protocol

import numpy as np

from engine.runs.plan import Plan, evaluate_chunk
from indicators.errors import InputError

Result = tuple[int, dict[str, np.ndarray]]


class Executor(Protocol):
    """What the runner needs of an executor: its name (kept in the run's record), the chunks'
    results in any order, and a close that frees its workers."""

    name: str

    def run(self, plan: Plan, indices: list[int]) -> Iterator[Result]: ...

    def close(self) -> None: ...


class InProcess:
    """Chunks one after another in this process (the default)."""

    name = "in-process"

    def run(self, plan: Plan, indices: list[int]) -> Iterator[Result]:
        for i in indices:
            yield i, evaluate_chunk(plan, i)

    def close(self) -> None:
        pass


_PLAN: Plan | None = None  # the plan of a worker process, set once by its initializer


PARENT_POLL = 0.5
"""Seconds between a worker's checks that the process that started it is still alive."""


def _init_worker(plan: Plan, parent: int) -> None:
    global _PLAN
    _PLAN = plan
    _exit_with_parent(parent)


def _exit_with_parent(parent: int) -> None:
    """Make this worker exit when `parent` dies, even by `kill -9` (which runs no clean-up).

    A daemon thread polls the parent's process id: when the parent dies the worker is
    re-parented, so `getppid()` changes. Polling rather than Linux's PR_SET_PDEATHSIG, which
    fires when the *thread* that started the worker ends (the pool may start workers from a
    thread that ends while the parent lives) and is Linux-only."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="taqdir-parent-watch", daemon=True).start()


def _work(i: int) -> Result:
    assert _PLAN is not None
    return i, evaluate_chunk(_PLAN, i)


class Processes:
    """`--workers N`: N local processes (spawned, so no lock or thread is inherited)."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise InputError(
                f"--workers {workers}: give at least 1.",
                kind="bad_form",
                parts={"option": "--workers", "value": workers, "form": "at_least", "limit": 1},
            )
        self.workers = workers
        self.name = f"processes:{workers}"
        self._pool: Any = None

    def run(self, plan: Plan, indices: list[int]) -> Iterator[Result]:
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(plan, os.getpid()),
        )
        todo = list(reversed(indices))
        pending: set[Any] = set()
        while todo or pending:
            while todo and len(pending) < 2 * self.workers:
                pending.add(self._pool.submit(_work, todo.pop()))
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


CONNECT_TIMEOUT = 5
"""Seconds to wait for a Dask scheduler at an address before reporting it unreachable."""


class Dask:
    """`--dask ADDRESS` (a running scheduler) or `--dask local` (a LocalCluster started here).

    A `distributed.Client` may be passed instead of an address (tests pass one on an
    in-process `LocalCluster`). Workers need taqdir installed (`pip install 'taqdir[dask]'`).
    """

    def __init__(self, address: Any, workers: int | None = None) -> None:
        """`address`: a scheduler's address, `local`, or a `distributed.Client`."""
        distributed = _distributed()
        self._cluster: Any = None
        self._own = True
        self.client: Any
        if isinstance(address, distributed.Client):
            self.client, self._own = address, False
            self.name = f"dask:{address.scheduler.address}"
        elif address == "local":
            n = workers or os.cpu_count() or 1
            self._cluster = distributed.LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = distributed.Client(self._cluster)
            self.name = f"dask:local:{n}"
        else:
            if workers:
                raise InputError(
                    "--workers sets the size of `--dask local`; a running cluster at an "
                    "address has its own workers.",
                    kind="conflict",
                    parts={"case": "workers_dask"},
                )
            try:
                # A scheduler answers at once when it is there: wait CONNECT_TIMEOUT, not
                # Dask's 30 s default, before saying it cannot be reached.
                self.client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(
                    f"--dask {address!r}: cannot reach a Dask scheduler there ({exc}). "
                    "Give its address as tcp://HOST:PORT, or `local`.",
                    kind="dask_unreachable",
                    parts={"address": address, "detail": str(exc)},
                ) from None
            self.name = f"dask:{address}"

    def run(self, plan: Plan, indices: list[int]) -> Iterator[Result]:
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        # The plan goes to the cluster once, as a task's result rather than scattered data:
        # the scheduler keeps the task, so when the worker holding the plan is lost (killed,
        # out of memory) another recomputes it and the chunks that needed it are rerun. A
        # scattered plan has no such recipe and would fail the run.
        shared = self.client.submit(_same, plan, pure=False)
        todo = list(reversed(indices))
        index: dict[Any, int] = {}
        window = _distributed().as_completed()

        def submit() -> None:
            i = todo.pop()
            future = self.client.submit(evaluate_chunk, shared, i, pure=False)
            index[future.key] = i
            window.add(future)

        for _ in range(min(len(todo), 2 * workers)):
            submit()
        for future in window:
            result = future.result()
            i = index.pop(future.key)
            future.release()
            if todo:
                submit()
            yield i, result

    def close(self) -> None:
        if self._own:
            self.client.close()
            if self._cluster is not None:
                self._cluster.close()


def _same(plan: Plan) -> Plan:
    """The plan itself: a task whose result the cluster can recompute after a worker loss."""
    return plan


def _distributed() -> Any:
    """dask.distributed, imported on first use (typed Any: its classes carry no annotations)."""
    try:
        import dask.distributed
    except ImportError:
        raise InputError(
            "--dask needs dask.distributed: pip install 'taqdir[dask]'.",
            kind="missing_package",
            parts={
                "for": "dask",
                "package": "dask.distributed",
                "install": "pip install 'taqdir[dask]'",
            },
        ) from None
    return dask.distributed


def make_executor(workers: int = 1, dask: str | None = None) -> Executor:
    """The executor the command-line options ask for."""
    if dask is not None:
        return Dask(dask, workers if workers > 1 else None)
    if workers > 1:
        return Processes(workers)
    return InProcess()
