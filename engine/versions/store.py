"""Where versions are kept: two tables in the project's store (`runs.sqlite` under TAQDIR_HOME).

Table `versions`: one row per recorded save of a file: its absolute path, the version number
(1, 2, … per path), the content hash (SHA-256 of the UTF-8 text), when (UTC ISO), who, and a
one-line note. Table `version_texts`: the text itself, once per hash, so any version can be
restored and diffed while a file saved a hundred times with the same content costs one copy.

The database is the run store's (`engine.runs.Store`: the same folder, WAL mode, busy
timeout); recording is one `BEGIN IMMEDIATE` transaction, so two processes saving at once get
consecutive numbers, never the same one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from engine.runs import Store
from indicators.errors import StoreError, UnknownNameError
from scenarios.writer import text_hash

SCHEMA = """
CREATE TABLE IF NOT EXISTS version_texts (
    hash TEXT PRIMARY KEY,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    path TEXT NOT NULL,
    number INTEGER NOT NULL,
    hash TEXT NOT NULL REFERENCES version_texts(hash),
    saved TEXT NOT NULL,
    who TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (path, number)
);
"""


def file_key(path: Path | str) -> str:
    """How the store names a file: its absolute path, symlinks resolved."""
    return str(Path(path).expanduser().resolve())


@dataclass(frozen=True)
class Version:
    """One recorded save of a file."""

    path: str
    number: int
    hash: str
    saved: str
    who: str
    note: str

    @property
    def label(self) -> str:
        """`v3`: how the command line and `FILE@v3` name it."""
        return f"v{self.number}"

    def as_json(self) -> dict[str, object]:
        return {
            "version": self.number,
            "label": self.label,
            "hash": self.hash,
            "saved": self.saved,
            "who": self.who,
            "note": self.note,
        }


class VersionStore:
    """The versions tables of the store in `home` (default: the run store's folder)."""

    def __init__(self, home: Path | str | None = None) -> None:
        self._store = Store(home)
        self.home = self._store.home
        self.db_path = self._store.db_path
        self._ready = False

    def __enter__(self) -> VersionStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._store.close()

    @property
    def conn(self) -> sqlite3.Connection:
        conn = self._store.conn
        if not self._ready:
            with self._write() as c:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        c.execute(statement)
            self._ready = True
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._store.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"the store {self.db_path} could not be written: {exc}",
                kind="store_unwritable",
                parts={"path": str(self.db_path), "detail": str(exc)},
            ) from None

    # --- the use of the tables ---------------------------------------------------------

    def record(self, path: Path | str, text: str, who: str, note: str = "") -> Version:
        """Record `text` as the next version of `path` (one transaction) and return it."""
        key = file_key(path)
        digest = text_hash(text)
        note = " ".join(note.split())  # one line
        _ = self.conn
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO version_texts (hash, text) VALUES (?, ?)", (digest, text)
            )
            row = conn.execute(
                "SELECT COALESCE(MAX(number), 0) FROM versions WHERE path = ?", (key,)
            ).fetchone()
            version = Version(key, int(row[0]) + 1, digest, _now(), who, note)
            conn.execute(
                "INSERT INTO versions (path, number, hash, saved, who, note) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (key, version.number, digest, version.saved, who, note),
            )
        return version

    def history(self, path: Path | str) -> list[Version]:
        """Every recorded version of `path`, oldest first (empty if none)."""
        rows = self.conn.execute(
            "SELECT path, number, hash, saved, who, note FROM versions WHERE path = ? "
            "ORDER BY number",
            (file_key(path),),
        ).fetchall()
        return [_version(r) for r in rows]

    def latest(self, path: Path | str) -> Version | None:
        found = self.history(path)
        return found[-1] if found else None

    def get(self, path: Path | str, number: int) -> Version:
        """Version `number` of `path`; UnknownNameError (exit 2) naming the ones there are."""
        row = self.conn.execute(
            "SELECT path, number, hash, saved, who, note FROM versions "
            "WHERE path = ? AND number = ?",
            (file_key(path), number),
        ).fetchone()
        if row is not None:
            return _version(row)
        have = self.history(path)
        known = (
            f"it has {', '.join(v.label for v in have)}"
            if have
            else "no version of it is recorded yet (versions are recorded when taqdir saves it)"
        )
        raise UnknownNameError(
            f"{path}: no version v{number}; {known} (store: {self.db_path}).",
            kind="no_version",
            parts={
                "path": str(path),
                "number": number,
                "known": [v.label for v in have],
                "store": str(self.db_path),
            },
        )

    def text(self, version: Version) -> str:
        """The exact text recorded for a version."""
        row = self.conn.execute(
            "SELECT text FROM version_texts WHERE hash = ?", (version.hash,)
        ).fetchone()
        if row is None:
            raise StoreError(
                f"the text of {version.path} {version.label} is missing from the store.",
                kind="version_text_missing",
                parts={"path": str(version.path), "label": version.label},
            )
        return str(row[0])


def _version(row: sqlite3.Row) -> Version:
    return Version(
        str(row["path"]),
        int(row["number"]),
        str(row["hash"]),
        str(row["saved"]),
        str(row["who"]),
        str(row["note"]),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
