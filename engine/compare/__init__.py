"""Comparing assessments: two or more *sides* (a file at a date with weights and a method, a
saved score, a stored batch run) set against each other, every change in score split into
evidence, weights and method (`attribution`, Shapley values), and one assessment followed day
by day (`timeline`), and one assessment under every weighting profile at once (`profiles`).

This is the face the command line and the dashboard import; the modules are internal.
"""

from engine.compare.attribution import FACTORS, decompose
from engine.compare.comparison import Comparison, Spread, compare, compare_many, side_letter
from engine.compare.profiles import AS_SET, ProfileGrid, every_profile
from engine.compare.sides import (
    BUILTIN,
    RunSource,
    Side,
    TierBand,
    open_source,
    side_from_assessment,
    side_from_result,
    side_from_run,
    side_from_saved,
)
from engine.compare.timeline import Step, Timeline, default_start, grid, parse_step, timeline

__all__ = [
    "AS_SET",
    "BUILTIN",
    "FACTORS",
    "Comparison",
    "ProfileGrid",
    "RunSource",
    "Side",
    "Spread",
    "Step",
    "TierBand",
    "Timeline",
    "compare",
    "compare_many",
    "decompose",
    "default_start",
    "every_profile",
    "grid",
    "open_source",
    "parse_step",
    "side_from_assessment",
    "side_from_result",
    "side_from_run",
    "side_from_saved",
    "side_letter",
    "timeline",
]
