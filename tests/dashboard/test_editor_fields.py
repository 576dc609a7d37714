"""The editor's General section edits the assessment's `parties` and the evidence item form
edits an item's `url` (issue 10's data fields), checked by the command line's validator and
kept by the save (AppTest)."""

from __future__ import annotations

from scenarios.loader import load_assessment
from tests.dashboard.test_editor import PAIR, click, errors, field, page


def _area(at, suffix: str):
    matches = [w for w in at.text_area if w.key and w.key.endswith(suffix)]
    assert len(matches) == 1, (suffix, [w.key for w in at.text_area])
    return matches[0]


def _item_url(at, item: str, url: str):
    sel = next(s for s in at.selectbox if s.key.endswith("evidence:form_item"))
    sel.set_value(item).run()
    field(at, f"evidence:form:{item}:url").set_value(url)
    next(b for b in at.button if b.label == "Apply").click().run()
    assert not at.exception, at.exception
    return at


def test_parties_and_an_item_link_are_edited_checked_and_saved(folder):
    at = click(page(folder / "pair.yaml"), "ed:start_loaded")
    _area(at, "parties:en").set_value("Country A\n\nCountry B")
    _area(at, "parties:ar").set_value("الدولة أ\n\nالدولة ب").run()
    assert not errors(at)
    # A party named in one language only is named by the validator, and saving is blocked.
    _area(at, "parties:ar").set_value("الدولة أ").run()
    assert any("parties[1].ar" in m for m in errors(at)), errors(at)
    assert at.button(key="ed:save_as_btn").disabled
    _area(at, "parties:ar").set_value("الدولة أ\n\nالدولة ب").run()
    assert not errors(at)
    # A link that is not a web address is refused with its row and field.
    _item_url(at, "ev-trade-2024", "javascript:alert(1)")
    assert any("url" in m and "https://" in m for m in errors(at)), errors(at)
    _item_url(at, "ev-trade-2024", "https://example.org/trade")
    assert not errors(at)
    at.text_input(key="ed:save_as").set_value("fields.yaml").run()
    at = click(at, "ed:save_as_btn")
    saved = load_assessment(folder / "fields.yaml")
    assert [(p.en, p.ar) for p in saved.parties] == [
        ("Country A", "الدولة أ"),
        ("Country B", "الدولة ب"),
    ]
    assert saved.evidence[0].url == "https://example.org/trade"
    assert saved.evidence[0].sources == load_assessment(PAIR).evidence[0].sources
    # Everything else is the file as it was.
    assert saved.model_copy(
        update={"parties": [], "evidence": load_assessment(PAIR).evidence}
    ) == load_assessment(PAIR)


def test_the_built_in_case_shows_its_parties(folder):
    at = click(page(), "ed:start_builtin")
    assert _area(at, "parties:en").value.splitlines()[0] == "Belarus"
    assert _area(at, "parties:ar").value.splitlines()[0] == "بيلاروسيا"
