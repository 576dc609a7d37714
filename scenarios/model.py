"""Models of scenarios, weighting profiles, depth tiers and the assessment file (pydantic v2).

An assessment file is self-contained: indicators, evidence, scenarios, profiles and tiers. The
after-validator of `Assessment` checks every cross-reference and reports *all* problems at
once, each located (`loc`) so the loader can name the file's line.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Annotated, Literal, Protocol, get_args

from pydantic import Field, model_validator

from indicators.errors import FileError, InputError, Loc, Problem, closest, did_you_mean
from indicators.model import (
    Date,
    Evidence,
    Family,
    Grading,
    Identifier,
    Indicator,
    Prose,
    RawValue,
    Scalar,
    Strict,
    Text,
)

Method = Literal["arithmetic", "geometric", "topsis"]
"""Aggregation methods (reference definitions: docs/contracts.md; arithmetic in engine.kernel)."""
METHOD_NAMES: tuple[str, ...] = get_args(Method)


class Range(Strict):
    """An uncertain raw value: sampled from a triangular distribution (low, likely, high)."""

    low: RawValue
    likely: RawValue
    high: RawValue


ScenarioValue = RawValue | Range


class Scenario(Strict):
    """A state of the world to score.

    `from_evidence: true` starts from the values the evidence gives as of the assessment date
    (the baseline); `extends: ID` starts from another scenario's values; `values` overrides.
    A scenario with neither must give every indicator.
    """

    id: Identifier
    name: Text
    narrative: Text | None = None
    extends: Identifier | None = None
    from_evidence: bool = False
    values: dict[Identifier, ScenarioValue] = Field(default_factory=dict)


MAX_WEIGHT = 1e6
"""Largest family weight or indicator share: weights are relative, so this is no limit in
practice, and sums of a few thousand of them stay far from overflowing."""

Weight = Annotated[float, Field(ge=0.0, le=MAX_WEIGHT, allow_inf_nan=False)]


class Profile(Strict):
    """Named hierarchical weights: one per family, and shares within a family per indicator.

    Effective weight of indicator k in family f = families[f] × indicators[k] / Σ shares in f,
    normalised to sum to 1. An indicator not listed has share 1 (equal shares within its family).
    """

    id: Identifier
    name: Text
    description: Text | None = None
    families: dict[Identifier, Weight]
    indicators: dict[Identifier, Weight] = Field(default_factory=dict)


class Tier(Strict):
    """A band of the 0–100 score, e.g. *institutional partnership* from 40 to 60."""

    id: Identifier
    name: Text
    description: Text | None = None
    min: Scalar
    max: Scalar
    color: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None


class Source(Strict):
    """Where the assessment comes from (the report it reads)."""

    title: Text | None = None
    publisher: Text | None = None
    author: Text | None = None
    published: Date | None = None
    url: str | None = None
    footnotes: dict[str, Prose] = Field(
        default_factory=dict,
        description='The report\'s citations by key ("[1]"): English text, or {en, ar} in both '
        "languages. Without Arabic the Arabic brief and views show the English, marked so.",
    )


class Assessment(Strict):
    """The assessment file: everything needed to score partnership-depth scenarios."""

    id: Identifier
    title: Text
    parties: list[Text] = Field(default_factory=list)
    """Who the assessment is about, by name in both languages (e.g. the two states)."""
    summary: Text | None = None
    as_of: Date
    source: Source | None = None
    method: Method = "arithmetic"
    default_profile: Identifier | None = None
    families: Annotated[list[Family], Field(min_length=1)]
    indicators: Annotated[list[Indicator], Field(min_length=1)]
    evidence: list[Evidence] = Field(default_factory=list)
    grading: Grading = Field(default_factory=Grading)
    scenarios: Annotated[list[Scenario], Field(min_length=1)]
    profiles: Annotated[list[Profile], Field(min_length=1)]
    tiers: Annotated[list[Tier], Field(min_length=2)]

    @model_validator(mode="after")
    def _cross_check(self) -> Assessment:
        problems = check_references(self)
        if problems:
            raise ReferenceProblems(problems)
        return self

    # Lookups used by every layer above.
    def _index(self) -> tuple[dict[str, Indicator], dict[str, Scenario]]:
        """Indicators and scenarios by id, built once per model (a file may hold 10,000
        scenarios). Kept beside the fields (equality compares fields only) with the lists it
        indexes, so a `model_copy(update=...)` with other lists builds its own."""
        cached = self.__dict__.get("_id_index")
        if cached is None or cached[0] is not self.indicators or cached[1] is not self.scenarios:
            inds = {i.id: i for i in self.indicators}
            scs = {s.id: s for s in self.scenarios}
            cached = (self.indicators, self.scenarios, inds, scs)
            self.__dict__["_id_index"] = cached
        return cached[2], cached[3]

    def indicator(self, indicator_id: str) -> Indicator:
        return self._index()[0][indicator_id]

    def evidence_on(self, indicator_id: str) -> list[Evidence]:
        """The evidence items on one indicator, in file order: grouped once per model (as
        `_index`), so a timeline of many days does not scan every item for every indicator."""
        cached = self.__dict__.get("_evidence_index")
        if cached is None or cached[0] is not self.evidence:
            groups: dict[str, list[Evidence]] = {}
            for ev in self.evidence:
                groups.setdefault(ev.indicator, []).append(ev)
            cached = (self.evidence, groups)
            self.__dict__["_evidence_index"] = cached
        return list(cached[1].get(indicator_id, ()))

    def scenario(self, scenario_id: str) -> Scenario:
        return self._index()[1][scenario_id]

    def profile(self, profile_id: str) -> Profile:
        return next(p for p in self.profiles if p.id == profile_id)

    @property
    def profile_ids(self) -> list[str]:
        return [p.id for p in self.profiles]

    @property
    def scenario_ids(self) -> list[str]:
        return [s.id for s in self.scenarios]

    @property
    def default_profile_id(self) -> str:
        return self.default_profile or self.profiles[0].id

    def baseline_id(self, among: Sequence[str] | None = None) -> str:
        """The baseline: the scenario that stands for the evidence as it is.

        It is the first `from_evidence` scenario, in file order (or in the order of `among`,
        when only those scenarios are in play); when there is none, the first scenario. This
        is the one definition: the headline of the dashboard, the default scenario of
        `taqdir timeline` and of diagnostics, and `Setting.baseline()` all use it.
        """
        ids = list(among) if among is not None else self.scenario_ids
        found = {s.id for s in self.scenarios if s.from_evidence}
        return next((sid for sid in ids if sid in found), ids[0])


class ReferenceProblems(InputError):
    """Cross-reference problems found in an assessment; the loader adds file and lines."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.loc}: {p.message}" for p in problems))


# --- one small check per rule ------------------------------------------------------------


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _unique(items: Sequence[_HasId], section: str) -> list[Problem]:
    counts = Counter(item.id for item in items)
    return [
        Problem(
            (section, i, "id"),
            f"duplicate id {item.id!r}.",
            "Every id must be unique.",
            kind="duplicate_id",
            args={"id": item.id},
        )
        for i, item in enumerate(items)
        if counts[item.id] > 1
    ]


def check_known(value: str, known: list[str], what: str, loc: Loc) -> list[Problem]:
    """A located problem, with the closest known name, unless `value` is one of `known`."""
    if value in known:
        return []
    guess = did_you_mean(value, known)
    shown = ", ".join(known[:20]) + (f", … ({len(known):,} in all)" if len(known) > 20 else "")
    return [
        Problem(
            loc,
            f"unknown {what} {value!r}.{guess}",
            f"Known: {shown}.",
            kind="unknown_name",
            args={"what": what, "value": value, "close": closest(value, known), "known": known},
        )
    ]


def _on_scale(ind: Indicator, value: RawValue, loc: Loc) -> list[Problem]:
    found = ind.scale_problem(value)
    if found is None:
        return []
    kind, problem, parts = found
    return [Problem(loc, problem + ".", kind=kind, args=parts)]


def _ordered(
    ind: Indicator, low: RawValue, mid: RawValue, high: RawValue, loc: Loc
) -> list[Problem]:
    if any(ind.check_value(v) for v in (low, mid, high)):
        return []  # already reported as off the scale
    lo, md, hi = (ind.position(v) for v in (low, mid, high))
    if lo <= md <= hi:
        return []
    return [
        Problem(
            loc,
            f"range is not ordered: low {low}, likely {mid}, high {high}.",
            "Expected low ≤ likely ≤ high.",
            kind="range_order",
            args={"low": low, "likely": mid, "high": high},
        )
    ]


def _check_families(a: Assessment) -> list[Problem]:
    fams = [f.id for f in a.families]
    out = _unique(a.families, "families") + _unique(a.indicators, "indicators")
    for i, ind in enumerate(a.indicators):
        out += check_known(ind.family, fams, "family", ("indicators", i, "family"))
    for i, ind in enumerate(a.indicators):
        if ind.id in fams:
            out.append(
                Problem(
                    ("indicators", i, "id"),
                    f"indicator id {ind.id!r} is also a family id.",
                    "Rename one: `--set-weight ID=VALUE` and profiles name families "
                    "and indicators by id, so the two must differ.",
                    kind="id_is_family",
                    args={"id": ind.id},
                )
            )
    used = {ind.family for ind in a.indicators}
    for i, fam in enumerate(a.families):
        if fam.id not in used:
            out.append(
                Problem(
                    ("families", i),
                    f"family {fam.id!r} has no indicators.",
                    "Add an indicator to it or remove the family.",
                    kind="family_empty",
                    args={"family": fam.id},
                )
            )
    return out


def _check_evidence(a: Assessment) -> list[Problem]:
    inds = {i.id: i for i in a.indicators}
    footnotes = list(a.source.footnotes) if a.source is not None else []
    out = _unique(a.evidence, "evidence")
    for n, ev in enumerate(a.evidence):
        loc: Loc = ("evidence", n)
        if footnotes:  # when the file lists its footnotes, every citation must be one of them
            for j, src in enumerate(ev.sources):
                if src not in footnotes:
                    out.append(
                        Problem(
                            (*loc, "sources", j),
                            f"unknown footnote {src!r}.",
                            f"Footnotes in source.footnotes: {', '.join(footnotes)}.",
                            kind="unknown_footnote",
                            args={"value": src, "known": footnotes},
                        )
                    )
        found = check_known(ev.indicator, list(inds), "indicator", (*loc, "indicator"))
        if found:
            out += found
            continue
        ind = inds[ev.indicator]
        for name in ("value", "low", "high"):
            v = getattr(ev, name)
            if v is not None:
                out += _on_scale(ind, v, (*loc, name))
        if ev.low is not None or ev.high is not None:
            out += _ordered(
                ind,
                ev.low if ev.low is not None else ev.value,
                ev.value,
                ev.high if ev.high is not None else ev.value,
                loc,
            )
    return out


def _check_scenarios(a: Assessment) -> list[Problem]:
    inds = {i.id: i for i in a.indicators}
    ids = a.scenario_ids
    id_set = set(ids)  # membership in a set: linear in the number of scenarios overall
    out = _unique(a.scenarios, "scenarios")
    for n, sc in enumerate(a.scenarios):
        loc: Loc = ("scenarios", n)
        if sc.extends is not None:
            if sc.extends not in id_set:
                out += check_known(sc.extends, ids, "scenario", (*loc, "extends"))
            if sc.from_evidence:
                out.append(
                    Problem(
                        loc,
                        "a scenario cannot both extend another and derive from evidence.",
                        "Keep one of extends / from_evidence.",
                        kind="extends_and_evidence",
                    )
                )
        elif not sc.from_evidence:
            missing = [k for k in inds if k not in sc.values]
            if missing:
                out.append(
                    Problem(
                        (*loc, "values"),
                        f"scenario {sc.id!r} stands alone but gives no value for "
                        f"{', '.join(missing)}.",
                        "Give every indicator, or add `extends: baseline` or "
                        "`from_evidence: true`.",
                        kind="stands_alone",
                        args={"scenario": sc.id, "missing": missing},
                    )
                )
        for key, value in sc.values.items():
            vloc: Loc = (*loc, "values", key)
            found = check_known(key, list(inds), "indicator", vloc)
            if found:
                out += found
                continue
            ind = inds[key]
            if isinstance(value, Range):
                for name in ("low", "likely", "high"):
                    out += _on_scale(ind, getattr(value, name), (*vloc, name))
                out += _ordered(ind, value.low, value.likely, value.high, vloc)
            else:
                out += _on_scale(ind, value, vloc)
    out += _check_cycles(a)
    return out


def _check_cycles(a: Assessment) -> list[Problem]:
    """Every scenario whose `extends` chain runs into a loop. Linear in the number of
    scenarios when there is none: a walk stops at a scenario already known to end well."""
    parent = {s.id: s.extends for s in a.scenarios}
    ends_well: set[str] = set()
    out = []
    for n, sc in enumerate(a.scenarios):
        seen = [sc.id]
        on_path = {sc.id}
        cur = parent.get(sc.id)
        while cur is not None and cur in parent and cur not in ends_well:
            if cur in on_path:
                chain = " → ".join([*seen, cur])
                out.append(
                    Problem(
                        ("scenarios", n, "extends"),
                        f"scenario {sc.id!r} extends itself in a loop ({chain}).",
                        "Break the loop: one scenario must start from evidence or "
                        "give every value.",
                        kind="extends_loop",
                        args={"scenario": sc.id, "chain": [*seen, cur]},
                    )
                )
                break
            seen.append(cur)
            on_path.add(cur)
            cur = parent.get(cur)
        else:
            ends_well.update(seen)
    return out


def profile_problems(a: Assessment, prof: Profile, loc: Loc) -> list[Problem]:
    """Problems of one profile against the assessment's families and indicators."""
    fams = [f.id for f in a.families]
    inds = [i.id for i in a.indicators]
    out: list[Problem] = []
    for fam in prof.families:
        out += check_known(fam, fams, "family", (*loc, "families", fam))
    missing = [f for f in fams if f not in prof.families]
    if missing:
        out.append(
            Problem(
                (*loc, "families"),
                f"profile {prof.id!r} gives no weight to {', '.join(missing)}.",
                "Give every family a weight (0 to leave it out).",
                kind="profile_missing",
                args={"profile": prof.id, "missing": missing},
            )
        )
    for key in prof.indicators:
        out += check_known(key, inds, "indicator", (*loc, "indicators", key))
    if not any(w > 0 for w in prof.families.values()):
        out.append(
            Problem(
                (*loc, "families"),
                "all family weights are zero.",
                "At least one family needs a positive weight.",
                kind="all_zero",
            )
        )
    for fam in fams:
        if prof.families.get(fam, 0) > 0:
            shares = [prof.indicators.get(i.id, 1.0) for i in a.indicators if i.family == fam]
            if shares and sum(shares) <= 0:
                out.append(
                    Problem(
                        (*loc, "indicators"),
                        f"family {fam!r} has weight but all its indicators have share 0.",
                        "Give one of them a positive share, or the family 0.",
                        kind="zero_shares",
                        args={"family": fam},
                    )
                )
    return out


def check_profile(a: Assessment, prof: Profile, path: str | None) -> None:
    """Raise FileError if a standalone profile file does not fit the assessment."""
    problems = profile_problems(a, prof, ())
    if problems:
        raise FileError(path, problems)


def _check_profiles(a: Assessment) -> list[Problem]:
    out = _unique(a.profiles, "profiles")
    for n, prof in enumerate(a.profiles):
        out += profile_problems(a, prof, ("profiles", n))
    if a.default_profile is not None:
        out += check_known(a.default_profile, a.profile_ids, "profile", ("default_profile",))
    return out


def _check_tiers(a: Assessment) -> list[Problem]:
    out = _unique(a.tiers, "tiers")
    tiers = a.tiers
    if tiers[0].min != 0:
        out.append(
            Problem(
                ("tiers", 0, "min"),
                f"the first tier starts at {tiers[0].min:g}.",
                "Tiers must cover 0–100: the first min must be 0.",
                kind="tier_first",
                args={"value": f"{tiers[0].min:g}"},
            )
        )
    if tiers[-1].max != 100:
        out.append(
            Problem(
                ("tiers", len(tiers) - 1, "max"),
                f"the last tier ends at {tiers[-1].max:g}.",
                "Tiers must cover 0–100: the last max must be 100.",
                kind="tier_last",
                args={"value": f"{tiers[-1].max:g}"},
            )
        )
    for n, t in enumerate(tiers):
        if not (math.isfinite(t.min) and math.isfinite(t.max)) or t.max <= t.min:
            out.append(
                Problem(
                    ("tiers", n),
                    f"tier {t.id!r} has min {t.min:g} ≥ max {t.max:g}.",
                    "Thresholds must increase: min < max.",
                    kind="tier_order",
                    args={"tier": t.id, "min": f"{t.min:g}", "max": f"{t.max:g}"},
                )
            )
        if n and t.min != tiers[n - 1].max:
            out.append(
                Problem(
                    ("tiers", n, "min"),
                    f"tier {t.id!r} starts at {t.min:g} but the previous tier ends "
                    f"at {tiers[n - 1].max:g}.",
                    "List tiers from lowest to highest, each starting where the previous one ends.",
                    kind="tier_gap",
                    args={"tier": t.id, "min": f"{t.min:g}", "previous": f"{tiers[n - 1].max:g}"},
                )
            )
    return out


def check_references(a: Assessment) -> list[Problem]:
    """Every cross-reference problem in the assessment (empty when it is consistent)."""
    return (
        _check_families(a)
        + _check_evidence(a)
        + _check_scenarios(a)
        + _check_profiles(a)
        + _check_tiers(a)
    )
