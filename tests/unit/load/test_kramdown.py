"""kramdown's attribute lists before Python-Markdown (builder/load/kramdown.py), on text."""

from __future__ import annotations

import pytest

from builder.load.kramdown import attribute_lists

ON = ("toc", "attr_list")


def test_a_list_under_its_block_stays_for_attr_list() -> None:
    assert attribute_lists("A lead.\n{: .lead}\n", 1, ON) == ("A lead.\n{: .lead}\n", [])


def test_a_list_before_its_block_moves_under_it() -> None:
    text, notes = attribute_lists("x\n\n{: .pre}\nBefore.\nmore\n\ny\n", 1, ON)
    assert text == "x\n\n\nBefore.\nmore\n{: .pre}\n\ny\n" and notes == []


def test_toc_becomes_python_markdowns_marker_and_keeps_the_line_count() -> None:
    text, notes = attribute_lists("* TOC\n{:toc}\n\n# A\n", 1, ON)
    assert text == "[TOC]\n\n\n# A\n" and notes == []


def test_without_attr_list_every_list_is_removed_with_a_warning_at_its_line() -> None:
    text, notes = attribute_lists("intro\n\nA lead.\n{: .lead}\n*e*{: .c}\n", 10, ("toc",))
    assert text == "intro\n\nA lead.\n\n*e*\n"
    assert [line for line, _ in notes] == [13, 14]
    assert "add attr_list to markdown.extensions" in notes[0][1]


@pytest.mark.parametrize(
    ("body", "line", "what"),
    [
        ("x\n{:note: .box}\n", 2, "a kramdown definition"),
        ('x\n{::options parse_block_html="true" /}\n', 2, "a kramdown extension"),
        ("x\n\n{: .alone}\n\ny\n", 3, "belongs to no block"),
        ("word{: .c} here\n", 1, "after no element"),
    ],
)
def test_what_python_markdown_cannot_apply_is_removed_with_a_warning(
    body: str, line: int, what: str
) -> None:
    text, notes = attribute_lists(body, 1, ON)
    assert "{:" not in text
    assert notes[0][0] == line and what in notes[0][1]


def test_a_comment_is_dropped_and_code_is_left_alone() -> None:
    body = "{::comment}\nhidden\n{:/comment}\n```\n{: .code}\n```\n`{:x}`\n"
    text, notes = attribute_lists(body, 1, ON)
    assert text == "\n\n\n```\n{: .code}\n```\n`{:x}`\n" and notes == []
