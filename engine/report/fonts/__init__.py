"""The Arabic font bundled with taqdir (Noto Sans Arabic, SIL OFL 1.1, licence in `OFL.txt`
next to this file), for documents that must carry their own glyphs: the brief embeds it as a
`data:` URL so that it opens offline and renders the same on any machine.

This is the engine's copy of the files the dashboard serves from `dashboard/static/` (the
engine may not import the dashboard, and Streamlit serves only that folder); both are the
same files from Debian's fonts-noto-core.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from importlib import resources

FAMILY = "Noto Sans Arabic"
FILES = {400: "NotoSansArabic-Regular.ttf", 700: "NotoSansArabic-Bold.ttf"}


def font_bytes(weight: int = 400) -> bytes:
    """The TrueType file of the given weight (400 regular, 700 bold)."""
    return resources.files(__name__).joinpath(FILES[weight]).read_bytes()


@lru_cache(maxsize=2)
def data_url(weight: int = 400) -> str:
    """The font as a `data:` URL for CSS `@font-face`."""
    return "data:font/ttf;base64," + base64.b64encode(font_bytes(weight)).decode("ascii")


def font_face_css() -> str:
    """`@font-face` rules declaring the bundled family in both weights."""
    return "".join(
        f'@font-face{{font-family:"{FAMILY}";font-weight:{w};font-style:normal;'
        f'src:url("{data_url(w)}") format("truetype")}}'
        for w in sorted(FILES)
    )
