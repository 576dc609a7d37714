"""taqdir's installed version, read without `importlib.metadata` where that is safe.

Every JSON output carries the engine's version and the assessment cache keys on it;
`importlib.metadata.version` parses the whole METADATA file with the `email` package, about
10 ms a call on the development machine (a tenth of a short command's start-up).
`installed_version()` reads the `Version:` header of the `taqdir-*.dist-info` folder that
`importlib.metadata` would find first (the first `sys.path` entry holding taqdir's metadata)
when that is plain and unambiguous, and asks `importlib.metadata` in every other case (an egg,
a zip, two candidates in one folder, no `Version:` header), so the answer is always the one
`importlib.metadata.version` gives (a test compares them).
"""

from __future__ import annotations

import os
import sys
from functools import cache

NAME = "taqdir"
SOURCE_TREE = "0+source"
"""The version reported when taqdir runs from a source tree that was never installed."""


@cache
def installed_version() -> str:
    """The installed distribution's version (`SOURCE_TREE` when it is not installed)."""
    found = plain_dist_info_version()
    if found is not None:
        return found
    from importlib import metadata

    try:
        return metadata.version(NAME)
    except metadata.PackageNotFoundError:
        return SOURCE_TREE


def plain_dist_info_version() -> str | None:
    """The version in the first taqdir metadata on `sys.path` when it is one plain
    `.dist-info` folder with a `Version:` header; None when `importlib.metadata` must decide."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            if entry and os.path.exists(entry):  # a zip file or the like
                return None
            continue
        ours = [n for n in names if _is_ours(n)]
        if not ours:
            continue
        if len(ours) != 1 or not ours[0].endswith(".dist-info"):
            return None
        return _version_header(os.path.join(entry or ".", ours[0], "METADATA"))
    return None


def _is_ours(name: str) -> bool:
    lowered = name.lower()
    if not lowered.endswith((".dist-info", ".egg-info", ".egg")):
        return False
    stem = lowered.rsplit(".", 1)[0]
    return stem.split("-", 1)[0].replace(".", "_").replace("-", "_") == NAME


def _version_header(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    return None  # the headers ended without a version
                if line.startswith("Version:"):
                    return line.split(":", 1)[1].strip() or None
    except (OSError, UnicodeDecodeError):
        return None
    return None
