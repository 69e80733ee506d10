#!/usr/bin/env python3
"""Where one build's time goes: seconds spent in each stage of ``digest build``.

    python benchmarks/bench_stages.py SITE [--edit]

Builds SITE once in this process the way ``digest build`` does (``build_with_cache``),
with a timer around each stage function, and prints the seconds of each. ``--edit``
first appends a sentence to the body of the site's first article (by path), so
the build is a one-edit rebuild. Run it after a first build of the site, on a quiet
machine: a figure of one run, not a median.
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # time this checkout, whatever pip install -e pointed at

from builder import incremental, pipeline, write  # noqa: E402
from builder.cli import GC_THRESHOLDS  # noqa: E402
from builder.commands.build import build_with_cache  # noqa: E402
from builder.config import load_config  # noqa: E402
from builder.index.publication import Selection  # noqa: E402

STAGES: tuple[tuple[ModuleType, str], ...] = (
    (incremental, "quick_result"),
    (pipeline, "load_all"),
    (pipeline, "resolve_links"),
    (pipeline, "build_index"),
    (pipeline, "plan_pages"),
    (incremental, "plan_render"),
    (pipeline, "write_site"),
    (write, "_stage"),
    (write, "_foreign_files"),
)
"""(module, function): the stage functions, looked up where their callers find them."""


def timed(seconds: dict[str, float], name: str, function: Callable[..., Any]) -> Any:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("site", type=Path)
    p.add_argument("--edit", action="store_true", help="edit the first article's body first")
    args = p.parse_args()
    site = args.site.resolve()
    if args.edit:
        article = min((site / "content").rglob("*.md"))
        article.write_text(article.read_text(encoding="utf-8") + f"\nEdited {time.time()}.\n")
    gc.set_threshold(*GC_THRESHOLDS)  # as digest build runs (cli.main)
    seconds: dict[str, float] = {}
    for module, name in STAGES:
        setattr(module, name, timed(seconds, name, getattr(module, name)))
    started = time.perf_counter()
    result = build_with_cache(load_config(site), Selection(now=datetime.now(UTC)))
    seconds["total"] = time.perf_counter() - started
    for name, value in seconds.items():
        print(f"{name:16s} {value:7.2f} s")
    stats = result.stats
    print(f"pages planned {stats.planned}, rendered {stats.rendered}, written {stats.written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
