"""The dashboard's shared state: what every page sees (`Context`), the weights held in the
session, and the link that reproduces the view (`st.query_params`).

Weights live in `st.session_state` under three keys per family or indicator: `wv:` the value,
`ws:` its slider and `wn:` its number input, kept equal by the widgets' callbacks. They are
(re)initialised from the profile whenever the assessment or the profile changes, and from the
link once, when a session opens.

The link carries: `lang`, `src` (`path`) with `file`, `profile`, `method`, `as_of`, `fw` and
`iw` (family weights and indicator shares that differ from the profile, as `id:value,...`),
`mc` (samples, when sampling is on) and `seed`. Values equal to the defaults are left out so
links stay short. The page is the address's path.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import streamlit as st

from dashboard import i18n
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
    value = round(float(value), 4)
    ss[f"wv:{wid}"] = value
    ss[f"ws:{wid}"] = value
    ss[f"wn:{wid}"] = value


def from_slider(wid: str) -> None:
    set_weight(wid, ss[f"ws:{wid}"])


def from_number(wid: str) -> None:
    set_weight(wid, ss[f"wn:{wid}"])


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
    if ss.get("weights_for") != owner:
        reset_weights(a, p)
        ss["weights_for"] = owner
        pending = ss.pop("pending_weights", None)
        if pending:
            notes = apply_link_weights(a, pending)
    for wid in weight_ids(a):  # widgets not drawn in a run lose their state: restore it
        value = ss.get(f"wv:{wid}", 0.0)
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
    if q != {k: st.query_params.get(k) for k in st.query_params}:
        st.query_params.from_dict(q)
