"""Loading assessment files, and the built-in Belarus–eastern Libya assessment."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from indicators.files import parse_yaml
from indicators.validate import load_model, validate_data
from scenarios.model import Assessment

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


def load_assessment(path: Path | str | None = None) -> Assessment:
    """An assessment from a YAML/JSON file, or the built-in one when `path` is None."""
    if path is None:
        return load_builtin()
    return load_model(path, Assessment)
