"""Shared fixtures: a tiny valid assessment to mutate, and `taqdir` run in-process or as the
real console script."""

from __future__ import annotations

import copy
import itertools
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

from tests.browser_support import REQUIRE, browser_required, missing_browser
from tests.cli_support import run_in_process, run_process


def _bytecode_for_children() -> None:
    """Let the processes the tests start (the console script, Streamlit servers, xdist workers)
    keep their compiled bytecode, as an installed taqdir does (pip compiles it), in a folder
    of their own outside the tree. A development machine that sets PYTHONDONTWRITEBYTECODE
    otherwise has every child compile taqdir's modules from source, about 60 ms of CPU each."""
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is None:
        return
    if "PYTHONPYCACHEPREFIX" not in os.environ:
        folder = Path(tempfile.gettempdir()) / f"taqdir-tests-pycache-{os.getuid()}"
        os.environ["PYTHONPYCACHEPREFIX"] = str(folder)


_bytecode_for_children()

# The machine is shared (2 cores, several test processes): time limits per example would
# make property tests flaky without making them stricter.
settings.register_profile("taqdir", deadline=None, print_blob=True)
settings.load_profile("taqdir")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """How many pytest-xdist workers `-n auto` (pyproject's addopts) starts: one per CPU this
    process may use, none (the tests run in this process, as without xdist) on a single CPU or
    when the command line names test files or tests rather than folders: a developer running
    one file gets no worker start-up, and `print`, `--pdb` and `-s` behave as usual.
    PYTEST_XDIST_AUTO_NUM_WORKERS=N still sets the number; `-n N` on the command line too."""
    if (env := os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "").strip()).isdigit():
        return int(env)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    here = config.invocation_params.dir
    named = config.args_source == pytest.Config.ArgsSource.ARGS and all(
        (here / arg.split("::")[0]).is_file() for arg in config.args
    )
    return 0 if named or (cpus or 1) < 2 else int(cpus or 1)


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


_HOMES = itertools.count()
PYTEST_VAR = "PYTEST_CURRENT_TEST"  # pytest's own, set and changed around each test
WIDTH_VARS = ("COLUMNS", "LINES")
"""Unset for each test: the command line's width in a pipe is 140 unless COLUMNS says
otherwise, and pytest-xdist's workers start with COLUMNS=80 and LINES=24."""
LIBRARY_VARS = frozenset(
    {"MALLOC_TRIM_THRESHOLD_", "MKL_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"}
    | {"PYTHONHASHSEED", "__DASK_PARENT_PID"}
)
"""Set in this process by dask.distributed when a test starts a local cluster (`--executor
dask`): given back like any other change, but not the test's fault."""


def _clear_streamlit_caches() -> None:
    import streamlit as st

    # Outside a running app Streamlit warns that it clears an in-memory cache: it is expected.
    log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        st.cache_data.clear()
        st.cache_resource.clear()
    finally:
        log.setLevel(level)


@pytest.fixture(scope="session", autouse=True)
def _session_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module fixtures (a Streamlit server for browser tests, outputs computed once) start
    before any test's own store: they get this session's (one per xdist worker), never the
    user's data folder."""
    before = os.environ.get("TAQDIR_HOME")
    os.environ["TAQDIR_HOME"] = str(tmp_path_factory.getbasetemp() / "taqdir-home-session")
    yield
    if before is None:
        os.environ.pop("TAQDIR_HOME", None)
    else:
        os.environ["TAQDIR_HOME"] = before


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test on its own: a run store of its own (TAQDIR_HOME, not yet created, so a test
    sees an empty store unless it writes one), Streamlit's caches emptied after it, and the
    environment and working folder it found given back. So tests pass alone, in any order and
    side by side in pytest-xdist workers. A test that changed the environment without
    `monkeypatch` (or code that wrote `os.environ` in-process) fails, naming the variables:
    the next test would otherwise have seen them."""
    before, cwd = dict(os.environ), os.getcwd()
    before.pop(PYTEST_VAR, None)
    home = str(tmp_path_factory.getbasetemp() / "taqdir-homes" / str(next(_HOMES)))
    os.environ["TAQDIR_HOME"] = home
    for key in WIDTH_VARS:  # a test wanting a width sets it (env=, monkeypatch)
        os.environ.pop(key, None)
    expected = {k: v for k, v in before.items() if k not in WIDTH_VARS} | {"TAQDIR_HOME": home}
    yield
    after = dict(os.environ)
    after.pop(PYTEST_VAR, None)
    leaked = sorted(k for k in {*expected, *after} if expected.get(k) != after.get(k))
    if after != before:
        for key in after.keys() - before.keys():
            del os.environ[key]
        os.environ.update(before)
    if os.getcwd() != cwd:
        os.chdir(cwd)
    if "streamlit" in sys.modules:  # AppTest runs the app in this process: its caches too
        _clear_streamlit_caches()
    leaked = [k for k in leaked if k not in LIBRARY_VARS]
    if leaked:
        pytest.fail(f"the test left environment variables changed: {', '.join(leaked)}")


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
