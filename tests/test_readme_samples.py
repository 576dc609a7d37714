"""The README's sample outputs are the real commands' output: each block that follows a
`<!-- sample: COLUMNS=N taqdir ARGS… -->` marker must be what that command prints in a terminal
N columns wide (run in-process, COLUMNS set). To regenerate every sample after a change:

    python -m tests.test_readme_samples
"""

from __future__ import annotations

import re
import shlex
import sys

from tests.cli_support import run_in_process
from tests.paths import ROOT

README = ROOT / "README.md"
SAMPLE = re.compile(r"<!-- sample: COLUMNS=(\d+) taqdir (.+?) -->\n```text\n(.*?)```\n", re.S)


def real_output(columns: str, args: str) -> str:
    run = run_in_process(*shlex.split(args), cwd=ROOT, env={"COLUMNS": columns})
    assert run.code == 0, run.err
    return "\n".join(line.rstrip() for line in run.out.splitlines()) + "\n"


def test_the_readme_has_the_80_column_score_table() -> None:
    text = README.read_text(encoding="utf-8")
    assert any(m.group(1) == "80" and m.group(2) == "score" for m in SAMPLE.finditer(text))


def test_every_readme_sample_is_the_real_output() -> None:
    text = README.read_text(encoding="utf-8")
    samples = list(SAMPLE.finditer(text))
    assert samples
    for m in samples:
        shown = m.group(3)
        assert shown == real_output(m.group(1), m.group(2)), (
            f"README sample `taqdir {m.group(2)}` at {m.group(1)} columns is out of date: "
            "run `python -m tests.test_readme_samples`"
        )
        assert max(len(line) for line in shown.splitlines()) <= int(m.group(1))


def regenerate() -> None:
    text = README.read_text(encoding="utf-8")
    new = SAMPLE.sub(
        lambda m: (
            f"<!-- sample: COLUMNS={m.group(1)} taqdir {m.group(2)} -->\n```text\n"
            f"{real_output(m.group(1), m.group(2))}```\n"
        ),
        text,
    )
    from indicators.files import write_text_atomic

    write_text_atomic(README, new)
    print(f"wrote {README}", file=sys.stderr)


if __name__ == "__main__":
    regenerate()
