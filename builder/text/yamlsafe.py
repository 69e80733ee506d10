"""The only place YAML is parsed: safe loader, line numbers, no YAML 1.1 surprises.

PyYAML reports marks relative to the text it was given and silently keeps the
last of two duplicate keys; front matter and site.yaml both need file-relative
lines and loud duplicates. So we compose the node tree once with the C safe
loader (pure-Python fallback) and read values off the nodes ourselves: text
fields use the scalar as written (``title: NO`` is the title "NO", never
``False``), anything else is constructed by the safe constructor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from builder.errors import YamlProblem

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

NULL_TAG = "tag:yaml.org,2002:null"
MAX_ALIASES = 100
"""More aliases than this in one document is refused: a 1 KB alias bomb expands to 10^8 nodes."""
MAX_EXPANDED_NODES = 100_000
"""Nodes a document may describe once its aliases are expanded (as the constructor would
build them). 70 aliases, 7 levels of 10, stay under MAX_ALIASES and still describe 10^7;
real front matter and site.yaml have a few hundred nodes at most."""


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` of a mapping, with the line the key is on."""

    key: str
    line: int
    node: yaml.Node
    """The value node; read it with :func:`text`, :func:`value` or :func:`entries`."""


def parse(text: str) -> tuple[yaml.Node | None, _Loader]:
    """Compose ``text`` into one node tree (or ``None`` for an empty document)."""
    if text.count("*") > MAX_ALIASES and _alias_count(text) > MAX_ALIASES:
        raise YamlProblem(1, f"too many YAML aliases (more than {MAX_ALIASES})")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _tab_problem(exc, text) or _problem(exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"invalid YAML: {exc}") from None
    if node is not None and "*" in text:
        check_expanded_size(node)
    return node, loader


def check_expanded_size(root: yaml.Node, limit: int = MAX_EXPANDED_NODES) -> None:
    """Refuse a tree whose aliases expand past ``limit`` nodes, naming the line where.

    The composer shares one node object per anchor, so counting with a memo by
    ``id`` costs one visit per distinct node, however large the expansion. An
    alias that contains itself expands forever and is refused as well.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        kids = _children(node)
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(kid)] for kid in kids)
            if sizes[id(node)] > limit:
                raise YamlProblem(
                    _biggest_line(node, sizes, limit),
                    f"YAML aliases expand to over {limit:,} values (an alias bomb?)",
                )
            continue
        if id(node) in open_nodes:
            raise YamlProblem(line_of(node), "a YAML alias refers to the value that contains it")
        open_nodes.add(id(node))
        stack.append((node, True))
        for kid in kids:
            if id(kid) in open_nodes:
                raise YamlProblem(line_of(kid), "a YAML alias refers to the value that contains it")
            stack.append((kid, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _biggest_line(node: yaml.Node, sizes: dict[int, int], limit: int) -> int:
    """The line of the innermost value that is over the limit by itself."""
    while True:
        over = [kid for kid in _children(node) if sizes.get(id(kid), 0) > limit]
        if not over:
            return line_of(node)
        node = over[0]


def _alias_count(text: str) -> int:
    loader = _Loader(text)
    count = 0
    try:
        while loader.check_event():
            count += isinstance(loader.get_event(), yaml.AliasEvent)
        return count
    except yaml.YAMLError:
        return 0  # the real parse reports the error with its line
    finally:
        loader.dispose()


def _problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    """Name the line where the trouble is; for a quote never closed, where it opened."""
    at_end = "end of stream" in (exc.problem or "")
    mark = (exc.context_mark if at_end else None) or exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = f" (column {mark.column + 1})" if mark else ""
    what = "; ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
    return YamlProblem(line, f"invalid YAML: {what}{column}")


def _tab_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem | None:
    """A tab in the indentation near the error: PyYAML only says "cannot start any token".

    YAML forbids tabs for indentation, and an editor cannot see them; so name the
    tab's line and column rather than the token PyYAML gave up on.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    lines = text.split("\n")
    for number in range(mark.line, max(mark.line - 2, -1), -1):  # the line, or the one before
        line = lines[number] if number < len(lines) else ""
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            column = indent.index("\t") + 1
            return YamlProblem(
                number + 1,
                f"invalid YAML: a tab in the indentation (column {column}); "
                "indent with spaces, YAML does not allow tabs",
            )
    return None


def line_of(node: yaml.Node) -> int:
    """1-based line of a node within the parsed text."""
    return node.start_mark.line + 1


def entries(node: yaml.Node, what: str, *, duplicates_ok: bool = False) -> list[Entry]:
    """The ``key: value`` pairs of a mapping node, in order, refusing non-text keys.

    A repeated key is an error unless ``duplicates_ok``; then every pair is
    returned and :func:`duplicates` tells the caller which ones repeat.
    """
    if not isinstance(node, yaml.MappingNode):
        raise YamlProblem(line_of(node), f"{what} must be a mapping of keys to values")
    result = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlProblem(line_of(key_node), f"{what}: keys must be plain text")
        result.append(Entry(str(key_node.value), line_of(key_node), value_node))
    if not duplicates_ok:
        for entry, first_line in duplicates(result):
            raise YamlProblem(
                entry.line, f"duplicate key '{entry.key}' (first at line {first_line})"
            )
    return result


def duplicates(items: list[Entry]) -> list[tuple[Entry, int]]:
    """Each repeated entry with the line of the key's first occurrence."""
    first: dict[str, int] = {}
    repeated = []
    for entry in items:
        if entry.key in first:
            repeated.append((entry, first[entry.key]))
        first.setdefault(entry.key, entry.line)
    return repeated


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG


def text(node: yaml.Node, what: str) -> str:
    """A scalar as the user wrote it (so ``2024``, ``NO`` and ``1.10`` stay text)."""
    if not isinstance(node, yaml.ScalarNode):
        raise YamlProblem(line_of(node), f"{what} must be text, not a list or mapping")
    return "" if node.tag == NULL_TAG else str(node.value)


def texts(node: yaml.Node, what: str) -> list[str]:
    """A list of scalars, or one scalar, as text."""
    if isinstance(node, yaml.SequenceNode):
        return [text(item, f"each entry of {what}") for item in node.value]
    value = text(node, what)
    return [value] if value else []


def value(node: yaml.Node, loader: _Loader) -> Any:
    """Construct a node with the safe constructor (for values kept as they are)."""
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        raise _problem(exc) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a timestamp 2024-13-45
        raise YamlProblem(line_of(node), f"invalid value: {exc}") from None
