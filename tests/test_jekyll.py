"""Issue 23: Jekyll and Eleventy sites as they are (python-liquid, site.data, page.*, ...).

The fixtures are ``tests/sites/jekyll`` (a news site's release posts, data, a listing
of the newest stories, Jekyll's filters, ``published: false``, ``permalink:``, kramdown's
``{: .lead}``) and ``tests/sites/liquid-undefined``. Expected filter output is the one
Jekyll's own test suite gives (test/test_filters.rb: ``27 Mar 2013``, ``Mar 27th,
2013``, ``AT&amp;T``, ``my+things``, ``my%20things``, …).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import digest, snapshot

RELEASE = "public/2024/05/01/release-2-7-2/index.html"
LISTING = "public/2024/04/01/latest/index.html"


def body(page: Path) -> str:
    html = page.read_text()
    return html[html.index('<div class="body">') : html.index("</article>")]


@pytest.fixture
def jekyll(make_site) -> Path:  # type: ignore[no-untyped-def]
    return make_site("jekyll")


def build(site: Path, *flags: str) -> str:
    run = digest("build", "--site", site, *flags)
    assert run.code == 0, run.err
    assert "warning" not in run.err, run.err
    return run.out


def test_site_data_with_where_and_first_gives_the_release_values(jekyll: Path) -> None:
    build(jekyll)
    shown = body(jekyll / RELEASE)
    gz = "https://downloads.example.org/project-2.7.2.tar.gz"
    assert f'<a href="{gz}">project-2.7.2.tar.gz</a>' in shown  # release.url.gz | split | last
    assert "4a5ba1a6b8b1e0f6e8d0c9a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6" in shown
    assert "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0" in shown
    assert "project-2.7.1" not in shown and "1111111111" not in shown  # where picked one
    assert '(eu), <a href="https://us.mirror.example.org/">Other Mirror</a> (us).' in shown  # CSV
    assert "Released by Ana Ruiz;" in shown  # _data/team/editors.json, where_exp, map, first
    assert "https://github.com/example/project/issues" in shown  # params: as site.repository
    assert '<aside class="note warning">Project 2.7.2 released</aside>' in shown  # include
    assert "{{" not in shown and "{%" not in shown


def test_page_knows_every_front_matter_key_and_jekylls_own(jekyll: Path) -> None:
    build(jekyll)
    shown = body(jekyll / "public/2024/05/02/page-keys/index.html")
    assert "Hero: https://images.example.org/cover.png." in shown  # an arbitrary key
    assert "Preview: https://preview.example.org/2024/05/02/page-keys/." in shown  # + page.url
    assert "Slug page-keys, path _posts/2024-05-02-page-keys.md, id /2024/05/02/page-keys," in (
        shown
    )
    assert "categories notes." in shown
    assert "Excerpt: A first paragraph with bold words." in shown
    assert '<a href="/blog/">home</a>' in shown  # "/" | relative_url under base_url /blog/
    assert '<a href="https://news.example.org/blog/feed.xml">feed</a>' in shown
    assert '<a href="/blog/2024/05/02/page-keys/">this</a>' in shown  # page.url | relative_url
    assert '<a href="https://news.example.org/blog/2024/05/02/page-keys/">absolute</a>' in shown


@pytest.mark.parametrize(
    "expected",
    [
        "date_to_string: 27 Mar 2013",
        "ordinal US: Mar 27th, 2013",
        "long ordinal: 27th March 2013",
        "xmlschema: 2013-03-27T11:22:33+00:00",
        "rfc822: Wed, 27 Mar 2013 11:22:33 +0000",
        "strftime: Wednesday 27 March 2013",
        "xml_escape: &lt;code&gt;command &amp;lt;filename&amp;gt;&lt;/code&gt;",
        "cgi_escape: my+things hey%21",
        "uri_escape: my%20things",
        "slugify: the-config-yml-file the-_config.yml-file",
        'jsonify: {"name":"Ana Ruiz","role":"release manager"}',
        "sentence: chunky, bacon, bits, and pieces",
        "markdownify: <p>something <strong>really</strong> simple</p>",
    ],
)
def test_jekylls_filters_give_what_jekylls_test_suite_expects(jekyll: Path, expected: str) -> None:
    build(jekyll)
    assert f"<li>{expected}</li>" in body(jekyll / "public/2013/03/27/filters/index.html")


def test_site_posts_with_limit_lists_the_three_newest_published(jekyll: Path) -> None:
    build(jekyll)
    shown = body(jekyll / LISTING)
    items = [line for line in shown.splitlines() if line.startswith("<li>")]
    assert items == [
        '<li><a href="/blog/about/">About the project</a>, 5 May 2024</li>',
        '<li><a href="/blog/2024/05/02/page-keys/">What the page knows</a>, 2 May 2024</li>',
        '<li><a href="/blog/2024/05/01/release-2-7-2/">Project 2.7.2 released</a>, 1 May 2024</li>',
    ]
    assert "Stories in all: 6." in shown  # the embargoed one is not a post of this build
    assert "Embargoed" not in shown


def test_editing_a_title_reaches_the_listing_on_a_warm_build_as_on_a_clean_one(
    jekyll: Path, tmp_path: Path
) -> None:
    build(jekyll)
    story = jekyll / "content/_posts/2024-05-02-page-keys.md"
    story.write_text(story.read_text().replace("What the page knows", "Keys of a page"))

    out = build(jekyll)  # warm: the parse cache and the previous output are there

    assert "Keys of a page</a>, 2 May 2024" in body(jekyll / LISTING)
    assert "What the page knows" not in body(jekyll / LISTING)
    assert "0 unchanged" not in out
    clean = tmp_path / "clean"
    shutil.copytree(
        jekyll, clean, ignore=shutil.ignore_patterns(".digest-cache", "public*", ".public*")
    )
    build(clean)
    assert snapshot(clean / "public") == snapshot(jekyll / "public")


def test_editing_data_renders_its_users_again(jekyll: Path) -> None:
    build(jekyll)
    data = jekyll / "_data/team/editors.json"
    data.write_text(data.read_text().replace("Ana Ruiz", "Ana M. Ruiz"))
    build(jekyll)
    assert "Released by Ana M. Ruiz;" in body(jekyll / RELEASE)


def test_published_false_is_a_draft_left_out_and_shown_by_drafts(jekyll: Path) -> None:
    out = build(jekyll)
    assert "1 draft skipped" in out
    assert not (jekyll / "public/2024/05/04").exists()
    for page in (jekyll / "public").rglob("*.html"):
        assert "Embargoed" not in page.read_text(), page
    build(jekyll, "--drafts", "--out", str(jekyll / "preview"))
    assert "Not for readers yet." in body(jekyll / "preview/2024/05/04/embargoed/index.html")


def test_published_is_a_known_key_with_no_publishdate_hint(tmp_path: Path, make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site("jekyll")
    run = digest("check", "--site", site)
    assert "did you mean" not in run.err + run.out
    story = site / "content/_posts/2024-05-04-embargoed.md"
    story.write_text(story.read_text().replace("published: false", "published: maybe"))
    run = digest("build", "--site", site)
    assert run.code == 1
    assert "content/_posts/2024-05-04-embargoed.md:4: published must be true or false" in run.err


def test_a_permalink_sets_the_url(jekyll: Path) -> None:
    build(jekyll)
    assert "at the URL its Jekyll site gave it" in body(jekyll / "public/about/index.html")
    assert not (jekyll / "public/2024/05/05").exists()


@pytest.mark.parametrize("permalink", ["/../outside/", "/a/%2e%2e/b/", "a\\\\b", "/con/"])
def test_a_permalink_leaving_the_output_is_an_error_at_its_line(
    jekyll: Path, permalink: str
) -> None:
    story = jekyll / "content/_posts/2024-05-05-about-us.md"
    story.write_text(story.read_text().replace("permalink: /about/", f'permalink: "{permalink}"'))
    before = snapshot(jekyll)
    run = digest("build", "--site", jekyll)
    assert run.code == 1
    assert run.err.startswith("content/_posts/2024-05-05-about-us.md:4: permalink "), run.err
    assert snapshot(jekyll) == before


def test_two_permalinks_to_one_url_name_both_files(jekyll: Path) -> None:
    other = jekyll / "content/_posts/2024-05-07-about-again.md"
    other.write_text("---\ntitle: Again\ndate: 2024-05-07\npermalink: /about\n---\nx\n")
    run = digest("build", "--site", jekyll)
    assert run.code == 1
    first = run.err.splitlines()[0]
    assert first.startswith("content/_posts/2024-05-07-about-again.md:4: /about/index.html is ")
    assert "also the output of content/_posts/2024-05-05-about-us.md" in first
    assert "'permalink: /about' (line 4), there from 'permalink: /about/' (line 4)" in first
    assert first.endswith("set a different 'permalink:'")


def test_kramdown_lead_and_toc_are_applied_never_shown(jekyll: Path) -> None:
    build(jekyll)
    shown = body(jekyll / "public/2024/04/30/lead/index.html")
    assert '<p class="lead">This first paragraph is the lead.</p>' in shown
    assert '<div class="toc">' in shown and '<a href="#the-lead">The lead</a>' in shown
    assert "{:" not in shown
    assert "<code>{{ page.title }}</code>" in shown  # raw in a code span, as in Jekyll
    assert "{% for post in site.posts %}{{ post.title }}{% endfor %}" in shown
    # Jekyll 4's highlight: its content is code, as if in raw
    assert '<pre><code class="language-liquid">{{ post.title | upcase }}</code></pre>' in shown


def test_without_attr_list_a_kramdown_list_is_removed_with_a_warning(jekyll: Path) -> None:
    (jekyll / "site.yaml").write_text(
        (jekyll / "site.yaml").read_text().replace(", attr_list]", "]")
    )
    run = digest("build", "--site", jekyll)
    assert run.code == 0, run.err
    assert (
        "content/_posts/2024-04-30-lead.md:11: warning: kramdown attribute list '{: .lead}' "
        "removed (add attr_list to markdown.extensions)"
    ) in run.err
    shown = body(jekyll / "public/2024/04/30/lead/index.html")
    assert "<p>This first paragraph is the lead.</p>" in shown and "{:" not in shown


def test_liquid_in_code_without_raw_is_shown_with_a_warning(jekyll: Path) -> None:
    story = jekyll / "content/_posts/2024-05-02-page-keys.md"
    story.write_text(story.read_text() + "\nIn code: `{{ page.title }}`.\n")
    line = story.read_text().count("\n")  # the last line
    run = digest("build", "--site", jekyll)
    assert run.code == 0, run.err
    assert f"content/_posts/2024-05-02-page-keys.md:{line}: warning: Liquid in code is shown" in (
        run.err
    )
    assert "<code>{{ page.title }}</code>" in body(
        jekyll / "public/2024/05/02/page-keys/index.html"
    )


# an undefined variable and an unknown filter


def test_an_undefined_variable_and_an_unknown_filter_are_errors_at_their_lines(
    make_site,  # type: ignore[no-untyped-def]
) -> None:
    site = make_site("liquid-undefined")
    before = snapshot(site)

    run = digest("build", "--site", site)

    assert run.code == 1
    assert run.err.splitlines()[:2] == [
        "content/2024-05-01-typos.md:6: Liquid: page.subtilte is undefined"
        " (did you mean 'page.subtitle'?)",
        "content/2024-05-01-typos.md:8: Liquid: unknown filter 'shout'",
    ]
    assert "draft_note" not in run.err and "missing" not in run.err  # if and default: quiet
    assert snapshot(site) == before


def test_with_liquid_undefined_warning_they_print_nothing_as_in_jekyll(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site("liquid-undefined")
    (site / "site.yaml").write_text(
        (site / "site.yaml").read_text() + "shortcodes:\n  liquid_undefined: warning\n"
    )

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    assert "content/2024-05-01-typos.md:6: warning: Liquid: page.subtilte is undefined" in run.err
    assert "content/2024-05-01-typos.md:8: warning: Liquid: unknown filter 'shout'" in run.err
    shown = body(site / "public/2024/05/01/typos/index.html")
    assert "The subtitle is A subtitle; the typo  prints nothing in Jekyll." in shown
    assert "A filter nobody defined: ." in shown and "Default: a default." in shown
    assert "{{" not in shown
    assert digest("build", "--site", site, "--strict").code == 1  # warnings fail --strict


def test_liquid_undefined_accepts_only_error_or_warning(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site("liquid-undefined")
    (site / "site.yaml").write_text("shortcodes:\n  liquid_undefined: ignore\n")
    run = digest("build", "--site", site)
    assert run.code == 2
    assert "site.yaml:2: shortcodes.liquid_undefined must be error or warning" in run.err


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("{% gist 1 %}", 6, "unknown shortcode 'gist'"),
        ("{% if x %}never closed", 6, "Liquid: '{% if %}' is not closed ('{% endif %}' missing)"),
        ("{{ unclosed", 6, "Liquid: expected '}}'"),
        ("ok\n{% endnote %}", 7, "'{% endnote %}' closes nothing"),
        ('{{ "now" | date: "%Y" }}', 6, "'now' | date is not available"),
    ],
)
def test_every_other_liquid_fault_is_an_error_at_its_line(
    make_site,
    text: str,
    line: int,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    site = make_site("liquid-undefined")
    story = site / "content/2024-05-01-typos.md"
    story.write_text("---\ntitle: T\ndate: 2024-05-01\n---\n\n" + text + "\n")
    run = digest("build", "--site", site)
    assert run.code == 1
    assert run.err.startswith(f"content/2024-05-01-typos.md:{line}: "), run.err
    assert message in run.err.splitlines()[0], run.err


def test_the_site_data_worked_example_in_docs_migrating_builds(tmp_path: Path) -> None:
    doc = (Path(__file__).parents[1] / "docs" / "migrating.md").read_text()
    section = doc[doc.index("### `site.data`: a worked example") :]
    data = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    story = section.split("```liquid\n", 1)[1].split("```", 1)[0]
    gives = section.split("gives `", 1)[1].split("`", 1)[0].split("4a5b…", 1)[0]
    site = tmp_path / "s"
    (site / "_data").mkdir(parents=True)
    (site / "content").mkdir()
    (site / "site.yaml").write_text("title: Docs\nbase_url: https://example.org/\n")
    (site / "_data/releases.yml").write_text(data)
    (site / "content/2024-05-01-release.md").write_text(story)

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    shown = " ".join(body(site / "public/2024/05/01/release/index.html").split())
    assert gives in shown
    (site / "content/2024-05-01-release.md").write_text(story.replace("sha256.gz", "sha265.gz"))
    run = digest("build", "--site", site)
    assert run.code == 1
    assert "content/2024-05-01-release.md:8: Liquid: release.sha265 is undefined" in run.err
