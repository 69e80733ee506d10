"""Internal links on tests/sites/links: ``.md`` paths become URLs; broken ones name their line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import SITES, digest, snapshot

from builder.load.links import is_content_link, scan

LATER = "content/2024/05/later.md"


@pytest.fixture(scope="module")
def later_html(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("links") / "public"
    run = digest("build", "--site", SITES / "links", "--out", out)
    assert run.code == 0, run.err
    return (out / "2024" / "05" / "02" / "later" / "index.html").read_text()


def body_hrefs(html: str) -> list[str]:
    body = html[html.index("<p>This follows") : html.index("</pre>")]
    return re.findall(r'href="([^"]*)"', body)


def test_links_to_content_files_become_article_urls(later_html) -> None:
    # base_url is https://example.org/news/, so every link carries /news/
    assert body_hrefs(later_html) == [
        "/news/2024/04/10/earlier/",
        "/news/2024/04/10/earlier/#details",
        "/news/2024/04/10/earlier/",  # the reference-style link
        "/news/2024/05/02/later/",
        "https://example.org/x.md",  # a web address is left alone
    ]


def test_links_shown_as_code_are_left_as_text(later_html) -> None:
    assert "[inside a code block](../04/missing.md)" in later_html
    assert "<code>[in code](missing.md)</code>" in later_html


def add_paragraph(site: Path, text: str) -> None:
    path = site / LATER
    path.write_text(path.read_text() + "\n" + text + "\n")


def line_of(site: Path, needle: str) -> int:
    lines = (site / LATER).read_text().splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize(
    ("link", "words"),
    [
        ("[gone](../04/gone.md)", "broken link '../04/gone.md': there is no article content/"),
        ("[up](../../../site.md)", "broken link '../../../site.md': it points outside content/"),
        (
            "[escaped](my%20file.md)",
            "broken link 'my%20file.md': there is no article content/2024/05/my file.md",
        ),
    ],
)
def test_a_link_to_a_missing_file_is_an_error_at_its_line(make_site, link, words) -> None:
    site = make_site("links")
    add_paragraph(site, f"Some text, then\na link: {link}.")
    before = snapshot(site)

    run = digest("build", "--site", site)

    assert run.code == 1
    assert run.err.startswith(f"{LATER}:{line_of(site, link)}: {words}"), run.err
    assert snapshot(site) == before  # nothing written, not even public/


def test_a_link_to_a_draft_is_an_error_unless_drafts_are_built(make_site) -> None:
    site = make_site("links")
    draft = site / "content" / "2024" / "05" / "draft.md"
    draft.write_text("---\ntitle: Draft\ndate: 2024-05-01\ndraft: true\n---\nx\n")
    add_paragraph(site, "See [the draft](draft.md).")

    run = digest("build", "--site", site)

    assert run.code == 1
    line = line_of(site, "draft.md")
    assert run.err.startswith(
        f"{LATER}:{line}: broken link 'draft.md': content/2024/05/draft.md is a draft"
    )
    assert digest("build", "--site", site, "--drafts", "-q").code == 0


def test_a_link_to_a_future_story_is_an_error_unless_future_is_built(make_site) -> None:
    site = make_site("links")
    (site / "content" / "2024" / "05" / "scheduled.md").write_text(
        "---\ntitle: Scheduled\ndate: 2999-01-01\n---\nx\n"
    )
    add_paragraph(site, "See [soon](scheduled.md).")

    run = digest("build", "--site", site)

    assert run.code == 1
    assert "is dated 2999-01-01, in the future" in run.err
    assert digest("build", "--site", site, "--future", "-q").code == 0


def test_a_draft_with_a_broken_link_does_not_fail_the_build(make_site) -> None:
    site = make_site("links")
    path = site / LATER
    path.write_text(path.read_text().replace("topics:", "draft: true\ntopics:") + "[x](no.md)\n")
    assert digest("build", "--site", site, "-q").code == 0


def test_each_link_to_the_same_missing_file_is_reported() -> None:
    links = scan("[a](gone.md) text\n\n```\n[b](gone.md)\n```\n\nmore [c](<gone.md>)\n", 10)
    assert links == (("gone.md", 10), ("gone.md", 16))


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("../04/x.md", True),
        ("x.md#part", True),
        ("x.MD", True),
        ("https://example.org/x.md", False),
        ("/2024/x.md", False),
        ("#x.md", False),
        ("mailto:a@x.md", False),
        ("x.md.html", False),
        ("x", False),
    ],
)
def test_is_content_link(target, expected) -> None:
    assert is_content_link(target) is expected
