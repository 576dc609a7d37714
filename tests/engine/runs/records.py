"""A run record as the run store keeps it (JSON), for tests that need one without a run."""

from __future__ import annotations

import copy
from typing import Any

from engine.runs.record import RunRecord

STORED: dict[str, Any] = {
    "columns": [
        *("variant", "base", "sweep", "raw.meetings"),
        *("profile", "method", "score", "tier", "rank"),
    ],
    "profiles": ["equal"],
    "methods": ["arithmetic", "geometric"],
    "tiers": ["low", "high"],
    "thresholds": [50.0],
    "tier_names": {"low": {"en": "Low", "ar": "منخفض"}, "high": {"en": "High", "ar": "مرتفع"}},
    "tier_colors": {"high": "#fde725"},
    "bases": ["baseline"],
    "segments": [
        {"name": "baseline", "kind": "scenario", "start": 0, "count": 1, "base": "baseline"},
        {"name": "g", "kind": "grid", "start": 1, "count": 4, "base": "baseline"},
    ],
    "sweeps": [
        {"id": "g", "kind": "grid", "base": "baseline", "indicators": ["meetings"], "axes": [4]}
    ],
    "varied": ["meetings"],
    "constants": {"troops": 120.0, "level": 1.0},
    "levels": {"level": ["none", "high"]},
    "indicator_names": {"meetings": {"en": "Meetings", "ar": "اجتماعات"}},
    "samples": 0,
    "concentration": None,
    "chunk": 1024,
    "groups": 2,
    "as_of": "2025-06-01",
}
"""A record of the tiny assessment's batch: one scenario and a grid of four variants."""


def stored(**changes: Any) -> dict[str, Any]:
    """The stored record's JSON data with `changes` (a fresh copy)."""
    return {**copy.deepcopy(STORED), **changes}


def record(**changes: Any) -> RunRecord:
    """A record from the stored JSON with `changes` (JSON values: lists, ISO dates)."""
    return RunRecord.from_json(stored(**changes))
