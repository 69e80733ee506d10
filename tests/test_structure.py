"""The code's own rules, checked on its source: where exceptions and exit codes live.

DESIGN and STYLE promise one home for each concept; these tests keep the promise
from drifting (a new exception class outside errors.py, a verb returning a literal
exit code, an error type cli.py does not know) without anyone re-reading the tree.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from helpers.imports import circles, import_graph

from builder import errors
from builder.cli import EXIT_CODES, exit_code
from builder.errors import ConfigError, DigestError, Problem, Rejected, UsageError

BUILDER = Path(__file__).resolve().parent.parent / "builder"


def modules() -> list[Path]:
    return sorted(BUILDER.rglob("*.py"))


def test_exception_classes_are_defined_only_in_errors_py() -> None:
    elsewhere = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name)
                and (base.id.endswith(("Error", "Exception")) or base.id in _error_names())
                for base in node.bases
            ):
                elsewhere.append(f"{path.relative_to(BUILDER)}:{node.lineno}: {node.name}")
    assert [e for e in elsewhere if not e.startswith("errors.py:")] == []
    assert len(elsewhere) >= 14  # the tree of the errors.py docstring


def _error_names() -> set[str]:
    return {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, BaseException)
    }


def test_every_error_a_verb_raises_has_an_exit_code() -> None:
    kinds = [k for k in vars(errors).values() if inspect.isclass(k) and issubclass(k, DigestError)]
    public = [k for k in kinds if not k.__name__.startswith("_") and k is not DigestError]
    assert sorted(k.__name__ for k in public if k not in EXIT_CODES) == []
    assert exit_code(ConfigError([Problem("site.yaml", 1, "x")])) == 2
    assert exit_code(UsageError("--date: not a date")) == 2
    assert exit_code(Rejected([Problem("a.md", 1, "x")])) == 1


def test_only_cli_py_spells_an_exit_code() -> None:
    """Verbs raise; no ``return 1``/``return 2``/``sys.exit`` and no EXIT_ names elsewhere."""
    found = []
    for path in modules():
        if path.name == "cli.py" and path.parent == BUILDER:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(node, "id", getattr(node, "attr", ""))
            if isinstance(name, str) and (name.startswith("EXIT_") or name == "exit"):
                found.append(f"{path.relative_to(BUILDER)}:{node.lineno}: {name}")
            if isinstance(node, ast.FunctionDef) and node.name == "run":
                returns = [n for n in ast.walk(node) if isinstance(n, ast.Return) and n.value]
                found += [f"{path.relative_to(BUILDER)}:{r.lineno}: run returns" for r in returns]
    assert found == []


MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 60
"""STYLE.md's limits: a module a reader can hold, a function that does one thing."""


def test_modules_and_functions_stay_small() -> None:
    too_long = []
    for path in modules():
        text = path.read_text()
        where = path.relative_to(BUILDER)
        if text.count("\n") >= MAX_MODULE_LINES:
            too_long.append(f"{where}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length >= MAX_FUNCTION_LINES:
                    too_long.append(f"{where}:{node.lineno}: {node.name} is {length} lines")
    assert too_long == []


PACKAGES = (
    "commands",
    "config",
    "discover",
    "incremental",
    "index",
    "load",
    "model",
    "newsroom",
    "plan",
    "preview",
    "render",
    "text",
    "write",
)
"""Issue 20: one package per stage or tool, so a newcomer finds a behaviour from the tree."""
TOP_LEVEL = 10


def test_the_tree_shows_every_stage() -> None:
    packages = sorted(p.parent.name for p in BUILDER.glob("*/__init__.py"))
    assert packages == sorted(PACKAGES)
    top = sorted(p.name for p in BUILDER.glob("*.py"))
    assert len(top) <= TOP_LEVEL, top
    assert not {"utils.py", "helpers.py", "misc.py", "common.py"} & {
        p.name for p in BUILDER.rglob("*.py")
    }


def test_no_import_circle_in_builder() -> None:
    assert circles(import_graph()) == []
