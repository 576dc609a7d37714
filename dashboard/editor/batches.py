"""Starting a scenario batch from the Runs page, in a separate process.

The form builds a batch file (`scenarios.batch.BatchFile`: a sweep from a base scenario over
chosen indicators, grid / Latin hypercube / Sobol', profiles, methods, samples, seed), writes it
with a snapshot of the session's assessment into a folder of the run store's home
(`<home>/dashboard-batches/<id>/`), checks it with `scenarios.batch.load_batch` (what
`taqdir batch` reads), and starts `taqdir batch FILE` in its own process: the same runner, so
the same rows, and never the Streamlit script thread. The folder keeps `launch.json` (the
process id): a reloaded page finds the launch again there and the run in the store by its
batch file, so progress survives a reload. Stopping sends the process SIGINT; the runner then
marks the run interrupted (`taqdir batch --resume RUN_ID` finishes it)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.editor.texts import L
from scenarios.model import Assessment

ss = st.session_state
FOLDER = "dashboard-batches"
DESIGNS = ("grid", "lhs", "sobol")
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}  # this server's launches (reaped by poll)

L.update(
    {
        "b_title": {"en": "Start a batch", "ar": "بدء دفعة"},
        "b_intro": {
            "en": "Sweeps indicators of the session's assessment from a base scenario; runs "
            "`taqdir batch` in its own process and keeps the run in the store.",
            "ar": "يمسح مؤشرات التقدير الحالي انطلاقًا من سيناريو أساس؛ ويشغّل `taqdir batch` في "
            "عملية مستقلة ويحفظ التشغيل في المخزن.",
        },
        "b_base": {"en": "Base scenario", "ar": "السيناريو الأساس"},
        "b_inds": {"en": "Indicators to sweep", "ar": "المؤشرات المراد مسحها"},
        "b_design": {"en": "Design", "ar": "التصميم"},
        "d_grid": {"en": "grid", "ar": "شبكة"},
        "d_lhs": {"en": "Latin hypercube", "ar": "مكعب لاتيني"},
        "d_sobol": {"en": "Sobol'", "ar": "سوبول"},
        "b_count": {
            "en": "Count (points; for a grid: values per numeric axis)",
            "ar": "العدد (نقاط؛ وللشبكة: قيم لكل محور رقمي)",
        },
        "b_levels": {
            "en": "{name}: values (comma-separated) or empty for the range",
            "ar": "{name}: قيم مفصولة بفواصل، أو فارغ لاستعمال المدى",
        },
        "b_low": {"en": "{name}: from", "ar": "{name}: من"},
        "b_high": {"en": "{name}: to", "ar": "{name}: إلى"},
        "b_profiles": {"en": "Profiles", "ar": "ملفات الأوزان"},
        "b_methods": {"en": "Methods", "ar": "الطرق"},
        "b_samples": {"en": "Monte Carlo samples (0: none)", "ar": "عينات مونت كارلو (0: بلا)"},
        "b_seed": {"en": "Seed", "ar": "البذرة"},
        "b_start": {"en": "Start the batch", "ar": "بدء الدفعة"},
        "b_stop": {"en": "Stop", "ar": "إيقاف"},
        "b_pick": {"en": "Pick at least one indicator.", "ar": "اختر مؤشرًا واحدًا على الأقل."},
        "b_running": {
            "en": "Batch {id}: {done} of {total} chunks",
            "ar": "الدفعة {id}: {done} من {total} أجزاء",
        },
        "b_starting": {"en": "Batch {id}: starting…", "ar": "الدفعة {id}: قيد البدء…"},
        "b_done": {
            "en": "Batch {id} finished: run {run}, {rows} rows.",
            "ar": "انتهت الدفعة {id}: التشغيل {run}، {rows} صفًّا.",
        },
        "b_stopped": {
            "en": "Batch {id} was stopped ({status}).",
            "ar": "أُوقفت الدفعة {id} ({status}).",
        },
        "b_failed": {"en": "Batch {id} failed: {why}", "ar": "فشلت الدفعة {id}: {why}"},
    }
)


def home() -> Path:
    from engine.runs import Store

    return Path(Store().home)


def parse_values(text: str) -> list[float | str]:
    from dashboard.editor.widgets import parse_raw

    out = [parse_raw(x) for x in text.split(",")]
    return [x for x in out if x is not None]


def batch_data(
    a: Assessment,
    *,
    base: str,
    design: str,
    count: int,
    axes: dict[str, tuple[Any, Any, list[float | str]]],
    profiles: list[str],
    methods: list[str],
    samples: int,
    seed: int,
    assessment: str | None,
) -> dict[str, Any]:
    """The batch file's data. `axes`: indicator → (low, high, explicit values or [])."""
    sweep: dict[str, Any] = {"kind": design, "id": f"{design}_sweep", "base": base}
    if design == "grid":
        grid: dict[str, Any] = {}
        for k, (low, high, values) in axes.items():
            if values:
                grid[k] = values
            elif isinstance(low, str) or isinstance(high, str):
                grid[k] = {"from": low, "to": high}  # every level in between
            else:
                grid[k] = {"from": low, "to": high, "num": max(2, count)}
        sweep["axes"] = grid
    else:
        sweep["n"] = count
        sweep["ranges"] = {k: {"low": low, "high": high} for k, (low, high, _) in axes.items()}
    data: dict[str, Any] = {"id": f"dashboard-{a.id}"[:80], "sweeps": [sweep], "seed": seed}
    if assessment is not None:
        data["assessment"] = assessment
    if profiles:
        data["profiles"] = profiles
    if methods:
        data["methods"] = methods
    if samples:
        data["samples"] = samples
    return data


def prepare(a: Assessment, builtin: bool, data: dict[str, Any], root: Path) -> Path:
    """Write the batch (and the assessment's snapshot) in a new folder under `root`; check
    it as `taqdir batch` would. Returns the batch file; raises InputError."""
    import yaml

    from scenarios.batch import load_batch
    from scenarios.writer import dump_assessment

    folder = root / FOLDER / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    folder.mkdir(parents=True)
    if not builtin:
        (folder / "assessment.yaml").write_text(dump_assessment(a), encoding="utf-8")
        data = {**data, "assessment": "assessment.yaml"}
    path = folder / "batch.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_batch(path)  # the command line's checks: refuse here, not in the child
    return path


def launch(batch: Path) -> int:
    """Start `taqdir batch FILE` in its own process (own session: a page reload or a
    Streamlit rerun leaves it alone); returns its pid."""
    code = "import sys; from engine.cli import main; main(sys.argv[1:])"
    log = open(batch.parent / "batch.log", "wb")  # noqa: SIM115 - the child owns it
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "batch", str(batch), "--quiet", "--summary", "json"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "TAQDIR_HOME": str(home())},
        cwd=batch.parent,
    )
    log.close()
    _CHILDREN[proc.pid] = proc
    (batch.parent / "launch.json").write_text(
        json.dumps({"pid": proc.pid, "batch": str(batch.resolve()), "started": time.time()})
    )
    return proc.pid


def alive(pid: int) -> bool:
    proc = _CHILDREN.get(pid)
    if proc is not None:
        return proc.poll() is None
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def stop(pid: int) -> None:
    """Interrupt the batch as Ctrl+C would: the runner records the run as interrupted."""
    if alive(pid):
        os.kill(pid, signal.SIGINT)


def launches(root: Path) -> list[dict[str, Any]]:
    """Launches recorded under `root`, newest first."""
    out = []
    for f in sorted((root / FOLDER).glob("*/launch.json"), reverse=True):
        try:
            out.append(json.loads(f.read_text()))
        except (OSError, ValueError):
            continue
    return out


def run_of(batch: str) -> Any:
    """The store's run of a batch file (None until the child has recorded it)."""
    from engine.runs import Store

    matches = [r for r in Store().runs() if r.batch_path == batch]
    return matches[-1] if matches else None
