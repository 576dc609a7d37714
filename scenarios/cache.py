"""A cache of validated assessments, so that a command on an unchanged file starts quickly.

Parsing an assessment and validating it builds pydantic's validators and serialisers (the
models are declared with `defer_build`), which costs more than the rest of a short command.
A successful validation is therefore pickled under the user's cache folder and reused when the
same text is read again by the same code:

- the key is a SHA-256 of the file's text, the cache format, the Python, pydantic and
  pydantic-core versions, taqdir's installed version and the bytes of every module of the
  `indicators` and `scenarios` packages (which define and validate the models). Any change of
  input, code or library is a different key, so an entry is never trusted across versions;
- only successes are stored: a file with problems is validated, and reported, every time;
- an entry that is missing, unreadable, truncated, of another format or holding anything but
  the expected model is ignored and written again; a write that fails (read-only home, full
  disk) is ignored too: the cache can only make a command faster, never fail it;
- entries are written atomically (`indicators.files.write_atomic`), so a concurrent reader sees
  the old entry or the new one; at most `MAX_ENTRIES` are kept (oldest removed);
- unpickling runs code named by the file, so the folder is used only when it belongs to the
  current user and no one else may write to it (as for the rest of the user's home).

The folder is `$TAQDIR_CACHE_DIR`, else `$XDG_CACHE_HOME/taqdir`, else `~/.cache/taqdir`;
`TAQDIR_NO_CACHE=1` turns the cache off. Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import stat
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from indicators.version import installed_version
from scenarios.model import Assessment

FORMAT = 1
"""Version of the entries' layout; raise it when `_Entry` changes."""

MAX_ENTRIES = 64
"""Entries kept in the folder (about 50 KB each for an assessment the size of the built-in)."""

SUFFIX = ".assessment.pickle"

_PROTOCOL = pickle.HIGHEST_PROTOCOL

PACKAGES = ("indicators", "scenarios")
"""Packages whose source is part of every key: the models and everything that validates them."""


def assessment_hash(a: Assessment) -> str:
    """A stable fingerprint of the assessment's content (not of its formatting): the SHA-256 of
    its JSON form with sorted keys (the `input_hash` of every JSON output)."""
    text = json.dumps(a.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


_KNOWN: dict[int, tuple[Assessment, str]] = {}
"""`assessment_hash` of assessments loaded here, by id (the object is held, so its id is not
reused while it is listed). Hashing dumps the whole model, which would build its serialiser."""

MAX_KNOWN = 16


def known_hash(a: Assessment) -> str | None:
    """`assessment_hash(a)` if this module loaded `a` (without dumping it again), else None."""
    known = _KNOWN.get(id(a))
    return known[1] if known is not None and known[0] is a else None


def _remember(a: Assessment, digest: str) -> None:
    if len(_KNOWN) >= MAX_KNOWN:
        del _KNOWN[next(iter(_KNOWN))]
    _KNOWN[id(a)] = (a, digest)


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    if os.environ.get("TAQDIR_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = os.environ.get("TAQDIR_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "taqdir"


def _trusted(path: Path) -> bool:
    """Whether `path` (a folder or an entry) belongs to this user and only they may write it."""
    try:
        info = path.lstat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return owner_ok and not stat.S_ISLNK(info.st_mode) and not info.st_mode & 0o022


@cache
def code_key() -> str:
    """The part of every key that names the code: formats, versions and module sources."""
    import pydantic
    import pydantic_core

    digest = hashlib.sha256()
    for part in (
        f"format {FORMAT}",
        sys.version,
        pydantic.VERSION,
        pydantic_core.__version__,
        installed_version(),
    ):
        digest.update(part.encode() + b"\0")
    here = Path(__file__).resolve().parent.parent
    for package in PACKAGES:
        for source in sorted((here / package).glob("*.py")):
            digest.update(f"{package}/{source.name}".encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


class _Entry:
    """What one cache file holds: its own key (checked on reading), the model and its hash."""

    def __init__(self, key: str, assessment: Assessment, digest: str) -> None:
        self.key = key
        self.assessment = assessment
        self.digest = digest


def load(text: str, validate: Callable[[], Assessment], syntax: str = "yaml") -> Assessment:
    """The assessment that `validate()` makes of `text` read as `syntax` ("yaml" or "json"):
    from the cache when this code has validated the same text before, else validated now
    (problems raise as they always do) and stored for the next time."""
    where = folder()
    if where is None:
        return validate()
    key = hashlib.sha256(f"{code_key()}\0{syntax}\0{text}".encode()).hexdigest()
    entry_path = where / f"{key}{SUFFIX}"
    found = _read(where, entry_path, key)
    if found is not None:
        _remember(found.assessment, found.digest)
        return found.assessment
    a = validate()
    digest = assessment_hash(a)
    _remember(a, digest)
    _write(where, entry_path, _Entry(key, a, digest))
    return a


def _read(where: Path, entry_path: Path, key: str) -> _Entry | None:
    if not (_trusted(where) and _trusted(entry_path)):
        return None
    try:
        with entry_path.open("rb") as handle:
            entry: Any = pickle.load(handle)
    except Exception:  # truncated, from another format, classes since renamed: rebuild
        return None
    if (
        isinstance(entry, _Entry)
        and entry.key == key
        and type(entry.assessment) is Assessment
        and isinstance(entry.digest, str)
    ):
        return entry
    return None


def _write(where: Path, entry_path: Path, entry: _Entry) -> None:
    from indicators.errors import TaqdirError
    from indicators.files import write_atomic

    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(where):
            return
        write_atomic(entry_path, lambda h: pickle.dump(entry, h, _PROTOCOL), binary=True)
        entry_path.chmod(0o600)
        _prune(where)
    except (OSError, TaqdirError, pickle.PicklingError):
        return


def _prune(where: Path) -> None:
    """Keep the newest MAX_ENTRIES entries."""
    entries = list(where.glob(f"*{SUFFIX}"))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()
