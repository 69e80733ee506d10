"""load/htmlwork: the estimate of nh3's work that lets the time budget cover sanitizing.

The shapes below were timed once with nh3 on the shared 2-core machine (issue 27, item
10); the tests hold the estimate to at least those times, so they never time anything.
"""

from __future__ import annotations

import markdown
import pytest
from helpers import shared

from builder.load.htmlwork import UNITS_PER_SECOND, tree_work


def seconds(fragment: str, limit: float = float("inf")) -> float:
    return tree_work(fragment, limit * UNITS_PER_SECOND) / UNITS_PER_SECOND


def nested(n: int) -> str:
    return "<div>" * n + "x" + "</div>" * n


def reopened(paragraphs: int, per: int = 10) -> str:
    """Unclosed formatting elements that every next paragraph re-creates."""
    tags = ("".join(f'<b id="{j}-{i}">' for i in range(per)) for j in range(paragraphs))
    return "".join(f"<p>{opened}x</p>" for opened in tags)


MEASURED = [
    ("180000-nested-divs", nested(180_000), 121.0),  # the body
    ("40000-nested-divs", nested(40_000), 6.3),
    ("unclosed-b-in-1000-paragraphs", reopened(1000), 52.0),
    ("unclosed-b-in-200-paragraphs", reopened(200), 0.7),
    ("80000-attributes", "<div " + " ".join(f"a{i}=x" for i in range(80_000)) + ">", 3.1),
    ("400000-references", "&amp;" * 400_000, 4.1),
    ("li-ul-misnested", "<li><ul></li>" * 10_000, 1.6),
]


@pytest.mark.parametrize(
    ("fragment", "took"), [m[1:] for m in MEASURED], ids=[m[0] for m in MEASURED]
)
def test_each_slow_shape_is_estimated_at_least_at_what_nh3_took(fragment: str, took: float) -> None:
    assert seconds(fragment, limit=took) >= took


@pytest.mark.parametrize(
    "unit",
    [
        "<li><ul></li>",  # </li> past a <ul>: not in list-item scope, ignored
        "<div><table></div>",  # </div> past a <table>: not in scope, ignored
        '<b id="{i}"><div></b>',  # the adoption agency moves <b>, keeping the stack's size
        '<p><i id="{i}">x</p>',  # <i> stays active and is re-created in every paragraph
    ],
)
def test_misnested_html_grows_as_the_tree_builder_does(unit: str) -> None:
    """Twice the repetitions, at least three times the work: it is counted as quadratic."""
    small = "".join(unit.format(i=i) for i in range(500))
    large = "".join(unit.format(i=i) for i in range(1000))
    assert tree_work(large) >= 3 * tree_work(small) > 0


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>a <strong>b</strong> <em>c</em> <a href='x'>d</a></p>\n" * 20_000,
        "<ul>" + "<li>item" * 20_000 + "</ul>",  # end tags left out, as HTML allows
        "<table>" + "<tr><td>a<td>b" * 10_000 + "</table>",
        '<a name="x">anchor' * 20_000,  # a new <a> ends the open one
        "<p><b>bold, never closed" + "<p>more" * 20_000,  # identical: at most three stay
    ],
    ids=["well-formed", "open-li", "open-td", "open-a", "open-b"],
)
def test_long_but_ordinary_html_is_far_below_a_second(fragment: str) -> None:
    assert seconds(fragment) < 0.5


def test_counting_stops_at_the_limit() -> None:
    assert 1.0 <= seconds(nested(180_000), limit=1.0) < 1.1


def test_real_articles_are_a_thousand_times_below_the_default_budget() -> None:
    """The largest articles of two real corpora, as Python-Markdown renders them."""
    paths = [
        path
        for corpus in ("digitalgov-news", "opentelemetry-blog")
        for path in sorted(
            shared(f"corpora/{corpus}").rglob("*.md"), key=lambda p: -p.stat().st_size
        )
        if path.stat().st_size < 2_000_000
    ]
    largest = sorted(paths, key=lambda p: -p.stat().st_size)[:40]
    extensions = ["tables", "fenced_code", "footnotes"]
    worst = max(seconds(markdown.markdown(p.read_text(), extensions=extensions)) for p in largest)
    assert worst < 10.0 / 1000
