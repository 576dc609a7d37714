"""Writing an assessment back as YAML: the canonical layout, and saving it safely.

`dump_assessment(a)` is the one way taqdir writes an assessment file: keys in the order the
models declare them, block style, Arabic written as itself (UTF-8, never `\\u` escapes), dates
as ISO `YYYY-MM-DD`. Canonical means the text is a function of the assessment's *value* alone:
a field equal to its default (an absent optional, `direction: "+"`, the default grading, an
empty list) is left out, because reading the file gives it back exactly; every other field of
every model is written, so saving never drops anything the editor does not show. The law,
property-tested: `load_text(dump_assessment(a)) == a`. Comments of a hand-written file are not
kept (YAML comments are not part of the model).

`save(path, a, expected_hash=...)` writes atomically and refuses, naming the file, when the
file on disk is no longer the one that was read (optimistic concurrency: two browser tabs or an
editor and a script cannot silently overwrite each other's edit).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from indicators.errors import InputError
from indicators.files import decode, parse_yaml, read_text, write_text_atomic
from indicators.validate import validate_data
from scenarios.model import Assessment

WIDTH = 100
"""Long single-line texts are folded at this column (they read back unchanged)."""


class SaveConflictError(InputError):
    """The file changed on disk since it was read; saving would lose someone's edit."""

    def __init__(self, path: Path | str, expected: str | None, found: str | None) -> None:
        self.path = str(path)
        self.expected = expected
        self.found = found
        now = "was deleted" if found is None else "was changed by someone else"
        if expected is None:
            now = "already exists"
        super().__init__(
            f"{self.path}: the file {now} since it was read (expected content "
            f"{_short(expected)}, found {_short(found)}); nothing was saved. Reload it, "
            "redo the edit on the current file, then save again.",
            kind="save_conflict",
            parts={
                "path": self.path,
                "now": "exists" if expected is None else "deleted" if found is None else "changed",
                "expected": _short(expected),
                "found": _short(found),
            },
        )


def _short(digest: str | None) -> str:
    return "none" if digest is None else digest[:12]


# --- the canonical text --------------------------------------------------------------------


def _is_default(model: BaseModel, name: str, value: Any) -> bool:
    info = type(model).model_fields[name]
    if info.is_required():
        return False
    default = info.get_default(call_default_factory=True, validated_data={})
    return bool(value == default and type(value) is type(default))


def plain(value: Any) -> Any:
    """A model as plain YAML data: models without their default fields, in declared order
    (what `dump_assessment` writes; also the items a version diff reports)."""
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        names = list(type(value).model_fields)
        if "kind" in names:  # a transform's discriminator first, then its parameters
            names.remove("kind")
            names.insert(0, "kind")
        for name in names:
            item = getattr(value, name)
            if not _is_default(value, name, item):
                out[name] = plain(item)
        return out
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, multi-line texts as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_BREAKS = frozenset("\r\x85\u2028\u2029\ufeff")
"""Characters YAML reads as line breaks (or a byte-order mark): only an escape keeps them."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    odd = any(c in _BREAKS or (not c.isprintable() and c != "\n") for c in text)
    if odd:  # double quotes escape them (\N, \L, \r, \x..): read back exactly
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    if "\n" in text and text == text.strip():
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_str(text)


def _float(dumper: yaml.SafeDumper, number: float) -> yaml.ScalarNode:
    # Whole numbers as integers (`3`, not `3.0`): every float field reads an integer back as
    # the same float. Others in Python's shortest round-tripping form.
    if number.is_integer() and abs(number) < 1e15:
        return dumper.represent_int(int(number))
    return dumper.represent_float(number)


def _date(dumper: yaml.SafeDumper, day: date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", day.isoformat())


_Dumper.add_representer(str, _text)
_Dumper.add_representer(date, _date)
_Dumper.add_representer(float, _float)


def dump_assessment(a: Assessment) -> str:
    """The assessment as canonical YAML text (see the module docstring)."""
    text: str = yaml.dump(
        plain(a),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
    )
    return text


def load_text(text: str, name: str = "<assessment>") -> Assessment:
    """An assessment from YAML text, validated exactly as `taqdir validate` reads a file."""
    data, lines = parse_yaml(text, name)
    return validate_data(data, Assessment, name, lines)


def text_hash(text: str) -> str:
    """The content hash taqdir records for a text: SHA-256 of its UTF-8 bytes, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_hash(path: Path | str) -> str | None:
    """The content hash of the file on disk (as `text_hash` of its text), None if missing."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


# --- saving --------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file being replaced while its hash is checked and it is
    written, so two savers cannot both pass the check. The lock is on the old file (inode):
    a saver that waited for it then sees the new file's hash and is refused."""
    try:
        handle = path.open("rb")
    except (FileNotFoundError, IsADirectoryError):
        yield
        return
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def save_text(
    path: Path | str, text: str, *, expected_hash: str | None = None, create: bool = False
) -> str:
    """Write `text` atomically to `path` and return its hash.

    `expected_hash`: the hash of the file as it was read; if the file now holds something
    else (or was deleted), `SaveConflictError` and nothing is written. `create=True`: the file
    must not exist yet. Neither: the file is overwritten whatever it holds.
    """
    target = Path(path)
    with _locked(target):
        found = file_hash(target)
        if create and found is not None:
            raise SaveConflictError(target, None, found)
        if expected_hash is not None and found != expected_hash:
            raise SaveConflictError(target, expected_hash, found)
        write_text_atomic(target, text)
    return text_hash(text)


def save(
    path: Path | str,
    a: Assessment,
    *,
    expected_hash: str | None = None,
    create: bool = False,
) -> str:
    """Write the assessment's canonical text atomically (see `save_text`); returns its hash."""
    return save_text(path, dump_assessment(a), expected_hash=expected_hash, create=create)


def read_with_hash(path: Path | str) -> tuple[Assessment, str]:
    """An assessment file and the hash to pass back as `expected_hash` when saving it."""
    target = Path(path)
    try:
        data = target.read_bytes()
    except OSError:
        read_text(target)  # raises the located message (missing, a folder, unreadable)
        raise
    text = decode(data, str(target))
    return load_text(text, str(target)), hashlib.sha256(data).hexdigest()


def who_default() -> str:
    """The user saving, for the version record: $TAQDIR_USER, else the OS login name."""
    name = os.environ.get("TAQDIR_USER")
    if name:
        return name
    for var in ("USER", "LOGNAME", "USERNAME"):
        if os.environ.get(var):
            return os.environ[var]
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return "unknown"
