"""The OpenTelemetry blog builds with its translations (issue 26, acceptance 2): each ja,
es, pt, uk and zh post is linked both ways with its English original by hreflang, and
the sitemap's alternates are the pages' own. ../shared/corpora/opentelemetry-blog (read
its SOURCE.md), with tests/sites/opentelemetry/site.yaml; skips where ../shared is absent.

Its page bundles (``YEAR/NAME/index.md``) build here as plain stories with the slug
``index`` until issue 22's bundles land; translations pair by the shared path all the same.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import digest, shared

from builder import pipeline
from builder.config import load_config
from builder.index.publication import Selection

SITE = Path(__file__).parent / "sites" / "opentelemetry"
TRANSLATED = ("ja", "es", "pt", "uk", "zh")
POSTS = {"ja": 96, "es": 7, "pt": 7, "uk": 3, "zh": 3}
"""Posts per language in the corpus (SOURCE.md counts its ``_index.md`` section pages too)."""
BASE = "https://opentelemetry.io/"
NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
_LINK = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = shared("corpora/opentelemetry-blog")
    site = tmp_path_factory.mktemp("otel") / "site"
    shutil.copytree(SITE, site)
    shutil.copytree(corpus / "content", site / "content")
    run = digest("build", "--site", site, "--now", NOW.isoformat(), "-q")
    assert run.code == 0, run.err
    return site


def posts(site: Path, code: str) -> list[Path]:
    folder = site / "content" / code
    return sorted(p for p in folder.rglob("*.md") if not p.name.startswith("_"))


def urls_of(site: Path) -> dict[str, str]:
    """Each post's URL (``src_path`` -> URL), as the index stage of that build places it."""
    if site not in _URLS:
        found, _, _ = pipeline.index_site(load_config(site), Selection(now=NOW))
        _URLS[site] = {a.src_path: a.url for a in found.articles}
    return _URLS[site]


_URLS: dict[Path, dict[str, str]] = {}


def page_of(site: Path, post: Path) -> Path:
    url = urls_of(site)[post.relative_to(site).as_posix()]
    return site / "public" / url.strip("/") / "index.html"


def alternates(page: Path) -> dict[str, str]:
    return dict(_LINK.findall(page.read_text(encoding="utf-8")))


def url_of(site: Path, page: Path) -> str:
    return BASE + page.parent.relative_to(site / "public").as_posix() + "/"


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_translation_and_its_original_link_to_each_other(built: Path, code: str) -> None:
    translations = posts(built, code)
    assert len(translations) == POSTS[code]
    linked = 0
    for post in translations:
        original = built / "content" / "en" / post.relative_to(built / "content" / code)
        assert original.is_file(), post  # every translation's original is in the copy
        page, english = page_of(built, post), page_of(built, original)
        theirs, ours = alternates(page), alternates(english)
        assert theirs.get("en") == url_of(built, english), post
        assert ours.get(code) == url_of(built, page), original
        assert theirs == ours, post  # one set of alternates, the same on every member
        assert theirs["x-default"] == theirs["en"]
        linked += 1
    assert linked == POSTS[code]


def test_the_sitemaps_alternates_match_the_pages(built: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built / "public" / "sitemap.xml").getroot()
    checked = 0
    for entry in root.findall("s:url", ns):
        links = {x.get("hreflang"): x.get("href") for x in entry.findall("x:link", ns)}
        loc = entry.find("s:loc", ns).text
        page = built / "public" / loc.removeprefix(BASE) / "index.html"
        if links and page.is_file():
            assert alternates(page) == links, loc
            checked += 1
    assert checked > 2 * sum(POSTS.values())  # every pair's two sides, and more pages
