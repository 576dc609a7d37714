"""The browser tests on a machine without Chromium: skipped with the two packages to install
(the README's test command passes on a fresh machine), and a failure when
TAQDIR_REQUIRE_BROWSER=1, which `.ci/run` sets (a missing browser in CI is never a silent skip).

"Without Chromium" is simulated by pointing TAQDIR_CHROMIUM at a path that does not exist, in
a fresh pytest run of the report's browser tests (they are skipped or failed before any fixture
starts: no browser, no server)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.browser_support import REQUIRE, browser_required, missing_browser
from tests.paths import ROOT

BROWSER_TESTS = "tests/engine/report/test_report_browser.py"


def test_a_missing_chromium_names_the_packages_to_install():
    reason = missing_browser("/nonexistent/chromium")
    assert reason is not None
    assert "/nonexistent/chromium" in reason
    assert "chromium" in reason and "fonts-noto-core" in reason


def test_an_executable_counts_as_the_browser():
    assert missing_browser(sys.executable) is None


@pytest.mark.parametrize(
    ("value", "required"), [(None, False), ("", False), ("0", False), ("1", True)]
)
def test_require_flag(monkeypatch, value, required):
    if value is None:
        monkeypatch.delenv(REQUIRE, raising=False)
    else:
        monkeypatch.setenv(REQUIRE, value)
    assert browser_required() is required


def _pytest_without_chromium(require: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in (REQUIRE, "PYTEST_ADDOPTS")}
    env["TAQDIR_CHROMIUM"] = "/nonexistent/chromium"
    if require:
        env[REQUIRE] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", BROWSER_TESTS, "-p", "no:cacheprovider", "-q", "-rsfE"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_chromium_the_browser_tests_are_skipped_with_the_packages():
    proc = _pytest_without_chromium(require=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 skipped" in proc.stdout and "passed" not in proc.stdout, proc.stdout
    assert "SKIPPED" in proc.stdout and "fonts-noto-core" in proc.stdout, proc.stdout


def test_without_chromium_required_browser_tests_fail():
    proc = _pytest_without_chromium(require=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    # Refused in set-up (before any fixture): pytest reports each as an error, the run fails.
    assert "2 errors" in proc.stdout and "skipped" not in proc.stdout, proc.stdout
    assert f"{REQUIRE}=1" in proc.stdout and "fonts-noto-core" in proc.stdout, proc.stdout
