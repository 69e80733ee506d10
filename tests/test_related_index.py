"""The inverted-index ranking of related stories gives exactly what scoring every candidate
of every topic gives (the plain algorithm it replaced, kept here as the oracle)."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from markupsafe import Markup

from builder.config import SiteConfig
from builder.index import Selection, build_index
from builder.index.related import CANDIDATES_PER_TOPIC
from builder.model import Article, Site


def _articles(count: int, topics: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    names = [f"Topic {i}" for i in range(topics)]
    weights = [1 / (i + 1) for i in range(topics)]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    made = []
    for i in range(count):
        picked = list(dict.fromkeys(rng.choices(names, weights, k=rng.randint(0, 5))))
        date = start + timedelta(hours=rng.randint(0, 24 * 20))  # many equal dates
        made.append(
            Article(
                src_path=f"content/s{i}.md",
                title=f"Story {i}",
                slug=f"s{i}",
                date=date,
                url=f"/s{i:04d}/",
                content=Markup("<p>x</p>"),
                summary="x",
                word_count=1,
                topic_names=tuple(picked),
                see_also=(f"s{rng.randrange(count)}",) if rng.random() < 0.1 else (),
            )
        )
    return made


def _oracle(site: Site, count: int) -> dict[str, list[str]]:
    """Every candidate scored, sorted by (-rounded score, -timestamp, URL)."""
    n = len(site.articles)
    weight = {t.slug: math.log(n / t.count) for t in site.topics}
    members = {t.slug: t.articles for t in site.topics}
    result = {}
    for article in site.articles:
        skip = {article.url, *(a.url for a in site.related[article.url].see_also)}
        scores: dict[str, float] = defaultdict(float)
        by_url = {}
        for ref in article.topics:
            for other in members[ref.slug][:CANDIDATES_PER_TOPIC]:
                if other.url not in skip:
                    scores[other.url] += weight[ref.slug]
                    by_url[other.url] = other
        ranked = sorted(
            scores, key=lambda u: (-round(scores[u], 9), -by_url[u].date.timestamp(), u)
        )
        result[article.url] = ranked[:count]
    return result


@pytest.mark.parametrize(("count", "topics", "seed"), [(300, 8, 1), (600, 40, 2), (200, 3, 3)])
def test_related_stories_equal_scoring_every_candidate(count: int, topics: int, seed: int) -> None:
    config = SiteConfig(site_dir=Path("."), output_dir=Path("public"))
    for related_count in (config.related_count, 12):
        config = replace(config, related_count=related_count)
        site, _ = build_index(_articles(count, topics, seed), config, Selection())
        found = {url: [a.url for a in r.automatic] for url, r in site.related.items()}
        assert found == _oracle(site, related_count)
