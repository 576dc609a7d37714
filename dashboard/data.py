"""Loading assessments and profiles for the dashboard, cached by plain values.

Caches are keyed by what identifies the input (the built-in marker, a path with its size and
modification time, an upload's name and SHA-256), never by a model object, and they keep the
outcome of validation too: a file that fails keeps failing with the same message without being
parsed again on every rerun. Every file is read through `indicators.validate.load_model`, so
the dashboard gives the same located messages as the command line.

Saving a profile builds the same YAML that `taqdir score --weights FILE` reads, validated
against the assessment before it is offered, and writes it atomically.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

import streamlit as st

from dashboard import limits
from indicators.errors import FileError, InputError
from scenarios.model import Assessment, Profile

SUFFIXES = (".yaml", ".yml", ".json")

ROOT_ENV = "TAQDIR_DASHBOARD_ROOT"
"""The folder whose files (subfolders included) the dashboard may open by path: set by
`taqdir dashboard` (the folder of its FILE, else where it was started; `--root` widens it).
Unset (Streamlit run directly, tests): no confinement."""
PROFILE_SUFFIX = ".profile.yaml"


@dataclass(frozen=True)
class Loaded:
    """The outcome of loading an assessment: the model, or the message saying what is wrong."""

    assessment: Assessment | None
    error: str | None  # the validation message, as the command line words it
    label: str  # what to call the source in messages (path, upload name, built-in)
    digest: str = ""  # the assessment's content hash (engine.score.input_hash)
    wrong_kind: bool = False  # not a .yaml/.yml/.json file: the page words this itself
    refusal: str = ""  # an i18n key the page words (path outside the root, unusable, hidden)
    detail: str = ""  # for a refusal beyond the dashboard's limits: the figure and the limit

    @classmethod
    def ok(cls, a: Assessment, label: str) -> Loaded:
        from engine import input_hash

        return cls(a, None, label, input_hash(a))


@st.cache_data(show_spinner=False, max_entries=4)
def load_builtin() -> Loaded:
    from scenarios.loader import load_assessment

    return Loaded.ok(load_assessment(None), "built-in")


@st.cache_data(show_spinner=False, max_entries=16)
def _load_path(path: str, size: int, mtime_ns: int) -> Loaded:
    # size and mtime are part of the key: editing the file on disk invalidates the entry.
    from indicators.validate import load_model

    if (detail := limits.too_big(size)) is not None:
        return Loaded(None, None, path, refusal="too_large", detail=detail)
    try:
        return _within_limits(Loaded.ok(load_model(path, Assessment), path))
    except InputError as exc:
        return Loaded(None, str(exc), path)


def _within_limits(loaded: Loaded) -> Loaded:
    """The loaded assessment, or a refusal when it is beyond what a session may score."""
    detail = None if loaded.assessment is None else limits.size_problem(loaded.assessment)
    if detail is not None:
        return Loaded(None, None, loaded.label, refusal="too_large", detail=detail)
    return loaded


def allowed_root() -> Path | None:
    """The folder paths are confined to (see ROOT_ENV), or None for no confinement."""
    root = os.environ.get(ROOT_ENV)
    return Path(root).resolve() if root else None


def outside_root(source: str) -> Path | None:
    """The allowed root when a comparison source typed in a page names a file outside it
    (`FILE` or `FILE@vN`; symlinks resolved first), else None. `builtin` and stored runs
    (`run:ID`) are not files and are never refused here."""
    root = allowed_root()
    if root is None or source in ("builtin", "built-in") or source.startswith("run:"):
        return None
    file_part = source.split("@v")[0] if "@v" in source else source
    try:
        resolved = Path(file_part).expanduser().resolve()
    except (ValueError, OSError, RuntimeError):  # a NUL byte, a symlink loop, no home
        return root
    return None if resolved.is_relative_to(root) else root


def load_path(path: str, *, from_link: bool = False) -> Loaded:
    """An assessment from a path on this machine (YAML or JSON only), inside the allowed root
    (symlinks resolved first). `from_link`: the path came from a link, not from this session's
    user, so a validation message (which can quote the file's values) is not shown."""
    try:
        p = Path(path).expanduser()
        resolved = p.resolve()
    except (ValueError, OSError, RuntimeError):  # a NUL byte, a symlink loop, no home
        return Loaded(None, None, repr(path), refusal="path_invalid")
    root = allowed_root()
    if root is not None and not resolved.is_relative_to(root):
        return Loaded(None, None, path, refusal="path_outside")
    if p.suffix.lower() not in SUFFIXES:
        return Loaded(None, None, path, wrong_kind=True)
    loaded = _load_checked(p)
    if from_link and loaded.error is not None:
        return Loaded(None, None, path, refusal="path_link_invalid")
    return loaded


def _load_checked(p: Path) -> Loaded:
    try:
        stat = p.resolve().stat()
        size, mtime = stat.st_size, stat.st_mtime_ns
    except OSError:
        size, mtime = -1, -1  # load_model words the error (no such file, unreadable)
    return _load_path(str(p.resolve()) if size >= 0 else str(p), size, mtime)


@st.cache_data(show_spinner=False, max_entries=8)
def _load_upload(name: str, digest: str, _data: bytes) -> Loaded:
    # Keyed by name and SHA-256; the bytes themselves are not hashed again (leading "_").
    from indicators.validate import load_bytes

    if Path(name).suffix.lower() not in SUFFIXES:
        return Loaded(None, None, name, wrong_kind=True)
    try:
        return _within_limits(Loaded.ok(load_bytes(_data, name, Assessment), name))
    except InputError as exc:
        return Loaded(None, str(exc), name)


def load_upload(name: str, data: bytes) -> Loaded:
    """An uploaded assessment, validated exactly like a file given on the command line."""
    if (detail := limits.too_big(len(data))) is not None:
        return Loaded(None, None, name, refusal="too_large", detail=detail)
    return _load_upload(name, hashlib.sha256(data).hexdigest(), data)


@st.cache_data(show_spinner=False, max_entries=64)
def _load_profile(path: str, mtime_ns: int, assessment_hash: str, _a: Assessment) -> Profile:
    from scenarios.loader import load_profile

    return load_profile(path, _a)


def profile_files(a: Assessment, assessment_path: str | None, a_hash: str) -> dict[str, Profile]:
    """Profiles saved next to a path-loaded assessment (`*.profile.yaml`) that fit it.

    Files that do not validate or do not fit the assessment are left out of the list (they
    are not the assessment's problem); `taqdir score --weights FILE` explains them.
    """
    if not assessment_path:
        return {}
    folder = Path(assessment_path).parent
    out: dict[str, Profile] = {}
    for path in sorted(folder.glob(f"*{PROFILE_SUFFIX}")):
        try:
            out[str(path)] = _load_profile(str(path), path.stat().st_mtime_ns, a_hash, a)
        except (InputError, OSError):
            continue
    return out


def profile_document(
    a: Assessment,
    pid: str,
    name_en: str,
    name_ar: str,
    families: dict[str, float],
    shares: dict[str, float],
) -> tuple[Profile, str]:
    """The profile as a validated model and its YAML text; raises InputError when invalid."""
    import yaml
    from pydantic import ValidationError

    from indicators.validate import validation_problems
    from scenarios.model import check_profile

    data = {
        "id": pid,
        "name": {"en": name_en, "ar": name_ar},
        "families": {f: float(families[f]) for f in families},
        "indicators": {k: float(v) for k, v in shares.items() if v != 1.0},
    }
    if not data["indicators"]:
        del data["indicators"]
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        from indicators.files import EMPTY_LINES

        raise FileError(None, validation_problems(exc, EMPTY_LINES, data)) from None
    try:
        check_profile(a, profile, None)
    except FileError as exc:
        raise FileError(None, [replace(p, line=None) for p in exc.problems]) from None
    header = (
        f"# Weighting profile for assessment {a.id!r}, saved from the taqdir dashboard.\n"
        f"# Use it with: taqdir score ASSESSMENT --weights {pid}{PROFILE_SUFFIX}\n"
    )
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return profile, header + text


def save_profile(folder: str, pid: str, text: str) -> Path:
    """Write the profile next to the assessment, atomically; returns the path written."""
    from indicators.files import write_text_atomic

    path = Path(folder) / f"{pid}{PROFILE_SUFFIX}"
    write_text_atomic(path, text)
    _load_profile.clear()
    return path
