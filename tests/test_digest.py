"""Issue 3 on tests/sites/digest: editions, related stories, archive, feeds, sitemap."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from helpers import digest

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("digest") / "public"
    run = digest("build", "--site", Path(__file__).parent / "sites" / "digest", "--out", out)
    assert run.code == 0, run.err
    return out, run.err


def read(out: Path, url: str) -> str:
    return (out / url.strip("/") / "index.html").read_text()


def headlines(html: str) -> list[str]:
    return re.findall(r'class="headline"><a href="[^"]*">([^<]*)</a>', html)


def section(html: str, heading: str) -> str:
    """The HTML of the edition group whose heading is ``heading``."""
    start = html.index(f">{heading}</")
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_daily_edition_groups_by_topic_most_stories_first(built) -> None:
    out, _ = built
    html = read(out, "/editions/2024-01-02/")
    groups = re.findall(r'<h2 id="group-\d+">(?:<a href="[^"]*">)?([^<]*)', html)
    # China carries 3 of the day's stories, Trade and Energy 1 each; each story is
    # listed once, under its own first topic, so Energy (only a second topic) has no group.
    assert groups == ["China", "Trade", "Other stories"]
    assert headlines(section(html, "China")) == ["China energy", "China story one"]
    assert headlines(section(html, "Trade")) == ["Trade talks"]
    assert headlines(section(html, "Other stories")) == ["No topic"]
    assert "BRUSSELS" in html and "1 min read" in html


def test_editions_link_to_their_neighbours_and_are_indexed(built) -> None:
    out, _ = built
    html = read(out, "/editions/2024-01-02/")
    assert 'rel="next" href="/editions/2024-01-05/"' in html
    assert 'rel="prev"' not in html  # the first edition of the site
    index = read(out, "/editions/")
    assert index.index("/editions/2025-01-06/") < index.index("/editions/2024-01-02/")


def test_weekly_editions_follow_iso_weeks_across_the_year_end(built) -> None:
    out, _ = built
    assert headlines(read(out, "/editions/2024-W52/")) == ["Sunday of week 52"]
    assert headlines(read(out, "/editions/2025-W01/")) == ["Sunday of week 1", "Monday of week 1"]
    assert headlines(read(out, "/editions/2025-W02/")) == ["Monday of week 2"]
    assert not (out / "editions" / "2024-W53").exists()


def test_see_also_by_slug_and_title_then_related_by_rare_topics(built) -> None:
    out, _ = built
    html = read(out, "/2024/02/01/r-target/")
    related = html[html.index('id="related-heading"') :]
    # see_also first, in the editor's order (slug, then a title in other case);
    # then automatic: both topics > the rare topic > the common one, newer first.
    assert headlines(related) == [
        "China story one",
        "Trade talks",
        "Shares both",
        "Shares rare",
        "Shares common, newer",
        "Shares common, older",
    ]


def test_unresolved_see_also_is_a_warning_with_its_line(built) -> None:
    _, err = built
    assert 'content/r-target.md:5: warning: see_also: no article titled "Nonexistent story"' in err


def test_unresolved_see_also_fails_under_strict(tmp_path: Path) -> None:
    site = Path(__file__).parent / "sites" / "digest"
    run = digest("build", "--site", site, "--out", tmp_path / "out", "--strict")
    assert run.code == 1
    assert not (tmp_path / "out").exists()


def test_previous_and_next_story_within_each_topic(built) -> None:
    out, _ = built
    html = read(out, "/2024/01/20/r-both/")
    nav = html[html.index('class="neighbours"') :]
    common = nav[nav.index(">Common</a>") : nav.index("</li>")]
    assert 'rel="prev" href="/2024/01/05/r-common-old/"' in common
    assert 'rel="next" href="/2024/01/25/r-common-new/"' in common


def test_topic_pages_end_where_the_stories_do(built) -> None:
    out, _ = built
    assert (out / "topics" / "trade" / "index.html").exists()  # 1 story
    assert not (out / "topics" / "trade" / "page").exists()
    energy = out / "topics" / "energy"  # 5 stories, 2 a page
    assert (energy / "page" / "3" / "index.html").exists()
    assert not (energy / "page" / "4").exists()


def test_archive_by_year_and_month_with_counts(built) -> None:
    out, _ = built
    index = read(out, "/archive/")
    assert re.search(r'href="/archive/2024/01/">January 2024</a> <span class="count">8<', index)
    assert re.search(r'href="/archive/2025/01/">January 2025</a> <span class="count">2<', index)
    assert index.index("2025") < index.index("2024")
    assert (out / "archive" / "2024" / "01" / "page" / "4" / "index.html").exists()
    assert not (out / "archive" / "2024" / "01" / "page" / "5").exists()


def test_home_leads_with_the_latest_edition(built) -> None:
    out, _ = built
    home = (out / "index.html").read_text()
    assert 'href="/editions/2025-01-06/"' in home
    assert headlines(home)[0] == "Monday of week 2"


def all_feeds(out: Path) -> list[Path]:
    return sorted(out.rglob("feed.xml"))


def test_every_feed_parses_cleanly_with_absolute_links(built) -> None:
    out, _ = built
    feeds = all_feeds(out)
    assert len(feeds) == 1 + 5 + 2  # site, five topics, daily and weekly editions
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.link.startswith("https://digest.example.org/")
            assert entry.id.startswith("https://digest.example.org/")


def test_feed_holds_newest_entries_with_full_content(built) -> None:
    out, _ = built
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert len(parsed.entries) == 10
    assert parsed.entries[0].title == "Monday of week 2"
    assert parsed.entries[0].content[0].value.strip() == "<p>Body of Monday of week 2.</p>"
    assert parsed.feed.updated == "2025-01-06T12:00:00+01:00"


def test_json_feed(built) -> None:
    out, _ = built
    feed = json.loads((out / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["items"][0]["url"] == "https://digest.example.org/2025/01/06/w4/"


def test_sitemap_lists_every_article_and_robots_points_at_it(built) -> None:
    out, _ = built
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = {loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)}
    articles = {
        "https://digest.example.org/" + p.parent.relative_to(out).as_posix() + "/"
        for p in out.glob("[0-9]*/*/*/*/index.html")
    }
    assert len(articles) == 13
    assert articles <= locs
    assert "https://digest.example.org/404.html" not in locs
    assert all(loc.startswith("https://digest.example.org/") for loc in locs)
    assert "Sitemap: https://digest.example.org/sitemap.xml" in (out / "robots.txt").read_text()


def test_jsonld_describes_the_article(built) -> None:
    out, _ = built
    html = read(out, "/2024/01/02/a1-trade-talks/")
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    )
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Trade talks"
    assert data["keywords"] == ["Trade", "China"]
    assert data["datePublished"] == "2024-01-02T09:00:00+01:00"
    assert (
        '<link rel="canonical" href="https://digest.example.org/2024/01/02/a1-trade-talks/">'
        in html
    )
    assert '<meta property="og:type" content="article">' in html


def test_digest_build_is_byte_identical_across_runs(tmp_path: Path) -> None:
    site = Path(__file__).parent / "sites" / "digest"
    digest("build", "--site", site, "--out", tmp_path / "a")
    digest("build", "--site", site, "--out", tmp_path / "b")
    a = {
        p.relative_to(tmp_path / "a"): p.read_bytes()
        for p in (tmp_path / "a").rglob("*")
        if p.is_file()
    }
    b = {
        p.relative_to(tmp_path / "b"): p.read_bytes()
        for p in (tmp_path / "b").rglob("*")
        if p.is_file()
    }
    assert a == b
