"""CSV downloads of the dashboard's tables: one helper every page uses under each table.

A table is handed over as rows (dicts from column name, in the page's language, to a value);
the file is UTF-8 with a byte-order mark, so spreadsheet programs read Arabic names right, and
the bidi isolates that keep numbers in order on an Arabic page are removed (a cell is a cell,
not a sentence). Downloading does not rerun the page.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence

import streamlit as st

ISOLATES = re.compile("[\u2066\u2067\u2068\u2069]")

LABEL = {"en": "Download CSV", "ar": "تنزيل CSV"}


def _cell(value: object) -> object:
    if isinstance(value, str):
        return ISOLATES.sub("", value)
    if isinstance(value, float):
        return repr(value)  # the engine's number, not a rounded one
    return "" if value is None else value


def csv_bytes(rows: Sequence[Mapping[str, object]]) -> bytes:
    """The rows as CSV bytes (UTF-8 with BOM), columns in the first row's order."""
    out = io.StringIO()
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_cell(c) for c in columns])
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_button(rows: Sequence[Mapping[str, object]], name: str, lang: str) -> None:
    """A download button for `rows` as `taqdir-<name>.csv` (`name` also keys the widget)."""
    st.download_button(
        LABEL.get(lang, LABEL["en"]),
        csv_bytes(rows),
        file_name=f"taqdir-{name}.csv",
        mime="text/csv",
        key=f"csv-{name}",
        on_click="ignore",
        icon=":material/download:",
        type="tertiary",
    )
