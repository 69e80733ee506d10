#!/usr/bin/env python3
"""Time the index stage with and without keyword auto-topics, and internal-link resolution.

Why: keyword topics run on every article at every rebuild (``digest serve``
re-runs index in full), so their cost per article is the figure that matters.

How: ``make_corpus.py`` (``../shared/bench/`` beside the repository, or
``--corpus-script``) writes N articles; they are loaded once; then
``build_index`` runs ``--runs`` times without a vocabulary and with three
keyword topics, and ``resolve_links`` runs ``--runs`` times; medians go to
stdout. The machine is shared: read the figures as rough.

Usage: python benchmarks/bench_vocabulary.py --articles 2000 --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from builder.config import TopicSpec, load_config
from builder.index import build_index
from builder.index.links import resolve_links
from builder.index.publication import Selection
from builder.index.topics import KeywordMatcher
from builder.load.site import load_all

VOCABULARY = (
    TopicSpec("Semiconductors", keywords=("chip", "lithography")),
    TopicSpec("Trade", keywords=("export", "sanctions", "supply chains")),
    TopicSpec("Diplomacy", keywords=("minister", "envoy")),
)


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    here = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--corpus-script", type=Path, default=here.parent / "shared/bench/make_corpus.py"
    )
    args = parser.parse_args()
    if not args.corpus_script.is_file():
        print(f"no corpus generator at {args.corpus_script}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        site = Path(work)
        command = [sys.executable, str(args.corpus_script), "--articles", str(args.articles)]
        subprocess.run([*command, "--out", str(site)], check=True, capture_output=True)
        (site / "site.yaml").write_text("title: bench\ntimezone: UTC\n")
        plain = load_config(site)
        articles, _, _ = load_all(plain)
        keyed = replace(plain, topics=VOCABULARY)
        matcher = KeywordMatcher(VOCABULARY, 1)
        figures = {
            "index, no vocabulary": median_seconds(
                lambda: build_index(articles, plain, Selection()), args.runs
            ),
            "index, 3 keyword topics": median_seconds(
                lambda: build_index(articles, keyed, Selection()), args.runs
            ),
            "keyword matching alone": median_seconds(
                lambda: [matcher.topics_for(a) for a in articles], args.runs
            ),
            "resolve_links": median_seconds(
                lambda: resolve_links(articles, plain, Selection()), args.runs
            ),
        }
    print(f"{len(articles)} articles, median of {args.runs} runs")
    for name, seconds in figures.items():
        per = seconds / len(articles) * 1000
        print(f"  {name:26} {seconds:7.3f} s  ({per:.3f} ms per article)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
