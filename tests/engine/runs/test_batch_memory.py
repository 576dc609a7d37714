"""Memory stays bounded: the peak of a real `taqdir batch` process grows with the rows only by
the few bytes per row that ranks need (every score, then its rank, and while ranking a sort
order and the sorted scores), not by the rows themselves, so 10^7 variant × profile
evaluations fit in 1 GiB. Measured on two runs (3·10^5 and 1.2·10^6
rows) and extrapolated linearly to 10^7."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml

from tests.cli_support import taqdir_executable

# Runs the command as a child and prints the child's peak resident memory (KiB on Linux).
PROBE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)

GIB = 1024.0  # MiB


def grid(personnel: int) -> dict:
    return {
        "id": f"memory-{personnel}",
        "sweeps": [
            {
                "kind": "grid",
                "id": "grid",
                "axes": {
                    "personnel_in_country": {"from": 0, "to": 5000, "num": personnel},
                    "senior_visits_12m": {"from": 0, "to": 10, "num": 250},
                    "representation_level": {"from": "none", "to": "embassy"},
                },
            }
        ],
        "seed": 1,
    }


def peak_mib(tmp_path, personnel: int) -> tuple[float, int]:
    path = tmp_path / f"grid{personnel}.yaml"
    path.write_text(yaml.safe_dump(grid(personnel), sort_keys=False), encoding="utf-8")
    out = tmp_path / f"rows{personnel}.parquet"
    cmd = [*taqdir_executable(), "batch", str(path), "-q", "--summary", "json", "-o", str(out)]
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *cmd],
        capture_output=True,
        text=True,
        env={**os.environ, "TAQDIR_HOME": str(tmp_path / "home")},
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    rows = personnel * 250 * 4 * 3  # variants × 3 profiles
    return int(proc.stdout.strip()) / 1024, rows


def test_peak_memory_is_bounded_and_extrapolates_below_1_gib(tmp_path):
    small, rows_small = peak_mib(tmp_path, 100)
    large, rows_large = peak_mib(tmp_path, 400)
    per_row = (large - small) * 2**20 / (rows_large - rows_small)
    at_1e7 = small + per_row * (10**7 - rows_small) / 2**20
    report = f"peaks {small:.0f} / {large:.0f} MiB, {per_row:.1f} B/row → {at_1e7:.0f} MiB"
    assert large < GIB, report
    # Scores, then ranks in their place: 8 B/row; while a group is ranked, its sort order and
    # sorted scores (16 B per variant, groups ranked at once on up to one thread per core:
    # 11 B/row for 3 groups on 2 cores); the chunks in flight grow with the chunk size
    # (~1/20 of the run): ~5 B/row. Allow for allocators.
    assert per_row < 48, report
    assert at_1e7 < GIB, report
    print(report)
