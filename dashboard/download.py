"""CSV downloads of the dashboard's tables: one helper every page uses under each table.

A table is handed over as rows (dicts from column name, in the page's language, to a value),
or, for a table the page builds as HTML, as that HTML (`csv_table`: its header cells name the
columns, each body cell's text is the value, as shown);
the file is UTF-8 with a byte-order mark, so spreadsheet programs read Arabic names right, and
the bidi isolates that keep numbers in order on an Arabic page are removed (a cell is a cell,
not a sentence). Downloading does not rerun the page.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser

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


class _Cells(HTMLParser):
    """The text of each header and body cell of an HTML table (tags dropped, <br> as "; ")."""

    def __init__(self) -> None:
        super().__init__()
        self.head: list[str] = []
        self.body: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self._in_head = True
        elif tag == "tbody":
            self._in_head = False
        elif tag == "tr" and not self._in_head:
            self.body.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("; ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.head if self._in_head else self.body[-1]).append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_rows(table: str) -> list[dict[str, object]]:
    """The rows of an HTML table built by a page, keyed by its header cells."""
    cells = _Cells()
    cells.feed(table)
    return [dict(zip(cells.head, row, strict=False)) for row in cells.body if row]


def csv_table(table: str, name: str, lang: str) -> None:
    """A download button for an HTML table the page has drawn (see `html_rows`)."""
    csv_button(html_rows(table), name, lang)
