"""The two Markdown engines: the same HTML for the common constructs, each difference on record.

Every difference asserted here is listed in the README ("Speed and the build
cache"); a change in either engine that alters one shows up as a failure.
"""

from __future__ import annotations

import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import REPO, digest, shared

from builder.config import MarkdownConfig
from builder.load.markdown import MarkdownRenderer

pytest.importorskip("cmarkgfm", reason="cmarkgfm is the optional extra newsdigest[fast]")

PYMD = MarkdownRenderer(MarkdownConfig())
CMARK = MarkdownRenderer(MarkdownConfig(engine="cmark-gfm"))

COMMON = {
    "headings": "# One *big* title\n\n## Second & third\n\n## Second & third\n\nSetext\n------\n",
    "emphasis": "Some **bold**, _em_, *em*, **_both_** and `code`.\n",
    "links": '[text](https://example.org/a?b=1 "Title") and ![alt](/img.png)\n',
    "bullet list": "- one\n- two\n- three\n",
    "numbered list": "1. one\n2. two\n\n<!-- -->\n\n3. three\n",
    "nested list": "- one\n    - inner\n- two\n",
    "table": "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
    "fenced code": '```python\nprint("<hi>")\n```\n',
    "indented code": "    x = 1 < 2\n",
    "blockquote": "> quoted\n> text\n",
    "rule and breaks": "line one  \nline two\n\n---\n",
    "entities": "AT&T &copy; 1 < 2\n",
    "raw html, sanitised": (
        '<p onclick="x">hi <script>alert(1)</script><a href="javascript:y">z</a></p>\n'
    ),
}

DIFFERENCES = {
    # construct: (markdown, Python-Markdown's HTML, cmark-gfm's HTML)
    "strikethrough": ("~~gone~~\n", "<p>~~gone~~</p>", "<p><del>gone</del></p>"),
    "bare URL autolink": (
        "see https://example.org\n",
        "<p>see https://example.org</p>",
        '<p>see <a href="https://example.org">https://example.org</a></p>',
    ),
    "list with ) markers": (
        "1) a\n2) b\n",
        "<p>1) a\n2) b</p>",
        "<ol>\n<li>a</li>\n<li>b</li>\n</ol>",
    ),
    "list item continued with a 2-space indent": (
        "- a\n\n  more\n- b\n",
        "<ul>\n<li>a</li>\n</ul>\n<p>more\n- b</p>",
        "<ul>\n<li>\n<p>a</p>\n<p>more</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>",
    ),
    "triple emphasis": (
        "***both***\n",
        "<p><strong><em>both</em></strong></p>",
        "<p><em><strong>both</strong></em></p>",
    ),
    "task list": (
        "- [x] done\n",
        "<ul>\n<li>[x] done</li>\n</ul>",
        "<ul>\n<li> done</li>\n</ul>",
    ),
}


def normal(html: str) -> str:
    return html.strip()


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(f"<{tag} {sorted(attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.tokens.append(" ".join(data.split()))


def canonical(html: str) -> list[str]:
    """Tags with sorted attributes and text with folded white space: what a reader sees."""
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


@pytest.mark.parametrize("name", list(COMMON))
def test_common_constructs_render_the_same(name: str) -> None:
    text = COMMON[name]
    assert canonical(CMARK.to_html(text)) == canonical(PYMD.to_html(text))


@pytest.mark.parametrize("name", list(DIFFERENCES))
def test_documented_differences(name: str) -> None:
    text, pymd, cmark = DIFFERENCES[name]
    assert normal(PYMD.to_html(text)) == pymd
    assert normal(CMARK.to_html(text)) == cmark


def test_footnotes_work_in_both_with_different_ids() -> None:
    text = "Claim[^1].\n\n[^1]: Source.\n"
    pymd, cmark = PYMD.to_html(text), CMARK.to_html(text)
    assert 'href="#fn:1"' in pymd and 'id="fn:1"' in pymd
    assert 'href="#fn-1"' in cmark and 'id="fn-1"' in cmark


def test_summaries_word_counts_and_the_more_marker_agree() -> None:
    body = "First *paragraph* here, with [a link](https://x.org).\n\nSecond.\n"
    a, b = PYMD.render(body), CMARK.render(body)
    assert (a.summary, a.word_count) == (b.summary, b.word_count)
    assert a.summary == "First paragraph here, with a link."
    folded = "Lede one.\n\nLede two.\n\n<!--more-->\n\nRest.\n"
    assert PYMD.render(folded).summary == CMARK.render(folded).summary == "Lede one. Lede two."


def test_escape_mode_drops_raw_html_in_cmark() -> None:
    """Python-Markdown shows escaped raw HTML as text; cmark's safe mode leaves it out."""
    text = "a <b>bold</b> move\n"
    pymd = MarkdownRenderer(MarkdownConfig(raw_html="escape", engine="python-markdown"))
    cmark = MarkdownRenderer(MarkdownConfig(raw_html="escape", engine="cmark-gfm"))
    assert normal(pymd.to_html(text)) == "<p>a &lt;b&gt;bold&lt;/b&gt; move</p>"
    assert normal(cmark.to_html(text)) == "<p>a bold move</p>"


def test_headings_get_ids_only_with_toc() -> None:
    plain = MarkdownRenderer(MarkdownConfig(extensions=("tables",), engine="cmark-gfm"))
    assert normal(plain.to_html("## Title\n")) == "<h2>Title</h2>"


def site_with_engine(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".digest-cache", "public"))
    config = target / "site.yaml"
    text = config.read_text() if config.exists() else ""
    if re.search(r"^markdown:\s*$", text, re.M):
        text = re.sub(
            r"^markdown:\s*$", "markdown:\n  engine: cmark-gfm", text, count=1, flags=re.M
        )
    else:
        text += "\nmarkdown:\n  engine: cmark-gfm\n"
    config.write_text(text)
    return target


def test_the_sample_site_builds_with_cmark(tmp_path: Path) -> None:
    site = tmp_path / "sample"
    site.mkdir()
    for name in ("site.yaml", "content", "static"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, site / name)
    site_with_engine(site, tmp_path / "cmark")

    run = digest("build", "--site", tmp_path / "cmark")

    assert run.code == 0, run.err
    pages = list((tmp_path / "cmark/public").glob("[0-9]*/*/*/*/index.html"))
    assert pages
    assert all("<p>" in p.read_text() for p in pages)


def test_the_digitalgov_corpus_builds_with_cmark(tmp_path: Path) -> None:
    corpus = shared("corpora/digitalgov-news")
    site = tmp_path / "dg"
    shutil.copytree(corpus / "content", site / "content")
    # the two posts DESIGN's rules reject (see test_corpora.py), so the rest must build
    (site / "content/news/2023/11/2023-11-20-infrastructure-as-a-public-service.md").unlink()
    (site / "content/news/2018/09/2018-09-24-example.md").unlink()
    (site / "site.yaml").write_text(
        "title: Digital.gov news\ntimezone: America/New_York\nmarkdown:\n  engine: cmark-gfm\n"
        "shortcodes:\n  hugo: false\n"  # bodies as text here; test_shortcodes_corpus.py expands
    )

    run = digest("build", "--site", site, "--expired")  # every post, expired ones too

    assert run.code == 0, run.err[-2000:]
    pages = list((site / "public").glob("[0-9]*/*/*/*/index.html"))
    assert len(pages) == 2080


def test_an_unknown_engine_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "site.yaml").write_text("title: x\nmarkdown:\n  engine: commonmark\n")

    run = digest("build", "--site", tmp_path)

    assert run.code == 2
    assert run.err.startswith("site.yaml:3: markdown.engine must be one of python-markdown")


def test_cmark_without_the_package_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cmarkgfm", None)  # what a missing package looks like
    (tmp_path / "content").mkdir()
    (tmp_path / "site.yaml").write_text("markdown:\n  engine: cmark-gfm\n")

    run = digest("build", "--site", tmp_path)

    assert run.code == 2
    assert "site.yaml:2: markdown.engine cmark-gfm needs the cmarkgfm package" in run.err
    assert "newsdigest[fast]" in run.err
    assert not (tmp_path / "public").exists()


def test_the_leak_free_cmark_call_gives_the_packages_html() -> None:
    """builder/cmark.py frees what cmarkgfm's wrapper leaks; the HTML must not change."""
    import cmarkgfm

    from builder.load import cmark

    if sys.platform.startswith("linux"):
        assert cmark._releasers() is not None  # else the leaking wrapper is in use
    extensions = ["table", "autolink", "strikethrough", "tasklist"]
    options = cmark.Options.CMARK_OPT_UNSAFE | cmark.Options.CMARK_OPT_FOOTNOTES
    convert = cmark.converter(options, extensions)
    texts = list(COMMON.values()) + [text for text, _, _ in DIFFERENCES.values()]
    for text in texts * 50:
        assert convert(text) == cmarkgfm.markdown_to_html_with_extensions(text, options, extensions)
