"""How much work one dashboard session may ask of the server (issue 14).

The dashboard is a server: a link or an upload chooses the file, so its size must not decide how
long a core stays busy. Each limit is checked before the work it bounds, and what is beyond it is
refused with a message in both languages (the command line has no such limits: there the user
pays for their own work):

- a file of more than `MAX_BYTES` is not parsed;
- an assessment with more than `MAX_SCENARIOS` scenarios or `MAX_INDICATORS` indicators, or a
  text (name, note, source) longer than `MAX_TEXT` characters, is not scored;
- sampling is refused when scenarios × indicators × samples exceeds `MAX_CELLS` (the Scores
  page's Monte Carlo, the Robustness page, and the brief's own samples alike);
- a timeline is refused when days × (indicators + evidence items) exceeds `MAX_TIMELINE_CELLS`
  (it runs the evidence rules once per day of its range; shorten the range);
- a heading (the assessment's title, a profile's name) is drawn at most `MAX_HEADING`
  characters long, cut with an ellipsis and a note saying the file is unchanged.

With every step of a run bounded, a closed session's run ends at Streamlit's next check; the
scoring steps also ask `stop_if_closed` first, so a run whose browser has gone does not start
them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import streamlit as st

MAX_BYTES = 2_000_000
"""Largest assessment file the dashboard parses (the built-in case is about 30 kB)."""
MAX_SCENARIOS = 500
MAX_INDICATORS = 500
MAX_CELLS = 20_000_000
"""Largest scenarios × indicators × samples the dashboard samples in one run."""
MAX_TIMELINE_CELLS = 400_000
"""Largest days × (indicators + evidence items) a timeline may cost: the evidence rules run in
Python for every day of the range, about 10 µs per cell on the 2-core development machine, so
this bounds one timeline to a few seconds (the built-in case over its default range: about
20,000)."""
MAX_TEXT = 5_000
"""Longest text (other than the title) in an assessment the dashboard draws."""
MAX_HEADING = 200
"""Longest heading drawn; longer ones are cut with an ellipsis."""
ELLIPSIS = "…"


def too_big(size: int) -> str | None:
    """The detail of the refusal of a file of `size` bytes, or None when it may be parsed."""
    if size > MAX_BYTES:
        return f"{size:,} > {MAX_BYTES:,} bytes"
    return None


def _texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a dumped model with its dotted location (iterative: no recursion)."""
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, loc = stack.pop()
        if isinstance(item, str):
            yield loc, item
        elif isinstance(item, dict):
            stack.extend((v, f"{loc}.{k}" if loc else str(k)) for k, v in item.items())
        elif isinstance(item, list | tuple):
            stack.extend((v, f"{loc}[{n}]") for n, v in enumerate(item))


def size_problem(a: Any) -> str | None:
    """Why the dashboard will not score assessment `a` (the figure and the limit), or None."""
    if len(a.scenarios) > MAX_SCENARIOS:
        return f"{len(a.scenarios):,} scenarios > {MAX_SCENARIOS:,}"
    if len(a.indicators) > MAX_INDICATORS:
        return f"{len(a.indicators):,} indicators > {MAX_INDICATORS:,}"
    dumped = a.model_dump(mode="json", exclude={"title"})
    for loc, text in _texts(dumped, ""):
        if len(text) > MAX_TEXT:
            return f"{loc}: {len(text):,} characters > {MAX_TEXT:,}"
    return None


def sampling_problem(scenarios: int, indicators: int, samples: int) -> str | None:
    """Why the dashboard will not sample this many values, or None."""
    cells = scenarios * indicators * samples
    if cells > MAX_CELLS:
        return f"{scenarios:,} × {indicators:,} × {samples:,} = {cells:,} > {MAX_CELLS:,}"
    return None


def timeline_problem(days: int, indicators: int, evidence: int) -> str | None:
    """Why the dashboard will not draw a timeline this long over this many indicators and
    evidence items, or None."""
    cells = days * (indicators + evidence)
    if cells > MAX_TIMELINE_CELLS:
        return (
            f"{days:,} days × ({indicators:,} indicators + {evidence:,} evidence items)"
            f" = {cells:,} > {MAX_TIMELINE_CELLS:,}"
        )
    return None


def clip(text: str, limit: int = MAX_HEADING) -> tuple[str, bool]:
    """`text` cut to `limit` characters with an ellipsis, and whether it was cut."""
    if len(text) <= limit:
        return text, False
    return text[: limit - 1].rstrip() + ELLIPSIS, True


def session_alive() -> bool:
    """Whether the browser session this run serves is still open (True outside a server)."""
    try:
        from streamlit.runtime import get_instance
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        run_ctx = get_script_run_ctx()
        if run_ctx is None or not st.runtime.exists():
            return True
        return bool(get_instance().is_active_session(run_ctx.session_id))
    except Exception:  # no runtime (bare mode, tests): nothing to stop
        return True


def stop_if_closed() -> None:
    """End this run now when its session has closed (the work would be drawn for nobody)."""
    if not session_alive():
        st.stop()
