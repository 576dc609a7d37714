"""Free texts in one or both languages (issues 11 and 12): evidence notes and places and the
report's citations are English text or `{en, ar}`. The built-in case gives the Arabic in the
report's own wording; the other pair (English only) still loads, writes and shows, its English
marked as such in the Arabic views."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.compare import timeline
from indicators.model import Text, english, in_language
from scenarios.loader import load_assessment, load_builtin
from scenarios.writer import dump_assessment, load_text
from tests.paths import DATA

REPORT = next(iter(sorted(Path("/work/shared/report").glob("000_*.txt"))), Path("/nonexistent"))
"""The report's Arabic original, where the project keeps it (outside the repository)."""


@pytest.fixture(scope="module")
def builtin():
    return load_builtin()


@pytest.fixture(scope="module")
def other():
    return load_assessment(DATA / "other_pair.yaml")


def test_the_builtin_case_gives_every_citation_place_and_note_in_arabic(builtin):
    assert builtin.source is not None
    assert set(builtin.source.footnotes) == {"[1]", "[2]", "[3]", "[4]", "[5]"}
    for key, note in builtin.source.footnotes.items():
        assert isinstance(note, Text), key
        assert in_language(note, "ar") == (note.ar, "ar")
    for ev in builtin.evidence:
        assert isinstance(ev.note, Text) and isinstance(ev.location, Text), ev.id


@pytest.mark.skipif(not REPORT.exists(), reason="the report's copy is not on this machine")
def test_places_and_events_use_the_reports_own_wording(builtin):
    """Each Arabic place name is written as in the report (not invented), and the citations
    quote its wording for the events they stand for."""
    report = REPORT.read_text(encoding="utf-8")
    for ev in builtin.evidence:
        assert isinstance(ev.location, Text)
        assert ev.location.ar in report, ev.location.ar
    notes = builtin.source.footnotes if builtin.source else {}
    quotes = {
        "[2]": "فيكتور كارانكفيتش",
        "[3]": "القنصلية العامة لجمهورية بيلاروسيا في مدينة بنغازي",
        "[4]": "إرسال عناصر من القوات الليبية للنخبة للتدريب في بيلاروسيا",
        "[5]": "قاعدة تمنهنت الجوية بمدينة سبها",
    }
    for key, words in quotes.items():
        assert words in in_language(notes[key], "ar")[0] and words in report, key


def test_english_only_texts_fall_back_to_english_marked_by_their_language(other):
    assert other.source is not None and other.source.footnotes
    for note in other.source.footnotes.values():
        assert isinstance(note, str)
        assert in_language(note, "ar") == (note, "en")  # English, said to be English
    located = [ev for ev in other.evidence if ev.location]
    assert located and all(in_language(ev.location, "ar")[1] == "en" for ev in located)
    assert in_language(None, "ar") == ("", "ar") and english(None) == ""


@pytest.mark.parametrize("which", ["builtin", "other"])
def test_the_writer_keeps_the_texts_as_they_are(request, which):
    a = request.getfixturevalue(which)
    text = dump_assessment(a)
    again = load_text(text)
    assert again == a
    if which == "builtin":
        assert "ar: بنغازي" in text and "ar: مينسك" in text
    else:  # plain English stays a plain string, not an {en, ar} mapping
        assert "location: Capital B" in text


def test_a_file_may_mix_both_forms_and_refuses_arabic_without_english(other):
    data = load_text(dump_assessment(other)).model_dump(mode="json", exclude_none=True)
    data["evidence"][0]["note"] = {"en": "Seen twice.", "ar": "شوهد مرتين."}
    data["evidence"][1]["note"] = "English only."
    a = type(other).model_validate(data)
    assert in_language(a.evidence[0].note, "ar") == ("شوهد مرتين.", "ar")
    assert in_language(a.evidence[1].note, "ar") == ("English only.", "en")
    data["evidence"][0]["note"] = {"ar": "بلا إنجليزية"}
    with pytest.raises(ValueError):
        type(other).model_validate(data)


def test_timeline_says_places_in_arabic_and_keeps_english_in_json(builtin):
    tl = timeline(builtin)
    minsk = next(s for s in tl.steps if any(ev.id == "ev-minsk-visit" for ev in s.evidence))
    assert tl.step_label(minsk, "ar").startswith("مينسك")
    assert tl.step_label(minsk, "en").startswith("Minsk")
    events = tl.to_json()["events"]
    visit = next(e for e in events if e["evidence"] == "ev-minsk-visit")
    assert visit["location"] == "Minsk"
    assert isinstance(visit["citations"]["[1]"], str) and "Haftar" in visit["citations"]["[1]"]


def test_the_timeline_chart_cites_in_the_charts_language(builtin):
    from engine.report import charts

    tl = timeline(builtin)
    for lang, words in (("ar", "تمنهنت"), ("en", "Tamanhint")):
        spec = charts.timeline_chart(tl, lang)
        cites = " ".join(str(m.get("citation", "")) for m in _marks(spec))
        assert words in cites, lang


def _marks(spec: dict) -> list[dict]:
    out: list[dict] = []
    for layer in spec.get("layer", []):
        values = layer.get("data", {}).get("values", [])
        out += [v for v in values if isinstance(v, dict) and "citation" in v]
    values = spec.get("data", {}).get("values", [])
    out += [v for v in values if isinstance(v, dict) and "citation" in v]
    for data in spec.get("datasets", {}).values():
        out += [v for v in data if isinstance(v, dict) and "citation" in v]
    return out


@pytest.mark.parametrize("which", ["builtin", "other"])
def test_the_arabic_brief_gives_its_notes_in_arabic_or_marks_the_english(cli, tmp_path, which):
    args = [] if which == "builtin" else [str(DATA / "other_pair.yaml")]
    out = tmp_path / "brief.html"
    run = cli("brief", *args, "--lang", "ar", "--samples", "300", "-o", out)
    assert run.code == 0, run.err
    page = out.read_text(encoding="utf-8")
    notes = page[page.index('<ol class="notes">') :]
    notes = notes[: notes.index("</ol>")]
    if which == "builtin":
        assert "قاعدة تمنهنت الجوية بمدينة سبها" in notes
        assert "(بالإنجليزية)" not in notes and "Intelligence reports" not in notes
    else:
        assert '<span lang="en" dir="ltr">' in notes and "(بالإنجليزية)" in notes
