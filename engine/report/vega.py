"""Vega-Lite in a self-contained, offline HTML file: the JavaScript comes from disk, not a CDN.

The reports must open on a machine without internet, so the Vega, Vega-Lite and vega-embed
code is embedded in the file. The only copy on an installed taqdir is the one Streamlit
ships for its own charts (`streamlit/static/static/js`, an optional dependency of taqdir's
dashboard): a handful of ES-module chunks that import each other by relative path. Relative
imports cannot resolve inside one HTML file, so each chunk is rewritten to import a bare
name (`taqdir-vega/<chunk>`) and an import map maps every name to the chunk as a `data:` URL.
Nothing is fetched and nothing is evaluated in Python; the chunks are only read and re-linked.

Vega, Vega-Lite and vega-embed are BSD-3-Clause (University of Washington Interactive Data
Lab); the report names them and where they came from.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PREFIX = "taqdir-vega/"
NOTICE = (
    "Charts drawn by Vega, Vega-Lite and vega-embed (BSD-3-Clause, University of Washington "
    "Interactive Data Lab), embedded from the copy installed with Streamlit {version}."
)

# `from"./x.js"`, `import"./x.js"`, `import("./x.js")` and template-literal variants.
_IMPORT = re.compile(r"""((?:\bfrom|\bimport)\s*\(?\s*)(["'`])\./([\w.\-]+\.js)\2""")


@dataclass(frozen=True)
class Bundle:
    """The re-linked chunks: an import map and the name of the entry chunk."""

    import_map: str  # JSON of {"imports": {name: data URL}}
    entry: str  # the bare name of the chunk exporting vega-embed
    source: str  # where the chunks came from (for the notice)
    size: int  # bytes of JavaScript embedded


def _static_dir() -> Path | None:
    spec = importlib.util.find_spec("streamlit")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" / "static" / "js"
    return folder if folder.is_dir() else None


def _entry(folder: Path) -> str | None:
    """The chunk holding vega-embed: the one Streamlit's own loader imports."""
    for loader in sorted(folder.glob("loadVegaEmbed*.js")):
        found = re.search(r"\./(embed\.[\w\-]+\.js)", loader.read_text(encoding="utf-8"))
        if found and (folder / found.group(1)).is_file():
            return found.group(1)
    chunks = sorted(folder.glob("embed.*.js"))
    return chunks[0].name if chunks else None


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("streamlit")
    except metadata.PackageNotFoundError:
        return "(unknown version)"


@lru_cache(maxsize=1)
def bundle() -> Bundle | None:
    """The Vega bundle from the installed Streamlit, or None when it is not there."""
    folder = _static_dir()
    entry = _entry(folder) if folder else None
    if folder is None or entry is None:
        return None
    texts: dict[str, str] = {}
    todo = [entry]
    while todo:  # the closure of the entry chunk's imports
        name = todo.pop()
        if name in texts:
            continue
        path = folder / name
        if not path.is_file():
            return None
        text = path.read_text(encoding="utf-8")
        todo += [m.group(3) for m in _IMPORT.finditer(text)]
        texts[name] = _IMPORT.sub(
            lambda m: f"{m.group(1)}{m.group(2)}{PREFIX}{m.group(3)}{m.group(2)}", text
        )
    imports = {
        PREFIX + name: "data:text/javascript;base64," + base64.b64encode(text.encode()).decode()
        for name, text in sorted(texts.items())
    }
    return Bundle(
        import_map=json.dumps({"imports": imports}),
        entry=PREFIX + entry,
        source=NOTICE.format(version=_version()),
        size=sum(len(t.encode()) for t in texts.values()),
    )


def script_json(data: object) -> str:
    """JSON safe inside a <script> element (no `</script>` can close it early)."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


LOADER = """
import * as chunk from "%(entry)s";
// The chunk exports vega-embed's module namespace under a minified name: find it by shape.
const lib = Object.values(chunk).find(
  (v) => v && typeof v === "object" && typeof v.default === "function" && "vegaLite" in v);
for (const figure of document.querySelectorAll("figure.chart")) {
  const target = figure.querySelector(".vega");
  try {
    const spec = JSON.parse(document.getElementById(figure.dataset.spec).textContent);
    await lib.default(target, spec, { actions: false, renderer: "svg" });
    figure.dataset.rendered = "1";
  } catch (err) {
    figure.dataset.rendered = "error";
    target.textContent = "This chart could not be drawn: " + err;
  }
}
document.documentElement.dataset.charts = "done";
"""


def head_scripts(b: Bundle | None) -> str:
    """The import map (goes in <head>, before any module script)."""
    return f'<script type="importmap">{b.import_map}</script>' if b else ""


def body_scripts(b: Bundle | None) -> str:
    """The module script that draws every `figure.chart` (goes at the end of <body>)."""
    if b is None:
        return ""
    return f'<script type="module">{LOADER % {"entry": b.entry}}</script>'
