"""`taqdir brief`: every number in the document is the engine's number, the evidence is graded in
words with unconfirmed reports flagged, and the options fail cleanly (exit 2; 3 for a PDF
without Chromium).

The briefs are rendered in-process through the command line; their numbers are read back from
the `data-k` (what) and `data-v` (full value) attributes the renderer puts on each of them and
checked against `taqdir score --format json`, `taqdir compare --format json` and
`taqdir sensitivity -k diagnostics --format json` run with the same options, on the built-in
case and on tests/data/other_pair.yaml (an unrelated assessment).
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

import pytest

from engine.robust import prepare, slider_stability
from engine.score import ScoringRequest
from scenarios.loader import load_assessment, load_builtin
from tests.paths import DATA

SAMPLES, SEED = "3000", "7"
CASES = {
    "builtin": ([], "2025-06-04", "2025-03-01", "equal"),
    "other_pair": ([str(DATA / "other_pair.yaml")], "2025-06-30", "2025-02-01", "trade_first"),
}


class Numbers(HTMLParser):
    """Collects every tagged number (key, value, text shown), tiers, evidence and citations."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: list[tuple[str, float, str]] = []
        self.evidence: dict[str, str] = {}
        self.scenario_tier: dict[str, str] = {}
        self._open: list[tuple[str, float] | None] = []
        self._text = ""
        self._scenario: str | None = None
        self._evidence: str | None = None
        self.evidence_text: dict[str, str] = {}
        self.html_attrs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = {k: v or "" for k, v in a.items()}
        if "data-scenario" in a:
            self._scenario = a["data-scenario"]
        if "data-evidence" in a:
            self._evidence = a["data-evidence"]
            self.evidence[a["data-evidence"]] = a["data-standing"]
            self.evidence_text.setdefault(self._evidence, "")
        if "data-tier" in a and self._scenario and self._scenario not in self.scenario_tier:
            self.scenario_tier[self._scenario] = a["data-tier"]
        if tag == "bdi":
            if "data-v" in a:
                self._open.append((a["data-k"], float(a["data-v"]), a.get("data-f")))
                self._text = ""
            else:
                self._open.append(None)

    def handle_endtag(self, tag):
        if tag == "bdi":
            item = self._open.pop()
            if item is not None:
                self.numbers.append((item[0], item[1], self._text, item[2]))
        if tag == "div":
            pass
        if tag == "li":
            self._evidence = None

    def handle_data(self, data):
        self._text += data
        if self._evidence:
            self.evidence_text[self._evidence] += data


def _brief(cli, tmp_path, case: str, lang: str = "en", *extra: str) -> Numbers:
    args, as_of, since, weights = CASES[case]
    out = tmp_path / f"{case}-{lang}.html"
    run = cli(
        "brief",
        *args,
        "--lang",
        lang,
        "--as-of",
        as_of,
        "--since",
        since,
        "--weights",
        weights,
        "--samples",
        SAMPLES,
        "--seed",
        SEED,
        *extra,
        "-o",
        out,
    )
    assert run.code == 0, run.err
    parser = Numbers()
    parser.feed(out.read_text(encoding="utf-8"))
    return parser


def _shown_matches(value: float, text: str, fmt: str | None) -> bool:
    """The text shown is the value rounded for display (a percentage for `pct`)."""
    text = text.replace("٪", "%").replace("+", "")
    if fmt == "pct":
        return abs(float(text.rstrip("%")) - 100 * value) <= 0.5 + 1e-9
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(float(text) - value) <= 0.5 * 10**-decimals + 1e-9


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_number_is_the_engines(cli, tmp_path, case, lang):
    args, as_of, since, weights = CASES[case]
    brief = _brief(cli, tmp_path, case, lang)
    opts = ["--as-of", as_of, "--weights", weights]
    scored = cli("score", *args, *opts, "--samples", SAMPLES, "--seed", SEED, "-f", "json").json()
    src = args[0] if args else "builtin"
    compared = cli(
        "compare", src, src, "--a-as-of", since, "--b-as-of", as_of,
        "--a-weights", weights, "--b-weights", weights, "--format", "json",
    ).json()  # fmt: skip
    diag = cli(
        "sensitivity", *args, *opts, "-k", "diagnostics", "--samples", "20000", "--seed", SEED,
        "--format", "json",
    ).json()  # fmt: skip
    a = load_assessment(args[0]) if args else load_builtin()
    st = prepare(a, ScoringRequest.build(a, profile=weights, as_of=scored_date(as_of)))
    sliders = slider_stability(st)

    results = {r["scenario"]: r for r in scored["results"]}
    changes = {r["scenario"]: r for r in compared["results"]}
    prio = {p["indicator"]: p for p in diag["collection_priorities"]["indicators"]}
    expected = {
        "score": lambda s: results[s]["score"],
        "p05": lambda s: results[s]["uncertainty"]["p05"],
        "p95": lambda s: results[s]["uncertainty"]["p95"],
        "p": lambda s, t: results[s]["tier_probabilities"][t],
        "contrib": lambda s, k: results[s]["contributions"][k],
        "weight": lambda k: scored["weights"][k],
        "fweight": lambda f: scored["family_weights"][f],
        "given": lambda i: a.profile(weights).families.get(
            i, a.profile(weights).indicators.get(i, 1.0)
        ),
        "since": lambda side, s: changes[s][
            "a" if side == "a" else "b" if side == "b" else "delta"
        ],
        "part": lambda f, s: changes[s]["parts"][f],
        "prio": lambda end, k=None: (
            max(p["priority"] for p in prio.values())
            if end == "max"
            else prio[k]["move_low" if end == "low" else "move_high"]
        ),
        "slider": lambda what, f: getattr(sliders[f"f:{f}"], what),
        "samples": lambda: int(SAMPLES),
        "seed": lambda: int(SEED),
    }
    assert len(brief.numbers) > 40
    seen = set()
    for key, value, text, fmt in brief.numbers:
        head, *rest = key.split(":")
        want = expected[head](*rest)
        assert math.isclose(value, want, rel_tol=1e-9, abs_tol=1e-9), (key, value, want)
        assert _shown_matches(value, text, fmt), (key, value, text)
        seen.add(head)
    assert {"score", "p", "contrib", "since", "part", "prio", "slider", "weight"} <= seen
    # Each scenario's paragraph names the tier the engine gives it.
    assert brief.scenario_tier == {s: r["tier"] for s, r in results.items()}
    assert brief.html_attrs["lang"] == lang
    assert brief.html_attrs["dir"] == ("rtl" if lang == "ar" else "ltr")


def scored_date(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_builtin_brief_flags_the_tamanhint_report_unconfirmed(cli, tmp_path):
    en = _brief(cli, tmp_path, "builtin", "en")
    ar = _brief(cli, tmp_path, "builtin", "ar")
    for brief, word in ((en, "Unconfirmed"), (ar, "غير مؤكد")):
        for ev in ("ev-tamanhint-personnel", "ev-tamanhint-site"):
            assert brief.evidence[ev] == "unconfirmed"
            assert word in brief.evidence_text[ev]
        # Official acts stand: the Minsk visit and the consulate are not flagged.
        assert (
            brief.evidence["ev-consulate-opening"] == brief.evidence["ev-minsk-visit"] == "stands"
        )
    html = (tmp_path / "builtin-en.html").read_text(encoding="utf-8")
    assert "reliability cannot be judged (F)" in html and "possibly true (3)" in html
    bottom = html.split('id="bottom-text"')[1].split("</div>")[0]
    assert "Unconfirmed" in bottom and "unconfirmed or low-reliability" in bottom
    # The document is self-contained: the Arabic font is inside it, no external resource.
    assert 'src:url("data:font/ttf;base64,' in html
    assert 'src="http' not in html and "<link" not in html


def test_other_pair_brief_has_its_own_words(cli, tmp_path):
    en = _brief(cli, tmp_path, "other_pair", "en")
    html = (tmp_path / "other_pair-en.html").read_text(encoding="utf-8")
    assert "Country A and Country B" in html and "Belarus" not in html
    assert "[t1]" in html  # its own citations became notes
    assert set(en.evidence.values()) <= {"stands", "unconfirmed", "low"}


def test_bad_options_are_exit_2_and_a_missing_chromium_exit_3(cli, tmp_path, monkeypatch):
    run = cli("brief", "-o", tmp_path / "brief.docx")
    assert run.code == 2 and ".html or .pdf" in run.err
    run = cli("brief", "--since", "last week", "-o", tmp_path / "b.html")
    assert run.code == 2 and "YYYY-MM-DD" in run.err and "FILE@vN" in run.err
    run = cli("brief", "--yardstick", "nope", "-o", tmp_path / "b.html")
    assert run.code == 2
    run = cli("brief", "--as-of", "2025-03-01", "--since", "2025-06-04", "-o", tmp_path / "b.html")
    assert run.code == 2 and "before the brief's date (2025-03-01)" in run.err
    monkeypatch.setenv("TAQDIR_CHROMIUM", str(tmp_path / "no-chromium"))
    run = cli("brief", "--samples", "200", "-o", tmp_path / "b.pdf")
    assert run.code == 3 and "chromium" in run.err and "Chromium" in run.err
    assert "يتطلب" in run.err  # the message is bilingual
    assert not (tmp_path / "b.pdf").exists()


def test_since_a_saved_version(cli, tmp_path, monkeypatch):
    from engine.versions import save_assessment

    monkeypatch.setenv("TAQDIR_HOME", str(tmp_path / "home"))
    a = load_assessment(DATA / "other_pair.yaml")
    path = tmp_path / "case.yaml"
    save_assessment(path, a, create=True, note="first")
    changed = a.model_copy(update={"evidence": a.evidence[:-1]})
    v2 = save_assessment(path, changed, note="one item fewer", expected_hash=None)
    assert v2.number == 2
    out = tmp_path / "b.html"
    run = cli("brief", path, "--since", f"{path}@v1", "--samples", "500", "-o", out)
    assert run.code == 0, run.err
    html = out.read_text(encoding="utf-8")
    assert "case.yaml@v1" in html and 'data-k="since:delta:' in html


def test_citations_become_notes_with_links_and_only_web_links(cli, tmp_path, write_yaml):
    import yaml

    data = yaml.safe_load((DATA / "other_pair.yaml").read_text(encoding="utf-8"))
    data["source"]["footnotes"]["[t1]"] = (
        "Trade figures, https://example.org/trade?y=2024 (invented)"
    )
    data["source"]["url"] = "javascript:alert(1)"
    data["source"]["title"] = {"en": "Synthetic source", "ar": "مصدر مصطنع"}
    path = write_yaml(data)
    out = tmp_path / "b.html"
    run = cli("brief", path, "--samples", "300", "-o", out)
    assert run.code == 0, run.err
    html = out.read_text(encoding="utf-8")
    assert '<a href="https://example.org/trade?y=2024">https://example.org/trade?y=2024</a>' in html
    assert 'href="javascript:' not in html
    # Note numbers follow first use, and every reference points at its note.
    refs = re.findall(r'<a href="#fn-(\d+)" data-cite="([^"]+)"', html)
    notes = dict(re.findall(r'<li id="fn-(\d+)" data-cite="([^"]+)"', html))
    assert refs and all(notes[n] == key for n, key in refs)
    assert sorted(notes, key=int) == [str(i) for i in range(1, len(notes) + 1)]


def test_parties_in_the_title_and_item_links_in_the_notes(cli, tmp_path, write_yaml):
    """Issue 10's data fields: the assessment's `parties` in the title block (both languages),
    an evidence item's own `url` linked in the note of its citation, and an item with a link
    but no citation cited by its link."""
    import yaml

    data = yaml.safe_load((DATA / "other_pair.yaml").read_text(encoding="utf-8"))
    data["parties"] = [{"en": "Country A", "ar": "الدولة أ"}, {"en": "Country B", "ar": "الدولة ب"}]
    first, second = data["evidence"][0], data["evidence"][1]
    first["url"] = "https://example.org/a?x=1"
    second["url"] = "https://example.org/b"
    second.pop("sources", None)
    path = write_yaml(data)
    for lang, names in (("en", "Country A; Country B"), ("ar", "الدولة أ؛ الدولة ب")):
        out = tmp_path / f"p-{lang}.html"
        run = cli("brief", path, "--samples", "300", "--lang", lang, "-o", out)
        assert run.code == 0, run.err
        html = out.read_text(encoding="utf-8")
        assert '<p class="meta parties">' in html and names in html
        notes = dict(re.findall(r'<li id="fn-(\d+)" data-cite="([^"]+)"', html))
        linked = re.findall(r'<li id="fn-\d+" data-cite="([^"]+)">(.*?)</li>', html)
        by_key = dict(linked)
        for key in first.get("sources", []):
            assert '<a href="https://example.org/a?x=1">' in by_key[key]
        assert "https://example.org/b" in notes.values()
        assert '<a href="https://example.org/b">' in by_key["https://example.org/b"]
    # The built-in case names its two parties from the report.
    out = tmp_path / "builtin.html"
    assert cli("brief", "--samples", "300", "-o", out).code == 0
    assert "Belarus; the eastern-Libya authorities" in out.read_text(encoding="utf-8")
