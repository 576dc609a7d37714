"""Models of indicators, their families and the evidence that observes them (pydantic v2).

Every model forbids unknown keys and names the nearest valid key when one is misspelt. The
models hold parameters only; the arithmetic on arrays lives in `engine.kernel`.
"""

from __future__ import annotations

import itertools
import math
import re
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from indicators.errors import closest, did_you_mean, invalid
from indicators.ids import ID_PATTERN

Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
"""An id: a letter, then letters, digits, `_`, `.` or `-` (no spaces)."""

RawValue = StrictFloat | str
"""A raw indicator value: a number, or the id of an ordinal level (`yes`/`true` are refused,
not read as 1)."""

MAX_MAGNITUDE = 1e12
"""Largest magnitude of a number on an indicator's scale (goalposts, bounds, raw values):
far beyond any count a report gives, small enough that differences and sums stay finite."""

FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2199, 12, 31)
"""Dates (evidence, as-of, publication) lie in this range, so that look-back windows and
half-lives never step outside the calendar."""

MAX_WINDOW_DAYS = 36_525
"""Longest evidence look-back window, and longest half-life: 100 years, in days."""

Scalar = Annotated[float, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]
"""A finite number on an indicator's scale, within ±MAX_MAGNITUDE."""


def date_problem(value: date) -> str | None:
    """A message if `value` is outside the dates taqdir accepts, else None."""
    if not FIRST_DATE <= value <= LAST_DATE:
        return (
            f"date {value.isoformat()} is outside the supported range "
            f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"
        )
    return None


def _date_in_range(value: date) -> date:
    problem = date_problem(value)
    if problem:
        raise invalid(
            "date_range",
            problem + "; give a date in that range.",
            value=value.isoformat(),
            first=FIRST_DATE.isoformat(),
            last=LAST_DATE.isoformat(),
        )
    return value


Date = Annotated[date, AfterValidator(_date_in_range)]
"""A calendar date within FIRST_DATE..LAST_DATE."""


class Strict(BaseModel):
    """Base of every input model: frozen, unknown keys are errors with a suggestion."""

    # allow_inf_nan=False: every number read from a file is finite (NaN or .inf anywhere is
    # refused with "Input should be a finite number", not carried into the scores).
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False, defer_build=True
    )

    @model_validator(mode="before")
    @classmethod
    def _no_unknown_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            allowed = set(cls.model_fields)
            for info in cls.model_fields.values():
                if info.alias:
                    allowed.add(info.alias)
            for key in data:
                if key not in allowed:
                    guess = did_you_mean(str(key), sorted(allowed))
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key '{key}'.{guess} Allowed keys here: {allowed}.",
                        {
                            "key": str(key),
                            "guess": guess,
                            "allowed": ", ".join(sorted(allowed)),
                            "taqdir": {
                                "key": str(key),
                                "close": closest(str(key), sorted(allowed)),
                                "allowed": sorted(allowed),
                            },
                        },
                    )
        return data


class Text(Strict):
    """A label in both working languages; Arabic is shown right to left."""

    en: Annotated[str, StringConstraints(min_length=1)]
    ar: Annotated[str, StringConstraints(min_length=1)]

    def get(self, lang: str) -> str:
        return self.ar if lang == "ar" else self.en

    def plain(self) -> dict[str, str]:
        """`{"en": …, "ar": …}`, what `model_dump()` gives, without building pydantic's
        serialiser (the models defer it; a command's JSON output needs only this)."""
        return {"en": self.en, "ar": self.ar}


Prose = str | Text
"""Free text (a note, a citation, a place) in English only (a plain string) or in both
languages (`{en, ar}`, like names). Where the Arabic is missing the Arabic view shows the
English, marked as English (`in_language`)."""


def in_language(text: Prose | None, lang: str) -> tuple[str, str]:
    """(the text in `lang` if it has it, else in English; the language it is in)."""
    if text is None:
        return "", lang
    if isinstance(text, Text):
        return text.get(lang), lang
    return text, "en"


def english(text: Prose | None) -> str:
    """The English of a free text ("" when absent): what the JSON outputs carry."""
    return in_language(text, "en")[0]


class Level(Strict):
    """One step of an ordinal scale, e.g. *consulate general opened*."""

    id: Identifier
    name: Text
    intensity: Annotated[float, Field(ge=0.0, le=1.0)]


class _Numeric(Strict):
    """Valid range of a numeric raw value (inclusive; `max: null` for unbounded)."""

    min: Scalar = 0.0
    max: Scalar | None = None

    def check(self, value: float) -> str | None:
        """A message if `value` is outside the scale, else None."""
        found = self.scale_problem(value)
        return found[1] if found else None

    def scale_problem(self, value: float) -> tuple[str, str, dict[str, Any]] | None:
        """(kind, English message, parts) if `value` is outside the scale, else None."""
        if not math.isfinite(value):
            return "not_finite", f"value {value} is not a finite number", {"value": str(value)}
        if abs(value) > MAX_MAGNITUDE:
            return (
                "too_large",
                f"value {value:g} is beyond ±{MAX_MAGNITUDE:g}, the largest taqdir accepts",
                {"value": f"{value:g}", "limit": f"±{MAX_MAGNITUDE:g}"},
            )
        if value < self.min or (self.max is not None and value > self.max):
            top = "∞" if self.max is None else f"{self.max:g}"
            return (
                "off_scale",
                f"value {value:g} is outside the scale [{self.min:g}, {top}]",
                {"value": f"{value:g}", "min": f"{self.min:g}", "max": top},
            )
        return None

    @model_validator(mode="after")
    def _bounds(self) -> _Numeric:
        if self.max is not None and self.max <= self.min:
            raise invalid(
                "min_max",
                f"max ({self.max:g}) must be greater than min ({self.min:g})",
                low=f"{self.min:g}",
                high=f"{self.max:g}",
                low_name="min",
                high_name="max",
            )
        return self


class Ordinal(Strict):
    """Named levels in increasing order of depth, each with its intensity."""

    kind: Literal["ordinal"]
    levels: Annotated[list[Level], Field(min_length=2)]

    @model_validator(mode="after")
    def _increasing(self) -> Ordinal:
        ids = [lv.id for lv in self.levels]
        if len(set(ids)) != len(ids):
            raise invalid("level_ids", f"level ids must be unique, got {ids}", ids=ids)
        values = [lv.intensity for lv in self.levels]
        if any(b <= a for a, b in itertools.pairwise(values)):
            raise invalid(
                "level_order",
                f"level intensities must increase strictly, got {values}",
                values=[f"{v:g}" for v in values],
            )
        return self

    def position(self, value: RawValue) -> float:
        """The level's index on the ordinal scale (its raw number)."""
        for i, level in enumerate(self.levels):
            if level.id == value:
                return float(i)
        raise KeyError(value)

    def describe(self) -> str:
        return "ordinal: " + " < ".join(lv.id for lv in self.levels)


class Linear(_Numeric):
    """Intensity rises linearly from 0 at `low` to 1 at `high` (goalposts), clipped."""

    kind: Literal["linear"]
    low: Scalar
    high: Scalar

    @model_validator(mode="after")
    def _goalposts(self) -> Linear:
        if self.high <= self.low:
            raise invalid(
                "min_max",
                f"high ({self.high:g}) must be greater than low ({self.low:g})",
                low=f"{self.low:g}",
                high=f"{self.high:g}",
                low_name="low",
                high_name="high",
            )
        return self

    def describe(self) -> str:
        return f"linear {self.low:g}→{self.high:g}"


class Log(_Numeric):
    """Like linear, on log(1 + value): for counts spanning orders of magnitude (personnel)."""

    kind: Literal["log"]
    low: Annotated[float, Field(ge=0.0, le=MAX_MAGNITUDE)] = 0.0
    high: Scalar

    @model_validator(mode="after")
    def _goalposts(self) -> Log:
        if self.min < 0:
            raise invalid(
                "log_min",
                f"min ({self.min:g}) must be ≥ 0: log(1 + value) needs value ≥ 0",
                min=f"{self.min:g}",
            )
        if self.high <= self.low:
            raise invalid(
                "min_max",
                f"high ({self.high:g}) must be greater than low ({self.low:g})",
                low=f"{self.low:g}",
                high=f"{self.high:g}",
                low_name="low",
                high_name="high",
            )
        return self

    def describe(self) -> str:
        return f"log(1+v) {self.low:g}→{self.high:g}"


class Saturating(_Numeric):
    """Intensity 1 − 2^(−value/half): each further `half` units closes half the gap to 1."""

    kind: Literal["saturating"]
    half: Annotated[float, Field(gt=0.0, le=MAX_MAGNITUDE)]

    def describe(self) -> str:
        return f"saturating, half at {self.half:g}"


Transform = Annotated[Ordinal | Linear | Log | Saturating, Field(discriminator="kind")]


class EvidenceRule(Strict):
    """How dated evidence sets the indicator's raw value as of a date.

    `sum` adds values (a count of visits), `max` keeps the highest (the highest level of
    representation reached), `latest` keeps the most recent (the latest personnel estimate),
    `count` counts the items. `window_days` only looks back that far (by event date).
    """

    rule: Literal["sum", "max", "latest", "count"]
    window_days: Annotated[int, Field(gt=0, le=MAX_WINDOW_DAYS)] | None = None


class Family(Strict):
    """A group of indicators, e.g. `visits` or `troops`."""

    id: Identifier
    name: Text
    description: Text | None = None
    half_life_days: Annotated[float, Field(gt=0, le=MAX_WINDOW_DAYS)] | None = None
    """Evidence of this family fades with this half-life (days); none means it persists."""


UNKNOWN = "unknown"
"""`when_no_evidence: unknown`: nothing is known, the value ranges over the whole scale."""


class NoEvidenceRange(Strict):
    """A stated `when_no_evidence` range: triangular (low, likely, high) in raw values. An end
    left out is that end of the indicator's whole scale (`Indicator.unknown_span`), so
    `{likely: 2}` says "unknown, most likely about 2": a triangle over the whole scale around
    a stated value, where `unknown` alone is uniform over it."""

    low: RawValue | None = None
    likely: RawValue
    high: RawValue | None = None


NoEvidence = NoEvidenceRange | RawValue
"""What `when_no_evidence` takes: `unknown`, a value, or `{low, likely, high}` (ends optional)."""


class Indicator(Strict):
    """One measurable sign of partnership depth."""

    id: Identifier
    family: Identifier
    name: Text
    description: Text | None = None
    unit: Text | None = None
    direction: Literal["+", "-"] = "+"
    """`+` deepens the partnership, `-` weakens it (enters the score as 1 − intensity)."""
    absent: Text | None = None
    """How to say this indicator at the bottom of its scale, where its event is absent (e.g.
    "no suspension" for *agreements suspended*): a negative indicator there contributes
    points for the absence, and is shown with these words, not its name."""
    transform: Transform
    from_evidence: EvidenceRule
    when_no_evidence: NoEvidence = UNKNOWN
    """The raw value when no evidence is known as of the date: a value (0 visits, level
    `none`) when silence means absence; `unknown` (the default) when silence means nobody
    knows, so the value ranges over the indicator's whole scale (`unknown_span`); or an
    explicit `{low, likely, high}`. Unknown is not zero: a default of 0 would score "we know
    nothing about troops" exactly like "there are no troops"."""

    def check_value(self, value: RawValue) -> str | None:
        """A message if `value` is not on this indicator's scale, else None."""
        found = self.scale_problem(value)
        return found[1] if found else None

    def scale_problem(self, value: RawValue) -> tuple[str, str, dict[str, Any]] | None:
        """(kind, English message, parts) if `value` is not on this indicator's scale."""
        t = self.transform
        if isinstance(t, Ordinal):
            if isinstance(value, str) and value in {lv.id for lv in t.levels}:
                return None
            levels = [lv.id for lv in t.levels]
            return (
                "not_a_level",
                f"{value!r} is not a level of {self.id}; levels are " + ", ".join(levels),
                {"value": value, "indicator": self.id, "levels": levels},
            )
        if isinstance(value, str):
            return (
                "number_expected",
                f"{self.id} takes a number, got the text {value!r}",
                {"value": value, "indicator": self.id},
            )
        return t.scale_problem(float(value))

    def position(self, value: RawValue) -> float:
        """The raw value as a number (an ordinal level becomes its index)."""
        t = self.transform
        return t.position(value) if isinstance(t, Ordinal) else float(value)

    def scale_bounds(self) -> tuple[float, float]:
        """Smallest and largest raw number this indicator accepts (inf where unbounded)."""
        t = self.transform
        if isinstance(t, Ordinal):
            return 0.0, float(len(t.levels) - 1)
        return t.min, (math.inf if t.max is None else t.max)

    def label(self, raw: float, lang: str) -> str:
        """The indicator's name at raw value `raw`; a negative indicator at the bottom of its
        scale is said as its absence (`absent`, else "no ‹name›")."""
        name = self.name.get(lang)
        if self.direction != "-" or raw > self.scale_bounds()[0]:
            return name
        if self.absent is not None:
            return self.absent.get(lang)
        return f"لا «{name}»" if lang == "ar" else f"no “{name}”"

    def unknown_default(self) -> bool:
        """True when `when_no_evidence` is the word `unknown` (not a level of that name)."""
        d = self.when_no_evidence
        if d != UNKNOWN:
            return False
        t = self.transform
        return not (isinstance(t, Ordinal) and UNKNOWN in {lv.id for lv in t.levels})

    def stated_range(self) -> tuple[float, float, float] | None:
        """The raw (low, likely, high) of a `{low, likely, high}` `when_no_evidence`, an end
        left out taken from the whole scale (`unknown_span`); None for any other form."""
        d = self.when_no_evidence
        if not isinstance(d, NoEvidenceRange):
            return None
        lo, _, hi = self.unknown_span()
        return (
            lo if d.low is None else self.position(d.low),
            self.position(d.likely),
            hi if d.high is None else self.position(d.high),
        )

    def unknown_span(self) -> tuple[float, float, float]:
        """The raw (low, likely, high) of `when_no_evidence: unknown`: the whole scale.

        The scale is where the intensity moves: an ordinal's first to last level; a numeric
        indicator's range cut to its goalposts (below `low` or above `high` the intensity no
        longer changes) and, for a saturating scale without `max`, up to the value where the
        intensity reaches 0.99 (6.64 half-lives). The likely value is the one whose intensity
        lies halfway between the intensities at the two ends, so the triangle is centred on
        the scale as the score sees it, not skewed by a log or saturating transform.
        """
        t = self.transform
        if isinstance(t, Ordinal):
            ints = [lv.intensity for lv in t.levels]
            mid = (ints[0] + ints[-1]) / 2.0
            j = next(i for i in range(1, len(ints)) if ints[i] >= mid)
            pos = j - 1 + (mid - ints[j - 1]) / (ints[j] - ints[j - 1])
            return 0.0, pos, float(len(ints) - 1)
        if isinstance(t, Linear | Log):
            lo = max(t.min, t.low)
            hi = t.high if t.max is None else min(t.max, t.high)
            if isinstance(t, Linear):
                return lo, (lo + hi) / 2.0, hi
            return lo, math.expm1((math.log1p(lo) + math.log1p(hi)) / 2.0), hi
        lo = t.min
        hi = t.half * math.log2(100.0) if t.max is None else t.max
        ends = [1.0 - 2.0 ** (-v / t.half) for v in (lo, hi)]
        mid = (ends[0] + ends[1]) / 2.0
        return lo, -t.half * math.log2(1.0 - mid), hi

    @model_validator(mode="after")
    def _default_on_scale(self) -> Indicator:
        d = self.when_no_evidence
        if isinstance(d, NoEvidenceRange):
            for name in ("low", "likely", "high"):
                if getattr(d, name) is None:
                    continue  # that end of the whole scale
                found = self.scale_problem(getattr(d, name))
                if found:
                    kind, problem, parts = found
                    raise invalid(
                        kind,
                        f"when_no_evidence.{name}: {problem}",
                        **parts,
                        part=f"when_no_evidence.{name}",
                    )
            lo, md, hi = self.stated_range() or (0.0, 0.0, 0.0)
            if not lo <= md <= hi:
                ends = [
                    f"{v:g} (the end of the scale)" if given is None else str(given)
                    for given, v in ((d.low, lo), (d.high, hi))
                ]
                raise invalid(
                    "range_order",
                    f"when_no_evidence: range is not ordered (low {ends[0]}, likely {d.likely}, "
                    f"high {ends[1]}); expected low ≤ likely ≤ high",
                    low=lo if d.low is None else d.low,
                    likely=d.likely,
                    high=hi if d.high is None else d.high,
                    part="when_no_evidence",
                )
            return self
        if self.unknown_default():
            return self
        found = self.scale_problem(d)
        if found:
            kind, problem, parts = found
            raise invalid(
                kind,
                f"when_no_evidence: {problem}; or write `unknown` (the whole scale) or "
                "{low, likely, high}",
                **parts,
                part="when_no_evidence",
                or_unknown=True,
            )
        return self


_WEB = re.compile(r"https?://[^\s<>\"]+")


def _web_address(text: str) -> str:
    if not _WEB.fullmatch(text):
        raise invalid(
            "web_address",
            "must be a web address starting with http:// or https://, without spaces or quotes "
            "(e.g. https://example.org/report)",
            value=text,
        )
    return text


WebAddress = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(_web_address)
]
"""A web address: http or https only (never javascript: or file:), no spaces or quotes."""

Reliability = Literal["A", "B", "C", "D", "E", "F"]
Credibility = Literal[1, 2, 3, 4, 5, 6]


class Evidence(Strict):
    """One dated observation that sets or moves an indicator.

    Field names follow the PLOVER event-data standard where they overlap (`event_date`,
    `story_date`, `event_type`, `mode`, `actor`, `recipient`, `location`, `sources`), so event
    data can be imported later. Source reliability (A–F) and information credibility (1–6)
    follow the NATO/Admiralty system; F and 6 mean "cannot be judged" (unknown), not unreliable.
    """

    id: Identifier
    indicator: Identifier
    event_date: Date
    """When it happened."""
    date_precision: Literal["day", "month", "year"] = "day"
    """How precisely `event_date` is known: a month- or year-precise event may have happened on
    any day of its month or year (never after its story date); where the as-of date or the
    look-back window cuts through that span, the item counts as uncertain
    (`scenarios.values.inside_share`)."""
    story_date: Date | None = None
    """When it became known (reported); defaults to the event date. As-of filters on this."""
    value: RawValue
    low: RawValue | None = None
    high: RawValue | None = None
    """Optional explicit range; otherwise the grades widen the value (see `Grading`)."""
    reliability: Reliability
    credibility: Credibility
    event_type: str | None = None
    mode: str | None = None
    actor: str | None = None
    recipient: str | None = None
    location: Prose | None = Field(
        default=None,
        description="Where it happened: a place name in English, or {en, ar} with the "
        "place's Arabic name (the report's own wording).",
    )
    sources: list[str] = Field(default_factory=list)
    """Citations, e.g. the report's footnote `[1]`."""
    url: WebAddress | None = None
    """A link to the item's source (http or https only), shown as a link in reports."""
    summary: Text
    note: Prose | None = Field(
        default=None,
        description="The analyst's reasoning (grades, counting): English text, or {en, ar} "
        "in both languages. Without Arabic the Arabic views show the English, marked so.",
    )

    @property
    def known_on(self) -> date:
        """The date from which the evidence is known (story date, else event date)."""
        return self.story_date or self.event_date

    @model_validator(mode="after")
    def _dates(self) -> Evidence:
        if self.story_date is not None and self.story_date < self.event_date:
            raise invalid(
                "story_before_event",
                f"story_date {self.story_date} is before event_date {self.event_date}; "
                "an event cannot be reported before it happens",
                story=self.story_date.isoformat(),
                event=self.event_date.isoformat(),
            )
        return self


_WIDTHS = (0.0, 0.1, 0.25, 0.4, 0.6, 0.25)
"""Default widths for A–F and 1–6 alike; the sixth grade ("cannot be judged") is middling."""
_RELIABILITY_GRADES: tuple[Reliability, ...] = get_args(Reliability)  # A–F
_CREDIBILITY_GRADES: tuple[Credibility, ...] = get_args(Credibility)  # 1–6


class Grading(Strict):
    """How much each Admiralty grade widens an evidence value's range (a relative half-width).

    The two widths combine as 1 − (1 − r)(1 − c). For a numeric value v the range becomes
    [v(1 − w), v(1 + w)]; for an ordinal level at position p it becomes p ± w·(levels − 1),
    clipped to the scale (positions between levels interpolate intensity). "Cannot be
    judged" (F, 6) is unknown, so it gets a middling width, not the worst.
    """

    reliability: dict[Reliability, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=lambda: dict(zip(_RELIABILITY_GRADES, _WIDTHS, strict=True))
    )
    credibility: dict[Credibility, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=lambda: dict(zip(_CREDIBILITY_GRADES, _WIDTHS, strict=True))
    )

    @field_validator("credibility", mode="before")
    @classmethod
    def _numeric_keys(cls, value: Any) -> Any:
        # JSON object keys are strings: accept "1".."6" for the credibility grades 1–6.
        if isinstance(value, dict):
            return {
                int(k) if isinstance(k, str) and k.isdigit() else k: v for k, v in value.items()
            }
        return value

    @model_validator(mode="after")
    def _complete(self) -> Grading:
        missing = [g for g in "ABCDEF" if g not in self.reliability]
        missing += [str(g) for g in range(1, 7) if g not in self.credibility]
        if missing:
            raise invalid(
                "grades_missing",
                f"every grade needs a width; missing {', '.join(missing)}",
                missing=missing,
            )
        return self

    def width(self, reliability: Reliability, credibility: Credibility) -> float:
        r = self.reliability[reliability]
        c = self.credibility[credibility]
        return 1.0 - (1.0 - r) * (1.0 - c)
