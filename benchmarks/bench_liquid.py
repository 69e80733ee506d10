#!/usr/bin/env python3
"""Liquid's cost per article at 10,000 articles, with and without Liquid in the bodies.

Why: Liquid runs in the load stage, on every body of a cold build (issue 23), and a body
that reads ``site.posts`` waits for every story and is rendered in a second pass; both
must stay cheap beside Markdown (about 2 ms an article).

How: ``make_corpus.py`` (``../shared/bench/`` beside the repository, or
``--corpus-script``) writes N articles. They are loaded in this one process (no pool, so
the figure is CPU per article, not the machine's cores) twice: as written (no Liquid:
the body is only checked for ``{%``/``{{``), and with six lines of Liquid added to every
body (an ``assign`` from ``site.data`` with ``where`` and ``first``, outputs with
filters, an ``if``, a ``for``). The time spent in the Liquid engine itself
(``LiquidBodies.render``: parsing, rendering, the code guard) is measured apart from the
whole load (front matter, Liquid, shortcodes, Markdown). Then one body with
``{% for post in site.posts limit: 3 %}`` is rendered over all N stories, as
``pipeline.load_all`` does after loading. Medians of ``--runs``; the machine is shared:
read the figures as rough, and the Liquid share as the steadier one. The collector runs
as ``digest build`` sets it (``cli.GC_THRESHOLDS``).

Usage: python benchmarks/bench_liquid.py --articles 10000 --runs 3
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from builder.cli import GC_THRESHOLDS
from builder.config import SiteConfig, load_config
from builder.index.posts import Pending, render_listings
from builder.index.publication import Selection
from builder.load.cache import settings_fingerprint
from builder.load.liquid import LiquidBodies
from builder.load.pool import load_chunk
from builder.load.sitedata import read_data
from builder.model import SourceFile
from builder.pipeline import load_all

LIQUID_LINES = """
{% assign release = site.data.releases | where: "version", "2.7.2" | first %}
Download {{ release.url.gz }} ({{ release.sha256.gz | truncate: 12 }}).
For {{ page.title | upcase }}.
{% if page.tags %}Filed under {{ page.tags | join: ", " }}.{% endif %}
{% for n in (1..3) %}{{ n | plus: 1 }} {% endfor %}{{ page.date | date_to_string }}
[Home]({{ "/" | relative_url }})
"""
DATA = """- version: 2.7.2
  url: {gz: https://downloads.example.org/project-2.7.2.tar.gz}
  sha256: {gz: 4a5ba1a6b8b1e0f6e8d0c9a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6}
"""
LISTING = """---
title: The latest stories
date: 2000-01-01
---
{% for post in site.posts limit: 3 %}
- [{{ post.title }}]({{ post.url | relative_url }}), {{ post.date | date_to_string }}
{% endfor %}
"""


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def sources_of(site: Path, extra: str = "") -> list[SourceFile]:
    files = sorted((site / "content").rglob("*.md"))
    return [
        SourceFile(p.relative_to(site).as_posix(), p.read_bytes() + extra.encode()) for p in files
    ]


spent: list[float] = []
_render = LiquidBodies.render


def _timed(self: LiquidBodies, *args: Any) -> Any:
    started = time.perf_counter()
    try:
        return _render(self, *args)
    finally:
        spent.append(time.perf_counter() - started)


LiquidBodies.render = _timed  # type: ignore[method-assign]


def main() -> int:
    here = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--corpus-script", type=Path, default=here.parent / "shared/bench/make_corpus.py"
    )
    args = parser.parse_args()
    gc.set_threshold(*GC_THRESHOLDS)  # as digest build runs (cli.main): else the collector,
    # walking the 10,000 loaded articles, is counted to whatever allocates (Liquid does)
    if not args.corpus_script.is_file():
        print(f"no corpus generator at {args.corpus_script}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        command = [sys.executable, str(args.corpus_script), "--articles", str(args.articles)]
        subprocess.run([*command, "--out", str(site), "--flavor", "native"], check=True)
        (site / "_data").mkdir()
        (site / "_data/releases.yml").write_text(DATA)
        config = load_config(site)
        data, _, data_problems = read_data(site)
        assert not data_problems, data_problems
        plain, with_liquid = sources_of(site), sources_of(site, LIQUID_LINES)
        n = len(plain)
        for name, batch in (
            ("bodies without Liquid", plain),
            ("Liquid in every body", with_liquid),
        ):
            spent.clear()
            sample = load_chunk(config, batch[:20], None, data)
            failed = [p for loaded in sample for p in loaded.problems if p.severity == "error"]
            assert not failed, failed[:3]  # a body that fails skips Markdown: a wrong figure
            spent.clear()
            seconds = median_seconds(lambda b=batch: load_chunk(config, b, None, data), args.runs)
            engine = sum(spent) / args.runs
            print(
                f"{name:22s} load {seconds / n * 1000:6.3f} ms/article, "
                f"of which Liquid {engine / n * 1000:6.3f} ms/article ({n:,} articles)"
            )
        listing(site, config, args.runs)
    return 0


def listing(site: Path, config: SiteConfig, runs: int) -> None:
    """The second pass: one site.posts body over every story (loaded once, as a build does)."""
    (site / "content/latest.md").write_text(LISTING)
    articles, problems, _ = load_all(config, None, None, Selection())
    assert not [p for p in problems if p.severity == "error"], problems[:3]
    index = next(i for i, a in enumerate(articles) if a.src_path == "content/latest.md")
    source = SourceFile("content/latest.md", LISTING.encode())
    work = (config, Selection(), {}, settings_fingerprint(config))

    def second_pass() -> object:
        return render_listings(articles, [Pending(index, source)], work, None, lambda a: a)

    seconds = median_seconds(second_pass, runs)
    print(f"site.posts limit: 3 over {len(articles):,} stories: {seconds * 1000:.1f} ms a build")


if __name__ == "__main__":
    sys.exit(main())
