"""load/headings: Hugo's heading ids and heading attributes, on strings.

The expected ids are Hugo's own (markup/goldmark/autoid_test.go, "generated manually on
github.com"), so a change that drifts from Hugo fails here.
"""

from __future__ import annotations

import re

import pytest

from builder.config import MarkdownConfig
from builder.load.headings import hugo_id, trailing_attributes, unique_hugo_id
from builder.load.markdown import MarkdownRenderer, cmark_headings

HUGO = [
    ("God is good: 神真美好", "god-is-good-神真美好"),
    ("Number 32", "number-32"),
    ("Question?", "question"),
    ("1+2=3", "123"),
    ('Special !"#$%&(parens)=?´* chars', "special-parens-chars"),
    ("Resumé", "resumé"),
    ("One-Hyphen", "one-hyphen"),
    ("Multiple--Hyphens", "multiple--hyphens"),
    ("Trailing hyphen-", "trailing-hyphen-"),
    ("Many   spaces  here", "many---spaces--here"),
    ("Forward/slash", "forwardslash"),
    ("Backward\\slash", "backwardslash"),
    ("Under_score", "under_score"),
    ("Nonbreaking\u00a0Space", "nonbreakingspace"),
    ("Tab\tSpace", "tabspace"),
    ("Trailing Space ", "trailing-space"),
    ("a---b", "a---b"),
]


@pytest.mark.parametrize(("text", "expected"), HUGO)
def test_hugo_ids_match_hugos_own_table(text: str, expected: str) -> None:
    assert hugo_id(text) == expected


def test_hugo_ascii_ids_drop_accents_then_everything_outside_ascii() -> None:
    assert hugo_id("god is神真美好 good", ascii_only=True) == "god-is-good"
    assert hugo_id("Resumé", ascii_only=True) == "resume"


def test_repeats_get_a_hyphen_and_a_number_and_empty_ones_are_heading() -> None:
    used: set[str] = {"intro"}
    got = [unique_hugo_id(s, used) for s in ("intro", "intro", "", "", "intro-1")]
    assert got == ["intro-1", "intro-2", "heading", "heading-1", "intro-1-1"]


def test_trailing_attributes_are_read_only_when_they_parse() -> None:
    assert trailing_attributes("Setup {#setup .wide}") == (
        "Setup",
        [("id", "setup"), (".", "wide")],
    )
    assert trailing_attributes("Kramdown {: #kd}") == ("Kramdown", [("id", "kd")])
    assert trailing_attributes("No space{#x}") is None  # attr_list needs a space before
    assert trailing_attributes("Ends in {x}}") is None  # a stray brace: text, not attributes
    assert trailing_attributes("Plain heading") is None


@pytest.mark.parametrize("rule", ["toc", "github"])
def test_a_heading_attribute_sets_the_id_and_class_and_leaves_the_text(rule: str) -> None:
    html = MarkdownRenderer(MarkdownConfig(heading_ids=rule)).to_html(
        "## Setting up {#setup .wide}\n\n## Setting up\n\nText {#kept}\n"
    )
    assert '<h2 class="wide" id="setup">Setting up</h2>' in html
    assert "<p>Text {#kept}</p>" in html  # only headings: Goldmark's default
    assert '<h2 id="setting-up">Setting up</h2>' in html  # the same text, its own id


def test_the_toc_rule_and_hugos_differ_where_an_old_anchor_would_break() -> None:
    body = "## a---b\n\n## a---b\n\n## Q&A: yes/no\n\n## Many   spaces\n"
    toc = MarkdownRenderer(MarkdownConfig()).to_html(body)
    hugo = MarkdownRenderer(MarkdownConfig(heading_ids="github")).to_html(body)
    assert _ids(toc) == ["a-b", "a-b_1", "qa-yesno", "many-spaces"]
    assert _ids(hugo) == ["a---b", "a---b-1", "qa-yesno", "many---spaces"]  # spaces as written


def test_hugo_ids_need_no_toc_extension_and_keep_explicit_ones_unique() -> None:
    config = MarkdownConfig(extensions=(), heading_ids="github")
    html = MarkdownRenderer(config).to_html("## Intro\n\n## Other {#intro}\n")
    assert _ids(html) == ["intro-1", "intro"]  # an explicit id is never taken


def test_cmark_output_gets_the_same_attributes_and_ids() -> None:
    fragment = "<h2>a---b</h2>\n<h2>Setup {#setup .wide data-x=&quot;1&quot;}</h2>"
    assert cmark_headings(fragment, "github") == (
        '<h2 id="a---b">a---b</h2>\n<h2 id="setup" class="wide" data-x="1">Setup</h2>'
    )
    assert cmark_headings("<h2>Setup {#setup}</h2>", None) == '<h2 id="setup">Setup</h2>'


def _ids(html: str) -> list[str]:
    return re.findall(r'<h\d[^>]* id="([^"]*)"', html)
