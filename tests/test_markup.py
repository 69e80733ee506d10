"""Markdown in a built site: the raw HTML modes of site.yaml, end to end.

The renderer itself, on strings, is tested in tests/unit/load/test_markdown.py.
"""

from __future__ import annotations

from helpers import digest


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
