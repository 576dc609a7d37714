"""The canonical YAML writer: reading back what it writes gives the same assessment (the
built-in case, the second test assessment, and hypothesis-made edits of both), the layout is
the documented one, and saving refuses to overwrite a file that changed since it was read."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.errors import FileError
from indicators.model import Ordinal
from scenarios.loader import load_assessment, load_builtin
from scenarios.model import Assessment
from scenarios.writer import (
    SaveConflictError,
    dump_assessment,
    file_hash,
    load_text,
    read_with_hash,
    save,
    text_hash,
)
from tests.paths import DATA

CASES = {"builtin": load_builtin, "other_pair": lambda: load_assessment(DATA / "other_pair.yaml")}


@pytest.fixture(params=sorted(CASES))
def case(request) -> Assessment:
    return CASES[request.param]()


def test_round_trip_of_both_cases(case):
    text = dump_assessment(case)
    assert load_text(text) == case
    assert dump_assessment(load_text(text)) == text  # canonical: a fixed point


def test_layout_is_block_style_in_declared_order_with_readable_arabic(case):
    text = dump_assessment(case)
    assert "\\u" not in text and case.title.ar in text  # Arabic as itself
    assert f"as_of: {case.as_of.isoformat()}\n" in text  # ISO date, unquoted
    assert "{" not in text.replace("{}", "")  # no flow mappings
    top = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    declared = [k for k in Assessment.model_fields if k in top]
    assert top == declared


def test_nothing_is_dropped_every_field_is_kept(case):
    """Every field that differs from its default is in the text; the defaults left out come
    back on reading (the round trip above), so no field the editor does not show is lost."""
    data = yaml.safe_load(dump_assessment(case))
    ev = case.evidence[0]
    written = next(e for e in data["evidence"] if e["id"] == ev.id)
    for name in type(ev).model_fields:
        value = getattr(ev, name)
        default = type(ev).model_fields[name].get_default(call_default_factory=True)
        assert (name in written) == (value != default or type(ev).model_fields[name].is_required())


def _plain(a: Assessment) -> dict:
    return a.model_dump(mode="json", exclude_defaults=True)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
DAYS = st.integers(min_value=-3000, max_value=3000)


@st.composite
def edited(draw) -> Assessment:
    """One of the two cases with a few edits an analyst makes in the editor, validated."""
    data = _plain(CASES[draw(st.sampled_from(sorted(CASES)))]())
    data["title"]["en"] = draw(TEXT)
    data["title"]["ar"] = draw(TEXT)
    data["as_of"] = (date(2025, 6, 1) + timedelta(days=draw(DAYS))).isoformat()
    a = Assessment.model_validate(data)
    numeric = [i for i in a.indicators if not isinstance(i.transform, Ordinal)]
    ind = draw(st.sampled_from(numeric))
    low, high = ind.scale_bounds()
    high = min(high, 1e9)
    value = draw(st.floats(min_value=low, max_value=high, allow_nan=False))
    event = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 900)))
    item = {
        "id": f"ev-{draw(st.integers(0, 10**6))}-new",
        "indicator": ind.id,
        "event_date": event.isoformat(),
        "value": value,
        "reliability": draw(st.sampled_from("ABCDEF")),
        "credibility": draw(st.integers(1, 6)),
        "summary": {"en": draw(TEXT), "ar": draw(TEXT)},
    }
    if draw(st.booleans()):
        item["story_date"] = (event + timedelta(days=draw(st.integers(0, 60)))).isoformat()
    if draw(st.booleans()):
        item["note"] = draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
    data["evidence"].append(item)
    prof = data["profiles"][0]
    fam = draw(st.sampled_from(sorted(prof["families"])))
    prof["families"][fam] = draw(st.floats(min_value=0.01, max_value=50, allow_nan=False))
    return Assessment.model_validate(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_round_trip_of_edits(a):
    text = dump_assessment(a)
    assert load_text(text) == a
    assert text_hash(dump_assessment(load_text(text))) == text_hash(text)


def test_load_text_validates_like_the_command_line(case):
    text = dump_assessment(case).replace(f"as_of: {case.as_of.isoformat()}", "as_of: 2025-02-30")
    with pytest.raises(FileError) as err:
        load_text(text, "x.yaml")
    assert err.value.problems[0].loc == ("as_of",) and err.value.problems[0].line is not None


def test_save_is_atomic_and_refuses_a_file_changed_since_read(tmp_path, case):
    path = tmp_path / "a.yaml"
    digest = save(path, case, create=True)
    assert file_hash(path) == digest and load_text(path.read_text("utf-8")) == case
    with pytest.raises(SaveConflictError, match="already exists"):
        save(path, case, create=True)
    read, read_hash = read_with_hash(path)
    assert read == case and read_hash == digest
    # Another tab saves first ...
    other = case.model_copy(update={"title": case.title.model_copy(update={"en": "Tab two"})})
    save(path, other, expected_hash=read_hash)
    # ... so this tab's save, from the same read, is refused and the file keeps tab two's edit.
    mine = case.model_copy(update={"title": case.title.model_copy(update={"en": "Tab one"})})
    with pytest.raises(SaveConflictError) as err:
        save(path, mine, expected_hash=read_hash)
    assert str(path) in str(err.value) and err.value.found == file_hash(path)
    assert load_text(path.read_text("utf-8")).title.en == "Tab two"
    path.unlink()
    with pytest.raises(SaveConflictError, match="deleted"):
        save(path, mine, expected_hash=read_hash)
    assert not list(tmp_path.glob(".a.yaml.*"))  # no temp files left behind


def test_concurrent_saves_from_one_read_let_exactly_one_through(tmp_path, case):
    path = tmp_path / "a.yaml"
    start = save(path, case)
    outcomes: list[str] = []

    def tab(n: int) -> None:
        edit = case.model_copy(update={"title": case.title.model_copy(update={"en": f"T{n}"})})
        try:
            save(path, edit, expected_hash=start)
            outcomes.append(f"T{n}")
        except SaveConflictError:
            outcomes.append("refused")

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [o for o in outcomes if o != "refused"]
    assert len(winners) == 1
    assert load_text(path.read_text("utf-8")).title.en == winners[0]


@pytest.mark.parametrize(
    "text",
    [
        "\x85\U00042de7",  # NEL: a line break to YAML (found by hypothesis)
        "a\u2028b\u2029c",
        "carriage\rreturn",
        "two\nlines",
        "  leading and trailing  ",
        "tab\there",
        "'quotes' \"both\" : # [x] {y}",
        "null",
        "2025-06-04",
        "1e5",
        "ذكر: \u2066v3\u2069",
    ],
)
def test_awkward_texts_come_back_exactly(text):
    a = load_builtin()
    data = a.model_dump(mode="json", exclude_defaults=True)
    data["title"]["ar"] = text
    data["evidence"][0]["note"] = text
    b = Assessment.model_validate(data)
    assert load_text(dump_assessment(b)) == b


@pytest.mark.parametrize("case", sorted(CASES))
def test_parties_and_evidence_links_round_trip(case):
    """Issue 10's optional fields: `parties` (bilingual names) written after the title, an
    evidence item's `url` beside its sources; both read back equal, absent ones not written."""
    from indicators.model import Text

    a = CASES[case]()
    items = [a.evidence[0].model_copy(update={"url": "https://example.org/r?a=1&b=ä#x"})]
    b = a.model_copy(
        update={
            "parties": [Text(en="Party: one", ar="الطرف الأول"), Text(en="Two", ar="الثاني")],
            "evidence": items + a.evidence[1:],
        }
    )
    text = dump_assessment(b)
    assert load_text(text, "x.yaml") == b
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0] != " "]
    assert keys.index("parties") == keys.index("title") + 1
    assert text.count("url: https://example.org/r?a=1&b=ä#x") == 1
    plain = dump_assessment(a.model_copy(update={"parties": []}))
    assert "\nparties:" not in plain
    assert "    url:" not in dump_assessment(a) or any(e.url for e in a.evidence)
