"""Benchmark (README rows "taqdir score" and "taqdir compare", whole process): the wall time
of a whole `taqdir` process against `python -c "import numpy, pydantic, yaml"`, the floor of
any tool built on those three, timed alternately in the same run (median of `--repeat`).

Aims: `taqdir score --format json` ≤ 1.5×; `taqdir compare builtin builtin --a-as-of
2025-03-01` ≤ 2×. `--importtime` also prints the slowest imports of the CLI's start
(`python -X importtime`), the profile that says where the rest goes.

The state is that of an installed tool used a second time: the children write and read their
bytecode in a private folder (PYTHONPYCACHEPREFIX; PYTHONDONTWRITEBYTECODE, set on the
development machine, is dropped for them), as `pip install` compiles an installed package,
and the assessment cache (`scenarios.cache`) lives in a private folder filled by the warm-up
run. `--compile-each-run` keeps PYTHONDONTWRITEBYTECODE and no bytecode, so that every run
compiles taqdir's modules from source (what a source checkout without `__pycache__` does);
`--no-cache` turns the assessment cache off (every run parses and validates the file).
Run: python tests/benchmarks/bench_startup.py [score|compare|both] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import paired, result

FLOOR = [sys.executable, "-c", "import numpy, pydantic, yaml"]
COMMANDS = {
    "score": (["score", "--format", "json"], 1.5),
    "compare": (["compare", "builtin", "builtin", "--a-as-of", "2025-03-01"], 2.0),
}


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system) of each child, by command: on a loaded machine the wall time
includes waiting for a core, the CPU time does not."""


ENV: dict[str, str] = dict(os.environ)
"""The children's environment (set by `main` from the options)."""


def run(cmd: list[str]) -> None:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU.setdefault(" ".join(cmd[1:]), []).append(used)


def taqdir_executable() -> str:
    """The console script of the interpreter running this benchmark (the venv's `taqdir`,
    next to sys.executable); PATH only when there is none. `shutil.which` alone can find a
    pyenv shim or another install first, which fails or times something else."""
    beside = Path(sys.executable).parent / "taqdir"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("taqdir")
    if found is None:
        sys.exit("no `taqdir` console script beside sys.executable or on PATH: pip install -e .")
    return found


def importtime(args: list[str]) -> None:
    """The ten slowest cumulative imports of a `taqdir` process."""
    code = f"import sys; sys.argv = ['taqdir', *{args!r}]; from engine.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, env=ENV
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    for us, name in sorted(rows, reverse=True)[:10]:
        print(f"  {us / 1000:7.1f} ms  {name}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("which", nargs="?", default="both", choices=["score", "compare", "both"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--importtime", action="store_true")
    parser.add_argument("--compile-each-run", action="store_true")
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args()
    private = Path(tempfile.mkdtemp(prefix="taqdir-bench-startup-"))
    ENV["TAQDIR_CACHE_DIR"] = str(private / "assessments")
    if args.no_cache:
        ENV["TAQDIR_NO_CACHE"] = "1"
    if args.compile_each_run:
        ENV["PYTHONDONTWRITEBYTECODE"] = "1"
        ENV["PYTHONPYCACHEPREFIX"] = str(private / "no-bytecode")  # empty: nothing to read
    else:
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        ENV["PYTHONPYCACHEPREFIX"] = str(private / "bytecode")
    print(
        f"bytecode: {'compiled every run' if args.compile_each_run else 'written once, read'}; "
        f"assessment cache: {'off' if args.no_cache else 'on'}"
    )
    exe = taqdir_executable()
    print(f"taqdir: {exe}")
    for name in ["score", "compare"] if args.which == "both" else [args.which]:
        argv, aim = COMMANDS[name]
        run([exe, *argv])  # warm-up: the file cache, the bytecode, the assessment cache
        run(FLOOR)
        t_cmd, t_floor = paired(lambda a=argv: run([exe, *a]), lambda: run(FLOOR), args.repeat)
        ratio = t_cmd / t_floor
        print(f"import numpy, pydantic, yaml   {t_floor:6.3f} s  (1.00)")
        print(f"taqdir {' '.join(argv):<24s}{t_cmd:6.3f} s  ({ratio:.2f}×)")
        cpu_cmd = statistics.median(CPU[" ".join(argv)][1:])
        cpu_floor = statistics.median(CPU.pop(" ".join(FLOOR[1:]))[1:])
        print(f"CPU time: taqdir {cpu_cmd:6.3f} s, import line {cpu_floor:6.3f} s "
              f"({cpu_cmd / cpu_floor:.2f}×)")  # fmt: skip
        if args.importtime:
            importtime(argv)
        result(f"startup-{name}", ratio, f"<={aim}", ratio <= aim)
    shutil.rmtree(private, ignore_errors=True)


if __name__ == "__main__":
    main()
