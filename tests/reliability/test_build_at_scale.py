"""The build half of case 48 (load): a thousand articles over fifty topics, every page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from harness import check, write_corpus
from helpers import digest

pytestmark = pytest.mark.reliability


def test_48_a_thousand_articles_over_fifty_topics_build_completely(tmp_path: Path) -> None:
    """The build half of case 48 at CI size; benchmarks/bench_reliability.py runs 5,000."""
    site = tmp_path / "site"
    write_corpus(site, 1000, topics=50)

    run = digest("build", "--site", site, "-q")

    check(run, 0, None)
    out = site / "public"
    assert sum(1 for _ in out.glob("2024/*/*/story-*/index.html")) == 1000
    assert sum(1 for _ in out.glob("topics/topic-*/index.html")) == 50
    assert os.path.getsize(out / "sitemap.xml") > 0
