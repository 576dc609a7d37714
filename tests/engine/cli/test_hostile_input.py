"""The hostile-input corpus of issue 14: numbers that are not finite or out of range, nesting
bombs, calendar extremes, unbounded work and `-o` targets that are not plain files. Each must
be refused with exit 2 (bad input) or 3 (the environment refused), a message naming what and
where, and no traceback. In-process CLI unless the process boundary is the point."""

from __future__ import annotations

import json
import os
import stat

import pytest

from tests.cli_support import run_process, unprivileged_prefix
from tests.engine.cli.test_cli_errors import assert_clean_error

# --- silent wrong answers: every number finite and in range -------------------------------


@pytest.mark.parametrize("bad", [".nan", ".inf", "-.inf"])
def test_non_finite_goalpost_is_refused(cli, tiny, write_yaml, bad):
    path = write_yaml(tiny)
    text = path.read_text(encoding="utf-8").replace("high: 4", f"high: {bad}", 1)
    path.write_text(text, encoding="utf-8")
    assert_clean_error(cli("validate", path), "indicators[0].transform.high", "finite", "line")


def test_huge_share_is_refused_not_silently_zero(cli, tiny, write_yaml):
    tiny["profiles"][0]["indicators"] = {"meetings": 1e308, "level": 1e308}
    assert_clean_error(
        cli("score", write_yaml(tiny)), "profiles[0].indicators.meetings", "less than or equal"
    )


def test_huge_weight_is_refused(cli, tiny, write_yaml):
    tiny["profiles"][0]["families"]["talks"] = 1e308
    assert_clean_error(cli("validate", write_yaml(tiny)), "profiles[0].families.talks")


def test_huge_set_weight_is_refused(cli, tiny, write_yaml):
    run = cli("score", write_yaml(tiny), "--set-weight", "talks=1e308")
    assert_clean_error(run, "talks=1e+308", "largest taqdir accepts")


def test_huge_goalpost_is_refused(cli, tiny, write_yaml):
    tiny["indicators"][0]["transform"] = {"kind": "linear", "low": -1e308, "high": 1e308}
    assert_clean_error(cli("validate", write_yaml(tiny)), "indicators[0].transform")


def test_empty_method_is_an_unknown_method(cli, tiny, write_yaml):
    assert_clean_error(cli("score", write_yaml(tiny), "--method", ""), "unknown method ''")


# --- crashes: nesting, calendar extremes ------------------------------------------------------


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_deep_nesting_is_refused(cli, tmp_path, suffix):
    path = tmp_path / f"deep.{suffix}"
    path.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
    assert_clean_error(cli("validate", path), f"deep.{suffix}", "nested more than")


def test_moderate_nesting_in_json_is_refused_too(cli, tmp_path):
    path = tmp_path / "deep.json"
    nested: object = 0
    for _ in range(70):
        nested = [nested]
    path.write_text(json.dumps({"id": "x", "deep": nested}), encoding="utf-8")
    assert_clean_error(cli("validate", path), "deep.json", "nested more than")


def test_huge_window_is_refused(cli, tiny, write_yaml):
    tiny["indicators"][0]["from_evidence"]["window_days"] = 10**12
    assert_clean_error(
        cli("validate", write_yaml(tiny)), "indicators[0].from_evidence.window_days", "36525"
    )


@pytest.mark.parametrize(
    "where",
    [("evidence", 0, "event_date"), ("as_of",)],
)
def test_year_one_dates_are_refused(cli, tiny, write_yaml, where):
    target = tiny
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = "0001-01-01"
    if where == ("as_of",):
        for ev in tiny["evidence"]:
            ev["event_date"] = "0001-01-01"
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "0001-01-01", "1900-01-01")


def test_year_one_evidence_in_timeline(cli, tiny, write_yaml):
    tiny["evidence"][0]["event_date"] = "0001-01-01"
    assert_clean_error(cli("timeline", write_yaml(tiny)), "evidence[0].event_date", "1900-01-01")


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31"])
def test_as_of_option_out_of_range(cli, tiny, write_yaml, when):
    assert_clean_error(cli("score", write_yaml(tiny), "--as-of", when), "--as-of", "1900-01-01")


# --- unbounded work refused up front, with the figure ------------------------------------------


def test_score_samples_beyond_the_memory_budget(cli, tiny, write_yaml):
    run = cli("score", write_yaml(tiny), "--samples", str(10**10))
    assert_clean_error(run, "--samples 10,000,000,000", "GB", "limit")


def test_sensitivity_smaa_samples_beyond_the_limit(cli, tiny, write_yaml):
    run = cli("sensitivity", write_yaml(tiny), "-k", "smaa", "--samples", str(10**10))
    assert_clean_error(run, "--samples 10,000,000,000", "limit")


# --- -o targets that are not plain files --------------------------------------------------------


def test_output_naming_a_folder(cli, tiny, write_yaml, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    run = cli("score", write_yaml(tiny), "-f", "json", "-o", folder)
    assert_clean_error(run, "is a folder", "file name")


def test_output_through_a_symlink_keeps_the_link(cli, tiny, write_yaml, tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    run = cli("score", write_yaml(tiny), "-f", "json", "-o", link)
    assert run.code == 0, run.err
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))


def test_output_to_a_device_is_written_not_replaced(cli, tiny, write_yaml, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    import threading

    def read() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    run = cli("score", write_yaml(tiny), "-f", "json", "-o", fifo)
    reader.join(timeout=30)
    assert run.code == 0, run.err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_is_an_environment_error(cli, tiny, write_yaml):
    run = cli("score", write_yaml(tiny), "-f", "json", "-o", "/dev/full")
    assert run.code == 3, (run.code, run.err)
    assert "/dev/full" in run.err and "disk is full" in run.err
    assert "Traceback" not in run.err and "internal error" not in run.err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_unwritable_output_folder_is_an_environment_error(tiny, write_yaml, tmp_path):
    # The real console script, as a process that meets the permission bits: as root (CI) it
    # runs without the capabilities that override them (tests/cli_support.py).
    prefix = unprivileged_prefix()
    if prefix is None:
        pytest.skip("running as root without util-linux's setpriv to drop DAC override")
    locked = tmp_path / "locked"
    locked.mkdir()
    source = write_yaml(tiny)
    locked.chmod(0o500)
    try:
        run = run_process("score", source, "-f", "json", "-o", locked / "x.json", prefix=prefix)
    finally:
        locked.chmod(0o700)
    assert run.code == 3, (run.code, run.err)
    assert "locked/x.json" in run.err and "permission denied" in run.err
    assert "Traceback" not in run.err and "internal error" not in run.err
    assert list(locked.iterdir()) == []  # no temporary file left behind


def test_output_under_a_file_is_an_environment_error(cli, tiny, write_yaml, tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x", encoding="utf-8")
    run = cli("score", write_yaml(tiny), "-f", "json", "-o", blocker / "x.json")
    assert run.code == 3, (run.code, run.err)
    assert "afile/x.json" in run.err and "not a folder" in run.err


# --- batch files ---------------------------------------------------------------------------------


def _batch(tmp_path, tiny, axes, **extra):  # type: ignore[no-untyped-def]
    from tests.batch_helpers import write_case

    sweep = {"kind": "grid", "id": "g", "axes": axes}
    return write_case(tmp_path / "case", {"id": "b", "sweeps": [sweep], **extra}, tiny)


def test_a_batch_beyond_the_disk_is_refused_before_it_starts(cli, tmp_path, tiny):
    axes = {
        "meetings": {"from": 0, "to": 8, "num": 10**6},
        "troops": {"from": 0, "to": 9, "num": 10**6},
    }
    env = {"TAQDIR_HOME": str(tmp_path / "home")}
    run = cli("batch", _batch(tmp_path, tiny, axes), "-q", env=env)
    assert_clean_error(run, "1,000,000,000,000 variants", "GB", "free", "smaller")
    assert cli("runs", "list", "--format", "json", env=env).json()["runs"] == []


def test_a_tiny_step_gives_a_short_count(cli, tmp_path, tiny):
    run = cli("batch", _batch(tmp_path, tiny, {"meetings": {"from": 0, "to": 8, "step": 1e-300}}))
    assert_clean_error(run, "about 8.0e+300 values", "limited to 1,000,000")
    assert len(run.err) < 400


def test_a_zero_step_says_so_without_a_union_error(cli, tmp_path, tiny):
    run = cli("batch", _batch(tmp_path, tiny, {"meetings": {"from": 0, "to": 8, "step": 0}}))
    assert_clean_error(run, "axes.meetings.step", "greater than 0")
    assert "list" not in run.err


def test_a_batch_assessment_that_is_a_folder(cli, tmp_path, tiny):
    case = _batch(tmp_path, tiny, {"meetings": [1, 2]})
    (case.parent / "assessment.yaml").unlink()
    (case.parent / "assessment.yaml").mkdir()
    assert_clean_error(cli("batch", case), "is a folder, not a file")


# --- scale: large files are linear ---------------------------------------------------------


def test_a_long_extends_chain_validates_and_scores(cli, tiny, write_yaml):
    """1,500 scenarios each extending the one before: no recursion limit, every one scored."""
    for n in range(1500):
        tiny["scenarios"].append(
            {
                "id": f"s{n}",
                "name": {"en": f"S{n}", "ar": f"س{n}"},
                "extends": tiny["scenarios"][-1]["id"],
                "values": {"meetings": n % 7},
            }
        )
    path = write_yaml(tiny)
    assert cli("validate", path).code == 0
    run = cli("score", path, "-f", "json")
    assert run.code == 0, run.err[-500:]
    results = {r["scenario"]: r for r in run.json()["results"]}
    assert len(results) == 1502
    # the last scenario inherits "high" from `deeper` down the whole chain
    assert results["s1499"]["score"] == results["s1492"]["score"]


def test_an_unknown_name_among_many_lists_a_few(cli, tiny, write_yaml):
    for n in range(300):
        tiny["scenarios"].append(
            {"id": f"s{n}", "name": {"en": "S", "ar": "س"}, "extends": "deeper"}
        )
    tiny["scenarios"][-1]["extends"] = "nosuch"
    run = cli("validate", write_yaml(tiny))
    assert_clean_error(run, "unknown scenario 'nosuch'", "in all")
    assert len(run.err) < 1000


def test_dashboard_bad_address_blames_the_address(cli):
    run = cli("dashboard", "--address", "999.1.1.1", "--port", "8597")
    assert_clean_error(run, "--address 999.1.1.1", "not an address of this machine")
    assert "--port" not in run.err.split("use 127")[0]


# --- messages mended ----------------------------------------------------------------------


def test_sobol_samples_that_are_not_a_power_of_two_are_refused(cli, tiny, write_yaml):
    run = cli("sensitivity", write_yaml(tiny), "-k", "sobol", "--samples", "1000")
    assert_clean_error(run, "--samples 1,000", "power of two", "512 or 1,024")


def test_an_elicitation_file_naming_an_unknown_family_is_refused_with_an_assessment(
    cli, tiny, write_yaml, tmp_path
):
    rank = write_yaml({"ranking": ["talks", "army"]}, "rank.yaml")
    run = cli("weights", "rank", rank, "--assessment", write_yaml(tiny))
    assert_clean_error(run, "rank.yaml", "army")


def test_an_interval_model_that_cannot_be_met_names_its_file(cli, tiny, write_yaml):
    model = write_yaml({"intervals": {"talks": [0.7, 1], "arms": [0.6, 1]}}, "iv.yaml")
    run = cli(
        "sensitivity", write_yaml(tiny), "-k", "smaa", "--samples", "100", "--weight-model", model
    )
    assert_clean_error(run, "iv.yaml", "intervals", "add up to 1.3")


def test_an_unknown_family_in_a_ranking_model_is_said_in_the_singular(cli, tiny, write_yaml):
    model = write_yaml({"ranking": ["talks", "armz"]}, "rk.yaml")
    run = cli(
        "sensitivity", write_yaml(tiny), "-k", "smaa", "--samples", "100", "--weight-model", model
    )
    assert_clean_error(run, "rk.yaml", "no family is called 'armz'")


def test_an_empty_comparison_side(cli, tiny, write_yaml):
    assert_clean_error(cli("compare", "", write_yaml(tiny)), "empty")


def test_temp_files_of_a_killed_write_are_cleaned_by_the_next_write(tmp_path):
    """A write killed mid-way leaves `.NAME.taqdir-tmp-PID-*.tmp`; the next write into the
    folder removes it when PID is gone, and leaves a live process's temp file alone."""
    import subprocess
    import sys

    from indicators.files import TEMP_MARK, write_text_atomic

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".rows.parquet{TEMP_MARK}{dead.pid}-abc.tmp"
    stale.write_bytes(b"x" * 1000)
    live = tmp_path / f".other.json{TEMP_MARK}{os.getpid()}-def.tmp"
    live.write_bytes(b"y")
    write_text_atomic(tmp_path / "out.json", "{}")
    assert not stale.exists()
    assert live.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "out.json"])


@pytest.mark.parametrize("table", ["saaty1980", "alonso_lamata2006"])
def test_a_sixteen_item_ahp_file_names_the_file(cli, write_yaml, table):
    n = 16
    matrix = [[1 if i == j else (2 if i < j else "1/2") for j in range(n)] for i in range(n)]
    ahp = write_yaml({"items": [f"c{k}" for k in range(n)], "matrix": matrix}, "sixteen.yaml")
    run = cli("weights", "ahp", ahp, "--random-index", table)
    assert_clean_error(run, "sixteen.yaml", "16 items", "Split the items")


def test_dask_at_a_closed_port_fails_fast(cli, tmp_path, tiny):
    """Nothing listens on port 1: the batch says so within seconds (Dask's own default waits
    30 s), exit 2, before any run is made."""
    import time

    pytest.importorskip("distributed")
    env = {"TAQDIR_HOME": str(tmp_path / "home")}
    case = _batch(tmp_path, tiny, {"meetings": [1, 2]})
    started = time.perf_counter()
    run = cli("batch", case, "-q", "--dask", "tcp://127.0.0.1:1", env=env)
    elapsed = time.perf_counter() - started
    assert run.code in (2, 3), (run.code, run.err)
    assert_clean_error(run, "--dask 'tcp://127.0.0.1:1'", "cannot reach a Dask scheduler")
    assert elapsed < 15, elapsed
    assert cli("runs", "list", "--format", "json", env=env).json()["runs"] == []


def test_kill_during_export_leaves_a_temp_file_the_next_command_removes(cli, tmp_path, tiny):
    """The real console script is killed (SIGKILL) while `taqdir runs export` writes; its
    `.NAME.taqdir-tmp-PID-*.tmp` stays behind, and the next export into that folder removes it."""
    import signal
    import subprocess
    import time

    from indicators.files import TEMP_MARK
    from tests.cli_support import taqdir_executable

    env = {"TAQDIR_HOME": str(tmp_path / "home")}
    axes = {
        "meetings": {"from": 0, "to": 8, "num": 300},
        "troops": {"from": 0, "to": 9, "num": 300},
    }
    done = cli("batch", _batch(tmp_path, tiny, axes), "-q", env=env)
    assert done.code == 0, done.err
    run_id = cli("runs", "list", "--format", "json", env=env).json()["runs"][0]["id"]
    out = tmp_path / "out"
    out.mkdir()
    temps: list[str] = []
    for _attempt in range(3):  # the write window is short: try again if it was missed
        proc = subprocess.Popen(
            [*taqdir_executable(), "runs", "export", run_id, str(out / "rows.csv")],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            temps = [n for n in os.listdir(out) if TEMP_MARK in n]
            if temps:
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.001)
        proc.wait()
        if temps:
            break
        (out / "rows.csv").unlink(missing_ok=True)
    assert temps, "the export finished before its temp file was seen"
    assert proc.returncode == -signal.SIGKILL
    assert [n for n in os.listdir(out) if TEMP_MARK in n] == temps  # left behind
    again = cli("runs", "export", run_id, out / "rows.csv", env=env)
    assert again.code == 0, again.err
    assert [n for n in os.listdir(out) if TEMP_MARK in n] == []
    assert (out / "rows.csv").stat().st_size > 0
