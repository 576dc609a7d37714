"""The dashboard as a server (issue 14): paths from a link or the path box stay inside the
folder the dashboard serves, a file the link chose never has its values echoed, and hostile
link values give a note, never a traceback."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from scenarios.loader import load_assessment
from tests.dashboard.pages import from_link
from tests.paths import ROOT

OTHER = ROOT / "tests" / "data" / "other_pair.yaml"
SECRET = "sk-live-0123456789abcdef"


def _page_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.warning, *at.info, *at.markdown, *at.caption)]
    return "\n".join(str(p) for p in parts)


def test_a_link_cannot_read_a_file_outside_the_served_folder(served, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"api_key: {SECRET}\n", encoding="utf-8")
    at = from_link({"src": "path", "file": str(secret)})
    text = _page_text(at)
    assert SECRET not in text
    assert "only files in" in text and "served" in text


def test_a_symlink_out_of_the_served_folder_is_refused(served, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"api_key: {SECRET}\n", encoding="utf-8")
    (served / "link.yaml").symlink_to(secret)
    text = _page_text(from_link({"src": "path", "file": str(served / "link.yaml")}))
    assert SECRET not in text and "only files in" in text


def test_a_file_the_link_chose_is_not_echoed(served):
    bad = served / "bad.yaml"
    bad.write_text(f"id: x\ntitle: {SECRET}\n", encoding="utf-8")
    text = _page_text(from_link({"src": "path", "file": str(bad)}))
    assert SECRET not in text
    assert "not shown here" in text


def test_a_valid_file_in_the_served_folder_opens(served):
    case = served / "case.yaml"
    case.write_bytes(OTHER.read_bytes())
    at = from_link({"src": "path", "file": str(case)})
    assert at.title[0].value == load_assessment(OTHER).title.en


@pytest.mark.parametrize("file", ["a\x00.yaml", "/etc/passwd\x00.yaml"])
def test_a_null_byte_in_the_link_is_no_traceback(served, file):
    text = _page_text(from_link({"src": "path", "file": file}))
    assert "not a usable file path" in text


@pytest.mark.parametrize("as_of", ["2025-13-40", "0001-01-01", "9999-12-31"])
def test_a_bad_link_date_keeps_the_files_date_with_a_note(as_of):
    at = from_link({"as_of": as_of})
    assert at.date_input(key="as_of").value == load_assessment(None).as_of
    assert f"as_of={as_of}" in "\n".join(w.value for w in at.warning)
    st.cache_data.clear()


@pytest.mark.parametrize(
    "params, note",
    [
        ({"mc": "abc"}, "mc=abc"),
        ({"mc": "10000000000"}, "mc=10000000000"),
        ({"seed": "-1"}, "seed=-1"),
    ],
)
def test_bad_sampling_settings_in_a_link_are_noted(params, note):
    at = from_link(params)
    assert note in "\n".join(w.value for w in at.warning)
    st.cache_data.clear()
