"""Markdown rendering: raw HTML modes, summaries, word counts."""

from __future__ import annotations

import pytest
from helpers import digest

from builder.config import MarkdownConfig
from builder.load.markdown import MarkdownRenderer, cut


def body(site, mode: str) -> str:
    config = f"title: Raw HTML\nmarkdown:\n  raw_html: {mode}\n  extensions: [attr_list]\n"
    (site / "site.yaml").write_text(config)
    run = digest("build", "--site", site)
    assert run.code == 0, run.err
    page = (site / "public/2024/04/01/raw/index.html").read_text()
    return page[page.index('<div class="body">') : page.index("</article>")]


def test_sanitize_keeps_markup_and_drops_scripts_handlers_and_bad_schemes(make_site) -> None:
    html = body(make_site("rawhtml"), "sanitize")
    assert "<em>markup</em>" in html
    assert '<abbr title="Associated Press">AP</abbr>' in html
    assert "<p>inside</p>" in html
    assert '<a href="https://example.org/a?b=1">ok</a>' in html
    assert "Paragraph</p>" in html  # attr_list's onclick was dropped, the text kept
    for bad in (
        "<script",
        "onclick",
        "onerror",
        "onload",
        "<iframe",
        "<svg",
        "javascript:",
        "data:",
        "vbscript:",
    ):
        assert bad not in html, bad


def test_escape_shows_raw_html_as_text(make_site) -> None:
    html = body(make_site("rawhtml"), "escape")
    assert "&lt;em&gt;markup&lt;/em&gt;" in html
    assert "<script" not in html and "javascript:" not in html


def test_keep_passes_raw_html_through_for_trusted_sites(make_site) -> None:
    html = body(make_site("rawhtml"), "keep")
    assert '<div onclick="alert(1)">' in html


@pytest.fixture
def renderer() -> MarkdownRenderer:
    return MarkdownRenderer(MarkdownConfig())


def test_summary_is_the_first_paragraph_as_plain_text(renderer) -> None:
    result = renderer.render(
        "# Heading\n\nFirst *para* with [a link](https://x.org) &amp; more.\n\nSecond."
    )
    assert result.summary == "First para with a link & more."
    assert result.word_count == 8  # Heading First para with a link more Second


def test_summary_is_the_text_before_the_more_marker(renderer) -> None:
    result = renderer.render("One.\n\nTwo.\n\n<!--more-->\n\nThree.")
    assert result.summary == "One. Two."
    assert "more" not in result.html


def test_long_first_paragraphs_are_cut_at_a_word_boundary() -> None:
    text = "word " * 100
    assert cut(text.strip(), 23) == "word word word word…"
    assert cut("short", 23) == "short"


def test_heading_ids_for_the_toc_extension(renderer) -> None:
    assert '<h2 id="a-heading">A heading</h2>' in renderer.render("## A heading").html
