"""Keeping an assessment file: save (checked, atomic, recorded), restore, and `FILE@vN`.

Every save goes through `save_assessment` (or `save_text` for text already canonical or a
restored version): the file on disk is checked against the hash it had when read, written
atomically, and the new content recorded as the next version. A file that was changed outside
taqdir since its last recorded version (or never recorded) is recorded first as it was found,
so its history never has a hole and a restore can always go back to what was there.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from engine.versions.diff import AssessmentDiff, diff_assessments
from engine.versions.store import Version, VersionStore
from indicators.errors import InputError
from indicators.files import decode
from scenarios import writer
from scenarios.model import Assessment


@contextmanager
def _opened(store: VersionStore | None) -> Iterator[VersionStore]:
    """The caller's store as it is, or one opened for this call and closed after it."""
    if store is not None:
        yield store
        return
    vs = VersionStore()
    try:
        yield vs
    finally:
        vs.close()


FOUND_NOTE = "as found on disk (changed outside taqdir)"
"""The note of a version recorded because the file changed outside taqdir."""

OUTSIDE = "(outside taqdir)"
"""Who made a change found on disk: not known."""

_REF = re.compile(r"^(?P<path>.+)@v(?P<number>[0-9]+)$")


@dataclass(frozen=True)
class VersionRef:
    """`FILE@v3`: a version of a file, as the command line names it."""

    path: Path
    number: int


def parse_ref(text: str) -> VersionRef | None:
    """`FILE@vN` as a reference, or None when the text is not of that form."""
    found = _REF.match(text)
    if found is None:
        return None
    return VersionRef(Path(found["path"]), int(found["number"]))


def _adopt(store: VersionStore, path: Path) -> str | None:
    """Record the file as found on disk when its content is not the latest version's;
    return the hash of what is on disk (None when there is no file)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(
            f"{path}: cannot be read ({exc.strerror}).",
            kind="unreadable_file",
            parts={"path": str(path), "detail": str(exc.strerror)},
        ) from None
    text = decode(data, str(path))
    digest = writer.text_hash(text)
    latest = store.latest(path)
    if latest is None or latest.hash != digest:
        store.record(path, text, OUTSIDE, FOUND_NOTE)
    return hashlib.sha256(data).hexdigest()  # the bytes' hash (a BOM is not in `text`)


def save_text(
    path: Path | str,
    text: str,
    *,
    who: str | None = None,
    note: str = "",
    expected_hash: str | None = None,
    create: bool = False,
    store: VersionStore | None = None,
) -> Version:
    """Validate `text` as an assessment, write it atomically and record it as a version.

    `expected_hash`: the file's hash when it was read; a file changed since is refused with
    `writer.SaveConflictError` naming it (nothing written, nothing recorded). `create`: the
    file must not exist. A save that does not change the file records nothing and returns the
    latest version.
    """
    target = Path(path)
    writer.load_text(text, str(target))  # the same validator as the command line
    with _opened(store) as vs:
        found = _adopt(vs, target)
        if create and found is not None:
            raise writer.SaveConflictError(target, None, found)
        if expected_hash is not None and found != expected_hash:
            raise writer.SaveConflictError(target, expected_hash, found)
        latest = vs.latest(target)
        if found == writer.text_hash(text) and latest is not None:
            return latest  # unchanged
        writer.save_text(target, text, expected_hash=found, create=found is None)
        return vs.record(target, text, who or writer.who_default(), note)


def save_assessment(
    path: Path | str,
    a: Assessment,
    *,
    who: str | None = None,
    note: str = "",
    expected_hash: str | None = None,
    create: bool = False,
    store: VersionStore | None = None,
) -> Version:
    """Write the assessment in the canonical layout (checked, atomic) and record the version."""
    return save_text(
        path,
        writer.dump_assessment(a),
        who=who,
        note=note,
        expected_hash=expected_hash,
        create=create,
        store=store,
    )


def version_text(path: Path | str, number: int, store: VersionStore | None = None) -> str:
    """The exact text of version `number` of `path`."""
    with _opened(store) as vs:
        return vs.text(vs.get(path, number))


def load_version(path: Path | str, number: int, store: VersionStore | None = None) -> Assessment:
    """Version `number` of `path` as a validated assessment (problems name `FILE@vN`)."""
    return writer.load_text(version_text(path, number, store), f"{path}@v{number}")


def restore(
    path: Path | str,
    number: int,
    *,
    who: str | None = None,
    note: str | None = None,
    store: VersionStore | None = None,
) -> Version:
    """Write version `number` back to the file (atomically, its exact text) as a new version.

    Whatever the file holds now is recorded first if it is not yet a version, so a restore
    never loses anything."""
    with _opened(store) as vs:
        text = vs.text(vs.get(path, number))
        return save_text(path, text, who=who, note=note or f"restored v{number}", store=vs)


def diff_versions(
    path: Path | str,
    before: int | None = None,
    after: int | None = None,
    store: VersionStore | None = None,
) -> tuple[Version, Version, AssessmentDiff]:
    """The diff between two versions of `path` (defaults: the previous and the latest)."""
    with _opened(store) as vs:
        history = vs.history(path)
        if not history:
            vs.get(path, before or after or 1)  # raises, saying no version is recorded
        last = history[-1].number
        after = last if after is None else after
        before = (after - 1 if after > 1 else after) if before is None else before
        va, vb = vs.get(path, before), vs.get(path, after)
        a = writer.load_text(vs.text(va), f"{path}@{va.label}")
        b = writer.load_text(vs.text(vb), f"{path}@{vb.label}")
        return va, vb, diff_assessments(a, b)


def history(path: Path | str, store: VersionStore | None = None) -> list[Version]:
    """Every recorded version of `path`, oldest first."""
    with _opened(store) as vs:
        return vs.history(path)


def record(
    path: Path | str,
    text: str,
    who: str | None = None,
    note: str = "",
    store: VersionStore | None = None,
) -> Version:
    """Record `text` as the next version of `path` without writing the file (for a caller
    that wrote it itself)."""
    with _opened(store) as vs:
        return vs.record(path, text, who or writer.who_default(), note)
