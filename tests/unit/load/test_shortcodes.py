"""The Hugo shortcode parser, on text in memory (builder/load/shortcodes.py).

Liquid is python-liquid's: tests/unit/load/test_liquid.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.load.shortcodes import MAX_NESTING, Call, parse


def calls(text: str, first_line: int = 1) -> list[Call]:
    parsed = parse(text, first_line)
    assert parsed.problems == ()
    return [p for p in parsed.pieces if isinstance(p, Call)]


def one(text: str) -> Call:
    (call,) = calls(text)
    return call


def problems(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    return list(parse(text, first_line).problems)


# Hugo


def test_hugo_positional_arguments_quoted_backquoted_and_bare() -> None:
    call = one('{{< ref "a b.md" `raw "x"` bare >}}')
    assert (call.kind, call.name, call.args, call.params) == (
        "hugo",
        "ref",
        ("a b.md", 'raw "x"', "bare"),
        (),
    )


def test_hugo_named_arguments_quoted_and_bare_with_escaped_quotes() -> None:
    call = one('{{< img src="persona-template" alt="a \\"b\\" >}}" width=300 >}}')
    assert call.params == (("src", "persona-template"), ("alt", 'a "b" >}}'), ("width", "300"))


def test_hugo_markdown_form_pair_with_inner_text() -> None:
    call = one("{{% note %}}\n*inner*\n{{% /note %}}")
    assert call.kind == "hugo-markdown"
    assert call.inner_text == "\n*inner*\n"
    assert call.body == ("\n*inner*\n",)


def test_hugo_pair_keeps_the_raw_inner_text_and_parses_nested_calls() -> None:
    call = one('{{< note >}}\nsee {{< ref "x.md" >}}\n{{< /note >}}')
    assert call.inner_text == '\nsee {{< ref "x.md" >}}\n'
    nested = [p for p in call.body if isinstance(p, Call)]
    assert [(c.name, c.line) for c in nested] == [("ref", 2)]


def test_a_pair_may_mix_the_two_hugo_delimiters() -> None:
    call = one("{{< box >}}x{{% /box %}}")
    assert call.body == ("x",)


def test_nested_pairs_of_the_same_name_close_innermost_first() -> None:
    outer = one("{{< q >}}a{{< q >}}b{{< /q >}}c{{< /q >}}")
    inner = [p for p in outer.body if isinstance(p, Call)]
    assert outer.body[0] == "a" and outer.body[-1] == "c"
    assert inner[0].body == ("b",)


def test_self_closing_is_never_paired() -> None:
    parsed = parse("{{< youtube id=abc />}} text {{< /youtube >}}")
    first = next(p for p in parsed.pieces if isinstance(p, Call))
    assert first.body is None and first.params == (("id", "abc"),)
    assert parsed.problems == ((1, "'{{< /youtube >}}' closes nothing: no opening tag"),)


def test_an_opening_without_a_closing_stands_alone() -> None:
    parsed = parse("{{< img src=a >}} and {{< legacy-img src=b >}}")
    names = [(p.name, p.body) for p in parsed.pieces if isinstance(p, Call)]
    assert names == [("img", None), ("legacy-img", None)]


def test_the_hugo_escape_gives_the_literal_shortcode() -> None:
    parsed = parse('a {{</* img src="x" */>}} b {{%/* note */%}} c')
    assert "".join(p for p in parsed.pieces if isinstance(p, str)) == (
        'a {{< img src="x" >}} b {{% note %}} c'
    )
    assert parsed.problems == ()


def test_multi_line_tags_report_the_line_they_start_on() -> None:
    text = 'intro\n\n{{< img\n   src="a"\n   alt="b" >}}\n{{< ref "x.md" >}}'
    assert [(c.name, c.line) for c in calls(text, first_line=10)] == [("img", 12), ("ref", 15)]


def test_shortcodes_inside_code_blocks_and_spans_are_recognised() -> None:
    text = '```\n{{< ref "a.md" >}}\n```\nand `{{< ref "b.md" >}}`'
    assert [c.args for c in calls(text)] == [("a.md",), ("b.md",)]


# errors


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("x\n{{< img src=a", 2, "'{{<' is not closed by '>}}'"),
        ("{{% note", 1, "'{{%' is not closed by '%}}'"),
        ("{{</* img", 1, "'{{</*' is not closed by '*/>}}'"),
        ("{{< /note >}}", 1, "'{{< /note >}}' closes nothing: no opening tag"),
        ("{{< bad! >}}", 1, "bad shortcode name 'bad!'"),
        ("{{< >}}", 1, "bad shortcode name '(nothing)'"),
        ('{{< img src="unterminated >}}', 1, "'{{<' is not closed"),
        ("{{< img =x >}}", 1, "bad argument syntax at '=x'"),
    ],
)
def test_errors_name_the_line(text: str, line: int, message: str) -> None:
    found = problems(text)
    assert found, text
    assert found[0][0] == line
    assert message in found[0][1]


def test_pairs_nested_past_the_limit_are_an_error_not_a_crash() -> None:
    deep = "{{< q >}}\n" * (MAX_NESTING + 2) + "x" + "{{< /q >}}" * (MAX_NESTING + 2)
    found = problems(deep)
    assert found == [(MAX_NESTING + 1, f"shortcodes nested more than {MAX_NESTING} deep")]
    twice = deep + "\n" + deep  # two separate nests: one problem each, at their openings
    assert [line for line, _ in problems(twice)] == [MAX_NESTING + 1, 2 * MAX_NESTING + 4]
    assert problems("{{< q >}}" * MAX_NESTING + "{{< /q >}}" * MAX_NESTING) == []


def test_many_unclosed_openings_then_orphan_closings_each_report_once() -> None:
    found = problems("{{< a >}}" * 3000 + "{{< /z >}}" * 3000)  # linear: no rescanning
    assert len(found) == 3000


def test_all_errors_are_reported_together() -> None:
    found = problems("{{< /a >}}\n{{< b! >}}\n")
    assert sorted(line for line, _ in found) == [1, 2]


def test_liquid_text_is_not_a_shortcode() -> None:
    text = "{% image x %} {{ site.url }} {%- raw -%}"
    assert parse(text).pieces == (text,)


# property: any text gives pieces and problems, never an exception

_FRAGMENTS = st.sampled_from(
    [
        *("{{<", ">}}", "{{%", "%}}", "{%", "%}", "{{", "}}", "/*", "*/", "/", '"', "`", "'"),
        *("\\", "-", "=", ":", ",", " ", "\n", "note", "x", "{{< /note >}}", "{{< note >}}"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=4)), max_size=30))
def test_arbitrary_text_never_raises(parts: list[str]) -> None:
    text = "".join(parts)
    parsed = parse(text, 7)
    for line, message in parsed.problems:
        assert 7 <= line <= 7 + text.count("\n")
        assert message
