"""The editor's evidence grid driven in a real browser (issue 10): Debian's Chromium through
Playwright against `streamlit run dashboard/app.py`, on tests/data/other_pair.yaml, in English and
in an Arabic browser (right-to-left page; the grid itself is drawn left to right).

`st.data_editor` draws its grid on a canvas (Glide Data Grid), so it is driven the way a
keyboard user drives it: a click on a row's first cell, arrow keys to the column, Enter to open
the cell's editor, the text typed (a date into the editor's date field, an option of a select
column typed and confirmed), Enter to commit; a row is added with the grid's toolbar button and
removed by clicking its row marker and pressing Delete. The grid's accessible table
(`td#glide-cell-<column>-<row>`, kept beside the canvas) is read to check what it shows.
Duplication is the button beside the grid, driven too. Then the draft is saved to its file,
which is checked item by item against the same edits made on the model, and the Scores page's
scores against `taqdir score` on the saved file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.editor.evidence import COLUMNS
from indicators.model import Evidence
from scenarios.loader import load_assessment
from tests.browser_support import launch, serve, wait_idle

pytestmark = pytest.mark.browser

PAIR = Path(__file__).resolve().parents[1] / "data" / "other_pair.yaml"
ROW = 35  # the grid's row (and header) height in pixels, Streamlit's default
NEW = {
    "id": "ev-new",
    "indicator": "joint_exercises_24m",
    "event_date": "2025-05-20",
    "value": "3",
    "reliability": "B",
    "credibility": "2",
    "summary_en": "Three joint exercises",
    "summary_ar": "ثلاثة تمارين مشتركة",
}


@pytest.fixture(scope="module")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


class Grid:
    """The evidence grid of the editor page and the keyboard gestures that edit it."""

    def __init__(self, page) -> None:
        self.page = page
        self.root = page.locator('[data-testid="stDataFrame"]').first
        self.canvas = self.root.locator('canvas[data-testid="data-grid-canvas"]')
        # the tab's grid draws its accessible table after the app is idle: wait for its rows
        page.wait_for_function(
            "document.querySelectorAll('[data-testid=stDataFrame] tbody tr').length > 0"
        )

    def _left(self) -> None:
        """Scroll the grid back to its first column (only the columns in view are drawn)."""
        self.root.locator(".dvn-scroller").evaluate("e => { e.scrollLeft = 0; }")
        self.page.wait_for_timeout(150)

    def _to(self, row: int, column: str) -> None:
        """Select a cell: the row's first cell by a click, then right to the column."""
        wait_idle(self.page)  # a rerun redraws the grid: a click during one can be lost
        self._left()
        box = self.canvas.bounding_box()
        assert box is not None
        self.page.mouse.click(box["x"] + 60, box["y"] + ROW * (row + 1) + ROW / 2)
        for _ in range(COLUMNS.index(column)):
            self.page.keyboard.press("ArrowRight")

    def _open(self, row: int, column: str, editor: str):  # -> the editor's Locator
        """Open a cell's editor (Enter on the selected cell); once more if a rerun that redrew
        the grid took the first click."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        box = self.page.locator(editor).first
        for attempt in range(3):
            self._to(row, column)
            self.page.keyboard.press("Enter")
            try:
                box.wait_for(timeout=10_000)
                return box
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                self.page.keyboard.press("Escape")
        return box

    def type(self, row: int, column: str, text: str) -> None:
        """Replace a text cell's content."""
        box = self._open(row, column, "#portal textarea")
        box.fill(text)
        box.press("Enter")
        wait_idle(self.page)

    def choose(self, row: int, column: str, option: str) -> None:
        """Pick an option of a select column (typed, the list filtered to it, confirmed)."""
        self._to(row, column)
        self.page.keyboard.press("Enter")
        self.page.wait_for_timeout(300)
        self.page.keyboard.type(option)
        self.page.wait_for_timeout(300)
        self.page.keyboard.press("Enter")
        wait_idle(self.page)

    def date(self, row: int, column: str, day: str) -> None:
        box = self._open(row, column, '#portal input[data-testid="date-picker-cell"]')
        box.fill(day)
        self.page.keyboard.press("Enter")
        wait_idle(self.page)

    def add_row(self) -> int:
        """A new empty row at the end (the toolbar's button); its position."""
        before = self.rows()
        self.root.hover()
        self.root.locator('button[aria-label="Add row"]').click()
        self.page.wait_for_function(
            "([n]) => document.querySelectorAll('[data-testid=stDataFrame] tbody tr').length > n",
            arg=[before],
        )
        return before

    def remove_row(self, row: int) -> None:
        """Select the row by its marker (left of the first column), then Delete; returns when
        the grid shows one row fewer (under load its table can lag the app's rerun)."""
        before = self.rows()
        box = self.canvas.bounding_box()
        assert box is not None
        self.page.mouse.click(box["x"] + 15, box["y"] + ROW * (row + 1) + ROW / 2)
        self.root.locator('tr[aria-selected="true"]').first.wait_for(state="attached")
        self.page.keyboard.press("Delete")
        self.page.wait_for_function(
            "([n]) => document.querySelectorAll('[data-testid=stDataFrame] tbody tr').length < n",
            arg=[before],
        )
        wait_idle(self.page)

    def rows(self) -> int:
        return self.root.locator("tbody tr").count()

    def cell(self, row: int, column: str) -> str:
        """What the grid shows in a cell of the first columns (read from its accessible table)."""
        self._left()
        return self.root.locator(f"#glide-cell-{COLUMNS.index(column) + 1}-{row}").inner_text()

    def ids(self) -> list[str]:
        return [self.cell(r, "id") for r in range(self.rows())]


def _cli_scores(path: Path) -> dict[str, float]:
    out = subprocess.run(
        [str(Path(sys.executable).with_name("taqdir")), "score", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {r["scenario"]: r["score"] for r in json.loads(out.stdout)["results"]}


def _expected(path: Path) -> list[Evidence]:
    """The same edits made on the model: ev-trade-2024's value 99 → 150, a new item, the
    investment item removed, the new item duplicated (as `ev-new_2`) and the copy's value 4."""
    items = {e.id: e for e in load_assessment(path).evidence}
    new = Evidence.model_validate(
        {
            "id": "ev-new",
            "indicator": "joint_exercises_24m",
            "event_date": "2025-05-20",
            "value": 3.0,
            "reliability": "B",
            "credibility": 2,
            "summary": {"en": NEW["summary_en"], "ar": NEW["summary_ar"]},
        }
    )
    return [
        items["ev-trade-2024"].model_copy(update={"value": 150.0}),
        items["ev-defence-dialogue"],
        items["ev-embassy-charge"],
        new,
        new.model_copy(update={"id": "ev-new_2", "value": 4.0}),
    ]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_evidence_grid_add_edit_duplicate_remove(playwright, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("TAQDIR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TAQDIR_DASHBOARD_ROOT", str(tmp_path))
    path = tmp_path / "pair.yaml"
    shutil.copyfile(PAIR, path)
    original = load_assessment(path)
    before = _cli_scores(path)
    browser = launch(playwright, "ar" if lang == "ar" else "en-US")
    try:
        with serve() as url:
            page = browser.new_page(
                locale="ar" if lang == "ar" else "en-US", viewport={"width": 1500, "height": 1300}
            )
            page.set_default_timeout(60_000)
            page.goto(f"{url}/editor?lang={lang}&src=path&file={path}")
            page.wait_for_selector(".st-key-ed-start_loaded", timeout=90_000)
            wait_idle(page)
            page.locator(".st-key-ed-start_loaded button").click()
            wait_idle(page)
            page.locator('[data-testid="stTab"]').nth(3).click()  # evidence
            wait_idle(page)
            grid = Grid(page)
            assert grid.ids() == [e.id for e in original.evidence]

            # Edit a value in place.
            grid.type(0, "value", "150")
            assert grid.cell(0, "value") == "150"
            # Add a row and fill it cell by cell (a select, a date and text columns).
            row = grid.add_row()
            grid.type(row, "id", NEW["id"])
            grid.choose(row, "indicator", NEW["indicator"])
            grid.date(row, "event_date", NEW["event_date"])
            assert [grid.cell(row, c) for c in ("id", "indicator", "event_date")] == [
                NEW["id"],
                NEW["indicator"],
                NEW["event_date"],
            ]
            grid.type(row, "value", NEW["value"])
            grid.choose(row, "reliability", NEW["reliability"])
            grid.choose(row, "credibility", NEW["credibility"])
            grid.type(row, "summary_en", NEW["summary_en"])
            grid.type(row, "summary_ar", NEW["summary_ar"])
            # Remove the investment item's row.
            grid.remove_row(1)
            ids = grid.ids()
            # Enter in the new row's last cell can move the grid onto a blank row of its own
            # (seen in CI, in Arabic); the app takes no item from it: the check for problems
            # below and the saved file at the end say so.
            if ids[-1:] == [""]:
                ids.pop()
            assert ids == [
                "ev-trade-2024",
                "ev-defence-dialogue",
                "ev-embassy-charge",
                "ev-new",
            ]
            main = page.locator('[data-testid="stMain"]')
            row_word = "الصف " if lang == "ar" else "Row "
            assert row_word not in main.inner_text(), "a problem is left in the table"

            # Duplicate the new item with the control beside the grid, then edit the copy.
            dup = page.locator('[class*="-evidence-dup_which"]').locator("input").first
            dup.click()
            dup.fill("ev-new")
            page.get_by_role("option", name="ev-new", exact=True).first.click()
            wait_idle(page)
            page.locator('[class*="-evidence-dup "], [class$="-evidence-dup"]').locator(
                "button"
            ).first.click()
            wait_idle(page)
            grid = Grid(page)  # the grid is drawn anew from the draft after a duplication
            page.wait_for_function(
                "() => document.querySelectorAll('[data-testid=stDataFrame] tbody tr').length == 5"
            )
            assert grid.ids()[-2:] == ["ev-new", "ev-new_2"]
            grid.type(4, "value", "4")
            alerts = page.locator('[data-testid="stMain"] [data-testid="stAlert"]')
            shown = [alerts.nth(i).inner_text() for i in range(alerts.count())]
            valid = "المسودة صالحة." if lang == "ar" else "The draft is valid."
            assert valid in page.inner_text('[data-testid="stSidebar"]'), shown

            # Save to the file it came from.
            page.locator('[data-testid="stTab"]').nth(7).click()
            wait_idle(page)
            note = page.locator(".st-key-ed-note input")
            note.fill("grid edits")
            note.press("Enter")
            wait_idle(page)
            page.locator(".st-key-ed-save button").click()
            page.wait_for_function(
                "() => document.querySelector('[data-testid=stMain]')?.innerText.includes('v2')"
            )
            saved = load_assessment(path)
            assert saved.evidence == _expected(PAIR)
            assert saved.model_copy(update={"evidence": original.evidence}) == original

            # The scores follow: the page's equal the command line's on the saved file.
            after = _cli_scores(path)
            assert after != before
            page.goto(f"{url}/?lang={lang}&src=path&file={path}")
            page.wait_for_selector("td.score[data-scenario]", timeout=90_000)
            wait_idle(page)
            cells = page.locator("td.score[data-scenario]")
            shown = {
                cells.nth(i).get_attribute("data-scenario"): float(
                    cells.nth(i).get_attribute("data-score")
                )
                for i in range(cells.count())
            }
            assert shown == after
    finally:
        browser.close()
