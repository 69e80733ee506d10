"""Google News sitemap and the sitemap index (issue 15, item 2; acceptance 3).

Files are validated with lxml against the schemas in tests/schemas/ (see its
README for where each comes from).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import digest
from helpers.articles import site_config

from builder.errors import ConfigError
from builder.model import Page
from builder.plan.news import news_language
from builder.plan.sitemap import sitemap_pages
from builder.render import render_pages
from builder.render.environment import make_environment

etree = pytest.importorskip("lxml.etree")
SCHEMAS = Path(__file__).parent / "schemas"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}


def schema(name: str):  # type: ignore[no-untyped-def]
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid(data: bytes, name: str):  # type: ignore[no-untyped-def]
    tree = etree.fromstring(data)
    checker = schema(name)
    assert checker.validate(tree), checker.error_log
    return tree


def test_news_sitemap_lists_the_last_two_days_and_validates(make_site) -> None:
    site = make_site("schedule")
    run = digest("build", "--site", site, "--now", "2026-12-02T07:00+01:00")
    assert run.code == 0, run.err
    out = site / "public"
    tree = valid((out / "news-sitemap.xml").read_bytes(), "news-sitemap.xsd")
    assert tree.xpath("//s:loc/text()", namespaces=NS) == [
        "https://example.org/2026/11/20/scheduled/"
    ]
    assert tree.xpath("//n:publication_date/text()", namespaces=NS) == ["2026-12-02T06:00:00+01:00"]
    assert tree.xpath("//n:name/text()", namespaces=NS) == ["Scheduled Digest"]
    assert tree.xpath("//n:language/text()", namespaces=NS) == ["en"]
    assert tree.xpath("//n:title/text()", namespaces=NS) == ["Scheduled story"]
    valid((out / "sitemap.xml").read_bytes(), "sitemap.xsd")
    robots = (out / "robots.txt").read_text()
    assert "Sitemap: https://example.org/sitemap.xml\n" in robots
    assert "Sitemap: https://example.org/news-sitemap.xml\n" in robots


def test_no_recent_story_gives_an_empty_urlset(make_site) -> None:
    """Well-formed, no ``url``: sitemap 0.9's XSD wants one, so only the root is checked."""
    site = make_site("schedule")
    assert digest("build", "--site", site, "--now", "2026-12-20").code == 0
    tree = etree.fromstring((site / "public" / "news-sitemap.xml").read_bytes())
    assert tree.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert len(tree) == 0


def test_news_disabled_and_publication_name(make_site) -> None:
    site = make_site("schedule")
    config = site / "site.yaml"
    config.write_text(config.read_text() + "news:\n  enabled: false\n")
    assert digest("build", "--site", site, "--now", "2026-12-02T07:00").code == 0
    assert not (site / "public" / "news-sitemap.xml").exists()
    assert "news-sitemap" not in (site / "public" / "robots.txt").read_text()
    config.write_text(config.read_text().replace("enabled: false", "publication_name: The Paper"))
    (site / "site.yaml").write_text(config.read_text() + "language: zh-Hant-TW\n")
    assert digest("build", "--site", site, "--now", "2026-12-02T07:00").code == 0
    tree = valid((site / "public" / "news-sitemap.xml").read_bytes(), "news-sitemap.xsd")
    assert tree.xpath("//n:name/text()", namespaces=NS) == ["The Paper"]
    assert tree.xpath("//n:language/text()", namespaces=NS) == ["zh-tw"]


def test_unknown_news_key_is_a_config_error(make_site) -> None:
    site = make_site("schedule")
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "news:\n  enable: true\n")
    run = digest("build", "--site", site)
    assert run.code == 2
    assert "site.yaml:5: unknown key 'enable' (did you mean 'enabled'?)" in run.err


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("zh-CN", "zh-cn"),
        ("zh-TW", "zh-tw"),
        ("zh", "zh-cn"),
        ("zh-Hant", "zh-tw"),
        ("pt_BR", "pt"),
    ],
)
def test_news_language(language: str, code: str) -> None:
    assert news_language(language) == code


def test_at_most_1000_news_entries(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "site.yaml").write_text("title: Busy\nbase_url: https://example.org/\n")
    start = datetime(2026, 12, 1, tzinfo=UTC)
    for n in range(1003):
        when = (start + timedelta(minutes=n)).isoformat()
        (content / f"s{n}.md").write_text(f"---\ntitle: Story {n}\ndate: {when}\n---\nx\n")
    assert digest("build", "--site", tmp_path, "--now", "2026-12-02T12:00Z").code == 0
    tree = valid((tmp_path / "public" / "news-sitemap.xml").read_bytes(), "news-sitemap.xsd")
    titles = tree.xpath("//n:title/text()", namespaces=NS)
    assert len(titles) == 1000 and titles[0] == "Story 1002"  # the newest first


def test_sitemap_index_above_50000_urls() -> None:
    """Plan stage on 50,001 generated pages, then each file rendered and validated."""
    config = site_config("base_url: https://example.org/\n")
    when = datetime(2026, 1, 1, tzinfo=UTC)
    pages = [Page(f"/story/{n}/", "article.html", {}, lastmod=when) for n in range(50_001)]
    planned = sitemap_pages(pages, config)
    assert [p.url for p in planned] == [
        "/sitemap.xml",
        "/sitemaps/1.xml",
        "/sitemaps/2.xml",
        "/robots.txt",
    ]
    outputs, problems = render_pages(planned, make_environment(config), config)
    assert not problems
    files = {o.out_path: o.data for o in outputs}
    index = valid(files["sitemap.xml"], "siteindex.xsd")
    assert index.xpath("//s:loc/text()", namespaces=NS) == [
        "https://example.org/sitemaps/1.xml",
        "https://example.org/sitemaps/2.xml",
    ]
    first = valid(files["sitemaps/1.xml"], "sitemap.xsd")
    second = valid(files["sitemaps/2.xml"], "sitemap.xsd")
    assert len(first) == 50_000 and len(second) == 1
    assert len(files["sitemaps/1.xml"]) < 50 * 1024 * 1024


def test_sitemap_parts_stay_under_the_byte_limit() -> None:
    config = site_config("base_url: https://example.org/\n")
    pages = [Page(f"/{'x' * 200}/{n}/", "article.html", {}) for n in range(100)]
    planned = sitemap_pages(pages, config, max_bytes=20_000)
    parts = [p for p in planned if p.url.startswith("/sitemaps/")]
    outputs, _ = render_pages(parts, make_environment(config), config)
    assert len(parts) > 1
    assert all(len(o.data) <= 20_000 for o in outputs)
    assert sum(len(p.context["entries"]) for p in parts) == 100


def test_small_site_keeps_one_sitemap() -> None:
    config = site_config("base_url: https://example.org/\n")
    planned = sitemap_pages([Page("/a/", "article.html", {})], config)
    assert [p.template for p in planned] == ["sitemap.xml", "robots.txt"]


def test_config_news_defaults() -> None:
    config = site_config("")
    assert config.news.enabled is True and config.news.publication_name == ""
    with pytest.raises(ConfigError):
        site_config("news:\n  enabled: maybe\n")
