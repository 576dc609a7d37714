"""Loading assessment files, and the built-in Belarus–eastern Libya assessment."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from indicators.errors import FileError
from indicators.files import parse_yaml, read_document
from indicators.validate import load_model, validate_data
from scenarios.model import Assessment, Profile, profile_problems

BUILTIN = "belarus_libya_2025.yaml"
"""The built-in case: the report in shared/report, as data."""


def builtin_text() -> str:
    """The built-in assessment file's text."""
    return resources.files("scenarios.data").joinpath(BUILTIN).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_builtin() -> Assessment:
    """The built-in assessment, validated (cached: it never changes in a process)."""
    name = f"<built-in {BUILTIN}>"
    data, lines = parse_yaml(builtin_text(), name)
    return validate_data(data, Assessment, name, lines)


def load_profile(path: Path | str, assessment: Assessment) -> Profile:
    """A weighting profile file, validated and checked against the assessment it weights;
    every problem is located by line."""
    data, lines = read_document(path)
    profile = validate_data(data, Profile, str(path), lines)
    problems = profile_problems(assessment, profile, ())
    if problems:
        located = [replace(p, line=lines.line_of(p.loc)) for p in problems]
        raise FileError(str(path), located)
    return profile


def load_assessment(path: Path | str | None = None) -> Assessment:
    """An assessment from a YAML/JSON file, or the built-in one when `path` is None."""
    if path is None:
        return load_builtin()
    return load_model(path, Assessment)
