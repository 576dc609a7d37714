"""One way to isolate (issue 12): the command line's Arabic text and the HTML reports (the
comparison and timeline reports, the brief) isolate numbers, dates, ids and codes through
`indicators.bidi` (`isolate` for text, `html_ltr` for HTML), never with their own inline
U+2066/U+2069 characters or `<bdi>` markup, so a change of the rule is made in one place."""

from __future__ import annotations

import ast

import pytest

from indicators.bidi import LRI, PDI, html_ltr, isolate
from tests.paths import ROOT

FOLDERS = ("engine/cli", "engine/report")


def _literals(path):
    """The string literals of a module, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docs.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node.lineno, node.value


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_inline_isolates(folder):
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        if path.name == "vega.py":  # the embedded Vega bundle's loader, no text of ours
            continue
        for line, text in _literals(path):
            if LRI in text or PDI in text or "<bdi" in text:
                found.append(f"{path.relative_to(ROOT)}:{line}")
    assert found == [], found


def test_the_helpers_isolate_as_the_reports_expect():
    assert isolate("2025-06-04", "ar") == f"{LRI}2025-06-04{PDI}"
    assert isolate("2025-06-04", "en") == "2025-06-04"
    assert html_ltr("51.7") == '<bdi dir="ltr">51.7</bdi>'
    assert (
        html_ltr("51.7", "num", k="score:a&b", v=51.7)
        == '<bdi dir="ltr" class="num" data-k="score:a&amp;b" data-v="51.7">51.7</bdi>'
    )


def test_arabic_command_line_output_uses_the_helper(cli, tiny, write_yaml, tmp_path):
    """A value isolated by the helper in a real Arabic message (validate's summary)."""
    path = write_yaml(tiny)
    run = cli("validate", path, "--lang", "ar")
    assert run.code == 0, run.err
    assert isolate(str(path), "ar") in run.out and isolate("tiny", "ar") in run.out
