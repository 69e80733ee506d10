"""What the templates can read of a page's topic, author or month (the fingerprint's shortcut).

A topic page holds its whole topic (``topic.articles`` is a template variable), so
without this every page of a 400-page topic would render again when one of its
stories is edited, though each shows only its own slice (``articles``). When no
template can reach the ``articles`` of the value a page gets as ``topic``
(``author``, ``month``), the fingerprint digests that value without them
(fingerprint.py), and an edit renders only the pages that list the story.

The proof is a walk over every template's syntax tree, erring towards "it may
read them": the name may only be tested (``{% if topic %}``, ``is defined``) or
have one of its other fields read (``topic.name``, ``topic["url"]``, ``topic.count``,
which reads only how many stories there are). Any other use (``{{ topic }}``, a
filter, ``{% set t = topic %}``, a macro argument, ``topic.articles``) keeps the
whole value in the fingerprint. A ``for``, macro, ``with`` or call-block variable of
the same name is a different value, so uses under it are not the page's; a block
that is not ``scoped`` does not see loop variables, so under it the name is the
page's again. An attribute that starts with an underscore (a way into Jinja's
internals, hence the whole context) or a template that does not parse turns the
shortcut off for every name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from jinja2 import Environment, TemplateError, nodes

from builder.model import ArchiveMonth, Author, Topic

HOLDERS: dict[type, tuple[str, ...]] = {
    kind: tuple(f.name for f in dataclasses.fields(kind) if f.name != "articles")
    for kind in (Topic, Author, ArchiveMonth)
}
"""The kinds of context value that hold a list of stories, and their other fields."""

CONTEXT_NAMES: dict[str, type] = {"topic": Topic, "author": Author, "month": ArchiveMonth}
"""The context keys under which the plan stage passes those values (plan/__init__.py)."""

_TESTS = frozenset({"defined", "undefined", "none"})
"""Tests that look at whether the name is there, not at what it holds."""


def shallow_names(env: Environment) -> frozenset[str]:
    """The context keys whose stories no template can read (empty if any template fails)."""
    try:
        sources = tuple((name, _source(env, name)) for name in env.list_templates())
    except (TemplateError, UnicodeDecodeError, OSError, TypeError):  # TypeError: cannot list
        return frozenset()
    found = _PROVED.get(sources)
    if found is None:
        found = _prove(env, sources)
        if len(_PROVED) >= 8:  # a serve session's last few template sets
            _PROVED.clear()
        _PROVED[sources] = found
    return found


_PROVED: dict[tuple[tuple[str, str], ...], frozenset[str]] = {}
"""The proof by the templates' sources, kept for the life of the process: every build
makes its own environment, and every environment parses templates the same way."""


def _prove(env: Environment, sources: tuple[tuple[str, str], ...]) -> frozenset[str]:
    try:
        trees = [env.parse(source) for _name, source in sources]
    except TemplateError:
        return frozenset()
    names = set()
    for name, kind in CONTEXT_NAMES.items():
        allowed = frozenset((*HOLDERS[kind], "count"))
        if not any(_reaches(tree, name, allowed) for tree in trees):
            names.add(name)
    return frozenset(names)


def _source(env: Environment, name: str) -> str:
    if env.loader is None:
        raise TemplateError("no template loader")
    return env.loader.get_source(env, name)[0]


def _reaches(tree: nodes.Node, name: str, allowed: frozenset[str]) -> bool:
    """Whether the tree may read more of the context's ``name`` than ``allowed``."""
    return any(
        _private(node) or (not shadowed and _unsafe(node, parent, name, allowed))
        for node, parent, shadowed in _walk(tree, None, name, False)
    )


def _private(node: nodes.Node) -> bool:
    """``self._TemplateReference__context`` and the like: a way into the whole context,
    whatever variables are in scope."""
    attr = _attribute(node)
    return attr is not None and attr.startswith("_")


def _unsafe(
    node: nodes.Node, parent: nodes.Node | None, name: str, allowed: frozenset[str]
) -> bool:
    if not isinstance(node, nodes.Name) or node.name != name:
        return False
    if node.ctx != "load":
        return True  # {% set topic = ... %}: the name no longer says what it holds
    if isinstance(parent, nodes.Getattr | nodes.Getitem):
        return _attribute(parent) not in allowed  # x[topic]: no constant, unsafe
    if isinstance(parent, nodes.If | nodes.CondExpr):
        return parent.test is not node
    if isinstance(parent, nodes.Test):
        return parent.name not in _TESTS
    return not isinstance(parent, nodes.Not)


def _attribute(node: nodes.Node) -> str | None:
    """The field ``x.name`` or ``x["name"]`` reads; None for anything else (``x[k]``)."""
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Getitem):
        arg = node.arg
        return arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else None
    return None


Walked = Iterator[tuple[nodes.Node, nodes.Node | None, bool]]


def _walk(node: nodes.Node, parent: nodes.Node | None, name: str, shadowed: bool) -> Walked:
    """Every node with its parent and whether ``name`` is a local variable there."""
    yield node, parent, shadowed
    for child, inner in _children(node, name, shadowed):
        yield from _walk(child, node, name, inner)


def _children(node: nodes.Node, name: str, shadowed: bool) -> Iterator[tuple[nodes.Node, bool]]:
    """The child nodes, each with whether ``name`` is bound by a variable of its own there."""
    if isinstance(node, nodes.For):
        inner = shadowed or name in _stored(node.target)
        yield from _each([node.iter, *node.else_], shadowed)
        yield from _each([*_optional(node.test), *node.body], inner)
    elif isinstance(node, nodes.Macro | nodes.CallBlock):
        inner = shadowed or name in {arg.name for arg in node.args}
        outer = [*node.defaults, *([node.call] if isinstance(node, nodes.CallBlock) else [])]
        yield from _each(outer, shadowed)
        yield from _each(node.body, inner)
    elif isinstance(node, nodes.With):
        inner = shadowed or name in {n for target in node.targets for n in _stored(target)}
        yield from _each(node.values, shadowed)
        yield from _each(node.body, inner)
    elif isinstance(node, nodes.Block) and not node.scoped:
        yield from _each(node.body, False)  # a block does not see the loop it sits in
    else:
        yield from _each(node.iter_child_nodes(), shadowed)


def _each(children: Iterable[nodes.Node], shadowed: bool) -> Iterator[tuple[nodes.Node, bool]]:
    return ((child, shadowed) for child in children)


def _optional(node: nodes.Node | None) -> list[nodes.Node]:
    return [] if node is None else [node]


def _stored(target: nodes.Node) -> set[str]:
    """The names a ``for`` or ``with`` target binds (``topic`` or ``(i, topic)``)."""
    return {n.name for n in target.find_all(nodes.Name)} | (
        {target.name} if isinstance(target, nodes.Name) else set()
    )
