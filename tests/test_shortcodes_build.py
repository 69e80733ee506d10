"""Shortcodes and Liquid tags through the real ``digest`` command (issue 12, docs/migrating.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import digest, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.config import load_config
from builder.load import load_article
from builder.load.expand import Expander
from builder.load.markdown import MarkdownRenderer
from builder.model import SourceFile

POST = "---\ntitle: {title}\ndate: {date}\n{extra}---\n{body}"


def site_with(root: Path, posts: dict[str, str], templates: dict[str, str], yaml: str = "") -> Path:
    (root / "content").mkdir(parents=True)
    (root / "site.yaml").write_text("title: Shortcodes\nbase_url: https://example.org/\n" + yaml)
    for name, text in posts.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text)
    for name, text in templates.items():
        path = root / "templates" / "shortcodes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def post(body: str, title: str = "Story", date: str = "2024-05-01", extra: str = "") -> str:
    return POST.format(title=title, date=date, extra=extra, body=body)


def article_body(page: Path) -> str:
    html = page.read_text()
    return html[html.index('<div class="body">') : html.index("</article>")]


# acceptance 2: the Liquid fixture


def test_every_liquid_form_and_output_tag_of_the_fixture(make_site) -> None:
    site = make_site("liquid")

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    body = article_body(site / "public/2016/04/01/liquid-forms/index.html")
    assert '<img src="https://blog.example.org/news/assets/x.jpg"' in body
    assert 'alt="A &lt;script&gt;alert(1)&lt;/script&gt; cat"' in body  # escaped argument
    assert '<figure class="wide"><img src="/assets/y.jpg" alt="Alt"></figure>' in body
    assert '<a href="https://example.org/big"><img src="/assets/big.jpg"' in body
    assert 'alt="A big picture, with a comma"' in body  # four-line include, key: value
    assert '<div class="callout"><p>Some <strong>bold</strong> words.</p></div>' in body
    assert "dropped" not in body  # {% comment %}
    assert "<code>{{ }}</code>" in body  # raw inside a code span
    assert "{% for post in site.posts %}{{ post.title }}{% endfor %}" in body  # raw block
    assert '<a href="/news/">home</a>' in body  # {{ site.baseurl }}
    assert '<a href="https://blog.example.org/news/about/">abs</a>' in body  # site.url+baseurl
    assert body.count('<a href="/news/2016/03/23/one-digit-offset/">') == 2  # post_url, link
    # Jekyll's page.url has no base path (| relative_url adds it); page.date prints as Ruby's
    assert "Title: Every Liquid form on Liquid Blog at /2016/04/01/liquid-forms/" in body
    assert "dated 2016-04-01 10:00:00 +0500" in body
    assert 'a<figure class="image">' in body and "</figure>b</p>" in body  # {%- -%}
    assert "{%" not in body.replace("{% for post in site.posts %}", "").replace("{% endfor", "")


def test_the_yaml_1_1_date_of_the_fixture_is_13_utc(make_site) -> None:
    site = make_site("liquid")
    assert digest("build", "--site", site).code == 0
    page = (site / "public/2016/03/23/one-digit-offset/index.html").read_text()
    assert 'datetime="2016-03-23T09:00:00-04:00"' in page


def test_an_unknown_liquid_tag_is_an_error_at_its_line_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    body = "Intro.\n\n{% for post in site.posts %}\n{{ post.title }}\n{% endfor %}\n{% gist 1 %}\n"
    site = site_with(tmp_path / "s", {"a.md": post(body)}, {})
    before = snapshot(site)

    run = digest("build", "--site", site)

    assert run.code == 1
    assert "content/a.md:10: unknown shortcode 'gist' (create templates/shortcodes/gist.html)" in (
        run.err
    )
    assert "content/a.md:7" not in run.err  # {% for %} is Liquid: it renders
    assert snapshot(site) == before


# Hugo forms, built-ins, errors


HUGO_BODY = """\
{{< figure src="/img/a.png" alt="An \\"A\\"" caption="The **first**"
    link="https://example.org/a" >}}

{{< youtube id="w7Ft2ymGmfc" title="A talk" >}}

{{< vimeo 146022717 >}}

{{< highlight python >}}
if a < b:
    print("<b>")
{{< /highlight >}}

{{< note >}}
A *note* linking to [b]({{< ref "b.md#part" >}}).
{{< /note >}}

{{% box %}}
**Boxed** Markdown.
{{% /box %}}

Write `{{</* note */>}}` to make a note.
"""


def hugo_site(root: Path, yaml: str = "") -> Path:
    posts = {
        "a.md": post(HUGO_BODY, title="Alpha", date="2024-05-02"),
        "sub/b.md": post("Beta.\n", title="Beta"),
    }
    templates = {
        "note.html": '<div class="note">{{ inner | markdownify }}</div>\n',
        "box.html": '<div class="box">{{ inner }}</div>\n',
    }
    return site_with(root, posts, templates, yaml)


@pytest.mark.parametrize("engine", ["python-markdown", "cmark-gfm"])
def test_hugo_built_ins_and_pairs_render(tmp_path: Path, engine: str) -> None:
    site = hugo_site(tmp_path / "s", f"markdown:\n  engine: {engine}\n")

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    body = article_body(site / "public/2024/05/02/a/index.html")
    assert '<a href="https://example.org/a"><img src="/img/a.png" alt="An &quot;A&quot;">' in body
    assert "<figcaption><p>The <strong>first</strong></p></figcaption>" in body
    assert 'src="https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc" title="A talk"' in body
    assert 'src="https://player.vimeo.com/video/146022717?dnt=1"' in body
    assert '<pre><code class="language-python">if a &lt; b:\n    print("&lt;b&gt;")</code>' in body
    assert '<div class="note"><p>A <em>note</em> linking to <a href="/2024/05/01/b/#part">' in body
    assert '<div class="box"><p><strong>Boxed</strong> Markdown.</p></div>' in body
    assert "<code>{{&lt; note &gt;}}</code>" in body  # the escape shows the shortcode
    assert "<p><div" not in body and "<p><figure" not in body


def test_all_shortcode_errors_are_reported_together_at_their_lines(tmp_path: Path) -> None:
    body = (
        "{{< legacy-img src=a >}}\n"  # line 5
        "{{< legacy-img src=b >}}\n"
        "{{< note >}}\nnever closed\n"  # 7: note.html uses inner
        '{{< ref "nowhere.md" >}}\n'  # 9
        "{{< /box >}}\n"  # 10
        "{{< broken >}}\n"  # 11: the template fails
    )
    templates = {
        "note.html": "<div>{{ inner }}</div>\n",
        "broken.html": "<p>\n{{ params.x.y.z }}\n</p>\n",
    }
    site = site_with(tmp_path / "s", {"x.md": post(body)}, templates)
    before = snapshot(site)

    run = digest("build", "--site", site)

    assert run.code == 1
    lines = [line for line in run.err.splitlines() if line.startswith("content/")]
    expected = [
        "content/x.md:5: unknown shortcode 'legacy-img' (create templates/shortcodes/legacy-img",
        "content/x.md:6: unknown shortcode 'legacy-img'",
        "content/x.md:7: '{{< note >}}' is not closed ('/note' missing)",
        "content/x.md:10: '{{< /box >}}' closes nothing",
        "content/x.md:11: shortcode 'broken': templates/shortcodes/broken.html:2: ",
    ]
    assert len(lines) == len(expected), run.err
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start), (line, start)
    assert snapshot(site) == before


def test_a_broken_ref_is_an_error_or_with_ref_not_found_warning_a_link_to_the_page(
    tmp_path: Path,
) -> None:
    body = (
        'See [it]({{< ref "/events" >}}) and [b]({{< relref "b" >}}).\n'
        "And [c]({% link _posts/2024-04-01-c.md %}), moved out of _posts.\n"
    )
    posts = {
        "a.md": post(body, title="Alpha"),
        "news/b.md": post("B.\n", title="Beta"),
        "2024/2024-04-01-c.md": post("C.\n", title="Gamma", date="2024-04-01"),
    }
    strict = site_with(tmp_path / "strict", posts, {})
    run = digest("build", "--site", strict)
    assert run.code == 1
    assert "content/a.md:5: ref '/events' not found: no content file" in run.err

    lenient = site_with(tmp_path / "lenient", posts, {}, "shortcodes:\n  ref_not_found: warning\n")
    run = digest("build", "--site", lenient)
    assert run.code == 0, run.err
    assert run.err.count("warning: ref '/events' not found") == 1
    body_html = article_body(lenient / "public/2024/05/01/a/index.html")
    assert '<a href="/2024/05/01/a/">it</a>' in body_html
    assert '<a href="/2024/05/01/b/">b</a>' in body_html  # unique name without .md
    assert '<a href="/2024/04/01/c/">c</a>' in body_html  # the file name alone, as Hugo's rule


def test_ref_to_a_topic_page_when_the_topic_exists(tmp_path: Path) -> None:
    body = '[m]({{< ref "/topics/mobile" >}}) [x]({{< ref "/topics/nothing" >}})\n'
    posts = {"a.md": post(body, extra="topics: [Mobile]\n")}
    site = site_with(tmp_path / "s", posts, {}, "shortcodes:\n  ref_not_found: warning\n")
    run = digest("build", "--site", site)
    assert run.code == 0, run.err
    assert '<a href="/topics/mobile/">m</a>' in article_body(
        site / "public/2024/05/01/a/index.html"
    )
    assert "ref '/topics/nothing' not found" in run.err


def test_shortcodes_can_be_turned_off_for_the_site_or_one_article(tmp_path: Path) -> None:
    body = "Write {{< img >}} and {% image x %} and {{ site.url }}.\n"
    posts = {
        "a.md": post(body, title="A"),
        "b.md": post(body, title="B", extra="shortcodes: false\n"),
    }
    site = site_with(tmp_path / "off", posts, {}, "shortcodes:\n  hugo: false\n  liquid: true\n")
    run = digest("build", "--site", site)
    assert run.code == 1  # a.md: {% image %} is still a Liquid tag
    assert "content/a.md:5: unknown shortcode 'image'" in run.err
    assert "content/b.md" not in run.err

    (site / "content/c.md").write_text(post("x\n", title="C", extra="shortcodes: perhaps\n"))
    run = digest("build", "--site", site)
    assert "content/c.md:4: shortcodes must be true or false" in run.err
    (site / "content/c.md").unlink()

    (site / "site.yaml").write_text("title: x\nshortcodes:\n  hugo: false\n  liquid: false\n")
    assert digest("build", "--site", site).code == 0
    for name in ("a", "b"):
        shown = article_body(site / f"public/2024/05/01/{name}/index.html")
        assert "{{&lt; img &gt;}} and {% image x %} and {{ site.url }}" in shown


def test_unknown_shortcodes_keys_are_site_yaml_errors(tmp_path: Path) -> None:
    site = site_with(tmp_path / "s", {}, {}, "shortcodes:\n  hugo: true\n  liqiud: false\n")
    run = digest("build", "--site", site)
    assert run.code == 2
    assert (
        "site.yaml:5: unknown key 'shortcodes.liqiud' (did you mean 'shortcodes.liquid'?)"
        in run.err
    )
    (site / "site.yaml").write_text("shortcodes:\n  ref_not_found: ignore\n")
    run = digest("build", "--site", site)
    assert run.code == 2
    assert "site.yaml:2: shortcodes.ref_not_found must be error or warning" in run.err


def test_a_site_template_overrides_the_theme_built_in(tmp_path: Path) -> None:
    templates = {"youtube.html": '<p class="video">{{ args[0] }}</p>\n'}
    site = site_with(tmp_path / "s", {"a.md": post("{{< youtube abc >}}\n")}, templates)
    assert digest("build", "--site", site).code == 0
    body = article_body(site / "public/2024/05/01/a/index.html")
    assert '<p class="video">abc</p>' in body and "iframe" not in body


def test_check_lists_each_unknown_name_once_with_its_count(tmp_path: Path) -> None:
    body = "{{< legacy-img a >}}\n{{< legacy-img b >}}\n{{< tweet c >}}\n{% image d %}\n"
    posts = {"a.md": post(body, title="A"), "b.md": post("{{< legacy-img e >}}\n", title="B")}
    site = site_with(tmp_path / "s", posts, {})

    run = digest("check", "--site", site)

    assert run.code == 1
    summary = run.out[run.out.index("unknown shortcodes") :]
    assert re.search(r"legacy-img\s+3\b", summary)
    assert re.search(r"tweet\s+1\b", summary) and re.search(r"image\s+1\b", summary)
    assert summary.count("legacy-img") == 1


# property: any body with shortcode syntax loads to an article or to path:line problems

_PIECES = st.sampled_from(
    [
        *("{{<", ">}}", "{{%", "%}}", "{%", "%}", "{{", "}}", "{{</*", "*/>}}", '"', "`", "\n"),
        *(" note ", " /note ", " box ", " ref ", ' "a.md" ', " broken ", " raw ", " endraw ", "-"),
        *("{{< note >}}", "{{< /note >}}", "{% raw %}", "{% endraw %}", "{{ page.title }}", "x"),
        *('{{< ref "b.md" >}}', "{{< youtube a />}}", "{% for x %}", "{{< figure src=x >}}"),
    ]
)
PROBLEM_LINE = re.compile(r"^content/a\.md:\d+: \S")


@pytest.fixture(scope="module")
def loader(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    templates = {
        "note.html": '<div class="note">{{ inner | markdownify }}</div>\n',
        "box.html": "<div>{{ inner }}</div>\n",
        "broken.html": "{{ params.a.b.c }}\n",
    }
    site = site_with(tmp_path_factory.mktemp("sc-properties"), {}, templates)
    config = load_config(site)
    renderer = MarkdownRenderer(config.markdown)
    return config, renderer, Expander(config, renderer)


@settings(max_examples=300, deadline=None, database=None)
@given(parts=st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=25))
def test_any_body_with_shortcodes_loads_or_gives_path_line_problems(loader, parts) -> None:  # type: ignore[no-untyped-def]
    config, renderer, expander = loader
    body = "".join(parts).replace("\x00", "")
    text = post(body)
    loaded = load_article(SourceFile("content/a.md", text.encode()), config, renderer, expander)
    assert loaded.article is not None or loaded.problems
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1  # as the loader
    for problem in loaded.problems:
        assert PROBLEM_LINE.match(str(problem)), str(problem)
        assert 1 <= problem.line <= lines
        assert "renderer error" not in problem.message, problem  # a bug, not bad input


def test_the_worked_example_in_docs_migrating_builds(tmp_path: Path) -> None:
    """docs/migrating.md's 5-line img template, as written there, on a Digital.gov body."""
    doc = (Path(__file__).parents[1] / "docs" / "migrating.md").read_text()
    img, note = re.findall(r"```jinja\n(.*?)```", doc, re.DOTALL)[:2]
    assert len(img.strip().splitlines()) == 5
    body = (
        '{{< img src="persona-template" alt="A persona" caption="By *GSA*" >}}\n\n'
        "{{< note >}}\nRead **this**.\n{{< /note >}}\n"
    )
    site = site_with(tmp_path / "s", {"a.md": post(body)}, {"img.html": img, "note.html": note})

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    shown = article_body(site / "public/2024/05/01/a/index.html")
    assert 'src="https://s3.amazonaws.com/digitalgov/persona-template.jpg"' in shown
    assert 'alt="A persona"' in shown and "<figcaption><p>By <em>GSA</em></p></figcaption>" in shown
    assert '<div class="note"><p>Read <strong>this</strong>.</p></div>' in shown


def test_the_jekyll_include_example_in_docs_migrating_builds(tmp_path: Path) -> None:
    doc = (Path(__file__).parents[1] / "docs" / "migrating.md").read_text()
    include = re.findall(r"```jinja\n(.*?)```", doc, re.DOTALL)[2]
    site = site_with(
        tmp_path / "s",
        {"a.md": post('{% include note.html kind="warning" %}\n')},
        {"include.html": include},
    )
    (site / "templates/includes").mkdir()
    (site / "templates/includes/note.html").write_text('<p class="{{ params.kind }}">Note</p>\n')

    run = digest("build", "--site", site)

    assert run.code == 0, run.err
    assert '<p class="warning">Note</p>' in article_body(site / "public/2024/05/01/a/index.html")
