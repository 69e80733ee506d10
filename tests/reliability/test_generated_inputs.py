"""Property tests (hypothesis): arbitrary front matter and Markdown never give a traceback,
and a site that builds builds to the same bytes twice (G14).

The load stage is tested on its own at many examples (it is pure and fast); whole
builds of generated three-article sites run fewer, each built twice into separate
output folders. Slugs and topics aimed at leaving the output are G3's
(``test_path_containment.py``).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from harness import PROBLEM_LINE
from helpers import digest, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.config import load_config
from builder.load import load_article
from builder.load.markdown import MarkdownRenderer
from builder.model import SourceFile

pytestmark = pytest.mark.reliability

KEYS = (
    "title", "date", "updated", "topics", "tags", "categories", "author", "authors",
    "summary", "slug", "draft", "dateline", "source", "image", "see_also", "layout", "extra",
)  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["NO", "yes", "1.10", "12:30", "01234", "2024-02-30", "2024-13-45", "~"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
META = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), VALUES, max_size=8)
RAW_YAML = st.lists(
    st.one_of(
        st.sampled_from(
            ["title: Breaking: news", 'title: "open', "  bad: indent", "- a", "&a [*a, *a]",
             "title: !!python/object/apply:os.system ['id']", "date: 2024-03-10 10:00",
             "title: x", "title: y", "? complex", "{", "key: |", "  block"]
        ),
        st.text(max_size=30),
    ),
    max_size=8,
).map("\n".join)  # fmt: skip
MARKDOWN = st.lists(
    st.one_of(
        st.sampled_from(
            ["# Head", "[x](javascript:alert(1))", "<script>alert(1)</script>", "`" * 7,
             "[" * 50, "<a " * 20, "| a | b |\n|---|---|\n| 1 | 2 |", "[^1]\n\n[^1]: note",
             "<![CDATA[", "{: onclick=x }", "<!--more-->", "---", "...", "\x0c", "\u202e"]
        ),
        st.text(max_size=60),
    ),
    max_size=10,
).map("\n\n".join)  # fmt: skip


def front_matter(meta: dict[str, object]) -> str:
    try:
        return yaml.safe_dump(meta, allow_unicode=True)
    except yaml.YAMLError:
        return "title: unrepresentable\n"


PLAUSIBLE = st.fixed_dictionaries(
    {
        "title": st.one_of(st.text(min_size=1, max_size=40), st.from_regex(r"\A\w[\w ]{0,30}\Z")),
        "date": st.one_of(st.dates(), st.datetimes(), st.sampled_from(["2024-03-10 10:00"])),
    },
    optional={key: VALUES for key in KEYS if key not in ("title", "date")},
)
"""Front matter with a title and a date, so that many examples get past the required keys."""


def article(front: st.SearchStrategy[str], body: st.SearchStrategy[str] = MARKDOWN):
    return st.tuples(front, body).map(lambda parts: f"---\n{parts[0]}\n---\n{parts[1]}\n")


ARTICLE = article(st.one_of(PLAUSIBLE.map(front_matter), META.map(front_matter), RAW_YAML))
GOOD = article(
    st.fixed_dictionaries(
        {
            "title": st.from_regex(r"\A\w[\w ]{0,30}\Z"),
            "date": st.dates(date(1990, 1, 1), date(2025, 12, 31)),
        },
        optional={
            "summary": st.text(max_size=40),
            "dateline": st.text(max_size=20),
            "author": st.text(max_size=20),
            "topics": st.lists(st.text(max_size=12), max_size=3),
            "draft": st.booleans(),
        },
    ).map(front_matter),
    MARKDOWN.filter(lambda text: "\x00" not in text),
)
"""Articles that mostly load, so that generated sites often build (and G14 is exercised)."""


@pytest.fixture(scope="module")
def loader(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    site = tmp_path_factory.mktemp("properties")
    (site / "site.yaml").write_text("title: Properties\ntimezone: Europe/Berlin\n")
    config = load_config(site)
    return config, MarkdownRenderer(config.markdown)


@settings(max_examples=400, deadline=None, database=None)
@given(text=ARTICLE)
def test_arbitrary_front_matter_and_markdown_load_to_an_article_or_path_line_problems(
    loader,  # type: ignore[no-untyped-def]
    text: str,
) -> None:
    config, renderer = loader
    loaded = load_article(SourceFile("content/a.md", text.encode()), config, renderer)
    lines = text.count("\n") + 1
    assert loaded.article is not None or loaded.problems
    for problem in loaded.problems:
        assert problem.path == "content/a.md"
        assert 1 <= problem.line <= lines, (problem, lines)
        assert PROBLEM_LINE.match(str(problem)), str(problem)
        assert "Traceback" not in problem.message


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(articles=st.lists(st.one_of(GOOD, GOOD, ARTICLE), min_size=1, max_size=3))
def test_arbitrary_sites_build_identically_twice_or_fail_with_path_line_errors(
    articles: list[str],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        (site / "content").mkdir(parents=True)
        (site / "site.yaml").write_text("title: Properties\nbase_url: https://example.org/\n")
        for i, text in enumerate(articles):
            (site / "content" / f"story-{i}.md").write_text(text)

        first = digest("build", "--site", site, "--out", Path(tmp) / "one", "-q")
        shutil.rmtree(site / ".digest-cache", ignore_errors=True)  # the second starts cold
        second = digest("build", "--site", site, "--out", Path(tmp) / "two", "-q")

        for run in (first, second):
            assert "Traceback" not in run.err and "internal error" not in run.err, run.err
        assert (first.code, first.err) == (second.code, second.err)
        assert first.code in (0, 1), first.err
        if first.code == 0:
            assert snapshot(Path(tmp) / "one") == snapshot(Path(tmp) / "two")
        else:
            lines = [line for line in first.err.splitlines() if line.strip()]
            assert lines[-1].startswith("build failed: ")
            for line in lines[:-1]:
                assert PROBLEM_LINE.match(line) or line.startswith("  "), line
            assert not (Path(tmp) / "one").exists()
