"""Authors (issue 15, item 3): vocabulary, /authors/{slug}/ pages and feeds, bylines, JSON-LD."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from helpers import SITES, digest
from helpers.articles import site_config
from PIL import Image

from builder.config import load_config
from builder.errors import ConfigError


def authors_site(root: Path) -> Path:
    """A copy of tests/sites/authors with its images, made here with Pillow."""
    site = root / "authors"
    shutil.copytree(SITES / "authors", site)
    images = site / "static" / "images"
    images.mkdir(parents=True)
    Image.new("RGB", (1600, 900), (40, 90, 60)).save(images / "grid.jpg", quality=80)
    Image.new("RGB", (600, 60), (20, 20, 80)).save(images / "logo.png")
    return site


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = authors_site(tmp_path_factory.mktemp("authors"))
    run = digest("build", "--site", site)
    assert run.code == 0, run.err
    return site / "public"


def test_each_author_has_paginated_pages(out: Path) -> None:
    jane = out / "authors" / "jane-doe"
    assert {p.relative_to(out).as_posix() for p in out.glob("authors/**/index.html")} == {
        "authors/index.html",
        "authors/jane-doe/index.html",
        "authors/jane-doe/page/2/index.html",
        "authors/jane-doe/page/3/index.html",
        "authors/sam-roe/index.html",
    }
    first = (jane / "index.html").read_text()
    assert "<h1>Jane Doe</h1>" in first and "Covers energy and climate." in first
    assert 'href="https://jane.example.net/" rel="me"' in first
    assert "Solar roofs double" in first  # newest first, one a page (per_page: 1)
    assert "The grid gets a battery" in (jane / "page/3/index.html").read_text()


def test_each_author_has_an_atom_feed(out: Path) -> None:
    feed = feedparser.parse((out / "authors/jane-doe/feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "Jane Doe — Bylines Daily"
    assert [e.title for e in feed.entries] == [
        "Solar roofs double",
        "Wind farm approved",
        "The grid gets a battery",
    ]


def test_the_index_lists_every_author(out: Path) -> None:
    page = (out / "authors/index.html").read_text()
    names = re.findall(r'<a href="/authors/([^/]+)/">([^<]+)</a> <span class="count">(\d+)', page)
    assert names == [("jane-doe", "Jane Doe", "3"), ("sam-roe", "Sam Roe", "1")]


def test_bylines_link_to_the_author_pages(out: Path) -> None:
    page = (out / "2024/05/03/solar/index.html").read_text()
    assert (
        '· By <a class="byline" rel="author" href="/authors/sam-roe/">Sam Roe</a>'
        ' and <a class="byline" rel="author" href="/authors/jane-doe/">Jane Doe</a>'
    ) in page
    wind = (out / "2024/05/02/wind/index.html").read_text()
    assert 'href="/authors/jane-doe/">Jane Doe</a>' in wind  # the alias J. Doe


def test_jsonld_author_is_an_array_of_person(out: Path) -> None:
    page = (out / "2024/05/03/solar/index.html").read_text()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block
    assert json.loads(block.group(1))["author"] == [
        {
            "@type": "Person",
            "name": "Sam Roe",
            "url": "https://bylines.example.org/authors/sam-roe/",
        },
        {
            "@type": "Person",
            "name": "Jane Doe",
            "url": "https://bylines.example.org/authors/jane-doe/",
        },
    ]


def test_the_vocabulary_as_read() -> None:
    config = load_config(SITES / "authors")
    jane, desk = config.authors
    assert (jane.name, jane.slug, jane.url, jane.aliases) == (
        "Jane Doe",
        "jane-doe",
        "https://jane.example.net/",
        ("J. Doe",),
    )
    assert (desk.name, desk.bio, desk.url) == ("Desk", "", None)


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("authors:\n  Jane:\n    bio: x\n    photo: y\n", "site.yaml:4: unknown key 'photo'"),
        (
            "authors:\n  Jane:\n    url: jane.html\n",
            "site.yaml:2: authors.Jane.url must be an http(s) URL",
        ),
        ("authors:\n  Jane:\n  jane:\n", "site.yaml:3: authors: 'jane' is also 'Jane'"),
        ("authors:\n  Jane: [x]\n", "site.yaml:2: authors.Jane must be a mapping"),
    ],
)
def test_bad_vocabulary_is_a_config_error(yaml_text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        site_config(yaml_text)
    assert any(str(p).startswith(message) for p in caught.value.problems), caught.value.problems
