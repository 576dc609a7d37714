"""Shared fixtures: a tiny valid assessment to mutate, and `taqdir` run in-process or as the
real console script."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

from tests.browser_support import REQUIRE, browser_required, missing_browser
from tests.cli_support import run_in_process, run_process

# The machine is shared (2 cores, several test processes): time limits per example would
# make property tests flaky without making them stricter.
settings.register_profile("taqdir", deadline=None, print_blob=True)
settings.load_profile("taqdir")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Browser tests without Chromium: skipped with the packages to install on a fresh machine,
    a failure when TAQDIR_REQUIRE_BROWSER=1 (CI). Decided before any fixture starts a server."""
    if item.get_closest_marker("browser") is None:
        return
    reason = missing_browser()
    if reason is None:
        return
    if browser_required():
        pytest.fail(f"{reason} ({REQUIRE}=1: the browser tests are mandatory)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _keep_main_module():
    """Streamlit's AppTest runs its script as `__main__` and leaves it there; a later
    `--workers` test spawns processes that re-run `__main__`'s file, which is then a deleted
    AppTest script (NameError: __args). Each test gets back the `__main__` it started with."""
    import sys

    main = sys.modules.get("__main__")
    yield
    if main is not None and sys.modules.get("__main__") is not main:
        sys.modules["__main__"] = main


TINY = {
    "id": "tiny",
    "title": {"en": "Tiny test assessment", "ar": "تقدير اختباري صغير"},
    "as_of": "2025-06-01",
    "families": [
        {"id": "talks", "name": {"en": "Talks", "ar": "محادثات"}},
        {"id": "arms", "name": {"en": "Arms", "ar": "سلاح"}},
    ],
    "indicators": [
        {
            "id": "meetings",
            "family": "talks",
            "name": {"en": "Meetings", "ar": "اجتماعات"},
            "transform": {"kind": "linear", "low": 0, "high": 4, "max": 100},
            "from_evidence": {"rule": "sum", "window_days": 365},
            "when_no_evidence": 0,
        },
        {
            "id": "level",
            "family": "talks",
            "name": {"en": "Level", "ar": "المستوى"},
            "transform": {
                "kind": "ordinal",
                "levels": [
                    {"id": "none", "name": {"en": "None", "ar": "لا شيء"}, "intensity": 0},
                    {"id": "low", "name": {"en": "Low", "ar": "منخفض"}, "intensity": 0.5},
                    {"id": "high", "name": {"en": "High", "ar": "مرتفع"}, "intensity": 1},
                ],
            },
            "from_evidence": {"rule": "max"},
            "when_no_evidence": "none",
        },
        {
            "id": "troops",
            "family": "arms",
            "name": {"en": "Troops", "ar": "قوات"},
            "transform": {"kind": "log", "low": 0, "high": 999},
            "from_evidence": {"rule": "latest"},
            "when_no_evidence": 0,
        },
    ],
    "evidence": [
        {
            "id": "ev1",
            "indicator": "meetings",
            "event_date": "2025-02-01",
            "value": 2,
            "reliability": "A",
            "credibility": 1,
            "summary": {"en": "Two meetings", "ar": "اجتماعان"},
        },
        {
            "id": "ev2",
            "indicator": "troops",
            "event_date": "2025-05-01",
            "value": 99,
            "low": 9,
            "high": 999,
            "reliability": "F",
            "credibility": 3,
            "summary": {"en": "Troops reported", "ar": "تقارير عن قوات"},
        },
    ],
    "scenarios": [
        {"id": "baseline", "name": {"en": "Baseline", "ar": "الأساس"}, "from_evidence": True},
        {
            "id": "deeper",
            "name": {"en": "Deeper", "ar": "أعمق"},
            "extends": "baseline",
            "values": {"level": "high", "meetings": {"low": 2, "likely": 4, "high": 6}},
        },
    ],
    "profiles": [
        {
            "id": "equal",
            "name": {"en": "Equal", "ar": "متساوية"},
            "families": {"talks": 1, "arms": 1},
        },
    ],
    "tiers": [
        {"id": "low", "name": {"en": "Low", "ar": "منخفض"}, "min": 0, "max": 50},
        {"id": "high", "name": {"en": "High", "ar": "مرتفع"}, "min": 50, "max": 100},
    ],
}


@pytest.fixture
def tiny() -> dict:
    """A fresh, valid tiny assessment as plain data (mutate it freely)."""
    return copy.deepcopy(TINY)


@pytest.fixture
def write_yaml(tmp_path):
    """Write data as a YAML file and return its path."""

    def write(data, name: str = "assessment.yaml") -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli():
    """Run `taqdir ARGS…` in this process (typer's CliRunner around the console script's
    `main`, so exit codes and messages are the script's); `cwd=` and `env=` as for a process."""
    return run_in_process


@pytest.fixture
def taqdir():
    """Run the real `taqdir` console script in a subprocess: for the tests where the process
    boundary is the point (the installed script's exit codes, signals, start-up)."""
    return run_process
