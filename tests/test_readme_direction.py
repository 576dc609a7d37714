"""The README writes an indicator's direction as an assessment file needs it: the model takes
only the ASCII "+" and "-", and YAML reads a bare `-` as a list item, so every code span that
shows a direction must be one the model accepts, quoted."""

from __future__ import annotations

import re

import yaml

from indicators.model import Indicator
from tests.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SPANS = re.findall(r"`([^`\n]+)`", README)


def test_no_code_span_shows_a_direction_the_format_refuses():
    lone_signs = [s for s in SPANS if s.strip() in {"−", "–", "—"}]
    assert not lone_signs, f"README shows a direction sign the file format refuses: {lone_signs}"
    shown = [s for s in SPANS if s.startswith("direction:")]
    assert shown, "the README shows no `direction:` in a code span"
    allowed = set(Indicator.model_fields["direction"].annotation.__args__)
    for span in shown:
        value = yaml.safe_load(span)["direction"]
        assert value in allowed, span
