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
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from indicators.errors import FileError, Loc, Problem, env_error

MAX_BYTES = 5 * 1024 * 1024
"""Input files larger than this are refused before parsing."""

MAX_NODES = 200_000
"""Largest number of YAML nodes after alias expansion (stops "billion laughs")."""


MAX_DEPTH = 64
"""Deepest nesting of mappings and lists in an input file (a real assessment needs about 6);
deeper files are refused before anything recursive touches them."""


def _too_deep(path: str, line: int | None) -> FileError:
    return _problem(
        path,
        f"is nested more than {MAX_DEPTH} levels deep (mappings or lists inside each other).",
        "An assessment needs only a few levels; check for runaway brackets or indentation.",
        line,
        "too_deep",
        limit=MAX_DEPTH,
    )


def _c_parser() -> Any:
    """libyaml's parser, when PyYAML was built with it (typed Any: a C extension)."""
    try:
        from yaml import cyaml
    except ImportError:  # pragma: no cover
        return None
    return getattr(cyaml, "CParser", None)


_CParser: Any = _c_parser()


class _DepthLimit(yaml.composer.Composer):
    """PyYAML's composer (recursive, one Python call per level) refusing nesting deeper than
    MAX_DEPTH before the recursion gets anywhere near Python's limit."""

    _depth = 0
    _name = "<input>"

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                peek: Any = getattr(self, "peek_event")  # noqa: B009 (the parser's, untyped)
                raise _too_deep(self._name, peek().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _PyLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _DepthLimit,
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """PyYAML's pure-Python safe loader with the depth limit (where libyaml is missing)."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _DepthLimit.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_Loader: Any = _PyLoader
if _CParser is not None:

    class _CLoader(
        _CParser,  # type: ignore[misc]  # libyaml's parser is untyped
        _DepthLimit,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """libyaml's C scanner and parser (several times faster than PyYAML's own) feeding
        the depth-limited Python composer and the safe constructor: libyaml's own composer
        would recurse without taqdir's limit."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            _DepthLimit.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        # The Python composer's entry points, not the C parser's own composer.
        get_single_node = _DepthLimit.get_single_node
        compose_node = _DepthLimit.compose_node

    _Loader = _CLoader

# Timestamps stay strings: pydantic validates dates and says clearly when one is not a date.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class LineMap:
    """Where each location in the parsed data starts in the file (1-based lines)."""

    lines: dict[Loc, int]

    def line_of(self, loc: Loc) -> int | None:
        """The line of `loc`, or of its closest enclosing location that has one."""
        for cut in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:cut]))
            if line is not None:
                return line
        return None


EMPTY_LINES = LineMap({})


def _problem(
    path: str,
    message: str,
    hint: str = "",
    line: int | None = None,
    kind: str = "",
    **args: Any,
) -> FileError:
    return FileError(path, [Problem((), message, hint, line, kind, args)])


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


def _expanded_size(node: yaml.Node, memo: dict[int, int], limit: int) -> int:
    """Node count with aliases expanded, memoised so a bomb is measured without expanding it."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = limit + 1  # a cycle (recursive alias) counts as too big
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            total += _expanded_size(child, memo, limit)
            if total > limit:
                break
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            total += _expanded_size(k, memo, limit) + _expanded_size(v, memo, limit)
            if total > limit:
                break
    memo[key] = total
    return total


def _line_map(node: yaml.Node, path: str) -> dict[Loc, int]:
    """Map every location to its line; refuse duplicate mapping keys."""
    lines: dict[Loc, int] = {}
    # No "seen" set: an alias is walked under each place it is used, which the expanded
    # size (checked first) bounds, and a recursive alias has been refused by then.
    stack: list[tuple[yaml.Node, Loc]] = [(node, ())]
    while stack:
        current, loc = stack.pop()
        lines.setdefault(loc, current.start_mark.line + 1)
        if isinstance(current, yaml.SequenceNode):
            for i, child in enumerate(current.value):
                stack.append((child, (*loc, i)))
        elif isinstance(current, yaml.MappingNode):
            keys: dict[Any, int] = {}
            for k, v in current.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
                if key in keys:
                    raise _problem(
                        path,
                        f"key {key!r} appears twice in the same mapping "
                        f"(first on line {keys[key]}).",
                        "Keep one of them.",
                        k.start_mark.line + 1,
                        "duplicate_key",
                        key=key,
                        first=keys[key],
                    )
                keys[key] = k.start_mark.line + 1
                lines[(*loc, key)] = k.start_mark.line + 1
                stack.append((v, (*loc, key)))
    return lines


def _bomb(path: str) -> FileError:
    return _problem(
        path,
        f"expands to more than {MAX_NODES:,} YAML nodes (anchors and aliases "
        "multiplying content, or a recursive alias).",
        "Write the content out plainly instead of through aliases.",
        None,
        "yaml_bomb",
        limit=MAX_NODES,
    )


def parse_yaml(text: str, path: str) -> tuple[Any, LineMap]:
    """Parse YAML text safely, returning the data and its line map.

    The common, plain YAML is built straight from libyaml's events (`indicators.yaml_events`);
    anything unusual is read through PyYAML's nodes, which word its errors."""
    from indicators import yaml_events

    if yaml_events.available():
        try:
            data, fast_lines = yaml_events.build(text, MAX_DEPTH, MAX_NODES)
            return data, LineMap(fast_lines)
        except yaml_events.TooDeep as exc:
            raise _too_deep(path, exc.line) from None
        except yaml_events.TooBig:
            raise _bomb(path) from None
        except yaml_events.DuplicateKey as exc:
            raise _problem(
                path,
                f"key {exc.key!r} appears twice in the same mapping (first on line {exc.first}).",
                "Keep one of them.",
                exc.line,
                "duplicate_key",
                key=exc.key,
                first=exc.first,
            ) from None
        except (yaml_events.Unusual, yaml.YAMLError):
            pass  # read the general way below, which words any error
    try:
        loader = _Loader(text)
        loader._name = path
        try:
            node = loader.get_single_node()
            if node is None:
                raise _problem(
                    path, "is empty.", "It must hold a mapping of fields.", None, "empty"
                )
            size = _expanded_size(node, {}, MAX_NODES)
            if size > MAX_NODES:
                raise _bomb(path)
            lines = _line_map(node, path)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in what:  # libyaml's own limit, deeper than taqdir's
            raise _too_deep(path, line) from None
        hint = "Check indentation, colons and quotes."
        if line is not None and re.search(r":\s*-\s*(#.*)?$", text.splitlines()[line - 1 :][:1][0]):
            hint = 'A lone - is read as a list item: quote it, e.g. `direction: "-"`.'
        raise _problem(
            path,
            f"is not valid YAML: {what}.",
            hint,
            line,
            "yaml_syntax",
            lone_dash=hint.startswith("A lone"),
        ) from None
    except yaml.YAMLError as exc:
        raise _problem(path, f"is not valid YAML: {exc}.", "", None, "yaml_syntax") from None
    return data, LineMap(lines)


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
