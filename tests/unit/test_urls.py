"""builder.urls: every URL of the site and every join with base_url, on plain values."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from builder import urls
from builder.config import SiteConfig
from builder.config.settings import ARTICLE_PATTERN

REPO = Path(__file__).resolve().parents[2]


def config(base_url: str) -> SiteConfig:
    return SiteConfig(site_dir=Path("/site"), output_dir=Path("/site/public"), base_url=base_url)


def test_article_url_fills_the_pattern_with_zero_padded_fields() -> None:
    day = date(2024, 3, 7)

    assert urls.article_url(ARTICLE_PATTERN, day, "chip-talks") == ("/2024/03/07/chip-talks/")
    assert urls.article_url("/news/{slug}/", day, "x") == "/news/x/"
    assert urls.article_url("/{year}/{slug}/", date(987, 1, 1), "old") == "/0987/old/"


def test_page_url_keeps_the_first_page_at_the_list_url() -> None:
    assert urls.page_url("/topics/china/", 1) == "/topics/china/"
    assert urls.page_url("/topics/china/", 2) == "/topics/china/page/2/"
    assert urls.page_url("/", 12) == "/page/12/"


def test_topic_urls() -> None:
    assert urls.topics_index_url() == "/topics/"
    assert urls.topic_url("china") == "/topics/china/"
    assert urls.topic_url("china", page=3) == "/topics/china/page/3/"
    assert urls.topic_feed_url("export-controls") == "/topics/export-controls/feed.xml"


def test_edition_urls() -> None:
    assert urls.editions_index_url() == "/editions/"
    assert urls.edition_url("2023-05-23") == "/editions/2023-05-23/"
    assert urls.edition_url("2023-W21") == "/editions/2023-W21/"
    assert urls.editions_feed_url("daily") == "/editions/feed.xml"
    assert urls.editions_feed_url("weekly") == "/editions/weekly/feed.xml"
    with pytest.raises(ValueError, match="monthly"):
        urls.editions_feed_url("monthly")


def test_archive_urls() -> None:
    assert urls.archive_url() == "/archive/"
    assert urls.archive_url(2023, 5) == "/archive/2023/05/"
    assert urls.archive_url(2023, 11, page=2) == "/archive/2023/11/page/2/"
    with pytest.raises(ValueError):
        urls.archive_url(2023)  # there are no year pages: a URL for one would be a 404
    with pytest.raises(ValueError):
        urls.archive_url(month=5)


def test_fixed_pages() -> None:
    fixed = {
        urls.home_url(): "/",
        urls.feed_url(): "/feed.xml",
        urls.json_feed_url(): "/feed.json",
        urls.sitemap_url(): "/sitemap.xml",
        urls.robots_url(): "/robots.txt",
        urls.not_found_url(): "/404.html",
        urls.stylesheet_url(): "/assets/style.css",
    }
    assert list(fixed) == list(fixed.values())


@pytest.mark.parametrize(
    ("base_url", "inside", "outside"),
    [
        ("https://example.org/", "/topics/x/", "https://example.org/topics/x/"),
        (
            "https://example.org/digest/",
            "/digest/topics/x/",
            "https://example.org/digest/topics/x/",
        ),
        ("http://localhost:8000/a/b/", "/a/b/topics/x/", "http://localhost:8000/a/b/topics/x/"),
    ],
)
def test_with_base_and_absolute_join_once(base_url: str, inside: str, outside: str) -> None:
    site = config(base_url)

    assert urls.with_base(site.base_path, "/topics/x/") == inside
    assert urls.absolute(site.base_url, "/topics/x/") == outside
    assert (
        urls.with_base(site.base_path, "topics/x/") == inside
    )  # a slash more or less changes nothing
    assert urls.absolute(site.base_url, urls.home_url()) == base_url


@pytest.mark.parametrize(
    ("url", "out_path"),
    [
        ("/", "index.html"),
        ("/2024/05/20/chip-talks/", "2024/05/20/chip-talks/index.html"),
        ("/topics/china/page/2/", "topics/china/page/2/index.html"),
        ("/feed.xml", "feed.xml"),
        ("/topics/china/feed.xml", "topics/china/feed.xml"),
        ("/404.html", "404.html"),
    ],
)
def test_url_to_out_path_writes_clean_urls_as_index_files(url: str, out_path: str) -> None:
    assert urls.url_to_out_path(url) == out_path


def test_no_other_module_of_builder_spells_a_site_path() -> None:
    """Issue 11's acceptance grep: site paths live in builder/urls.py only."""
    found = subprocess.run(
        ["git", "grep", "-nE", r"['\"]/(topics|editions|archive|authors)/", "builder/"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode == 128:  # not a git checkout (an unpacked release)
        pytest.skip("not a git checkout")
    others = [line for line in found.stdout.splitlines() if not line.startswith("builder/urls.py:")]
    assert others == []
