"""The stability note under each weight slider of the sidebar: how far that slider can move,
the others held, before any scenario changes tier ("stable 0.58–1.57 · tier changes outside").

The intervals are `engine.robust.analyses.slider_stability`'s, in the sliders' own units, for the
weights as set, the method, the date and the assessment of the scores on the page. They are
cached by plain values (the assessment's hash, the weights as sorted tuples, the method, the
date), so a rerun that moves no weight (another page, the other language) reuses them and a
moved weight costs one `prepare` and one stability computation.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import streamlit as st

from dashboard.i18n import isolate, t
from dashboard.labels import ltr
from engine import ScoreResult
from indicators.errors import InputError


@dataclass(frozen=True)
class Interval:
    """One slider's stability interval in its own units, with the first tier change past
    each end as (scenario id, tier id before, tier id after), or None where there is none."""

    lo: float  # 0.0 when no tier changes down to 0
    hi: float  # inf when no tier changes however high
    below: tuple[str, str, str] | None
    above: tuple[str, str, str] | None


@st.cache_data(show_spinner=False, max_entries=256)
def _intervals(
    digest: str,
    families: tuple[tuple[str, float], ...],
    shares: tuple[tuple[str, float], ...],
    method: str,
    as_of: str,
    _result: ScoreResult,
) -> dict[str, Interval] | None:
    # The key is the plain values; `_result` (not hashed) is the scoring they identify, and
    # its request (weights, method, date) is what the setting is prepared from.
    from engine import robust

    r = _result
    try:
        setting = robust.prepare(r.assessment, r.request)
        sliders = robust.slider_stability(setting)
    except InputError:  # weights the engine cannot use: the page already says why
        return None
    if not setting.absolute:  # a relative method has no tiers (the sidebar offers none)
        return None

    def change(ch) -> tuple[str, str, str] | None:  # type: ignore[no-untyped-def]
        if ch is None:
            return None
        tiers = setting.tier_ids
        return setting.ids[ch.scenario], tiers[ch.before], tiers[ch.after]

    return {
        wid: Interval(float(s.lo), float(s.hi), change(s.below), change(s.above))
        for wid, s in sliders.items()
    }


def intervals(result: ScoreResult) -> dict[str, Interval] | None:
    """Each slider's interval by its state id (`f:<family>`, `i:<indicator>`); a slider that
    cannot change any score on its own (it holds all the weight) has none. None when there
    are no tiers to keep."""
    return _intervals(
        result.input_hash,
        tuple(sorted(result.family_weights.items())),
        tuple(sorted(result.shares.items())),
        result.method,
        result.as_of.isoformat(),
        result,
    )


def _fmt(v: float) -> str:
    return f"{v:.2f}"


def _names(result: ScoreResult, lang: str) -> dict[str, str]:
    a = result.assessment
    out = {s.id: s.name.get(lang) for s in a.scenarios}
    out.update({tier.id: tier.name.get(lang) for tier in a.tiers})
    return out


def _tooltip(iv: Interval, result: ScoreResult, lang: str) -> str:
    """Which scenario changes tier past each end (plain text: a `title` attribute)."""
    names = _names(result, lang)
    parts = []
    for key, at, ch in (("stable_below", iv.lo, iv.below), ("stable_above", iv.hi, iv.above)):
        if ch is not None and math.isfinite(at):
            sid, old, new = ch
            at_ = isolate(_fmt(at), lang)
            parts.append(t(key, lang, at=at_, name=names[sid], old=names[old], new=names[new]))
    return "; ".join(parts)


def note(wid: str, iv: Interval | None, result: ScoreResult, lang: str) -> str:
    """The note's HTML: the interval in words, numbers left to right in either language.

    `data-lo` / `data-hi` hold the exact bounds (`inf` for none above) for tests and tools.
    """
    if iv is None:
        return f'<span class="stab" data-wid="{wid}">{html.escape(t("stable_none", lang))}</span>'
    down = iv.below is not None
    up = iv.above is not None and math.isfinite(iv.hi)
    key = {
        (True, True): "stable_both",
        (False, True): "stable_to_zero",
        (True, False): "stable_up",
        (False, False): "stable_any",
    }[(down, up)]
    text = html.escape(t(key, lang)).format(
        lo=ltr(_fmt(iv.lo) if down else "0"), hi=ltr(_fmt(iv.hi))
    )
    title = html.escape(_tooltip(iv, result, lang), quote=True)
    return (
        f'<span class="stab" data-wid="{wid}" data-lo="{iv.lo!r}" data-hi="{iv.hi!r}" '
        f'title="{title}">{text}</span>'
    )
