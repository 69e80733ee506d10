"""Imports run forward through the pipeline: a stage imports only earlier stages and shared modules.

The build goes discover -> load -> index -> plan -> render -> write; pipeline.py
sequences them; preview/ and newsroom/ are tools built on the stages; commands/
are the verbs; cli.py wires the verbs. A module may import its own group and any
group of a lower rank, never a later one: so a folder boundary never advertises
an order the code breaks (issue 11). Every import counts, also one inside a
function or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BUILDER = Path(__file__).resolve().parents[2] / "builder"

SHARED = (
    "builder",
    "builder.model",
    "builder.config",
    "builder.config_news",
    "builder.settings",
    "builder.errors",
    "builder.urls",
    "builder.paths",
    "builder.publication",
    "builder.dates",
    "builder.slugs",
    "builder.yamlsafe",
    "builder.hints",
    "builder.progress",
    "builder.templating",
    "builder.config_sections",
)
"""Plain data, configuration and rules every stage may use; they import only each other."""

ORDER: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] = (
    (("shared", SHARED),),
    (("discover", ("builder.discover",)),),
    (("load", ("builder.load",)),),
    (("index", ("builder.index",)),),
    (("plan", ("builder.plan",)),),
    (("render", ("builder.render", "builder.fingerprint", "builder.template_reads")),),
    (("write", ("builder.write", "builder.manifest", "builder.generations", "builder.search")),),
    (("pipeline", ("builder.pipeline", "builder.incremental", "builder.result")),),
    (("preview", ("builder.preview",)), ("newsroom", ("builder.newsroom",))),
    (("commands", ("builder.commands",)),),
    (("cli", ("builder.cli", "builder.__main__")),),
)
"""Ranks, earliest first; each rank holds groups (label, modules or packages). Groups of one
rank are independent of each other: they may not import each other."""


def group_of(module: str) -> tuple[int, str]:
    """(rank, group label) of a module: the longest listed name that is it or its package."""
    best: tuple[int, str, str] | None = None
    for rank, groups in enumerate(ORDER):
        for label, names in groups:
            for name in names:
                inside = name != "builder" and module.startswith(name + ".")
                if (module == name or inside) and (best is None or len(name) > len(best[2])):
                    best = (rank, label, name)
    if best is None:
        raise LookupError(f"{module} is in no group: add it to ORDER in {Path(__file__).name}")
    return best[0], best[1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BUILDER.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    root = BUILDER.parent
    return (root / relative).with_suffix(".py").is_file() or (root / relative).is_dir()


def imported(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) of every builder module the source imports, relative imports resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                whole = f"{base}.{alias.name}"
                found.append((node.lineno, whole if is_module(whole) else base))
    return [(line, name) for line, name in found if name.split(".")[0] == "builder"]


def backward_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """Every import of ``source`` (the text of ``module``) that breaks the order."""
    rank, group = group_of(module)
    wrong = []
    for line, target in imported(source, module, is_package):
        other_rank, other_group = group_of(target)
        if other_group != group and other_rank >= rank:
            wrong.append(f"{module}:{line} imports {target} ({other_group} is not before {group})")
    return wrong


def modules() -> list[Path]:
    return sorted(p for p in BUILDER.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(BUILDER).as_posix())
def test_no_module_imports_a_later_stage(path: Path) -> None:
    module = module_name(path)
    assert backward_imports(path.read_text(), module, path.name == "__init__.py") == []


def test_every_module_has_a_place_in_the_order() -> None:
    for path in modules():
        group_of(module_name(path))  # raises for a module no group claims


@pytest.mark.parametrize(
    ("module", "source", "is_package"),
    [
        ("builder.load", "from builder.index.links import scan\n", True),
        ("builder.plan", "from builder.render import make_environment\n", True),
        ("builder.model", "from builder.load import Loaded\n", False),
        ("builder.index.links", "def f():\n    from builder import pipeline\n", False),
        ("builder.preview.server", "from builder.newsroom import wire\n", False),
        ("builder.load.cache", "from ..index import build_index\n", False),
        ("builder.urls", "from builder.discover import content_files\n", False),
    ],
)
def test_the_check_finds_a_backward_import(module: str, source: str, is_package: bool) -> None:
    """Each example breaks the order once; the check must say so (it would pass anything else)."""
    assert len(backward_imports(source, module, is_package)) >= 1


def test_the_check_allows_forward_and_same_stage_imports() -> None:
    source = (
        "from builder.model import Article\n"
        "from builder.load.links import is_content_link\n"
        "from builder.index.topics import build_topics\n"
        "from . import archive\n"
        "from builder import urls\n"
    )
    assert backward_imports(source, "builder.index", is_package=True) == []
