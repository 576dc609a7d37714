"""Every table of the dashboard has its CSV (`dashboard.download`, the one helper): on every
page, in English and Arabic, each table the page draws (its own HTML tables and Streamlit
dataframes) has a download button labelled in the page's language; the CSV of an HTML table
holds its header and every row, without the bidi isolates, in UTF-8 with a byte-order mark."""

from __future__ import annotations

import csv
import io

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.download import LABEL, csv_bytes, html_rows
from tests.dashboard.pages import only

TIMEOUT = 120
PAGES = ["scores", "evidence", "scenarios", "profiles", "compare", "timeline", "robustness"]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("module", PAGES)
def test_every_table_has_its_csv(module, lang):
    st.cache_data.clear()
    at = AppTest.from_function(only, args=(module,), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    tables = sum(m.value.count('<table class="taqdir"') for m in at.markdown)
    tables += len(at.dataframe)
    assert tables > 0, module
    buttons = [b for b in at.get("download_button") if b.proto.label == LABEL[lang]]
    assert len(buttons) >= tables, (module, tables, len(buttons))


def test_an_html_tables_csv_has_every_row_and_no_isolates():
    table = (
        '<table class="taqdir"><thead><tr><th>الرتبة</th><th>السيناريو</th></tr></thead><tbody>'
        '<tr><td><span class="num">\u20661\u2069</span></td><td>تحالف &amp; شراكة<br>ثانٍ</td></tr>'
        "<tr><td>2</td><td>Baseline</td></tr></tbody></table>"
    )
    rows = html_rows(table)
    data = csv_bytes(rows)
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8").lstrip("\ufeff")
    assert "\u2066" not in text and "\u2069" not in text
    read = list(csv.DictReader(io.StringIO(text)))
    assert read == [
        {"الرتبة": "1", "السيناريو": "تحالف & شراكة; ثانٍ"},
        {"الرتبة": "2", "السيناريو": "Baseline"},
    ]


def test_numbers_keep_the_engines_precision():
    text = csv_bytes([{"score": 51.70258302594814, "rank": 3, "none": None}]).decode()
    assert "51.70258302594814" in text and ",3," in text
