"""The fast YAML path (indicators.yaml_events, built from libyaml's events) gives the same data
and lines as the general path through PyYAML's nodes, on real files and on awkward scalars."""

from __future__ import annotations

import pytest

from indicators import files, yaml_events
from tests.paths import DATA, ROOT

pytestmark = pytest.mark.skipif(not yaml_events.available(), reason="PyYAML without libyaml")

AWKWARD = """\
a: 1
b: 1.5e3
c: .inf
d: yes
e: ~
f: "2025-01-01"
g: 2025-01-01
h: 0x1f
i: [1, 'two', {j: null}]
k: &anchor {x: 1}
l: *anchor
m: |
  text
n: !!str 12
3: numeric key
"""


def _slow(text: str):  # type: ignore[no-untyped-def]
    loader = files._Loader(text)
    try:
        node = loader.get_single_node()
        return loader.construct_document(node), files._line_map(node, "x")
    finally:
        loader.dispose()


@pytest.mark.parametrize(
    "text",
    [
        AWKWARD,
        (ROOT / "scenarios" / "data" / "belarus_libya_2025.yaml").read_text(encoding="utf-8"),
        (DATA / "other_pair.yaml").read_text(encoding="utf-8"),
    ],
)
def test_fast_and_general_paths_agree(text):
    fast, fast_lines = yaml_events.build(text, files.MAX_DEPTH, files.MAX_NODES)
    slow, slow_lines = _slow(text)
    assert fast == slow
    assert fast_lines == {k: v for k, v in slow_lines.items() if k in fast_lines}
    assert all(fast_lines.get(k) == v for k, v in slow_lines.items() if len(k) <= 1)


@pytest.mark.parametrize(
    "text", ["a: !!python/object:os.system x\n", "<<: {a: 1}\n", "---\na: 1\n---\nb: 2\n", ""]
)
def test_unusual_yaml_takes_the_general_path(text):
    with pytest.raises(yaml_events.Unusual):
        yaml_events.build(text, files.MAX_DEPTH, files.MAX_NODES)
