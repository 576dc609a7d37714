"""Values and counts in the analyst's words: plurals in English and Arabic (CLDR plural
categories, https://unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html),
ordinal positions by their level names, units in the right number."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.cli.files import position_words
from indicators.plurals import NOUNS, category, counted, singular_en, with_unit
from tests.cli_support import run_in_process
from tests.paths import ROOT

OTHER = ROOT / "tests" / "data" / "other_pair.yaml"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (3, "few"),
        (10, "few"),
        (11, "many"),
        (99, "many"),
        (100, "other"),
        (102, "other"),
        (103, "few"),
        (111, "many"),
    ],
)
def test_arabic_plural_categories_follow_cldr(n: int, expected: str) -> None:
    assert category(n, "ar") == expected


def test_english_and_arabic_counts_read_right() -> None:
    assert counted(1, "evidence item") == "1 evidence item"
    assert counted(2, "evidence item") == "2 evidence items"
    assert counted(1, "visit") == "1 visit"
    assert counted(1200, "row") == "1,200 rows"
    assert counted(1, "visit", "ar") == "زيارة واحدة"
    assert counted(2, "visit", "ar") == "زيارتان"
    assert counted(3, "visit", "ar") == "\u20663\u2069 زيارات"
    assert counted(11, "visit", "ar") == "\u206611\u2069 زيارةً"
    assert counted(100, "visit", "ar") == "\u2066100\u2069 زيارة"


@given(st.integers(0, 10**7), st.sampled_from(sorted(NOUNS)), st.sampled_from(["en", "ar"]))
def test_every_count_has_a_form(n: int, noun: str, lang: str) -> None:
    text = counted(n, noun, lang)
    assert text
    if lang == "en":
        assert text.endswith(NOUNS[noun]["en"][0 if n == 1 else 1])
    elif n > 2:
        assert f"{n:,}" in text  # the number is said (isolated) beyond one and two


def test_units_from_a_file() -> None:
    assert singular_en("visits") == "visit"
    assert singular_en("activities") == "activity"
    assert singular_en("personnel") == "personnel"
    assert with_unit(1, "visits") == "1 visit"
    assert with_unit(2, "visits") == "2 visits"
    assert with_unit(1, "زيارات", "ar") == "زيارات: \u20661\u2069"


def test_ordinal_positions_in_words() -> None:
    levels = ["none", "honorary consul", "consulate", "embassy"]
    assert position_words(levels, 2.0, "en") == "consulate"
    assert position_words(levels, 2.00194, "en") == "consulate"  # not "2.00194"
    assert position_words(levels, 1.7, "en") == "honorary consul, 70% of the way to consulate"
    assert "\u206670%\u2069" in position_words(levels, 1.7, "ar")
    assert position_words(levels, 3.0, "en") == "embassy"


def test_indicators_table_names_levels_and_counts_items() -> None:
    run = run_in_process("indicators", env={"COLUMNS": "80"})  # narrow: counts, not citations
    assert run.code == 0, run.err
    text = " ".join(run.out.split())
    assert "Consulate general" in run.out  # a level's name, not its position
    assert "1 evidence item," in text and "2 evidence items," in text
    assert "1 evidence items" not in text and "1 visits" not in text


def test_validate_counts_in_the_right_number(tmp_path) -> None:  # type: ignore[no-untyped-def]
    run = run_in_process("validate", OTHER)
    assert run.code == 0, run.err
    assert " 1 evidence items" not in run.out and "evidence item" in run.out


def test_indicators_json_keeps_the_numbers() -> None:
    data = json.loads(run_in_process("indicators", "--format", "json").out)
    rep = next(r for r in data["indicators"] if r["id"] == "representation_level")
    assert isinstance(rep["value"]["likely"], float)


def test_batch_start_notice_in_both_languages() -> None:
    from types import SimpleNamespace

    from engine.cli.batch_view import start_notice

    run = SimpleNamespace(id="r1", variants=1, chunks=2, chunk_size=1, executor="in-process")
    en = start_notice(run, 1, False, "en")  # type: ignore[arg-type]
    assert "1 variant, 1 row in 2 chunks of 1 variant" in en and "--resume r1" in en
    ar = start_notice(run, 11, True, "ar")  # type: ignore[arg-type]
    assert "متغير واحد" in ar and "\u206611\u2069 صفًا" in ar and "جزءان" in ar
    assert "يُستأنف" in ar and "--resume r1" in ar


@pytest.mark.parametrize("noun", sorted(NOUNS))
def test_arabic_zero_takes_the_singular_as_cldr_does(noun: str) -> None:
    """CLDR's Arabic unit patterns say zero with the singular, like other ("{0} متر", "{0} ميل",
    "{0} كيلومتر"), and keep the plural for few (3 to 10): "0 بند أدلة", not "0 بنود أدلة"."""
    singular, _, plural, _ = NOUNS[noun]["ar"]
    zero = counted(0, noun, "ar")
    assert zero == f"\u20660\u2069 {singular}"
    assert counted(100, noun, "ar") == f"\u2066100\u2069 {singular}"
    assert counted(5, noun, "ar") == f"\u20665\u2069 {plural}"
    if plural != singular:
        assert plural not in zero.split(" ", 1)[1]
    assert counted(0, noun) == f"0 {NOUNS[noun]['en'][1]}"  # English: "0 evidence items"


def test_validate_says_zero_evidence_items_in_both_languages(tmp_path) -> None:
    text = OTHER.read_text(encoding="utf-8")
    head, rest = text.split("\nevidence:\n", 1)
    tail = rest[rest.index("\nscenarios:\n") :]
    path = tmp_path / "no_evidence.yaml"
    path.write_text(head + "\nevidence: []\n" + tail, encoding="utf-8")
    en = run_in_process("validate", path)
    assert en.code == 0 and "0 evidence items" in en.out
    ar = run_in_process("validate", path, "--lang", "ar")
    assert ar.code == 0
    assert "\u20660\u2069 بند أدلة" in ar.out and "بنود أدلة" not in ar.out
