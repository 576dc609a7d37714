"""Running `taqdir`: the real console script in a subprocess, and what a run left behind."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path


def taqdir_executable() -> list[str]:
    exe = shutil.which("taqdir")
    if exe is None:  # installed into the running interpreter's scripts folder
        candidate = Path(sys.executable).parent / "taqdir"
        exe = str(candidate) if candidate.exists() else None
    assert exe, "the console script `taqdir` is not installed: pip install -e '.[dev]'"
    return [exe]


class Run:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)
