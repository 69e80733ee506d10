"""Feeds and sitemaps of real sites: the sample site and the Digital.gov corpus."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from helpers import REPO, digest, shared, snapshot

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def check_feeds_and_sitemap(out: Path, base_url: str) -> int:
    feeds = sorted(out.rglob("feed.xml"))
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        for entry in parsed.entries:
            assert entry.link.startswith(base_url), entry.link
        for link in parsed.feed.links:
            assert link.href.startswith(base_url)
    locs = {e.text for e in ET.parse(out / "sitemap.xml").getroot().findall("s:url/s:loc", NS)}
    articles = {
        base_url + p.parent.relative_to(out).as_posix() + "/"
        for p in out.glob("[0-9]*/*/*/*/index.html")
    }
    assert articles and articles <= locs
    return len(feeds)


def test_sample_site_feeds_and_sitemap(tmp_path: Path) -> None:
    run = digest("build", "--site", REPO, "--out", tmp_path / "public")
    assert run.code == 0, run.err
    assert (
        check_feeds_and_sitemap(tmp_path / "public", "https://digest.example.org/") == 9
    )  # + the author's


@pytest.fixture(scope="module")
def digitalgov(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("digitalgov-digest")
    shutil.copytree(shared("corpora/digitalgov-news") / "content", site / "content")
    for clash in (
        "content/news/2023/11/2023-11-20-infrastructure-as-a-public-service.md",
        "content/news/2018/09/2018-09-24-example.md",
    ):
        (site / clash).unlink()
    (site / "site.yaml").write_text(
        "title: Digital.gov news\nbase_url: https://digital.example.gov/\n"
        "timezone: America/New_York\neditions:\n  weekly: true\nfeeds:\n  json: true\n"
        "shortcodes:\n  hugo: false\n"
    )
    return site


def test_digitalgov_builds_the_whole_digest_identically_twice(digitalgov: Path) -> None:
    first = digest("build", "--site", digitalgov, "--out", digitalgov / "a", "--expired")
    assert first.code == 0, first.err[-1000:]
    assert digest("build", "--site", digitalgov, "--out", digitalgov / "b", "--expired").code == 0
    a, b = snapshot(digitalgov / "a"), snapshot(digitalgov / "b")
    assert a == b
    assert sum(p.startswith("editions/20") and p.endswith("/index.html") for p in a) > 500
    assert "archive/2019/03/index.html" in a
    assert any(b"See also" in data for p, data in a.items() if p.startswith("2019/"))
    assert check_feeds_and_sitemap(digitalgov / "a", "https://digital.example.gov/") > 50


def test_an_article_with_an_empty_body_has_no_empty_atom_content(tmp_path: Path) -> None:
    """The W3C validator flags "content should not be blank" (seen on the Digital.gov feed)."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "empty.md").write_text("---\ntitle: Empty\ndate: 2024-01-02\n---\n")
    (content / "full.md").write_text("---\ntitle: Full\ndate: 2024-01-01\n---\nBody.\n")
    assert digest("build", "--site", tmp_path).code == 0
    parsed = feedparser.parse((tmp_path / "public" / "feed.xml").read_bytes())
    assert parsed.bozo == 0
    by_title = {e.title: e for e in parsed.entries}
    assert "content" not in by_title["Empty"]
    assert "Body." in by_title["Full"].content[0].value
