"""Time the index stage alone on in-memory articles (issue 14, item 4: ≤ 0.3 s at 10,000).

No files, no Markdown: articles are made in memory with the benchmark corpus's
topic distribution (1-4 of 60 topics, Zipf-like, dates over one year), so the
figure is the index's own cost. Also checks that it grows linearly.

    python benchmarks/bench_index.py --articles 10000
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from markupsafe import Markup

from builder.config import SiteConfig
from builder.index import Selection, build_index
from builder.model import Article

TOPICS = 60


def make_articles(count: int, seed: int = 7) -> list[Article]:
    """``count`` articles as make_corpus.py draws them (topics, dates), with a tiny body."""
    rng = random.Random(seed)
    names = [f"Topic {i:02d}" for i in range(TOPICS)]
    weights = [1 / (i + 1) for i in range(TOPICS)]
    start = datetime(2023, 1, 1, 6, tzinfo=UTC)
    articles = []
    for i in range(count):
        picked: list[str] = []
        for _ in range(rng.randint(1, 4)):
            name = rng.choices(names, weights)[0]
            if name not in picked:
                picked.append(name)
        date = start + timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        slug = f"story-{i:06d}"
        articles.append(
            Article(
                src_path=f"content/{slug}.md",
                title=f"Story {i}",
                slug=slug,
                date=date,
                url=f"/{date:%Y/%m/%d}/{slug}/",
                content=Markup("<p>text</p>"),
                summary="text",
                word_count=300,
                topic_names=tuple(picked),
            )
        )
    return articles


def time_index(count: int, runs: int) -> float:
    articles = make_articles(count)
    config = SiteConfig(site_dir=Path("."), output_dir=Path("public"))
    times = []
    for _ in range(runs):
        started = time.process_time()
        build_index(articles, config, Selection())
        times.append(time.process_time() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    half = time_index(args.articles // 2, args.runs)
    full = time_index(args.articles, args.runs)
    how = f"CPU time, median of {args.runs}"
    print(f"build_index, {args.articles // 2:,} articles: {half:.3f} s ({how})")
    print(f"build_index, {args.articles:,} articles: {full:.3f} s ({how})")
    print(f"growth for twice the articles: {full / half:.2f}x (linear: 2.00x)")


if __name__ == "__main__":
    main()
