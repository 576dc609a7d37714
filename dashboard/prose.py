"""Free texts of an assessment (citations, notes, places) in the page's language.

The model keeps them as English text or `{en, ar}` (`indicators.model.Prose`); where the
Arabic is missing the Arabic page shows the English, left to right, marked as English, so a
reader never takes an untranslated note for the app's own words."""

from __future__ import annotations

import html

from indicators.model import Prose, in_language

IN_ENGLISH = "(بالإنجليزية)"


def prose_html(text: Prose | None, lang: str) -> str:
    """Escaped HTML of the text in `lang`, else the English, marked."""
    said, in_ = in_language(text, lang)
    if in_ == lang:
        return html.escape(said)
    return f'<span lang="en" dir="ltr">{html.escape(said)}</span> {IN_ENGLISH}'


def prose_plain(text: Prose | None, lang: str) -> str:
    """Plain text (a tooltip) of the text in `lang`, else the English, marked."""
    said, in_ = in_language(text, lang)
    return said if in_ == lang or not said else f"\u2068{said}\u2069 {IN_ENGLISH}"
