"""The fast path of YAML reading: plain data and its line map built straight from libyaml's
event stream, without PyYAML's node graph and constructor (which cost most of the time of
reading a large file: measured on 10,000 scenarios, 1.6 MB, about 0.5 s of CPU against 1.9 s).

Only the common, plain kinds of YAML take this path: untagged (or core-tagged) scalars,
mappings with scalar keys, sequences, anchors and aliases. Anything else (other tags, merge
keys `<<`, complex keys, several documents, an empty file, a recursive alias) raises
`Unusual`, and `indicators.files.parse_yaml` reads the text the slow, general way, which words
those cases. The safety limits are the same: nesting depth, the size with aliases expanded,
duplicate keys; scalars are typed as PyYAML's safe loader types them, timestamps left as text.
"""

from __future__ import annotations

from typing import Any

import yaml

Loc = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}


def _c_parser() -> Any:
    """libyaml's parser, when PyYAML was built with it (typed Any: a C extension)."""
    try:
        from yaml import cyaml
    except ImportError:  # pragma: no cover
        return None
    return getattr(cyaml, "CParser", None)


_CParser: Any = _c_parser()


class Unusual(Exception):
    """Not for the fast path: read the text the general way."""


class TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class TooBig(Exception):
    pass


class DuplicateKey(Exception):
    def __init__(self, key: str, first: int, line: int) -> None:
        self.key, self.first, self.line = key, first, line


class _Typer(yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """Types plain scalars as the safe loader does (timestamps stay text)."""

    def __init__(self) -> None:
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_Typer.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != f"{_CORE}timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def available() -> bool:
    return _CParser is not None


def _scalar(typer: _Typer, event: Any) -> Any:
    tag = event.tag
    if tag is not None and tag != "!" and tag not in _PLAIN_TAGS:
        raise Unusual
    if tag is None or tag == "!":
        resolve: Any = typer.resolve  # untyped in PyYAML
        tag = resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == f"{_CORE}str":
        return event.value
    if tag == f"{_CORE}null":
        return None
    node = yaml.ScalarNode(tag, event.value)
    if tag == f"{_CORE}bool":
        return typer.construct_yaml_bool(node)
    if tag == f"{_CORE}int":
        return typer.construct_yaml_int(node)
    if tag == f"{_CORE}float":
        return typer.construct_yaml_float(node)
    raise Unusual


def build(text: str, max_depth: int, max_nodes: int) -> tuple[Any, dict[Loc, int]]:
    """The data of a one-document YAML text and the line of each location (1-based)."""
    parser = _CParser(text)
    typer = _Typer()
    lines: dict[Loc, int] = {}
    anchors: dict[str, tuple[Any, int]] = {}
    # A frame per open collection: [container, loc, pending key, its line, keys' lines,
    # nodes inside so far, anchor]
    stack: list[list[Any]] = []
    root: Any = None
    done = False
    total = 0
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
                continue
            if kind is yaml.DocumentStartEvent:
                if done:
                    raise Unusual  # several documents: the general path words it
                continue
            if kind is yaml.StreamEndEvent:
                break
            line = event.start_mark.line + 1
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                frame = stack.pop()
                value, size = frame[0], frame[5] + 1
                if frame[6] is not None:
                    anchors[frame[6]] = (value, size)
            elif kind is yaml.AliasEvent:
                if event.anchor not in anchors:
                    raise Unusual  # recursive or unknown alias
                value, size = anchors[event.anchor]
                total += size  # the alias expands to the whole anchored content
            elif kind is yaml.ScalarEvent:
                value, size = _scalar(typer, event), 1
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
                total += 1
            else:  # a collection starts
                if event.tag is not None and event.tag not in _PLAIN_TAGS:
                    raise Unusual
                if len(stack) >= max_depth:
                    raise TooDeep(line)
                container: Any = {} if kind is yaml.MappingStartEvent else []
                loc = _child_loc(stack)
                lines.setdefault(loc, line)
                stack.append([container, loc, None, None, {}, 0, event.anchor])
                total += 1
                if total > max_nodes:
                    raise TooBig
                continue
            if total > max_nodes:
                raise TooBig
            if not stack:
                root, done = value, True
                lines.setdefault((), line)
                continue
            _place(stack[-1], value, size, line, lines, kind is yaml.ScalarEvent)
    finally:
        parser.dispose()
    if not done:
        raise Unusual  # empty: the general path words it
    return root, lines


def _child_loc(stack: list[list[Any]]) -> Loc:
    if not stack:
        return ()
    frame = stack[-1]
    if isinstance(frame[0], dict):
        if frame[2] is None:
            raise Unusual  # a collection as a mapping key
        return (*frame[1], frame[2][0])
    return (*frame[1], len(frame[0]))


def _place(
    frame: list[Any], value: Any, size: int, line: int, lines: dict[Loc, int], scalar: bool
) -> None:
    """Put a finished value into the open collection `frame`."""
    container = frame[0]
    frame[5] += size
    if isinstance(container, list):
        lines.setdefault((*frame[1], len(container)), line)
        container.append(value)
        return
    if frame[2] is None:  # a key
        if not scalar or value == "<<" or isinstance(value, list | dict):
            raise Unusual  # a merge key or a complex key
        key = value if isinstance(value, str) else str(value)
        seen = frame[4]
        if key in seen:
            raise DuplicateKey(key, seen[key], line)
        seen[key] = line
        frame[2] = (key, value)
        lines[(*frame[1], key)] = line
        return
    key, raw_key = frame[2]
    container[raw_key] = value
    frame[2] = None
