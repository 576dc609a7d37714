"""Loading assessment files, and the built-in Belarus–eastern Libya assessment."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from indicators.errors import FileError
from indicators.files import parse_document, parse_yaml, read_document, read_text
from scenarios import cache
from scenarios.model import Assessment, Profile, profile_problems

BUILTIN = "belarus_libya_2025.yaml"
"""The built-in case: the report in shared/report, as data."""


def builtin_text() -> str:
    """The built-in assessment file's text: read from the package's folder, or through
    importlib.resources where the package is not a folder on disk (a zip)."""
    beside = Path(__file__).with_name("data") / BUILTIN
    if beside.is_file():
        return beside.read_text(encoding="utf-8")
    from importlib import resources

    return resources.files("scenarios.data").joinpath(BUILTIN).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_builtin() -> Assessment:
    """The built-in assessment, validated (cached: it never changes in a process)."""
    name = f"<built-in {BUILTIN}>"
    text = builtin_text()

    def validate() -> Assessment:
        from indicators.validate import validate_data

        data, lines = parse_yaml(text, name)
        return validate_data(data, Assessment, name, lines)

    return cache.load(text, validate)


def load_profile(path: Path | str, assessment: Assessment) -> Profile:
    """A weighting profile file, validated and checked against the assessment it weights;
    every problem is located by line."""
    from indicators.validate import validate_data

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
    name = str(path)
    text = read_text(Path(path))

    def validate() -> Assessment:
        from indicators.validate import validate_data

        data, lines = parse_document(text, name)
        return validate_data(data, Assessment, name, lines)

    return cache.load(text, validate, "json" if Path(name).suffix.lower() == ".json" else "yaml")
