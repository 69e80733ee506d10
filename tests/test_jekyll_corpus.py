"""Issue 23, acceptance 2: Jekyll's own files (../shared/corpora/jekyll-test-source), built.

``docs/_posts`` is Jekyll's news site: 102 real release posts whose bodies use
``site.repository``, ``{% assign %}`` + ``{% for %}`` over issue numbers, ``relative_url``,
``{% link %}``, ``{% post_url %}`` and ``{% raw %}`` around code samples. Set up as a
migrating editor would (``repository`` under ``params:``, a ``ref_not_found: warning``
for the links to Jekyll's documentation, which the copy lacks), all build but the one
whose date Ruby reads and no ISO form allows. ``test/source/_posts`` holds posts Jekyll's
test suite renders; their expected text is the one its tests assert (test_post.rb,
test_tags.rb, test_excerpt.rb).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import digest, shared

NEWS = "docs/_posts"
BAD_DATE = "2023-01-29-jekyll-3-9-3-released.markdown"
SITE_YAML = (
    "title: Jekyll news\nbase_url: https://jekyllrb.com/\n"
    "params:\n  repository: https://github.com/jekyll/jekyll\n"
    "shortcodes:\n  ref_not_found: warning\n"
)
LIQUID = re.compile(r"\{\{|\{%")
CODE = re.compile(r"<code\b.*?</code>", re.DOTALL)


def news_site(root: Path) -> Path:
    site = root / "news"
    shutil.copytree(shared("corpora/jekyll-test-source") / NEWS, site / "content" / "_posts")
    (site / "site.yaml").write_text(SITE_YAML)
    return site


@pytest.fixture(scope="module")
def built_news(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = news_site(tmp_path_factory.mktemp("jekyll-news"))
    (site / "content/_posts" / BAD_DATE).unlink()
    run = digest("build", "--site", site)
    assert run.code == 0, run.err
    return site, run.err


def test_every_news_post_builds_but_the_one_with_a_ruby_only_date(tmp_path: Path) -> None:
    site = news_site(tmp_path)

    run = digest("build", "--site", site)

    assert run.code == 1
    errors = [line for line in run.err.splitlines() if ": warning: " not in line]
    assert errors == [
        f"content/_posts/{BAD_DATE}:3: date: '2023-01-29 18:30:22 2023 -0800' is not a date"
        " (use YYYY-MM-DD, or YYYY-MM-DD HH:MM[:SS] with an optional offset)",
        "build failed: 1 problem",
    ]


def test_the_news_posts_build_with_their_counts(built_news: tuple[Path, str]) -> None:
    site, err = built_news
    posts = list((site / "content/_posts").iterdir())
    pages = list((site / "public").glob("[0-9]*/*/*/*/index.html"))
    assert len(posts) == len(pages) == 101
    warnings = err.splitlines()
    assert len(warnings) == 2 and all("ref '_docs/history.md' not found" in w for w in warnings)


def test_no_news_page_shows_liquid_outside_code(built_news: tuple[Path, str]) -> None:
    site, _ = built_news
    for page in (site / "public").rglob("*.html"):
        assert not LIQUID.search(CODE.sub("", page.read_text())), page


def test_the_issue_loops_link_every_issue_to_site_repository(built_news: tuple[Path, str]) -> None:
    """``{% assign issue_numbers = "1037|1040" | split: "|" %}{% for issue in … %}`` makes one
    reference definition per number; each ``[#N][]`` of the text is then a link. Counted
    here from the source text, not by Liquid."""
    site, _ = built_news
    checked = 0
    for post in (site / "content/_posts").iterdir():
        text = post.read_text()
        found = re.search(r'issue_numbers = "([\d|]+)"', text)
        if not found:
            continue
        used = set(re.findall(r"\[#(\d+)\]\[\]", text))
        day = re.match(r"(\d{4})-(\d\d)-(\d\d)-(.*)\.markdown$", post.name)
        assert day
        page = site / "public" / "/".join(day.groups()) / "index.html"
        html = page.read_text()
        for number in used & set(found.group(1).split("|")):
            assert f'href="https://github.com/jekyll/jekyll/issues/{number}"' in html, (
                post,
                number,
            )
            checked += 1
    assert checked >= 25


def test_relative_url_link_and_raw_render_as_in_jekyll(built_news: tuple[Path, str]) -> None:
    site, _ = built_news
    html = (site / "public/2016/10/06/jekyll-3-3-is-here/index.html").read_text()
    assert '<a href="/docs/themes/#assets">documentation on the subject</a>' in html
    assert '{{ "/docs/assets/" | relative_url }} =&gt; /myproject/docs/assets' in html  # raw
    later = (site / "public/2017/03/21/jekyll-3-4-3-released/index.html").read_text()
    assert 'href="/2017/01/18/jekyll-3-4-0-released/"' in later  # {% link _posts/….markdown %}


TEST_POSTS = "test/source/_posts"
EXPECTED = {
    # test_post.rb: "<h1 id=\"foo-bar\">Foo Bar</h1>\n\n<p>Best <strong>post</strong> ever</p>"
    "2008-10-18-foo-bar.markdown": [
        "2008/10/18/foo-bar",
        '<h1 id="foo-bar">Foo Bar</h1>',
        "<p>Best <strong>post</strong> ever</p>",
    ],
    # test_post.rb "render date specified in front matter properly" and page.id; the URL is
    # this site's permalink pattern (Jekyll's default gives /2008/11/21/complex.html)
    "2008-11-21-complex.markdown": [
        "2008/11/21/complex",
        "url: /2008/11/21/complex/",
        "date: 2008-11-21 00:00:00 +0000",
        "id: /2008/11/21/complex</p>",
    ],
    # test_excerpt.rb: whitespace control around an assign and its output
    "2018-05-15-excerpt-whitespace-control-variable.md": [
        "2018/05/15/excerpt-whitespace-control-variable",
        "<p>You are in a maze of twisty little passages, all alike.</p>",
    ],
    # test_filters.rb date_to_string on a time with an offset
    "2010-01-09-timezone-override.markdown": ["2010/01/10/timezone-override", "<p>10 Jan 2010</p>"],
}


def test_jekylls_test_posts_render_as_its_tests_expect(tmp_path: Path) -> None:
    source = shared("corpora/jekyll-test-source") / TEST_POSTS
    site = tmp_path / "tests"
    (site / "content/_posts").mkdir(parents=True)
    for name in [*EXPECTED, "2013-12-17-include-variable-filters.markdown"]:
        text = (source / name).read_text()
        if not re.search(r"^title:", text, re.M):  # DESIGN §3: a title is required
            text = text.replace("---\n", "---\ntitle: Untitled\n", 1)
        (site / "content/_posts" / name).write_text(text)
    (site / "templates/shortcodes").mkdir(parents=True)
    (site / "templates/shortcodes/include.html").write_text(
        '<span class="include">{{ args[0] }}{% for k, v in params.items() %} {{ k }}={{ v }}'
        "{% endfor %}</span>\n"
    )
    (site / "site.yaml").write_text("title: Jekyll's test posts\ntimezone: UTC\n")

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    for name, (url, *expected) in EXPECTED.items():
        html = (site / "public" / url / "index.html").read_text()
        for text in expected:
            assert text in html, (name, text)
    html = (site / "public/2013/12/17/include-variable-filters/index.html").read_text()
    # test_tags.rb: every form of a variable include name is the include it names
    shown = re.findall(r'<span class="include">([^<]*)</span>', html)
    assert shown[:6] == ["include.html"] * 6
    assert shown[6] == "params.html var1=foo var2=bar"  # page.include4 | append: ".html"
    assert shown[7] == "include.html"  # in{{ page.include5 }}.html
