"""Reading YAML safely: libyaml's parser (PyYAML's own where it is missing) with taqdir's
nesting and size limits, duplicate keys refused, every location's line kept.

`indicators.files.parse_yaml` imports this module when a YAML text is read, so that a run
whose assessment comes from the validated-assessment cache (`scenarios.cache`) never imports
PyYAML.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from indicators.errors import Loc
from indicators.file_limits import MAX_DEPTH, MAX_NODES, LineMap, _bomb, _problem, _too_deep
from indicators.yaml_events import _CParser  # libyaml's parser, or None


class _DepthLimit(yaml.composer.Composer):
    """PyYAML's composer (recursive, one Python call per level) refusing nesting deeper than
    MAX_DEPTH before the recursion gets anywhere near Python's limit."""

    _depth = 0
    _name = "<input>"

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                peek: Any = getattr(self, "peek_event")  # noqa: B009 (the parser's, untyped)
                raise _too_deep(self._name, peek().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _PyLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _DepthLimit,
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """PyYAML's pure-Python safe loader with the depth limit (where libyaml is missing)."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _DepthLimit.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_Loader: Any = _PyLoader
if _CParser is not None:

    class _CLoader(
        _CParser,  # type: ignore[misc]  # libyaml's parser is untyped
        _DepthLimit,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """libyaml's C scanner and parser (several times faster than PyYAML's own) feeding
        the depth-limited Python composer and the safe constructor: libyaml's own composer
        would recurse without taqdir's limit."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            _DepthLimit.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        # The Python composer's entry points, not the C parser's own composer.
        get_single_node = _DepthLimit.get_single_node
        compose_node = _DepthLimit.compose_node

    _Loader = _CLoader

# Timestamps stay strings: pydantic validates dates and says clearly when one is not a date.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _expanded_size(node: yaml.Node, memo: dict[int, int], limit: int) -> int:
    """Node count with aliases expanded, memoised so a bomb is measured without expanding it."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = limit + 1  # a cycle (recursive alias) counts as too big
    total = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            total += _expanded_size(child, memo, limit)
            if total > limit:
                break
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            total += _expanded_size(k, memo, limit) + _expanded_size(v, memo, limit)
            if total > limit:
                break
    memo[key] = total
    return total


def _line_map(node: yaml.Node, path: str) -> dict[Loc, int]:
    """Map every location to its line; refuse duplicate mapping keys."""
    lines: dict[Loc, int] = {}
    # No "seen" set: an alias is walked under each place it is used, which the expanded
    # size (checked first) bounds, and a recursive alias has been refused by then.
    stack: list[tuple[yaml.Node, Loc]] = [(node, ())]
    while stack:
        current, loc = stack.pop()
        lines.setdefault(loc, current.start_mark.line + 1)
        if isinstance(current, yaml.SequenceNode):
            for i, child in enumerate(current.value):
                stack.append((child, (*loc, i)))
        elif isinstance(current, yaml.MappingNode):
            keys: dict[Any, int] = {}
            for k, v in current.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
                if key in keys:
                    raise _problem(
                        path,
                        f"key {key!r} appears twice in the same mapping "
                        f"(first on line {keys[key]}).",
                        "Keep one of them.",
                        k.start_mark.line + 1,
                        "duplicate_key",
                        key=key,
                        first=keys[key],
                    )
                keys[key] = k.start_mark.line + 1
                lines[(*loc, key)] = k.start_mark.line + 1
                stack.append((v, (*loc, key)))
    return lines


def parse_yaml(text: str, path: str) -> tuple[Any, LineMap]:
    """Parse YAML text safely, returning the data and its line map.

    The common, plain YAML is built straight from libyaml's events (`indicators.yaml_events`);
    anything unusual is read through PyYAML's nodes, which word its errors."""
    from indicators import yaml_events

    if yaml_events.available():
        try:
            data, fast_lines = yaml_events.build(text, MAX_DEPTH, MAX_NODES)
            return data, LineMap(fast_lines)
        except yaml_events.TooDeep as exc:
            raise _too_deep(path, exc.line) from None
        except yaml_events.TooBig:
            raise _bomb(path) from None
        except yaml_events.DuplicateKey as exc:
            raise _problem(
                path,
                f"key {exc.key!r} appears twice in the same mapping (first on line {exc.first}).",
                "Keep one of them.",
                exc.line,
                "duplicate_key",
                key=exc.key,
                first=exc.first,
            ) from None
        except (yaml_events.Unusual, yaml.YAMLError):
            pass  # read the general way below, which words any error
    try:
        loader = _Loader(text)
        loader._name = path
        try:
            node = loader.get_single_node()
            if node is None:
                raise _problem(
                    path, "is empty.", "It must hold a mapping of fields.", None, "empty"
                )
            size = _expanded_size(node, {}, MAX_NODES)
            if size > MAX_NODES:
                raise _bomb(path)
            lines = _line_map(node, path)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in what:  # libyaml's own limit, deeper than taqdir's
            raise _too_deep(path, line) from None
        hint = "Check indentation, colons and quotes."
        if line is not None and re.search(r":\s*-\s*(#.*)?$", text.splitlines()[line - 1 :][:1][0]):
            hint = 'A lone - is read as a list item: quote it, e.g. `direction: "-"`.'
        raise _problem(
            path,
            f"is not valid YAML: {what}.",
            hint,
            line,
            "yaml_syntax",
            lone_dash=hint.startswith("A lone"),
        ) from None
    except yaml.YAMLError as exc:
        raise _problem(path, f"is not valid YAML: {exc}.", "", None, "yaml_syntax") from None
    return data, LineMap(lines)
