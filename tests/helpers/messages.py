"""Every message newsdigest can print, read from the source of ``builder/`` (docs/errors.md).

A message reaches the user through a few doors only: a :class:`~builder.errors.Problem`
(its third argument), a ``LineError`` of load or YAML (its second), a ``UsageError``
and the other one-sentence errors (their first), a ``(line, message)`` pair a stage
collects, Liquid's ``report``, argparse's ``ArgumentTypeError`` and ``print`` to
stderr; a new exception class of ``builder/`` is a door by its base. This module finds
every such door in the source with :mod:`ast` and follows the
message back to the string literals it is made of: through names assigned in the same
function, module constants, ``+``, ``if``/``else``, ``.format``, and helpers (their
``return`` values; a helper that passes its parameter on to a door is a door itself).
Each literal becomes a *template*: the text with ``…`` where an f-string puts a value
(``unknown timezone '{name}'`` is ``unknown timezone '…'``). What the source computes
at run time (``str(exc)``, a library's own message) is found where it is made, or is
the ``…`` of the template around it.

Nothing is run: a message in a branch no test reaches is found all the same.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOLE = "…"
DOORS = {
    "Problem": 2,
    "LineError": 1,
    "Exception": 0,
    "ValueError": 0,
    "FilterArgumentError": 0,
    "ArgumentTypeError": 0,
    "report": 1,
}
"""The name called and the position of its message argument. A class of ``builder/`` is
a door as its nearest base in this table is: ``LoadError`` (a ``LineError``) takes the
message second, ``UsageError`` (an ``Exception``) first, and so will a new one."""
COLLECTORS = {"problems", "notes", "warnings", "found", "merged"}
"""Lists of ``(line, message)`` pairs a stage hands to the one that adds the path."""


@dataclass(frozen=True, order=True)
class Message:
    template: str
    module: str
    """The module the text is written in, ``builder/load/frontmatter.py``."""


@dataclass(frozen=True)
class _Scope:
    module: str
    tree: ast.Module
    function: ast.FunctionDef | ast.AsyncFunctionDef | None


def messages(builder: Path) -> set[Message]:
    """Every message template in the package at ``builder``."""
    root = builder.parent
    modules = {
        path.relative_to(root).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(builder.rglob("*.py"))
    }
    finder = _Finder(modules)
    found: set[Message] = set()
    for name, tree in modules.items():
        for scope, call in _calls(name, tree):
            for expr in finder.message_args(scope, call):
                found |= {m for m in finder.resolve(expr, scope, 0) if _is_text(m.template)}
    return found


def _calls(module: str, tree: ast.Module) -> Iterator[tuple[_Scope, ast.Call]]:
    """Every call in the module with the function it is in (None at module level)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in _own_nodes(node):
                if isinstance(inner, ast.Call):
                    yield _Scope(module, tree, node), inner


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function, not of the functions defined inside it."""
    for child in ast.iter_child_nodes(function):
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield child
            yield from _own_nodes(child)


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _is_text(template: str) -> bool:
    """A template with words in it (``…: …`` only joins two messages found elsewhere)."""
    return sum(c.isalpha() for c in template.replace(HOLE, "")) >= 3


class _Finder:
    def __init__(self, modules: dict[str, ast.Module]) -> None:
        self.modules = modules
        self.functions: dict[str, list[_Scope]] = {}
        for name, tree in modules.items():
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.functions.setdefault(node.name, []).append(_Scope(name, tree, node))
        self.doors = dict(DOORS)
        self._exception_doors()
        self._passing_on()

    def _exception_doors(self) -> None:
        """Every exception class of the package, by its nearest base in :data:`DOORS`."""
        bases = {
            node.name: [_name(base) for base in node.bases]
            for tree in self.modules.values()
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
        }

        def door(name: str, seen: frozenset[str]) -> int | None:
            if name in DOORS:
                return DOORS[name]
            found = (door(b, seen | {name}) for b in bases.get(name, []) if b not in seen)
            return next((index for index in found if index is not None), None)

        for name in bases:
            index = door(name, frozenset())
            if index is not None:
                self.doors.setdefault(name, index)

    def _passing_on(self) -> None:
        """Helpers that hand a parameter to a door become doors at that parameter."""
        changed = True
        while changed:
            changed = False
            for name, scopes in self.functions.items():
                if name in self.doors:
                    continue
                for scope in scopes:
                    index = self._passed_parameter(scope)
                    if index is not None:
                        self.doors[name] = index
                        changed = True
                        break

    def _passed_parameter(self, scope: _Scope) -> int | None:
        assert scope.function is not None
        params = [a.arg for a in scope.function.args.args if a.arg not in ("self", "cls")]
        for inner in _own_nodes(scope.function):
            if isinstance(inner, ast.Call):
                for arg in self.message_args(scope, inner):
                    names = [arg] if isinstance(arg, ast.Name) else []
                    if isinstance(arg, ast.JoinedStr) and not _is_text(_template(arg)):
                        last = arg.values[-1]  # f"{to.address}: {why}": the message comes last
                        names = [last.value] if isinstance(last, ast.FormattedValue) else []
                    for n in names:
                        if isinstance(n, ast.Name) and n.id in params:
                            return params.index(n.id)
        return None

    def message_args(self, scope: _Scope, call: ast.Call) -> list[ast.expr]:
        name = _name(call.func)
        if name == "print" and any(k.arg == "file" for k in call.keywords):
            return call.args[:1]
        if name == "append" and isinstance(call.func, ast.Attribute):
            target = _name(call.func.value)
            arg = call.args[0] if len(call.args) == 1 else None
            if target in COLLECTORS and isinstance(arg, ast.Tuple) and len(arg.elts) == 2:
                return [arg.elts[1]]
            return []
        if name not in self.doors:
            return []
        if name == "Problem":
            keyword = [k.value for k in call.keywords if k.arg == "message"]
            if keyword:
                return keyword
        index = self.doors[name]
        return [call.args[index]] if len(call.args) > index else []

    def resolve(self, expr: ast.expr, scope: _Scope, depth: int) -> set[Message]:
        """The templates an expression can be, each with the module its text is written in."""
        if depth > 6:
            return set()
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {Message(_plain(expr.value), scope.module)}
        if isinstance(expr, ast.JoinedStr):
            found = {Message(_template(expr), scope.module)}
            for value in expr.values:  # f"{why}; not sent": why's own messages are shown too
                if isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name):
                    reasons = self.resolve(value.value, scope, depth + 1)
                    found |= {m for m in reasons if _is_reason(m.template)}
            return found
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return self._joined(expr, scope, depth)
        if isinstance(expr, ast.IfExp):
            found = self.resolve(expr.body, scope, depth + 1)
            return found | self.resolve(expr.orelse, scope, depth + 1)
        if isinstance(expr, ast.Subscript):
            return self._subscript(expr, scope, depth)
        if isinstance(expr, ast.Name):
            return self._named(expr.id, scope, depth)
        if isinstance(expr, ast.Call):
            return self._called(expr, scope, depth)
        return set()

    def _joined(self, expr: ast.BinOp, scope: _Scope, depth: int) -> set[Message]:
        sides = []
        for side in (expr.left, expr.right):
            found = self.resolve(side, scope, depth + 1)
            sides.append(found or {Message(HOLE, scope.module)})
        joined = set()
        for left, right in itertools.product(*sides):
            text = (left.template + " " + right.template).replace(f"{HOLE} {HOLE}", HOLE)
            if right.template.startswith(("; ", ": ", ", ", ")", ".")):
                text = left.template + right.template
            module = left.module if left.template != HOLE else right.module
            joined.add(Message(_plain(text), module))
        return joined

    def _subscript(self, expr: ast.Subscript, scope: _Scope, depth: int) -> set[Message]:
        if isinstance(expr.slice, ast.Slice):  # message[:300]
            return self.resolve(expr.value, scope, depth + 1)
        if isinstance(expr.value, ast.Name):
            value = self._module_value(expr.value.id, scope)
            if isinstance(value, ast.Dict):
                found: set[Message] = set()
                for item in value.values:
                    found |= self.resolve(item, scope, depth + 1)
                return found
        return set()

    def _named(self, name: str, scope: _Scope, depth: int) -> set[Message]:
        found: set[Message] = set()
        places = [scope.function] if scope.function is not None else []
        for place in places:
            for node in _own_nodes(place):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        found |= self._assigned(target, node.value, name, scope, depth)
                elif isinstance(node, ast.AnnAssign) and node.value is not None:
                    found |= self._assigned(node.target, node.value, name, scope, depth)
        if not found:
            value = self._module_value(name, scope)
            if value is not None:
                found = self.resolve(value, scope, depth + 1)
        return found

    def _assigned(
        self, target: ast.expr, value: ast.expr, name: str, scope: _Scope, depth: int
    ) -> set[Message]:
        if isinstance(target, ast.Name) and target.id == name:
            return self.resolve(value, scope, depth + 1)
        if isinstance(target, ast.Tuple) and isinstance(value, ast.Call):
            names = [t.id if isinstance(t, ast.Name) else "" for t in target.elts]
            if name in names:  # address, why = parse_recipient(line)
                return self._returned(value, scope, depth, names.index(name))
        return set()

    def _module_value(self, name: str, scope: _Scope) -> ast.expr | None:
        for node in scope.tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == name:
                    return node.value
        return None

    def _called(self, call: ast.Call, scope: _Scope, depth: int) -> set[Message]:
        name = _name(call.func)
        if name == "format" and isinstance(call.func, ast.Attribute):
            found = self.resolve(call.func.value, scope, depth + 1)
            return {
                Message(_plain(re.sub(r"\{[^{}]*\}", HOLE, m.template)), m.module) for m in found
            }
        return self._returned(call, scope, depth, None)

    def _returned(
        self, call: ast.Call, scope: _Scope, depth: int, index: int | None
    ) -> set[Message]:
        found: set[Message] = set()
        for helper in self.functions.get(_name(call.func), []):
            if helper.module not in self._imported(scope):
                continue
            assert helper.function is not None
            for node in _own_nodes(helper.function):
                if isinstance(node, ast.Return) and node.value is not None:
                    value = node.value
                    if index is not None:
                        if not isinstance(value, ast.Tuple) or len(value.elts) <= index:
                            continue
                        value = value.elts[index]
                    found |= self.resolve(value, helper, depth + 1)
        return found

    @staticmethod
    def _imported(scope: _Scope) -> set[str]:
        """The modules a helper called in ``scope`` may be defined in: those its module
        imports names from (``unknown``), and those it imports (``dates.out_of_range``)."""
        found = {scope.module}
        for node in ast.walk(scope.tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for base in [node.module] + [f"{node.module}.{a.name}" for a in node.names]:
                    path = base.replace(".", "/")
                    found |= {f"{path}.py", f"{path}/__init__.py"}
        return found


def _is_reason(template: str) -> bool:
    """A part an f-string puts in that says something of its own (``there is no article
    …``), not a hint in brackets, a separator or a path (``(did you mean '…'?)``)."""
    return bool(re.match(r"[\w'\"…]", template)) and len(re.findall(r"[a-z]{2,}", template)) >= 3


def _template(expr: ast.JoinedStr) -> str:
    """An f-string's text, a hole where it puts a value."""
    parts = [v.value if isinstance(v, ast.Constant) else HOLE for v in expr.values]
    return _plain("".join(str(p) for p in parts))


def _plain(text: str) -> str:
    """Holes side by side are one (``f"{what}{hint}"``); no space at either end."""
    return re.sub(f"{HOLE}+", HOLE, text).strip()


SECTIONS = {
    "builder/cli.py": "The command line",
    "builder/commands/": "The command line",
    "builder/commands/importwire.py": "Import and email",
    "builder/commands/email.py": "Import and email",
    "builder/newsroom/": "Import and email",
    "builder/commands/serve.py": "The preview server",
    "builder/preview/": "The preview server",
    "builder/config/": "site.yaml",
    "builder/text/": "YAML, dates and slugs",
    "builder/discover/": "Finding the files",
    "builder/load/": "Reading a story",
    "builder/index/": "Across stories",
    "builder/plan/": "Pages, URLs and images",
    "builder/render/": "Templates",
    "builder/write/": "Writing the output",
    "builder/incremental/": "Writing the output",
    "builder/write/steady_index.py": "Internal errors",
    "builder/urls.py": "Internal errors",
}
"""The heading of docs/errors.md a module's messages are listed under (the longest
prefix wins): the stage that reports them. A new package or module gets a line here."""


def section(module: str) -> str | None:
    """The heading for a module's messages, None when :data:`SECTIONS` has no line for it."""
    prefixes = [p for p in SECTIONS if module == p or (p.endswith("/") and module.startswith(p))]
    return SECTIONS[max(prefixes, key=len)] if prefixes else None


def entry(template: str) -> str:
    """The line of docs/errors.md for one message (``what to do`` to be written)."""
    ticks = "``" if "`" in template else "`"
    pad = " " if ticks == "``" else ""
    return f"- {ticks}{pad}{template}{pad}{ticks} — what to do."


if __name__ == "__main__":  # the lines for docs/errors.md, by heading: tests/test_errors_doc.py
    import sys

    here = Path(__file__).resolve().parents[2] / "builder"
    by_section: dict[str, list[Message]] = {}
    for message in sorted(messages(here), key=lambda m: (m.module, m.template)):
        by_section.setdefault(section(message.module) or "?", []).append(message)
    for heading, found in by_section.items():
        sys.stdout.write(f"\n## {heading}\n\n")
        for message in found:
            sys.stdout.write(f"{entry(message.template)}  <!-- {message.module} -->\n")
