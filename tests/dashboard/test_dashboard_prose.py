"""Citations, notes and places on the dashboard in the page's language (issue 12): the
built-in case's Arabic on the Arabic Evidence page; English-only texts (the other pair) shown
left to right and marked as English; the editor keeps a note's two languages apart."""

from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.editor.evidence import item_of, row_of
from dashboard.prose import IN_ENGLISH, prose_html, prose_plain
from indicators.model import Text
from tests.dashboard.pages import TIMEOUT, only


def test_the_arabic_evidence_page_cites_in_arabic():
    st.cache_data.clear()
    at = AppTest.from_function(only, args=("evidence",), default_timeout=TIMEOUT)
    at.query_params["lang"] = "ar"
    at.run()
    assert not at.exception, at.exception
    page = "\n".join(m.value for m in at.markdown)
    assert "قاعدة تمنهنت الجوية بمدينة سبها" in page  # the place and footnote [5]
    assert "افتتاح القنصلية العامة لجمهورية بيلاروسيا" in page  # footnote [3]
    assert "كما في" in page  # a note, in Arabic
    assert "Tamanhint air base" not in page and IN_ENGLISH not in page


def test_english_only_texts_are_marked_in_arabic_and_plain_in_english():
    assert prose_html("Capital <B>", "en") == "Capital &lt;B&gt;"
    marked = prose_html("Capital B", "ar")
    assert marked == f'<span lang="en" dir="ltr">Capital B</span> {IN_ENGLISH}'
    assert prose_plain("Capital B", "ar").endswith(IN_ENGLISH)
    both = Text(en="Minsk", ar="مينسك")
    assert prose_html(both, "ar") == "مينسك" and prose_plain(both, "en") == "Minsk"
    assert prose_html(None, "ar") == ""


def test_the_editor_keeps_a_notes_two_languages():
    item = {"id": "e", "note": {"en": "Same grades.", "ar": "الدرجات نفسها."}}
    row = row_of(item, 0)
    assert (row["note"], row["note_ar"]) == ("Same grades.", "الدرجات نفسها.")
    assert item_of(row, item)["note"] == item["note"]
    plain = {"id": "e", "note": "English only."}
    row = row_of(plain, 0)
    assert (row["note"], row["note_ar"]) == ("English only.", "")
    assert item_of(row, plain)["note"] == "English only."  # stays a plain string
    row["note_ar"] = "عربي"
    assert item_of(row, plain)["note"] == {"en": "English only.", "ar": "عربي"}
    row["note"], row["note_ar"] = "", ""
    assert "note" not in item_of(row, plain)
