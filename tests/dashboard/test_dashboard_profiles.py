"""The Profiles page, run headless by Streamlit's AppTest in both languages: each cell is what
`engine.compare.every_profile` gives (and so what `score` gives under that profile), on the
built-in case and on an unrelated assessment; the CSV holds the same rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.download import csv_bytes
from engine import ScoringRequest, score
from scenarios.loader import load_assessment
from tests.dashboard.pages import one_page

OTHER = Path(__file__).resolve().parents[1] / "data" / "other_pair.yaml"
TIMEOUT = 120


def _page(lang: str, path: Path | None = None) -> AppTest:
    return one_page("profiles", lang, path)


def _table(at: AppTest) -> str:
    return next(m.value for m in at.markdown if 'id="profiles"' in m.value)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", [None, OTHER], ids=["builtin", "other_pair"])
def test_every_cell_is_the_profile_scored_alone(lang, path):
    a = load_assessment(path)
    at = _page(lang, path)
    table = _table(at)
    for prof in a.profiles:
        alone = score(a, ScoringRequest.build(a, profile=prof.id))
        assert prof.name.get(lang) in table
        for s, sid in enumerate(alone.scenario_ids):
            cell = f'data-scenario="{sid}" data-profile="{prof.id}" data-rank="{alone.ranks[s]}"'
            assert cell in table
            assert f"{alone.scores[s]:.1f}" in table
            assert alone.tier_name(s, lang) in table
    heading = "Every profile at once" if lang == "en" else "كل الملفات الترجيحية معًا"
    assert any(h.value == heading for h in at.header)


def test_the_page_says_which_scenarios_the_lens_decides():
    from engine.compare import every_profile

    a = load_assessment(None)
    grid = every_profile(score(a))
    at = _page("en")
    said = "\n".join(w.value for w in at.warning)
    for s in grid.split():
        assert a.scenario(grid.scenario_ids[s]).name.en in said


def test_moved_weights_are_the_first_column():
    a = load_assessment(None)
    at = _page("en")
    at.number_input(key="wn:f:troops").set_value(4.0).run()
    assert not at.exception, at.exception
    moved = score(a, ScoringRequest.build(a, set_weights={"troops": 4.0}))
    table = _table(at)
    for s in range(len(moved.scenario_ids)):
        sid = moved.scenario_ids[s]
        assert f'data-scenario="{sid}" data-profile="" data-rank="{moved.ranks[s]}"' in table
        assert f"{moved.scores[s]:.1f}" in table


def test_csv_holds_every_scenario_under_every_profile():
    a = load_assessment(OTHER)
    at = _page("ar", OTHER)
    assert not at.exception
    from dashboard.state import Context  # the page's rows, written as the button writes them
    from dashboard.views import profiles

    r = score(a, ScoringRequest.build(a))
    ctx = Context(
        "ar",
        a,
        "path",
        str(OTHER),
        a.profile(a.default_profile_id),
        r.method,
        r.as_of,
        r.request,
        r,
        r,
    )
    from engine.compare import every_profile

    grid = every_profile(r)
    rows = profiles.table_rows(ctx, grid, profiles.column_names(ctx, grid))
    data = csv_bytes(rows).decode("utf-8")
    assert data.startswith("\ufeff")
    read = list(csv.DictReader(io.StringIO(data.lstrip("\ufeff"))))
    assert len(read) == len(a.scenarios) * (len(a.profiles) + 1)
    assert "\u2066" not in data
    shown = {row["الملف الترجيحي"] for row in read}
    for p in a.profiles:  # the chosen profile is marked "(المختار)"
        assert any(name.startswith(p.name.ar) for name in shown), (p.name.ar, shown)
