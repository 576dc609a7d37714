"""Reading input files safely: size-limited, alias-bomb-proof YAML or JSON, with line numbers.

`read_document(path)` returns the parsed data and a `LineMap` that turns a location inside the
data (as pydantic reports it) into the line of the file it came from, so every message can say
"file, line, field". Dates stay strings here: pydantic parses them and says clearly when one is
not a date. Duplicate keys are an error, not "last one wins".

Writing is atomic (`write_atomic`): a temp file in the same folder, fsync, then rename, so a
crash leaves either the old file or a complete new one.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from indicators.errors import FileError, env_error
from indicators.file_limits import EMPTY_LINES as EMPTY_LINES
from indicators.file_limits import MAX_DEPTH as MAX_DEPTH
from indicators.file_limits import MAX_NODES as MAX_NODES
from indicators.file_limits import LineMap as LineMap
from indicators.file_limits import _problem, _too_deep

MAX_BYTES = 5 * 1024 * 1024
"""Input files larger than this are refused before parsing."""


def read_text(path: Path) -> str:
    """The file's text, refusing missing, oversized and non-UTF-8 files with a clear message."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _problem(name, "no such file.", "Check the path.", None, "no_file") from None
    except OSError as exc:
        raise _problem(
            name, f"cannot be read ({exc.strerror}).", "", None, "unreadable", cause=exc.strerror
        ) from None
    if path.is_dir():
        raise _problem(name, "is a folder, not a file.", "", None, "folder")
    _check_size(size, name)
    return decode(path.read_bytes(), name)


def _check_size(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise _problem(
            name,
            f"is {size:,} bytes; input files are limited to {MAX_BYTES:,} bytes.",
            "Split the file or remove what is not needed.",
            None,
            "too_big",
            size=size,
            limit=MAX_BYTES,
        )


def decode(data: bytes, name: str) -> str:
    """Bytes of an input (a file, an upload) as text: size-limited, UTF-8 only."""
    _check_size(len(data), name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _problem(
            name,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}).",
            "Save it as UTF-8 (Arabic text included) and try again.",
            line,
            "not_utf8",
            byte=f"0x{data[exc.start]:02x}",
            offset=exc.start,
        ) from None


def parse_yaml(text: str, path: str) -> tuple[Any, LineMap]:
    """Parse YAML text safely, returning the data and its line map (`indicators.yaml_read`,
    imported here so that a run that reads no YAML never imports PyYAML)."""
    from indicators.yaml_read import parse_yaml as parse

    return parse(text, path)


def parse_json(text: str, path: str) -> tuple[Any, LineMap]:
    """Parse JSON text; locations get lines through the YAML parser when it can read it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _problem(
            path, f"is not valid JSON: {exc.msg}.", "", exc.lineno, "json_syntax"
        ) from None
    except RecursionError:
        raise _too_deep(path, None) from None
    if _depth(data) > MAX_DEPTH:
        raise _too_deep(path, None)
    try:
        _, lines = parse_yaml(text, path)
    except FileError:
        lines = EMPTY_LINES
    return data, lines


def _depth(data: Any) -> int:
    """How deeply lists and mappings nest in parsed data (without recursion)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def parse_document(text: str, name: str) -> tuple[Any, LineMap]:
    """Parse YAML or JSON text, chosen by the name's suffix (anything else is read as YAML)."""
    if Path(name).suffix.lower() == ".json":
        return parse_json(text, name)
    return parse_yaml(text, name)


def read_document(path: Path | str) -> tuple[Any, LineMap]:
    """Read a YAML or JSON file (by suffix; anything else is read as YAML)."""
    return parse_document(read_text(Path(path)), str(path))


def _read_umask() -> int:
    # os.umask can only be read by setting it; do it once, at import, before any threads.
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


TEMP_MARK = ".taqdir-tmp-"
"""Every temp file taqdir writes is named `.{target}{TEMP_MARK}{pid}-{random}.tmp`, so the
next write into that folder recognises (and removes) those a killed process left behind."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def clean_stale_temps(folder: Path) -> int:
    """Remove the temp files of writes into `folder` whose process is gone; returns how many.
    A temp file of a live process (a write in progress) is left alone."""
    removed = 0
    try:
        names = [n for n in os.listdir(folder) if TEMP_MARK in n and n.endswith(".tmp")]
    except OSError:
        return 0
    for name in names:
        pid_text = name.rsplit(TEMP_MARK, 1)[1].split("-", 1)[0]
        if not pid_text.isdigit() or _pid_alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(folder / name)
            removed += 1
    return removed


def _target(path: Path) -> Path:
    """Where a write to `path` lands: a symlink is followed to its target (so the link stays
    a link), and a folder is refused."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.is_dir():
        raise _problem(
            str(path),
            "is a folder; the output must be a file.",
            "Give a file name, e.g. out.json.",
            None,
            "output_folder",
        )
    return path


def write_atomic(path: Path | str, write: Callable[[Any], None], *, binary: bool = False) -> None:
    """Write a file atomically: `write(handle)` fills a temp file that then replaces `path`.

    A symlink is written through (its target is replaced, the link kept); anything that exists
    and is not a regular file (a device such as /dev/null, a pipe) is written to directly,
    never replaced. Operating-system failures (full or read-only disk, no permission) raise
    `EnvError` naming the path and the cause; a folder is refused as bad input.
    """
    asked = Path(path)
    path = _target(asked)
    try:
        special = path.exists() and not stat.S_ISREG(path.stat().st_mode)
    except OSError as exc:
        raise env_error(exc, asked, "write") from None
    if special:
        _write_direct(path, write, binary=binary)
        return
    import tempfile  # here: a run that writes nothing does not import it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temps(path.parent)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}{TEMP_MARK}{os.getpid()}-", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise env_error(exc, asked, "write") from None
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would, or
        # keep the mode of the file it replaces.
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        handle: Any = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8")
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and _about_output(exc, tmp):
            raise env_error(exc, asked, "write") from None
        raise


def _about_output(exc: OSError, tmp: str) -> bool:
    """Whether an error while writing is the output's (a full disk, no permission) rather
    than another file's that `write` was reading (which keeps its own message)."""
    if exc.errno is None:
        return False
    return exc.filename is None or str(exc.filename) == tmp


def check_writable(path: Path | str) -> None:
    """Check, before long work, that `write_atomic(path, ...)` will be allowed to write: the
    folder exists (or can be made) and takes a new file, or the device is writable. Raises
    `EnvError` (path and cause) or, for a folder given as the file, `FileError`."""
    import tempfile

    asked = Path(path)
    target = _target(asked)
    try:
        if target.exists() and not stat.S_ISREG(target.stat().st_mode):
            if not os.access(target, os.W_OK):
                raise PermissionError(13, "Permission denied", str(target))
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(
            prefix=f".{target.name}{TEMP_MARK}{os.getpid()}-", suffix=".tmp", dir=target.parent
        )
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise env_error(exc, asked, "write") from None


def _write_direct(path: Path, write: Callable[[Any], None], *, binary: bool) -> None:
    """Write into an existing non-regular file (a device, a pipe) without replacing it."""
    try:
        handle: Any = path.open("wb") if binary else path.open("w", encoding="utf-8")
        with handle:
            write(handle)
            handle.flush()
    except OSError as exc:
        if exc.errno is None:
            raise
        raise env_error(exc, path, "write") from None


def write_text_atomic(path: Path | str, text: str) -> None:
    """Write text (UTF-8) atomically."""
    write_atomic(path, lambda handle: handle.write(text))


_READER_NAMES = ("_CParser", "_DepthLimit", "_PyLoader", "_Loader", "_expanded_size", "_line_map")


def __getattr__(name: str) -> Any:
    """The YAML reader's parts under their former names here (they live in
    `indicators.yaml_read`, imported on first use)."""
    if name in _READER_NAMES:
        from indicators import yaml_read

        return getattr(yaml_read, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
