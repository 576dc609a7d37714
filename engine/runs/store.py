"""The run store: every batch run recorded in SQLite, its rows in chunk files (Arrow IPC).

Where: `$TAQDIR_HOME` if set, else the user's data folder (`$XDG_DATA_HOME/taqdir` or
`~/.local/share/taqdir` on Linux, `~/Library/Application Support/taqdir` on macOS,
`%LOCALAPPDATA%\\taqdir` on Windows). It holds `runs.sqlite` and `runs/<RUN_ID>/chunk-*.arrow`
(`.parquet`, one row per output row, in runs stored by earlier versions: still read).

Table `runs`: run id, batch id, batch-file hash, assessment id and hash, engine version, seed,
started/finished (UTC ISO), status (`running`, `done`, `failed`, `interrupted`), variants,
expected and stored row counts, chunk count and size, the output file, the process (pid, host)
and the snapshots of the batch and assessment that let `--resume` rebuild the run exactly.
Table `chunks`: one row per stored chunk (index, rows, file, bytes, when).

Why files rather than rows in SQLite: measured on the development machine, writing 10^6 result
rows took 0.03–0.04 s as an Arrow IPC file (fsync included), 0.1 s as Parquet, against ~2 s
inserting them into an indexed SQLite table, and a file's columns read back on their own (README,
"Scenario batches"; why Arrow IPC, one record per variant: `engine.runs.chunks`). SQLite keeps what
needs transactions: the run records and which chunks are complete.

Crash safety: a chunk file is written atomically (temp file, fsync, rename) *before* its row is
committed, so a chunk is either recorded with its complete file or not recorded at all; a kill
loses only chunks in flight. WAL mode and short `BEGIN IMMEDIATE` transactions with a busy
timeout let several batches write to one store at once.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.runs.record import RunRecord
from indicators.errors import EnvError, StoreError, UnknownNameError, env_error

SCHEMA_VERSION = 1

CHUNK_SUFFIX = ".arrow"  # Arrow IPC files, one record per variant (see engine.runs.chunks)

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    batch_id TEXT NOT NULL,
    batch_path TEXT,
    batch_hash TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    assessment_hash TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    seed INTEGER NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,
    variants INTEGER NOT NULL,
    rows_expected INTEGER NOT NULL,
    row_count INTEGER NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL,
    chunk_size INTEGER NOT NULL,
    output TEXT,
    executor TEXT,
    pid INTEGER,
    host TEXT,
    message TEXT,
    batch_snapshot TEXT NOT NULL,
    assessment_snapshot TEXT NOT NULL,
    meta TEXT NOT NULL,
    summary TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    file TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    done TEXT NOT NULL,
    PRIMARY KEY (run_id, idx)
);
"""

STATUSES = ("running", "done", "failed", "interrupted")

SUMMARY_FIELDS = (
    *("id", "batch_id", "batch_path", "batch_hash", "assessment_id", "assessment_hash"),
    *("engine_version", "seed", "started", "finished", "variants", "rows_expected"),
    *("row_count", "chunks", "chunk_size", "output", "executor", "message"),
)


def default_home() -> Path:
    """The store's folder: `$TAQDIR_HOME`, else the platform's user data folder."""
    env = os.environ.get("TAQDIR_HOME")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "taqdir"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "taqdir"
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "taqdir"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_run_id() -> str:
    """Sortable by start time, unique across concurrent starts: 20250604-153012-a1b2c3."""
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


LOCK_NAME = ".owner.lock"
"""A run's lock file (in its folder): the process that runs it holds an OS lock on it
(`flock`) for as long as it runs, so a run whose process died is recognised as dead even when
its process id has been reused by another program."""

DELETING = "deleting"
"""Status of a run whose deletion has started: its files go first, its record last, and the
next command that lists the store finishes a deletion a killed process left half done."""


def lock_held(path: Path) -> bool | None:
    """Whether some process holds the lock on `path`: None when that cannot be known (no lock
    file, as in runs started by earlier versions, or no `flock` on this system)."""
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    finally:
        os.close(fd)  # also releases the lock if this call took it
    return False


def process_alive(pid: int | None, host: str | None) -> bool:
    """Whether the process that owns a run still exists (only knowable on this host, POSIX)."""
    if pid is None or host != socket.gethostname() or os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Run:
    """One stored run, as its `runs` row says."""

    id: str
    batch_id: str
    batch_path: str | None
    batch_hash: str
    assessment_id: str
    assessment_hash: str
    engine_version: str
    seed: int
    started: str
    finished: str | None
    status: str
    variants: int
    rows_expected: int
    row_count: int
    chunks: int
    chunk_size: int
    output: str | None
    executor: str | None
    pid: int | None
    host: str | None
    message: str | None
    batch_snapshot: str
    assessment_snapshot: str
    meta: str
    summary_json: str | None
    lock: Path | None = None
    """The run's lock file (see LOCK_NAME), where the store knows it."""

    @property
    def info(self) -> RunRecord:
        """The run's record (`meta`, checked): column names, profiles, methods, tiers, sweeps,
        constants (see engine.runs.record). A damaged one is an InputError naming the key."""
        return RunRecord.loads(self.meta, where=f"run {self.id}: its record")

    @property
    def alive(self) -> bool:
        """Whether the run's process still runs it: its lock is held (a dead process holds
        none, whoever has its id now); without a lock file, whether its process id exists."""
        if self.status != "running":
            return False
        held = lock_held(self.lock) if self.lock is not None else None
        if held is not None:
            return held
        return process_alive(self.pid, self.host)

    @property
    def state(self) -> str:
        """The status, with a `running` run whose process is gone shown as `interrupted`."""
        if self.status == "running" and not self.alive:
            return "interrupted"
        return self.status

    def summary(self) -> dict[str, Any]:
        """What `runs list` and `runs show` print (no snapshots)."""
        out = {k: getattr(self, k) for k in SUMMARY_FIELDS}
        out["status"] = self.state
        return out


class Store:
    """The SQLite run store and its chunk folder (see the module docstring)."""

    def __init__(self, home: Path | str | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        self.db_path = self.home / "runs.sqlite"
        self.runs_dir = self.home / "runs"
        self._conn: sqlite3.Connection | None = None
        self.read_only = False  # set when the store's folder cannot be written
        self._held: dict[str, int] = {}  # run id -> fd of its lock file, held by this process

    # --- connection --------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.home.exists() and not self.home.is_dir():
            raise EnvError(
                f"the run store folder {str(self.home)!r} is a file, not a folder. Set "
                "TAQDIR_HOME to a folder (or unset it), or move the file away.",
                path=str(self.home),
                cause="ENOTDIR",
                kind="store_is_file",
                parts={"path": str(self.home)},
            )
        if self.db_path.is_file() and not os.access(self.home, os.W_OK):
            return self._connect_read_only()
        try:
            self.runs_dir.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.db_path, timeout=60, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 60000")
            _use_wal(conn)
            # NORMAL in WAL mode survives a killed process; only a power cut may lose the
            # last commits, and then the chunk is simply computed again on resume.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the run store {self.db_path} was written by a newer taqdir "
                    f"(schema {version}); upgrade taqdir or set TAQDIR_HOME to another folder.",
                    kind="store_newer",
                    parts={"path": str(self.db_path), "version": version},
                )
            if version < SCHEMA_VERSION:
                with _transaction(conn):
                    for statement in SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            cause = _env_cause(exc)
            if cause == "read-only" and self.db_path.is_file():
                return self._connect_read_only()
            if cause:
                raise EnvError(
                    f"cannot open the run store {str(self.db_path)!r}: {cause}. Set TAQDIR_HOME "
                    "to a writable folder, or free space.",
                    path=str(self.db_path),
                    cause=cause,
                    kind="store_env",
                    parts={"path": str(self.db_path), "cause": cause, "doing": "open"},
                ) from None
            raise StoreError(
                f"the run store {self.db_path} cannot be opened ({exc}). If it is damaged, "
                "move it away (or set TAQDIR_HOME) and run again.",
                kind="store_unopenable",
                parts={"path": str(self.db_path), "detail": str(exc)},
            ) from None
        except OSError as exc:
            raise env_error(
                exc, self.home, "use the run store folder", "Or set TAQDIR_HOME to another folder."
            ) from None
        return conn

    def _connect_read_only(self) -> sqlite3.Connection:
        """A store on a read-only folder (a read-only mount, an archive): opened as immutable,
        so runs can be listed, shown and exported; writing is refused with the cause."""
        uri = self.db_path.resolve().as_uri()
        try:
            try:  # read-only, still reading a write-ahead log that was left behind
                conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.OperationalError:  # no -shm file can be made: the file as it is
                conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.row_factory = sqlite3.Row
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"the run store {self.db_path} cannot be opened ({exc}). If it is damaged, "
                "move it away (or set TAQDIR_HOME) and run again.",
                kind="store_unopenable",
                parts={"path": str(self.db_path), "detail": str(exc)},
            ) from None
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"the run store {self.db_path} (schema {version}, read-only) is not one this "
                f"taqdir reads (schema {SCHEMA_VERSION}).",
                kind="store_schema",
                parts={"path": str(self.db_path), "version": version, "expected": SCHEMA_VERSION},
            )
        self.read_only = True
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._require_writable()
        try:
            with _transaction(self.conn) as conn:
                yield conn
        except sqlite3.DatabaseError as exc:
            cause = _env_cause(exc)
            if cause:
                raise EnvError(
                    f"cannot write the run store {str(self.db_path)!r}: {cause}. Runs already "
                    "stored are kept; free space or set TAQDIR_HOME to a writable folder.",
                    path=str(self.db_path),
                    cause=cause,
                    kind="store_env",
                    parts={"path": str(self.db_path), "cause": cause, "doing": "write"},
                ) from None
            raise StoreError(
                f"the run store {self.db_path} could not be written: {exc}",
                kind="store_unwritable",
                parts={"path": str(self.db_path), "detail": str(exc)},
            ) from None

    def _require_writable(self) -> None:
        if self.conn is not None and self.read_only:
            raise EnvError(
                f"the run store {str(self.home)!r} is read-only: runs can be listed, shown and "
                "exported, not started, resumed or deleted. Set TAQDIR_HOME to a writable "
                "folder, or copy the store there.",
                path=str(self.home),
                cause="EROFS",
                kind="store_read_only",
                parts={"path": str(self.home)},
            )

    # --- runs --------------------------------------------------------------------------

    def folder(self, run_id: str) -> Path:
        return self.runs_dir / run_id

    def _hold(self, run_id: str) -> bool:
        """Take the run's OS lock for this process (kept until `finish`); False when another
        process holds it. Where locks are not available the process id stands in."""
        try:
            import fcntl
        except ImportError:
            return True
        path = self.folder(run_id) / LOCK_NAME
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._held[run_id] = fd
        return True

    def _release(self, run_id: str) -> None:
        fd = self._held.pop(run_id, None)
        if fd is not None:
            os.close(fd)

    def chunk_path(self, run_id: str, idx: int) -> Path:
        return self.folder(run_id) / f"chunk-{idx:08d}{CHUNK_SUFFIX}"

    def create(self, fields: dict[str, Any]) -> Run:
        """Record a new run (status `running`, owned by this process) and make its folder."""
        self._require_writable()
        run_id = new_run_id()
        row = {
            **fields,
            "id": run_id,
            "started": now(),
            "status": "running",
            "pid": os.getpid(),
            "host": socket.gethostname(),
        }
        self.folder(run_id).mkdir(parents=True, exist_ok=True)
        self._hold(run_id)
        names = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        with self._write() as conn:
            conn.execute(f"INSERT INTO runs ({names}) VALUES ({marks})", row)
        return self.get(run_id)

    def get(self, run_id: str) -> Run:
        row = self.conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is not None and row["status"] == DELETING:
            self._finish_deletion(run_id)
            row = None
        if row is None:
            raise UnknownNameError(
                f"no run {run_id!r} in the store {self.db_path}; `taqdir runs list` shows "
                "the stored runs.",
                kind="unknown",
                parts={
                    "what": "run",
                    "value": run_id,
                    "store": str(self.db_path),
                    "fix": "runs_list",
                },
            )
        return self._run(row)

    def _run(self, row: sqlite3.Row) -> Run:
        return _run(row, self.folder(row["id"]) / LOCK_NAME)

    def runs(self) -> list[Run]:
        """Every run, oldest first (deletions a killed process left half done are finished)."""
        rows = self.conn.execute("SELECT * FROM runs ORDER BY started, id").fetchall()
        for r in rows:
            if r["status"] == DELETING:
                self._finish_deletion(r["id"])
        return [self._run(r) for r in rows if r["status"] != DELETING]

    def claim(self, run_id: str, output: str | None, executor: str) -> Run:
        """Take over an unfinished run for `--resume` (refused if done or still running)."""
        self._require_writable()
        with self._write() as conn:
            row = conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                self.get(run_id)  # raises the helpful UnknownNameError
            run = self._run(row)
            if run.status == DELETING:
                self.get(run_id)  # finishes the deletion, then raises UnknownNameError
            if run.status == "done":
                raise StoreError(
                    f"run {run_id} is already complete; `taqdir runs export {run_id} FILE` "
                    "writes its rows.",
                    kind="run_state",
                    parts={"run": run_id, "state": run.state, "fix": "export"},
                )
            if run.alive or not self._hold(run_id):
                raise StoreError(
                    f"run {run_id} is still running (process {run.pid}); wait for it or stop "
                    "it before resuming.",
                    kind="run_state",
                    parts={"run": run_id, "state": run.state, "pid": run.pid, "fix": "wait"},
                )
            conn.execute(
                "UPDATE runs SET status = 'running', pid = ?, host = ?, message = NULL, "
                "finished = NULL, output = COALESCE(?, output), executor = ? WHERE id = ?",
                (os.getpid(), socket.gethostname(), output, executor, run_id),
            )
        return self.get(run_id)

    def record_chunk(self, run_id: str, idx: int, rows: int, nbytes: int) -> None:
        """Mark chunk `idx` complete (its file is already in place)."""
        with self._write() as conn:
            cur = conn.execute(
                "INSERT OR IGNORE INTO chunks (run_id, idx, rows, file, bytes, done) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, idx, rows, self.chunk_path(run_id, idx).name, nbytes, now()),
            )
            if cur.rowcount:
                conn.execute(
                    "UPDATE runs SET row_count = row_count + ? WHERE id = ?", (rows, run_id)
                )

    def done_chunks(self, run_id: str) -> set[int]:
        """Chunks recorded complete whose files are still there."""
        rows = self.conn.execute(
            "SELECT idx, file FROM chunks WHERE run_id = ?", (run_id,)
        ).fetchall()
        folder = self.folder(run_id)
        done = {r["idx"] for r in rows if (folder / r["file"]).is_file()}
        missing = [r["idx"] for r in rows if r["idx"] not in done]
        if missing:  # a lost file: forget the chunk so it is computed again
            with self._write() as conn:
                conn.executemany(
                    "DELETE FROM chunks WHERE run_id = ? AND idx = ?",
                    [(run_id, i) for i in missing],
                )
                conn.execute(
                    "UPDATE runs SET row_count = (SELECT COALESCE(SUM(rows), 0) FROM chunks "
                    "WHERE run_id = ?) WHERE id = ?",
                    (run_id, run_id),
                )
        return done

    def chunk_files(self, run_id: str) -> list[Path]:
        """The run's chunk files in chunk order."""
        rows = self.conn.execute(
            "SELECT file FROM chunks WHERE run_id = ? ORDER BY idx", (run_id,)
        ).fetchall()
        return [self.folder(run_id) / r["file"] for r in rows]

    def finish(
        self,
        run_id: str,
        status: str,
        message: str | None = None,
        output: str | None = None,
        summary: str | None = None,
    ) -> Run:
        assert status in STATUSES
        self._release(run_id)
        with self._write() as conn:
            conn.execute(
                "UPDATE runs SET status = ?, message = ?, finished = ?, "
                "output = COALESCE(?, output), summary = COALESCE(?, summary) WHERE id = ?",
                (status, message, now(), output, summary, run_id),
            )
        return self.get(run_id)

    def delete(self, run_id: str) -> Run:
        """Remove a run's record and its chunk files (not an output file written with -o).

        In an order a kill cannot spoil: the run is first marked `deleting` (no longer listed
        or resumable), then its files are removed, then its record. A deletion killed half way
        is finished by the next command that lists the store or asks for the run."""
        run = self.get(run_id)
        if run.alive:
            raise StoreError(
                f"run {run_id} is still running (process {run.pid}); not deleted.",
                kind="run_state",
                parts={"run": run_id, "state": run.state, "pid": run.pid, "fix": "not_deleted"},
            )
        with self._write() as conn:
            conn.execute("UPDATE runs SET status = ? WHERE id = ?", (DELETING, run_id))
        self._finish_deletion(run_id)
        return run

    def _finish_deletion(self, run_id: str) -> None:
        """Remove the files, then the record, of a run marked `deleting`."""
        shutil.rmtree(self.folder(run_id), ignore_errors=True)
        with self._write() as conn:
            conn.execute("DELETE FROM chunks WHERE run_id = ?", (run_id,))
            conn.execute("DELETE FROM runs WHERE id = ?", (run_id,))

    def clean_partial_files(self, run_id: str) -> None:
        """Remove temp files a killed writer left behind (atomic writes never expose them)."""
        for tmp in self.folder(run_id).glob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def _env_cause(exc: sqlite3.DatabaseError) -> str:
    """The environment's part in an SQLite failure, in words ("" when it is not one)."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return "read-only"
    if "disk is full" in text or "disk full" in text:
        return "the disk is full"
    if "unable to open" in text:
        return "the file cannot be opened (permissions, or a missing folder)"
    if "disk i/o error" in text:
        return "a disk input/output error"
    return ""


def _run(row: sqlite3.Row, lock: Path | None = None) -> Run:
    fields = dict(row)
    fields["summary_json"] = fields.pop("summary")
    return Run(**fields, lock=lock)


def _use_wal(conn: sqlite3.Connection, patience: float = 60.0) -> None:
    """Switch the store to WAL mode. Two processes opening a new store at once can both try
    the switch, and SQLite then answers "database is locked" at once, without waiting on the
    busy timeout: try again until the other one's switch is done."""
    deadline = time.monotonic() + patience
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT: takes the write lock up front, so writers queue, not fail."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
