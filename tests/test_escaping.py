"""Hostile titles and summaries are escaped exactly once: in HTML, in XML feeds, in JSON-LD."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import feedparser
import html5lib
import pytest
from helpers import SITES, digest

TITLE = '<script>alert(1)</script> & "Ünïcode" 秦刚'
SUMMARY = 'Summary with <b>tags</b> & "quotes" — 秦刚'


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("escaping") / "public"
    run = digest("build", "--site", SITES / "escaping", "--out", target)
    assert run.code == 0, run.err
    return target


def page(out: Path) -> str:
    return (out / "2024/05/01/hostile/index.html").read_text()


def test_html_shows_the_title_text_once_escaped(out: Path) -> None:
    text = page(out)
    h1 = re.search(r"<h1>(.*?)</h1>", text).group(1)
    assert html.unescape(h1) == TITLE  # escaped once: unescaping once gives the text back
    assert "&amp;lt;" not in text and "&amp;amp;" not in text
    assert "<script>alert" not in text


def test_no_script_or_event_handler_survives_in_the_page(out: Path) -> None:
    document = html5lib.parse(page(out), namespaceHTMLElements=False)
    scripts = [s for s in document.iter("script") if s.get("type") != "application/ld+json"]
    assert scripts == []
    for element in document.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.attrib
        assert not element.get("href", "").lower().startswith("javascript:")


def test_feeds_give_back_the_exact_title_and_summary(out: Path) -> None:
    for path in (out / "feed.xml", *sorted((out / "topics").rglob("feed.xml"))):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, path
        entry = parsed.entries[0]
        assert entry.title == TITLE
        assert entry.summary == SUMMARY
        assert "<script>alert(2)" not in entry.content[0].value
    assert (
        feedparser.parse((out / "feed.xml").read_bytes()).feed.title == 'Escaping <Fixture> & "Co"'
    )


def test_jsonld_and_json_feed_give_back_the_exact_text(out: Path) -> None:
    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page(out), re.S
    ).group(1)
    assert "</script" not in script.lower()
    data = json.loads(script)
    assert data["headline"] == TITLE
    assert data["description"] == SUMMARY
    assert data["keywords"] == ["<img src=x onerror=alert(1)>", "R&D"]
    feed = json.loads((out / "feed.json").read_text())
    assert feed["items"][0]["title"] == TITLE
