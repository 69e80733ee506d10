"""Issue 22, item 5: headings as a Hugo site writes them, on tests/sites/headings.

Attributes (``## Setup {#setup .wide}``) are on by default; ``markdown.heading_ids: github``
gives Hugo's ids, so an old link to ``#a---b`` still lands; the setting keys the caches,
so changing it rebuilds the pages it changes.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from helpers import digest

PAGE = "public/2024/05/01/install-guide/index.html"
NOW = ("--now", "2030-01-01")


def build(site: Path, *extra: str) -> str:
    run = digest("build", "--site", site, *NOW, *extra)
    assert run.code == 0, run.err
    return (site / PAGE).read_text()


def headings(page: str) -> list[str]:
    return re.findall(r"<h[2-6][^>]*>.*?</h[2-6]>", page.split('class="body"', 1)[1])


def ids(page: str) -> list[str]:
    return [re.search(r'id="([^"]*)"', h).group(1) for h in headings(page)]  # type: ignore[union-attr]


def anchors(page: str) -> list[str]:
    return re.findall(r'href="#([^"]+)"', page.split('class="body"', 1)[1])


def with_ids(site: Path, rule: str, engine: str = "") -> None:
    lines = f"markdown:\n  heading_ids: {rule}\n" + (f"  engine: {engine}\n" if engine else "")
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + lines)


def test_heading_attributes_apply_by_default_and_no_braces_show(make_site) -> None:
    page = build(make_site("headings"))
    shown = headings(page)
    assert '<h2 id="setup">Setting things up</h2>' in shown
    assert '<h2 class="callout wide" id="a-warning-box">A warning box</h2>' in shown
    assert '<h3 id="notes-2024">Notes &amp; 2024</h3>' in shown  # data-toc-label is toc's
    assert '<h2 class="k" id="kd">Kramdown heading</h2>' in shown  # Jekyll's {: #kd .k}
    assert not [h for h in shown if "{#" in h and "not-an-id" not in h]
    assert "Braces as text {#not-an-id}</h2>" in page  # escaped: text, as in Hugo
    assert "<p>A paragraph ending in {#braces} keeps them.</p>" in page  # headings only


def test_the_default_ids_are_python_markdowns_and_break_the_old_anchor(make_site) -> None:
    page = build(make_site("headings"))
    assert ids(page)[2:6] == ["a-b", "notes-2024", "grue-aus-koln", "a-b_1"]
    assert "a---b" not in ids(page)


def test_hugos_rule_keeps_every_anchor_the_page_links_to(make_site) -> None:
    site = make_site("headings")
    with_ids(site, "github")
    page = build(site)
    assert ids(page)[2:6] == ["a---b", "notes-2024", "grüße-aus-köln", "a---b-1"]
    assert anchors(page) == ["setup", "a---b", "notes-2024"]
    assert set(anchors(page)) <= set(ids(page))


def test_github_ascii_drops_accents(make_site) -> None:
    site = make_site("headings")
    with_ids(site, "github-ascii")
    assert ids(build(site))[4] == "grue-aus-koln"  # ü is u; ß has no ASCII form: dropped


def test_changing_the_setting_rebuilds_what_it_changes(make_site) -> None:
    site = make_site("headings")
    assert "a-b" in ids(build(site))  # warms the parse cache and the page fingerprints
    with_ids(site, "github")
    run = digest("build", "--site", site, *NOW, "--verify")
    assert run.code == 0, run.err  # the warm build is what a clean build makes
    assert "a---b" in ids((site / PAGE).read_text())


@pytest.mark.skipif(not importlib.util.find_spec("cmarkgfm"), reason="newsdigest[fast] absent")
def test_cmark_gives_the_same_ids_and_attributes(make_site) -> None:
    python_markdown = make_site("headings")
    cmark = python_markdown.parent / "cmark"
    shutil.copytree(python_markdown, cmark)
    with_ids(python_markdown, "github")
    with_ids(cmark, "github", "cmark-gfm")
    # but for the escaped \{#not-an-id}: cmark drops the backslash, so it reads as an id
    # (docs/site-yaml.md says so)
    expected = [
        i if i != "braces-as-text-not-an-id" else "not-an-id" for i in ids(build(python_markdown))
    ]
    assert ids(build(cmark)) == expected


def test_an_unknown_rule_is_a_site_yaml_error(make_site) -> None:
    site = make_site("headings")
    with_ids(site, "hugo")
    run = digest("check", "--site", site)
    assert run.code == 2
    assert "markdown.heading_ids must be one of toc, github, github-ascii, not 'hugo'" in run.err
    assert re.search(r"site\.yaml:\d+: ", run.err)
