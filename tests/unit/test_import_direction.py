"""Imports run forward through the pipeline: a stage imports only earlier stages and shared modules.

The build goes discover -> load -> index -> plan -> render -> write; pipeline.py
sequences them; preview/ and newsroom/ are tools built on the stages; commands/
are the verbs; cli.py wires the verbs. render/ ranks below load because load renders
shortcode templates through its Jinja environment (render/environment.py), and render
needs nothing of load, index or plan (a page is a shared model value); incremental/
decides what render must do, and write/ brings incremental's previous generation up
to date. A module may import its own group and any group of a lower rank, never a
later one, and no module takes part in an import circle (issue 20). Every import
counts, also one inside a function or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.imports import BUILDER, circles, import_graph, imported, module_name, modules

SHARED = (
    "builder",
    "builder.model",
    "builder.config",
    "builder.errors",
    "builder.urls",
    "builder.paths",
    "builder.text",
    "builder.progress",
    "builder.result",
)
"""Plain data, configuration and rules every stage may use; they import only each other."""

ORDER: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] = (
    (("shared", SHARED),),
    (("discover", ("builder.discover",)),),
    (("render", ("builder.render",)),),
    (("load", ("builder.load",)),),
    (("index", ("builder.index",)),),
    (("plan", ("builder.plan",)),),
    (("incremental", ("builder.incremental",)),),
    (("write", ("builder.write",)),),
    (("pipeline", ("builder.pipeline",)),),
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


def backward_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """Every import of ``source`` (the text of ``module``) that breaks the order."""
    rank, group = group_of(module)
    wrong = []
    for line, target in imported(source, module, is_package):
        other_rank, other_group = group_of(target)
        if other_group != group and other_rank >= rank:
            wrong.append(f"{module}:{line} imports {target} ({other_group} is not before {group})")
    return wrong


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
        ("builder.plan", "from builder.incremental import plan_render\n", True),
        ("builder.render", "from builder.load import Loaded\n", True),
        ("builder.incremental.quick", "from builder.write import repair\n", False),
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


def test_no_import_circle() -> None:
    """Issue 20: config -> settings -> urls -> config was a circle; none may come back."""
    assert circles(import_graph()) == []


def test_the_circle_check_finds_a_circle() -> None:
    graph = {
        "builder.config": {"builder.config.settings"},
        "builder.config.settings": {"builder.urls"},
        "builder.urls": {"builder.config"},
        "builder.model": {"builder.urls"},
    }
    assert circles(graph) == [["builder.config", "builder.config.settings", "builder.urls"]]
    assert circles({"a": {"b"}, "b": set()}) == []
