"""The dashboard's shared state: what every page sees (`Context`), the weights held in the
session, and the link that reproduces the view (`st.query_params`).

Weights live in `st.session_state` under three keys per family or indicator: `wv:` the value,
`ws:` its slider and `wn:` its number input, kept equal by the widgets' callbacks. They are
(re)initialised from the profile whenever the assessment or the profile changes, and from the
link once, when a session opens.

The link carries: `lang`, `src` (`path`) with `file`, `profile`, `method`, `as_of`, `fw` and
`iw` (family weights and indicator shares that differ from the profile, as `id:value,...`),
`mc` (samples, when sampling is on) and `seed`, `wpct=1` (sliders in percent of the score) and
`lock` (locked families, `id,...`). Values equal to the defaults are left out so links stay
short. The page is the address's path; each page's own controls (compare sides, timeline
range, robustness tab and samples, runs selection and filters) are bound to the link by
Streamlit (`bind="query-params"`) under their widget keys.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from dashboard import i18n, shares
from engine import ScoreResult, ScoringRequest
from scenarios.model import Assessment, Profile

ss = st.session_state
KEEP = "keep:"
"""Prefix of the session keys that hold the settings apart from their widgets (see `keep`)."""
FILE_PROFILE = "file:"
"""Prefix of a profile option that is a saved profile file rather than one of the assessment's."""


@dataclass(frozen=True)
class Context:
    """What a page needs: the language, the assessment, the chosen settings and the scores.

    `request` is the one scoring request of the sidebar (the weights as set, as a copy of the
    profile, with the method, date and sampling), built once per run by `request_as_set`;
    pages pass it to `score`, `prepare`, `timeline` and the comparison's sides. `result` is
    scored under it; `reference` under the profile's own weights (for "what moved"). The
    request and the result are None when the weights as set cannot be used (`error` says why).
    """

    lang: str
    assessment: Assessment
    source: str  # "builtin", "path" or "upload"
    path: str | None  # the assessment's file when it came from a path
    profile: Profile  # the profile chosen (its own weights are the reference)
    method: str
    as_of: date
    request: ScoringRequest | None
    result: ScoreResult | None
    reference: ScoreResult | None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    moved: bool = False  # whether the weights as set differ from the profile's own

    def t(self, key: str, **values: object) -> str:
        return i18n.t(key, self.lang, **values)

    @property
    def families(self) -> Mapping[str, float]:
        """Family weights as set (from the request; empty without one), for display."""
        return {} if self.request is None else dict(self.request.profile.families)

    @property
    def shares(self) -> Mapping[str, float]:
        """Indicator shares as set (from the request; empty without one), for display."""
        return {} if self.request is None else dict(self.request.profile.indicators)


# --- weights in the session ----------------------------------------------------------------


def weight_ids(a: Assessment) -> list[str]:
    """State ids of every weight: `f:<family>` then `i:<indicator>`."""
    return [f"f:{f.id}" for f in a.families] + [f"i:{i.id}" for i in a.indicators]


def profile_values(a: Assessment, p: Profile) -> dict[str, float]:
    out = {f"f:{f.id}": float(p.families.get(f.id, 0.0)) for f in a.families}
    out.update({f"i:{i.id}": float(p.indicators.get(i.id, 1.0)) for i in a.indicators})
    return out


def set_weight(wid: str, value: float) -> None:
    """Set one raw weight (the truth, `wv:`) and show it in its widgets."""
    ss[f"wv:{wid}"] = round(float(value), 4)
    show(wid)


def percent_mode() -> bool:
    """Whether the sliders show parts of the score in percent rather than raw units."""
    return bool(kept("w_pct", False))


def shown_value(wid: str) -> float:
    """What the widgets of `wid` show: its raw weight, or its part of the score in percent."""
    if not percent_mode() or "w_layout" not in ss:
        return float(ss.get(f"wv:{wid}", 0.0))
    fams, family_of = ss["w_layout"]
    families = {f: float(ss.get(f"wv:f:{f}", 0.0)) for f in fams}
    if wid.startswith("f:"):
        part = shares.family_parts(families)[wid[2:]]
    else:
        values = {i: float(ss.get(f"wv:i:{i}", 0.0)) for i in family_of}
        part = shares.indicator_parts(families, values, family_of)[wid[2:]]
    return round(100.0 * part, 2)


def show(wid: str) -> None:
    """Give the slider (`ws:`) and the number input (`wn:`) of `wid` its shown value."""
    value = shown_value(wid)
    ss[f"ws:{wid}"] = value
    ss[f"wn:{wid}"] = value


def show_all() -> None:
    for wid in ss.get("w_ids", []):
        show(wid)


def locked() -> list[str]:
    """The families whose part of the score is locked (`lock:<family>` checkboxes)."""
    fams = ss["w_layout"][0] if "w_layout" in ss else []
    return [f for f in fams if kept(f"lock:{f}", False)]


def move(wid: str, value: float) -> None:
    """A weight set from a widget to `value` (in the units shown), under the lock rule of
    `dashboard.shares`; every widget then shows the new values."""
    fams, family_of = ss["w_layout"]
    families = {f: float(ss[f"wv:f:{f}"]) for f in fams}
    if wid.startswith("f:"):
        if percent_mode():
            after = shares.set_family_part(families, wid[2:], value / 100.0, locked())
        else:
            after = shares.move_family_raw(families, wid[2:], value, locked())
        for f, v in after.items():
            ss[f"wv:f:{f}"] = round(float(v), 4)
    elif percent_mode():
        values = {i: float(ss[f"wv:i:{i}"]) for i in family_of}
        after = shares.set_indicator_part(families, values, family_of, wid[2:], value / 100.0)
        for i, v in after.items():
            ss[f"wv:i:{i}"] = round(float(v), 4)
    else:
        ss[f"wv:{wid}"] = round(float(value), 4)
    show_all()


def from_slider(wid: str) -> None:
    move(wid, ss[f"ws:{wid}"])


def from_number(wid: str) -> None:
    move(wid, ss[f"wn:{wid}"])


def reset_one(wid: str, value: float) -> None:
    """The reset beside one weight: back to the profile's raw value (the lock rule applies,
    as for any move)."""
    was = percent_mode()
    set_kept("w_pct", False)
    move(wid, value)
    set_kept("w_pct", was)
    show_all()


def toggle_lock(fid: str) -> None:
    set_kept(f"lock:{fid}", bool(ss.get(f"lock:{fid}")))


def toggle_percent() -> None:
    set_kept("w_pct", bool(ss.get("w_pct")))
    show_all()


def reset_weights(a: Assessment, p: Profile) -> None:
    for wid, value in profile_values(a, p).items():
        set_weight(wid, value)


def reset_view(a: Assessment, p: Profile) -> None:
    """The Reset button: the profile's own weights, and the file's date and method."""
    reset_weights(a, p)
    set_kept("as_of", a.as_of)
    set_kept("method", a.method)


def ensure_weights(a: Assessment, p: Profile, owner: tuple[str, str]) -> list[str]:
    """Make the session's weights belong to this assessment and profile; returns notes.

    On the first run of a session, weights from the link are applied on top of the profile.
    """
    notes: list[str] = []
    ss["w_layout"] = ([f.id for f in a.families], {i.id: i.family for i in a.indicators})
    ss["w_ids"] = weight_ids(a)
    if ss.get("weights_for") != owner:
        reset_weights(a, p)
        ss["weights_for"] = owner
        pending = ss.pop("pending_weights", None)
        if pending:
            notes = apply_link_weights(a, pending)
    for wid in weight_ids(a):  # widgets not drawn in a run lose their state: restore it
        value = shown_value(wid)
        for prefix in ("ws:", "wn:"):
            if ss.get(prefix + wid) != value:
                ss[prefix + wid] = value
    return notes


def current_weights(a: Assessment) -> tuple[dict[str, float], dict[str, float]]:
    """Family weights and indicator shares as set."""
    families = {f.id: float(ss[f"wv:f:{f.id}"]) for f in a.families}
    shares = {i.id: float(ss[f"wv:i:{i.id}"]) for i in a.indicators}
    return families, shares


def request_as_set(
    a: Assessment, profile: Profile, method: str, as_of: date, sampling: tuple[int, int] | None
) -> ScoringRequest:
    """The one scoring request of the sidebar: the profile with the sliders' weights (family
    weights and indicator shares, a copy of it), the method, the date and the sampling.
    Raises the engine's `InputError` when the weights cannot be used."""
    families, shares = current_weights(a)
    return ScoringRequest.build(
        a,
        profile=profile.model_copy(update={"families": families, "indicators": shares}),
        method=method,
        as_of=as_of,
        samples=sampling[0] if sampling else 0,
        seed=sampling[1] if sampling else None,
    )


def changed_weights(
    a: Assessment, p: Profile, families: Mapping[str, float], shares: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, float]]:
    """The family weights and the indicator shares that differ from the profile's."""
    base = profile_values(a, p)

    def differ(prefix: str, values: Mapping[str, float]) -> dict[str, float]:
        return {
            k: v for k, v in values.items() if not math.isclose(v, base[prefix + k], abs_tol=1e-9)
        }

    return differ("f:", families), differ("i:", shares)


# --- the link ---------------------------------------------------------------------------------


def _pairs(text: str) -> tuple[dict[str, float], list[str]]:
    out: dict[str, float] = {}
    bad: list[str] = []
    for item in filter(None, text.split(",")):
        key, _, value = item.partition(":")
        try:
            number = float(value)
        except ValueError:
            bad.append(item)
            continue
        if math.isfinite(number) and number >= 0:
            out[key] = number
        else:
            bad.append(item)
    return out, bad


# --- settings kept apart from their widgets --------------------------------------------------
#
# Streamlit forgets a widget's value when a run does not draw it (the settings are not drawn
# while a path is being typed or a file fails to load), and a page tab clicked while the first
# run is still drawing can send a widget state of None. So each setting's value lives under a
# key of its own (`keep:<key>`), which no widget owns: the widget is set from it just before it
# is drawn (`restore`), and its change is copied back by its callback (`keep`).


def kept(key: str, default: object = None) -> object:
    """The value kept for the setting `key`."""
    return ss.get(KEEP + key, default)


def set_kept(key: str, value: object) -> None:
    ss[KEEP + key] = value


def restore(key: str) -> None:
    """Give the widget `key` its kept value before it is drawn."""
    if KEEP + key in ss:
        ss[key] = ss[KEEP + key]


def keep(key: str) -> None:
    """A widget's on_change: copy its new value to the kept one (None is never kept)."""
    if ss.get(key) is not None:
        ss[KEEP + key] = ss[key]


def browser_language() -> str:
    """The language of the browser (Streamlit's `st.context.locale`, else Accept-Language):
    Arabic when the browser prefers it, else English."""
    try:
        locale = st.context.locale or st.context.headers.get("Accept-Language", "")
    except Exception:  # outside a browser session (AppTest): English
        locale = ""
    return "ar" if str(locale).strip().lower().startswith("ar") else "en"


def lang() -> str:
    """The language of the view (always one of i18n.LANGS)."""
    for value in (kept("lang"), ss.get("lang")):  # the widget's, if nothing is kept yet
        if value in i18n.LANGS:
            return str(value)
    return "en"


def init_from_link() -> None:
    """Read the link once per session into the widgets' state (before they are drawn)."""
    if ss.get("link_read"):
        return
    ss["link_read"] = True
    q = st.query_params
    if q.get("lang") in i18n.LANGS:
        set_kept("lang", q.get("lang"))
    elif ss.get("lang") in i18n.LANGS:  # set before the first run (a test, an embedding app)
        set_kept("lang", ss["lang"])
    else:
        set_kept("lang", browser_language())
    if q.get("src") == "path" or q.get("file"):
        ss["src"] = "path"
        ss["path"] = q.get("file", "")
        ss["link_file"] = ss["path"]  # a file named by the link: its values are not shown
    elif q.get("src") == "upload":  # the file itself cannot travel: ask for it
        ss["src"] = "upload"
    elif "src" not in ss:
        ss["src"] = "path" if ss.get("path") else "builtin"
    for key in ("profile", "method", "as_of", "mc", "seed"):
        if q.get(key):
            ss[f"link_{key}"] = q.get(key)
    ss["pending_weights"] = {"fw": q.get("fw", ""), "iw": q.get("iw", "")}
    if q.get("wpct") == "1":
        set_kept("w_pct", True)
    for fid in filter(None, q.get("lock", "").split(",")):
        set_kept(f"lock:{fid}", True)  # unknown ids lock nothing


def apply_link_weights(a: Assessment, pending: Mapping[str, str]) -> list[str]:
    """Apply `fw`/`iw` from the link; returns what was ignored."""
    ignored: list[str] = []
    families = {f.id for f in a.families}
    indicators = {i.id for i in a.indicators}
    for param, prefix, known in (("fw", "f:", families), ("iw", "i:", indicators)):
        values, bad = _pairs(pending.get(param, ""))
        ignored += [f"{param}={item}" for item in bad]
        for key, value in values.items():
            if key in known:
                set_weight(prefix + key, value)
            else:
                ignored.append(f"{param}={key}")
    return ignored


def link_choice(name: str, options: list[str]) -> str | None:
    """A setting from the link, once, if it is one of `options` (else noted as ignored)."""
    value = ss.pop(f"link_{name}", None)
    if value is None:
        return None
    if value in options:
        return value
    ss.setdefault("link_ignored", []).append(f"{name}={value}")
    return None


def link_value(name: str) -> str | None:
    return ss.pop(f"link_{name}", None)


def link_date(text: str) -> date | None:
    """A date from a link, or None when it is not one taqdir accepts (not a date, or outside
    the supported range, such as year 1)."""
    from indicators.model import date_problem

    try:
        when = date.fromisoformat(text)
    except ValueError:
        return None
    return None if date_problem(when) else when


def _fmt(values: Mapping[str, float]) -> str:
    return ",".join(f"{k}:{v:g}" for k, v in values.items())


def write_link(ctx: Context, sampling: tuple[int, int] | None) -> None:
    """Put the view's settings in the address bar (only what differs from the defaults)."""
    a = ctx.assessment
    q: dict[str, str] = {}
    if ctx.lang != "en":
        q["lang"] = ctx.lang
    if ctx.source == "path" and ctx.path:
        q["src"] = "path"
        q["file"] = ctx.path
    elif ctx.source == "upload":
        q["src"] = "upload"
    chosen = str(kept("profile", ctx.profile.id))
    if ctx.profile.id != a.default_profile_id or chosen.startswith(FILE_PROFILE):
        q["profile"] = chosen
    if ctx.method != a.method:
        q["method"] = ctx.method
    if ctx.as_of != a.as_of:
        q["as_of"] = ctx.as_of.isoformat()
    fw, iw = changed_weights(a, ctx.profile, *current_weights(a))  # even weights unusable
    if fw:
        q["fw"] = _fmt(fw)
    if iw:
        q["iw"] = _fmt(iw)
    if sampling is not None:
        q["mc"], q["seed"] = str(sampling[0]), str(sampling[1])
    if percent_mode():
        q["wpct"] = "1"
    if locks := locked():
        q["lock"] = ",".join(locks)
    # Only the sidebar's own parameters: the pages' controls write theirs themselves
    # (widgets bound with `bind="query-params"`), and they stay as they are.
    for key in LINK_KEYS:
        if key not in q and key in st.query_params:
            del st.query_params[key]
    for key, value in q.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


LINK_KEYS = (
    "lang",
    "src",
    "file",
    "profile",
    "method",
    "as_of",
    "fw",
    "iw",
    "mc",
    "seed",
    "wpct",
    "lock",
)
"""The link's parameters the sidebar writes (`write_link`); the pages' bound controls add
their own, named by their widget keys."""
