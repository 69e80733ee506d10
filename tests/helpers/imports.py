"""The builder package's imports, read from its source: who imports whom.

Shared by the import-direction test (no arrow back up the pipeline) and the structure
test (no circle), which read the same graph.
"""

from __future__ import annotations

import ast
from pathlib import Path

BUILDER = Path(__file__).resolve().parents[2] / "builder"


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


def modules() -> list[Path]:
    return sorted(p for p in BUILDER.rglob("*.py") if "__pycache__" not in p.parts)


def import_graph() -> dict[str, set[str]]:
    """Every builder module and the builder modules it imports (anywhere in its text)."""
    graph: dict[str, set[str]] = {}
    for path in modules():
        module = module_name(path)
        found = imported(path.read_text(), module, path.name == "__init__.py")
        graph[module] = {target for _line, target in found if target != module}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of ``graph``: its strongly connected parts of two or more modules
    (Tarjan's algorithm), each sorted, so a failure names every module of the circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            part = []
            while True:
                member = stack.pop()
                part.append(member)
                if member == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
