"""Numbers, dates, ranges and arrows inside Arabic text, kept in their reading order.

Inside a right-to-left sentence the Unicode bidi algorithm reorders runs of digits joined by
`-`, `–` or `→` ("2025-06-04" shows as "04-06-2025", "6.2 → 28.7" as "28.7 → 6.2"). The one
cure used by every layer (dashboard, command line, HTML reports) is here: such a run is wrapped
in a left-to-right isolate (U+2066 … U+2069) in plain text, or in `<bdi dir="ltr">` in HTML.
Between words (tier names) an arrow points the way the sentence reads: `←` in Arabic.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape

LRI, PDI = "\u2066", "\u2069"

# Digits, signs, separators, percent, dashes and arrows only: a number, a date or a range.
_NUMERIC = re.compile(r"[\d.,:+\-−–—%→←/ ()eE∞]*\d[\d.,:+\-−–—%→←/ ()eE∞]*")


def isolate(text: str, lang: str) -> str:
    """`text` in a left-to-right isolate when the surrounding text is Arabic (else as is)."""
    return f"{LRI}{text}{PDI}" if lang == "ar" and text else text


def numeric(text: str) -> bool:
    """Whether `text` is a number, a date, a range or an arrow between numbers."""
    return bool(_NUMERIC.fullmatch(text.strip())) if text.strip() else False


def value(x: object, lang: str) -> object:
    """A value for a sentence: numbers, dates and numeric text isolated in Arabic; other
    values unchanged (words take the sentence's direction)."""
    if lang != "ar" or isinstance(x, bool):
        return x
    if isinstance(x, date):
        return isolate(x.isoformat(), lang)
    if isinstance(x, int | float):
        return isolate(f"{x:g}" if isinstance(x, float) else str(x), lang)
    if isinstance(x, str) and numeric(x) and LRI not in x:
        return isolate(x, lang)
    return x


def arrow(lang: str) -> str:
    """The arrow from one word to the next: it points the way the sentence reads."""
    return "←" if lang == "ar" else "→"


def step(before: str, after: str, lang: str) -> str:
    """ "before → after" between words (tier or scenario names), the arrow reading right."""
    return f"{before} {arrow(lang)} {after}"


def span(from_: object, to: object, lang: str, sep: str = "→") -> str:
    """A range or a change between numbers ("0–50", "6.2 → 28.7"), isolated in Arabic."""
    spaced = f" {sep} " if sep == "→" else sep
    return isolate(f"{from_}{spaced}{to}", lang)


def html_ltr(text: str, cls: str = "", **data: object) -> str:
    """HTML for a number, date, range, id or code that must read left to right in any page:
    `text` (already HTML) in `<bdi dir="ltr">`, with a `class` and `data-*` attributes when
    given (`html_ltr("51.7", "num", k="score:0")`; underscores in names become dashes)."""
    attrs = f' class="{cls}"' if cls else ""
    attrs += "".join(f' data-{k.replace("_", "-")}="{escape(str(v))}"' for k, v in data.items())
    return f'<bdi dir="ltr"{attrs}>{text}</bdi>'
