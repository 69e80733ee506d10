"""Each kind of bad article: exit 1, ``path:line: message``, no traceback, output untouched."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import SITES, digest, snapshot

PROBLEM_LINE = re.compile(r"^[^\s:][^:]*:\d+: .+")

# (file in tests/sites/bad, line the problem must name, words the message must contain)
CASES = [
    ("yaml_syntax.md", 2, "invalid YAML"),
    ("unterminated_quote.md", 2, "invalid YAML"),
    ("unterminated.md", 1, "front matter not terminated (opened at line 1"),
    ("no_title.md", 1, "'title' is required"),
    ("title_list.md", 2, "title must be text"),
    ("bad_date.md", 3, "not a real date"),
    ("impossible_date.md", 4, "not a real date"),
    ("no_date.md", 2, "'date' is required"),
    ("python_tag.md", 4, "could not determine a constructor"),
    ("slug_traversal.md", 4, "must not contain '/'"),
    ("invalid_utf8.md", 7, "not valid UTF-8: byte 0xff at column 5"),
    ("topics_mapping.md", 5, "must be text"),
    ("draft_not_bool.md", 4, "draft must be true or false"),
    ("empty.md", 1, "empty file"),
    ("duplicate_title.md", 4, "duplicate key 'title' (first at line 2)"),
    ("source_javascript.md", 6, "url must be an http(s) URL"),
    ("no_front_matter.md", 1, "no front matter"),
    ("nul_byte.md", 7, "NUL byte"),
    ("topic_no_letters.md", 4, "topic '!!!' has no letters or digits"),
    ("reserved_slug.md", 4, "slug 'CON' is a reserved file name on Windows"),
]


@pytest.fixture
def built_site(make_site):
    """The basic fixture site, built once, so each case can check the output is untouched."""
    site = make_site("basic")
    assert digest("build", "--site", site, "-q").code == 0
    return site


@pytest.mark.parametrize(("name", "line", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_article_is_reported_and_output_kept(built_site: Path, name, line, words) -> None:
    before = snapshot(built_site / "public")
    shutil.copy(SITES / "bad" / name, built_site / "content" / name)

    run = digest("build", "--site", built_site)

    assert run.code == 1
    assert "Traceback" not in run.err
    first = run.err.splitlines()[0]
    assert first.startswith(f"content/{name}:{line}: "), first
    assert words in first
    assert snapshot(built_site / "public") == before


def test_every_problem_is_reported_together(built_site: Path) -> None:
    for name in ("bad_date.md", "empty.md", "slug_traversal.md"):
        shutil.copy(SITES / "bad" / name, built_site / "content" / name)

    run = digest("build", "--site", built_site)

    assert run.code == 1
    lines = [line for line in run.err.splitlines() if PROBLEM_LINE.match(line)]
    assert [line.split(":")[0] for line in lines] == [
        "content/bad_date.md",
        "content/empty.md",
        "content/slug_traversal.md",
    ]


def test_python_tag_runs_nothing(built_site: Path) -> None:
    shutil.copy(SITES / "bad" / "python_tag.md", built_site / "content" / "python_tag.md")

    digest("build", "--site", built_site)

    assert not (built_site / "CANARY").exists()
    assert not Path("CANARY").exists()


def test_files_over_max_article_bytes_are_refused(built_site: Path) -> None:
    (built_site / "site.yaml").write_text("max_article_bytes: 500\n")
    (built_site / "content" / "huge.md").write_text("---\ntitle: Huge\n---\n" + "x" * 600)

    run = digest("build", "--site", built_site)

    assert run.code == 1
    assert run.err.startswith("content/huge.md:1: file is 620 bytes, over max_article_bytes (500)")


def test_a_renderer_exception_is_a_problem_not_a_crash(
    built_site: Path, tmp_path, monkeypatch
) -> None:
    (tmp_path / "boomext.py").write_text(
        "from markdown.extensions import Extension\n"
        "from markdown.preprocessors import Preprocessor\n"
        "class Boom(Preprocessor):\n"
        "    def run(self, lines):\n"
        "        if any('boom' in line for line in lines):\n"
        "            raise ZeroDivisionError('kaboom')\n"
        "        return lines\n"
        "class BoomExtension(Extension):\n"
        "    def extendMarkdown(self, md):\n"
        "        md.preprocessors.register(Boom(md), 'boom', 1)\n"
        "def makeExtension(**kwargs):\n"
        "    return BoomExtension(**kwargs)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    before = snapshot(built_site / "public")
    (built_site / "site.yaml").write_text("markdown:\n  extensions: [boomext]\n")
    (built_site / "content" / "boom.md").write_text(
        "---\ntitle: Boom\ndate: 2024-01-01\n---\n\nboom\n"
    )

    run = digest("build", "--site", built_site)

    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "content/boom.md:5: renderer error (ZeroDivisionError: kaboom)"
    )
    assert snapshot(built_site / "public") == before


@pytest.mark.parametrize("attack", ["[" * 20000, "<a " * 20000])
def test_pathological_markdown_hits_the_time_budget(built_site: Path, attack: str) -> None:
    (built_site / "site.yaml").write_text("markdown:\n  timeout: 0.3\n")
    (built_site / "content" / "attack.md").write_text(
        "---\ntitle: Attack\ndate: 2024-01-01\n---\n" + attack + "\n"
    )

    run = digest("build", "--site", built_site)

    assert run.code == 1
    assert run.err.startswith("content/attack.md:5: Markdown took over 0.3 s to render")
