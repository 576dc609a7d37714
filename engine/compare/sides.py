"""The sides of a comparison: an assessment scored under options, a saved result, a stored run.

A `Side` holds what its scores are a function of, as arrays: the intensities the evidence
gives (scenarios × indicators), the effective weights and the method, plus the labels needed
to show it (scenario, tier and indicator names in both languages). Whatever the source, the
comparison works on these arrays alone, so a saved JSON is compared exactly like a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from engine import kernel
from engine.request import ScoringRequest
from engine.score import ScoreResult, score
from indicators.errors import InputError
from scenarios.model import Assessment, Profile
from scenarios.saved import SavedScore

BUILTIN = "builtin"
"""The source name of the built-in assessment."""

SAVED_TOLERANCE = 1e-9
"""A saved score must follow from its own intensities and weights within this many points."""


@dataclass(frozen=True)
class TierBand:
    """A depth tier as a side knows it."""

    id: str
    min: float
    max: float
    name: Mapping[str, str]
    color: str | None = None


@dataclass(frozen=True)
class Side:
    """One configuration being compared, reduced to the arrays its scores are made of."""

    label: str  # how the user named it, e.g. "builtin @ as-of=2025-03-01"
    kind: str  # "assessment", "saved" or "run"
    source: str  # the file, "builtin" or the run id
    assessment_id: str
    title: Mapping[str, str]
    as_of: date
    profile: str | None
    method: str
    input_hash: str | None
    scenario_ids: tuple[str, ...]
    scenario_names: Mapping[str, Mapping[str, str]]
    indicator_ids: tuple[str, ...]
    weights: np.ndarray  # (K,) effective, sums to 1
    intensities: np.ndarray  # (S, K) entering the score
    scores: np.ndarray  # (S,) as the side reports them
    family_ids: tuple[str, ...]
    family_contributions: np.ndarray  # (S, F) points per family
    tiers: tuple[TierBand, ...]
    indicator_family: Mapping[str, str] = field(default_factory=dict)  # empty if unknown
    indicator_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    family_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    options: Mapping[str, str] = field(default_factory=dict)  # the options that made it
    coverage: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    """Per scenario, the weight share on evidence, defaults and what-if values (empty when the
    side does not say: a stored run, an older saved score)."""

    @property
    def thresholds(self) -> np.ndarray:
        return np.array([t.min for t in self.tiers[1:]])

    def describe(self) -> dict[str, Any]:
        """What produced this side, for reports and the JSON output."""
        return {
            "label": self.label,
            "kind": self.kind,
            "source": self.source,
            "assessment": self.assessment_id,
            "title": dict(self.title),
            "as_of": self.as_of.isoformat(),
            "profile": self.profile,
            "method": self.method,
            "input_hash": self.input_hash,
            **({"options": dict(self.options)} if self.options else {}),
        }


def _tiers_of(a: Assessment) -> tuple[TierBand, ...]:
    return tuple(TierBand(t.id, t.min, t.max, t.name.plain(), t.color) for t in a.tiers)


def side_from_result(
    r: ScoreResult, *, label: str, source: str, options: Mapping[str, str] | None = None
) -> Side:
    """A side from a scoring of an assessment (the usual case)."""
    a = r.assessment
    return Side(
        label=label,
        kind="assessment",
        source=source,
        assessment_id=a.id,
        title=a.title.plain(),
        as_of=r.as_of,
        profile=r.profile.id,
        method=r.method,
        input_hash=r.input_hash,
        scenario_ids=r.scenario_ids,
        scenario_names={sid: a.scenario(sid).name.plain() for sid in r.scenario_ids},
        indicator_ids=r.indicator_ids,
        weights=r.weights,
        intensities=r.intensities,
        scores=r.scores,
        family_ids=r.family_ids,
        family_contributions=r.family_contributions,
        tiers=_tiers_of(a),
        indicator_family={i.id: i.family for i in a.indicators},
        indicator_names={i.id: i.name.plain() for i in a.indicators},
        family_names={f.id: f.name.plain() for f in a.families},
        options=dict(options or {}),
        coverage={sid: r.coverage(i) for i, sid in enumerate(r.scenario_ids)},
    )


def side_from_assessment(
    a: Assessment,
    request: ScoringRequest | None = None,
    *,
    label: str,
    source: str,
    profile: Profile | str | None = None,
    method: str | None = None,
    as_of: date | None = None,
    set_weights: Mapping[str, float] | None = None,
    options: Mapping[str, str] | None = None,
) -> Side:
    """Score the assessment as the request says and make it a side. The keywords profile,
    method, as_of and set_weights are the older form: they build the request."""
    if request is None:
        request = ScoringRequest.build(
            a, profile=profile, method=method, as_of=as_of, set_weights=set_weights
        )
    elif (profile, method, as_of, set_weights) != (None,) * 4:
        raise TypeError("side_from_assessment(): give a ScoringRequest or the keywords")
    r = score(a, request)
    return side_from_result(r, label=label, source=source, options=options)


def side_from_saved(s: SavedScore, *, label: str, source: str, kind: str = "saved") -> Side:
    """A side from a saved `taqdir score --format json` (or a stored run's copy of it).

    The saved intensities, weights and method must reproduce the saved scores: that is what
    makes a saved result comparable factor by factor, so a mismatch is an input error.
    """
    ids = tuple(s.weights)
    x = np.array([[row.intensities[k] for k in ids] for row in s.results])
    w = kernel.normalise(np.array([s.weights[k] for k in ids]))
    saved = np.array([row.score for row in s.results])
    again = kernel.aggregate(x, w, s.method)
    worst = int(np.argmax(np.abs(again - saved)))
    if abs(again[worst] - saved[worst]) > SAVED_TOLERANCE:
        raise InputError(
            f"{source}: the saved score of {s.results[worst].scenario!r} ({saved[worst]:.6f}) "
            f"does not follow from its intensities and weights under {s.method!r} "
            f"({again[worst]:.6f}); was the file edited? Save it again with "
            "`taqdir score --format json`.",
            kind="saved_score_mismatch",
            parts={
                "source": str(source),
                "scenario": s.results[worst].scenario,
                "saved": f"{saved[worst]:.6f}",
                "again": f"{again[worst]:.6f}",
                "method": s.method,
            },
        )
    fams: list[str] = []
    for row in s.results:
        fams += [f for f in row.families or {} if f not in fams]
    fam = np.array([[(row.families or {}).get(f, 0.0) for f in fams] for row in s.results])
    return Side(
        label=label,
        kind=kind,
        source=source,
        assessment_id=s.assessment.id,
        title=s.assessment.title.plain(),
        as_of=s.assessment.as_of,
        profile=s.profile,
        method=s.method,
        input_hash=s.assessment.input_hash,
        scenario_ids=tuple(row.scenario for row in s.results),
        scenario_names={
            row.scenario: row.name.plain() if row.name else {"en": row.scenario}
            for row in s.results
        },
        indicator_ids=ids,
        weights=w,
        intensities=x,
        scores=again,
        family_ids=tuple(fams),
        family_contributions=fam.reshape(len(s.results), len(fams)),
        tiers=tuple(TierBand(t.id, t.min, t.max, t.name.plain(), t.color) for t in s.tiers),
        coverage={
            row.scenario: {str(k): v for k, v in row.coverage.items()}
            for row in s.results
            if row.coverage
        },
    )


# --- opening a source ---------------------------------------------------------------------


@dataclass(frozen=True)
class RunSource:
    """A stored run named as a side (read by `side_from_run`)."""

    run_id: str


def open_source(source: str) -> Assessment | SavedScore | RunSource:
    """What a side's source names: the built-in assessment, a file, a recorded version of a
    file (`FILE@v3`), or a stored run.

    A `.json` file holding `results` is a saved score; any other file is an assessment.
    `run:ID` (or a bare ID that is not a file) names a run of the run store.
    """
    from indicators.files import read_document
    from indicators.validate import validate_data
    from scenarios.loader import load_assessment

    if source.startswith("run:"):
        return RunSource(_stored_run(source[4:], guessed=False).id)
    path = Path(source)
    if path.exists():
        if path.suffix.lower() == ".json":
            data, lines = read_document(path)
            if isinstance(data, dict) and "results" in data:
                return validate_data(data, SavedScore, str(path), lines)
            return validate_data(data, Assessment, str(path), lines)
        return load_assessment(path)
    if source in (BUILTIN, "built-in"):  # before the version store, which imports engine.runs
        return load_assessment(None)
    from engine.versions import load_version, parse_ref

    ref = parse_ref(source)
    if ref is not None:  # FILE@v3: a version recorded in the store (engine.versions)
        return load_version(ref.path, ref.number)
    return RunSource(_stored_run(source, guessed=True).id)


# --- the run-store adapter (engine.runs: issue 4) ----------------------------------------

MAX_RUN_VARIANTS = 50_000
"""Variants a stored run may bring to a comparison (its per-indicator parts are held in
memory: about 64 · variants · indicators bytes)."""


def _stored_run(run_id: str, *, guessed: bool) -> Any:
    from engine.runs.store import Store
    from indicators.errors import UnknownNameError

    store = Store()
    if not store.db_path.exists():
        raise InputError(
            f"{run_id!r} is not a file or {BUILTIN!r}, and there is no run store at {store.home} "
            "to look it up in (set TAQDIR_HOME, or run `taqdir batch` first)."
            if guessed
            else f"no run {run_id!r}: there is no run store at {store.home} yet.",
            kind="no_run_store",
            parts={"value": run_id, "home": str(store.home), "guessed": guessed},
        )
    try:
        return store.get(run_id)
    except UnknownNameError as exc:
        if guessed:
            raise InputError(
                f"{run_id!r} is not a file, {BUILTIN!r}, or a stored run: {exc}",
                kind="not_a_side",
                parts={"value": run_id, "inner_kind": exc.kind, "inner_parts": exc.parts},
            ) from None
        raise
    finally:
        store.close()


def side_from_run(
    run_id: str, *, label: str, profile: str | None = None, method: str | None = None
) -> Side:
    """A side from a stored batch run: its variants under one of its profiles and methods.

    The run keeps the assessment it scored (a snapshot) and each variant's raw values, so
    the intensities are rebuilt exactly and the stored scores are checked against them.
    Scenario ids are the included scenarios' ids, and `SWEEP#n` for the n-th variant of a
    sweep, so two runs of the same batch match variant by variant.
    """
    from engine.arrays import Compiled
    from engine.runs.chunks import read_chunk
    from engine.runs.store import Store
    from scenarios.batch import restore_batch

    store: Any = Store()  # Any: its `list` method shadows the builtin in its annotations
    try:
        run = store.get(run_id)
        files = store.chunk_files(run_id)
    finally:
        store.close()
    if run.state != "done":
        raise InputError(
            f"run {run_id} is {run.state}, not done; finish it first.",
            kind="run_state",
            parts={"run": run_id, "state": run.state, "fix": "finish"},
        )
    record = run.info
    pid = _pick(profile, list(record.profiles), "weighting profile", run_id)
    mid = _pick(method, list(record.methods), "method", run_id)
    a = restore_batch(run.batch_snapshot, run.assessment_snapshot, run_id).assessment
    ids = [i.id for i in a.indicators]
    cols = ["variant", "base", "sweep", "profile", "method", "score"]
    cols += [f"raw.{k}" for k in record.varied]
    parts = []
    for path in files:
        t = read_chunk(path, cols).to_pydict()
        keep = [
            i
            for i, (p, m) in enumerate(zip(t["profile"], t["method"], strict=True))
            if p == pid and m == mid
        ]
        parts.append({k: [v[i] for i in keep] for k, v in t.items()})
    rows = {k: [v for p in parts for v in p[k]] for k in cols}
    n = len(rows["variant"])
    if n > MAX_RUN_VARIANTS:
        raise InputError(
            f"run {run_id} has {n:,} variants; compare takes at most {MAX_RUN_VARIANTS:,} "
            "(export the run and compare a selection as saved results).",
            kind="run_too_big",
            parts={"run": run_id, "count": f"{n:,}", "limit": f"{MAX_RUN_VARIANTS:,}"},
        )
    raw = np.empty((n, len(ids)))
    for k, ind in enumerate(ids):
        raw[:, k] = rows[f"raw.{ind}"] if ind in record.varied else record.constants[ind]
    compiled = Compiled.of(a)
    run_as_of = record.as_of
    request = ScoringRequest.build(
        a, profile=pid, method=mid, as_of=run_as_of, scenarios=a.scenario_ids[:1]
    )
    r = score(a, request)  # labels and tiers
    w = r.weights
    x = compiled.intensities(raw)
    again = kernel.aggregate(x, w, mid)
    if n and np.abs(again - np.array(rows["score"])).max() > SAVED_TOLERANCE:
        raise InputError(
            f"run {run_id}: its stored scores do not follow from its raw values.",
            kind="run_scores_mismatch",
            parts={"run": run_id},
        )
    start = {s.name: s.start for s in record.segments}
    sids = [
        base if sweep is None else f"{sweep}#{v - start[sweep]}"
        for v, base, sweep in zip(rows["variant"], rows["base"], rows["sweep"], strict=True)
    ]
    names = {
        sid: a.scenario(sid).name.plain() if sid in a.scenario_ids else {"en": sid, "ar": sid}
        for sid in sids
    }
    base_side = side_from_result(r, label=label, source=f"run:{run_id}")
    return Side(
        **{
            **base_side.__dict__,
            "kind": "run",
            "as_of": run_as_of,
            "scenario_ids": tuple(sids),
            "scenario_names": names,
            "weights": w,
            "intensities": x,
            "scores": again,
            "family_contributions": compiled.family_totals(kernel.contributions(x, w, mid)),
            "options": {"profile": pid, "method": mid},
        }
    )


def _pick(given: str | None, choices: list[str], what: str, run_id: str) -> str:
    if given is None:
        return choices[0]
    if given not in choices:
        raise InputError(
            f"run {run_id} has no {what} {given!r}; it was scored under {', '.join(choices)}.",
            kind="unknown",
            parts={
                "what": "profile" if what.endswith("profile") else "method",
                "value": given,
                "run": run_id,
                "known": list(choices),
            },
        )
    return given
