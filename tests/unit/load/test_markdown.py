"""load/markdown: Markdown -> sanitized HTML, summaries and word counts, on strings."""

from __future__ import annotations

import nh3
import pytest

from builder.config import MarkdownConfig
from builder.errors import BudgetExceeded
from builder.load.markdown import (
    MarkdownRenderer,
    clean_html,
    cmark_headings,
    cut,
    plain_text,
)
from builder.load.timeout import time_budget


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


def test_sanitize_drops_scripts_handlers_and_bad_schemes_and_keeps_the_text() -> None:
    renderer = MarkdownRenderer(MarkdownConfig(raw_html="sanitize"))
    html = renderer.to_html(
        '<script>alert(1)</script>\n\n<p onclick="x()">Kept</p>\n\n'
        "[bad](javascript:alert(1)) [good](https://example.org/)"
    )
    assert "<script" not in html and "onclick" not in html and "javascript:" not in html
    assert "<p>Kept</p>" in html
    assert '<a href="https://example.org/"' in html


def test_escape_shows_raw_html_as_text_and_keep_passes_it_through() -> None:
    source = '<div onclick="x()">hi</div>'
    escaped = MarkdownRenderer(MarkdownConfig(raw_html="escape")).to_html(source)
    kept = MarkdownRenderer(MarkdownConfig(raw_html="keep")).to_html(source)
    assert "&lt;div" in escaped and "<div" not in escaped
    assert kept.strip() == source


def test_repeated_headings_get_distinct_ids() -> None:
    assert cmark_headings("<h2>Same</h2><h2>Same</h2>", "toc") == (
        '<h2 id="same">Same</h2><h2 id="same_1">Same</h2>'
    )


def test_plain_text_drops_tags_and_decodes_entities() -> None:
    assert plain_text("<p>A <em>b</em> &amp; c</p>") == "A b & c"


def test_a_body_without_a_paragraph_has_no_summary() -> None:
    result = MarkdownRenderer(MarkdownConfig()).render("# Only a heading")
    assert (result.summary, result.word_count) == ("", 3)


def test_html_the_budget_cannot_pay_for_never_reaches_nh3(monkeypatch) -> None:
    """nh3 cannot be interrupted: a fragment it could not clean in the time left is refused
    before it starts, and the budget names the stage (issue 27, item 10)."""
    given: list[int] = []
    clean = nh3.clean
    monkeypatch.setattr(
        nh3, "clean", lambda html, **kw: given.append(len(html)) or clean(html, **kw)
    )
    deep = "<div>" * 40_000 + "x" + "</div>" * 40_000
    with pytest.raises(BudgetExceeded) as raised, time_budget(1.0):
        clean_html(deep)
    assert str(raised.value) == "sanitizing"
    with pytest.raises(BudgetExceeded), time_budget(1.0):
        plain_text(deep)
    assert given == []
    assert plain_text("<p>" + "<b>x</b>" * 2_000 + "</p>").startswith("x")  # it still cleans
