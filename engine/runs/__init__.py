"""Scenario batches: a batch file's plan of variants, evaluated chunk by chunk by an executor,
kept in the run store, exported as rows, summarised, ranked and explored.

The flow is `plan` (what to score) → `executors` (where) → `chunks` and `store` (what is kept,
atomically; `record`, what a run records about its rows) → `export`, `ranking`, `summary`,
`tipping` (what is read back) → `explore` (the dashboard's view of a stored run). `runner` ties
them together for `taqdir batch`.

This is the face the command line and the dashboard import; the modules are internal.
"""

from engine.runs.executors import Dask, InProcess, Processes, make_executor
from engine.runs.explore import (
    Filter,
    RunView,
    TippingMap,
    default_fixed,
    grid_sweeps,
    histograms,
    open_run,
    rows,
    stored_runs,
    tipping_map,
)
from engine.runs.export import FORMATS, export, output_format, read_rows, run_meta
from engine.runs.plan import Plan, build_plan
from engine.runs.ranking import Scan, scan
from engine.runs.record import RunRecord
from engine.runs.runner import Outcome, Progress, Silent, resume, start
from engine.runs.store import Run, Store, default_home
from engine.runs.summary import build_summary
from engine.runs.tipping import Flip, TippingLine, tipping_points

__all__ = [
    "FORMATS",
    "Dask",
    "Filter",
    "Flip",
    "InProcess",
    "Outcome",
    "Plan",
    "Processes",
    "Progress",
    "Run",
    "RunRecord",
    "RunView",
    "Scan",
    "Silent",
    "Store",
    "TippingLine",
    "TippingMap",
    "build_plan",
    "build_summary",
    "default_fixed",
    "default_home",
    "export",
    "grid_sweeps",
    "histograms",
    "make_executor",
    "open_run",
    "output_format",
    "read_rows",
    "resume",
    "rows",
    "run_meta",
    "scan",
    "start",
    "stored_runs",
    "tipping_map",
    "tipping_points",
]
