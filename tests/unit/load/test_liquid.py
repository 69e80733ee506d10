"""Liquid bodies on text in memory: builder/load/liquid.py, liquidtags.py, jekyll.py,
codetext.py, variables.py (the whole build is tests/test_jekyll.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from helpers.articles import site_config
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.load import codetext
from builder.load.liquid import LiquidBodies, Rendering
from builder.load.marks import OWN_ABSOLUTE, OWN_PATH, OWN_URL
from builder.load.shortcodes import Call
from builder.load.variables import JekyllTime, excerpt, page_variables, site_variables


class Shortcodes:
    """Templates by name: ``block`` ones show inner; a call renders as ``[name args]``."""

    def __init__(self, kinds: dict[str, str]) -> None:
        self.kinds = kinds
        self.calls: list[Call] = []

    def template_kind(self, name: str) -> str | None:
        return self.kinds.get(name)

    def render_call(self, call: Call, inner: str | None) -> str:
        self.calls.append(call)
        named = " ".join(f"{k}={v}" for k, v in call.params)
        return f"[{call.name} {' '.join(call.args)} {named}|{inner}]".replace("  ", " ")


def render(
    text: str, yaml: str = "", kinds: dict[str, str] | None = None, **variables: object
) -> tuple[str, Rendering]:
    config = site_config("base_url: https://x.org/news/\n" + yaml)
    bodies = LiquidBodies(config, Shortcodes(kinds or {}), lambda md: f"<p>{md}</p>")
    site = {**site_variables(config, {"releases": [{"v": "1.0"}, {"v": 2.7}]}), "posts": ()}
    return bodies.render(text, 5, {"site": site, "page": {"title": "T"}, **variables})


def test_logic_and_filters_render() -> None:
    loop = "{% for x in n limit: 2 %}{{ x | upcase }}{% endfor %}"
    text, done = render('{% assign n = "a|b|c" | split: "|" %}' + loop)
    assert (text, done.problems) == ("AB", [])


def test_where_compares_as_text_as_jekyll_does() -> None:
    text, done = render('{{ site.data.releases | where: "v", "2.7" | map: "v" | first }}')
    assert (text, done.problems) == ("2.7", [])


def test_where_exp_filters_with_a_liquid_condition() -> None:
    text, _ = render('{{ site.data.releases | where_exp: "r", "r.v == \'1.0\'" | size }}')
    assert text == "1"


def test_an_undefined_variable_is_a_problem_at_its_file_line() -> None:
    text, done = render("one\ntwo {{ page.nope }}\n{% for x in site.nada %}{% endfor %}")
    assert text == "one\ntwo \n"
    assert done.problems == [
        (6, "Liquid: page.nope is undefined"),
        (7, "Liquid: site.nada is undefined"),
    ]


def test_tests_and_defaults_of_undefined_variables_are_quiet() -> None:
    quiet = "{% if page.nope %}x{% endif %}{{ page.nope | default: 'd' }}{{ page.nope | size }}"
    text, done = render(quiet)
    assert (text, done.problems) == ("d0", [])


def test_lenient_prints_nothing_and_warns() -> None:
    lenient = "shortcodes:\n  liquid_undefined: warning\n"
    text, done = render("a{{ page.nope }}b{{ 'x' | shout }}c", lenient)
    assert text == "abc" and done.problems == []
    assert [line for line, _ in done.warnings] == [5, 5]


def test_every_problem_of_a_body_is_reported_together() -> None:
    _, done = render("{{ a }}\n{{ 'x' | nope }}\n{{ b.c }}")
    assert [line for line, _ in done.problems] == [5, 6, 7]


def test_an_unclosed_block_is_named_at_its_line() -> None:
    _, done = render("x\n\n{% if page.title %}never closed")
    assert done.problems == [(7, "Liquid: '{% if %}' is not closed ('{% endif %}' missing)")]


def test_an_unclosed_output_is_a_problem() -> None:
    _, done = render("x\n{{ page.title")
    assert done.problems and done.problems[0][0] == 6


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("{{ page_url }}", OWN_PATH),
        ("{{ page_url | relative_url }}", OWN_URL),
        ("{{ page_url | absolute_url }}", OWN_ABSOLUTE),
        ('{{ "/about/" | relative_url }}', "/news/about/"),
        ('{{ "about" | relative_url }}', "/news/about"),
        ('{{ "/about/" | absolute_url }}', "https://x.org/news/about/"),
        ('{{ "https://e.org/" | relative_url }}', "https://e.org/"),
        ("{{ site.baseurl }}|{{ site.url }}", "/news|https://x.org"),
    ],
)
def test_urls_as_jekyll_gives_them(text: str, url: str) -> None:
    assert render(text, page_url=OWN_PATH)[0] == url


DATE = JekyllTime.of(datetime(2013, 3, 27, 11, 22, 33, tzinfo=UTC))
DAY = datetime(2013, 3, 2).date()


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # Jekyll's test/test_filters.rb
        ("{{ d | date_to_string }}", "27 Mar 2013"),
        ("{{ d | date_to_long_string }}", "27 March 2013"),
        ('{{ d | date_to_string: "ordinal", "US" }}', "Mar 27th, 2013"),
        ('{{ d | date_to_long_string: "ordinal" }}', "27th March 2013"),
        ("{{ d | date_to_xmlschema }}", "2013-03-27T11:22:33+00:00"),
        ("{{ d | date_to_rfc822 }}", "Wed, 27 Mar 2013 11:22:33 +0000"),
        ("{{ day | date_to_string }}", "02 Mar 2013"),
        ('{{ day | date_to_string: "ordinal" }}', "2nd Mar 2013"),
        ('{{ day | date_to_long_string: "ordinal", "US" }}', "March 2nd, 2013"),
        ('{{ d | date: "%Y-%m-%d" }}', "2013-03-27"),
        ("{{ d }}", "2013-03-27 11:22:33 +0000"),
        ('{{ "AT&T" | xml_escape }}', "AT&amp;T"),
        ('{{ "my things" | cgi_escape }}', "my+things"),
        ('{{ "hey!" | cgi_escape }}', "hey%21"),
        ('{{ "my things" | uri_escape }}', "my%20things"),
        ('{{ "foo!*\'();:@&=+$,/?#[]bar" | uri_escape }}', "foo!*'();:@&=+$,/?#[]bar"),
        ('{{ "The _config.yml file" | slugify }}', "the-config-yml-file"),
        ('{{ "The _config.yml file" | slugify: "pretty" }}', "the-_config.yml-file"),
        ('{{ "The _cönfig.yml file" | slugify: "ascii" }}', "the-c-nfig-yml-file"),
        ('{{ "The _cönfig.yml file" | slugify: "latin" }}', "the-config-yml-file"),
        ("{{ \"These aren't the droids you're looking for.\" | number_of_words }}", "7"),
        ('{{ "1,2,3,4" | split: "," | array_to_sentence_string: "or" }}', "1, 2, 3, or 4"),
        ('{{ "a \t \n\nb" | normalize_whitespace }}', "a b"),
        ('{{ "x **y**" | markdownify }}', "<p>x **y**</p>"),
        ("{{ site.data.releases | first | jsonify }}", '{"v":"1.0"}'),
    ],
)
def test_jekylls_filters_give_jekylls_results(text: str, expected: str) -> None:
    out, done = render(text, d=DATE, day=DAY)
    assert (out, done.problems) == (expected, [])


def test_now_is_refused_in_a_body() -> None:
    _, done = render('{{ "now" | date: "%Y" }}')
    assert "'now' | date is not available" in done.problems[0][1]


# shortcode tags


def test_an_unknown_tag_is_a_shortcode_call_with_jekyll_arguments() -> None:
    kinds = {"include": "tag"}
    text, done = render('{% include note.html kind="warn" title=page.title n=2 %}', kinds=kinds)
    assert done.problems == []
    assert text == "[include note.html kind=warn title=T n=2|None]"


def test_a_variable_tag_argument_is_rendered_first() -> None:
    text, _ = render("{% include {{ page.title | downcase }}.html %}", kinds={"include": "tag"})
    assert text == "[include t.html |None]"


def test_a_block_template_gets_its_rendered_inner_and_the_text_as_written() -> None:
    shortcodes = Shortcodes({"note": "block"})
    config = site_config()
    bodies = LiquidBodies(config, shortcodes, str)
    body = "{% note %}\n{{ page.title }}!\n{% endnote %}"
    text, done = bodies.render(body, 1, {"page": {"title": "T"}})
    assert done.problems == [] and text == "[note |\nT!\n]"
    assert shortcodes.calls[0].inner_text == "\n{{ page.title }}!\n"


def test_hyphenated_tag_names_and_orphan_closers() -> None:
    text, done = render("{% legacy-img a %}\n{% endbox %}", kinds={"legacy-img": "tag"})
    assert text.startswith("[legacy-img a")
    assert done.problems == [(6, "'{% endbox %}' closes nothing: no opening tag")]


def test_a_block_template_left_open_is_a_call_without_inner() -> None:
    shortcodes = Shortcodes({"note": "block"})
    bodies = LiquidBodies(site_config(), shortcodes, str)
    bodies.render("{% note %} never closed", 1, {})
    assert shortcodes.calls[0].body is None  # expand.py reports it as not closed


# code keeps its text


def test_code_spans_and_fences_keep_their_liquid_and_raw_still_works() -> None:
    body = (
        "`{{ page.title }}` {{ page.title }}\n\n```\n{% for x in y %}\n```\n"
        "`{% raw %}{{{% endraw %} }}`"
    )
    text, done = render(body)
    assert text == "`{{ page.title }}` T\n\n```\n{% for x in y %}\n```\n`{{ }}`"
    assert [line for line, _ in done.warnings] == [5, 8]  # not the raw one: a sample, said so


def test_hugo_shortcodes_pass_through_liquid_untouched() -> None:
    text, done = render("{{< note >}}x{{< /note >}} {{% box %}}y{{% /box %}} {{ page.title }}")
    assert (text, done.problems) == ("{{< note >}}x{{< /note >}} {{% box %}}y{{% /box %}} T", [])


def test_code_ranges_find_fences_and_spans() -> None:
    body = "a `b` c\n```\nd\n```\n~~~~\ne ``f`` `\n"
    ranges = codetext.code_ranges(body)
    assert [body[s:e] for s, e in ranges] == ["`b`", "```\nd\n```", "~~~~\ne ``f`` `\n"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="{}%`<>- \nab\x00raw", max_size=40))
def test_guard_and_unguard_give_the_text_back(text: str) -> None:
    text = text.replace("\x00", "")
    assert codetext.unguard(codetext.guard(text)[0]) == text


# variables


def test_page_is_front_matter_as_written_with_jekylls_keys() -> None:
    when = datetime(2024, 5, 1, 10, tzinfo=UTC)
    computed = {"title": "T", "date": when, "slug": "t", "src_path": "content/_posts/t.md"}
    matter = {"title": " T ", "image": {"src": "/a.png"}, "tags": "a, b", "x": 1}
    body = "First para.\n\nSecond; excerpt."
    page = page_variables(matter, computed, body, lambda md: md.upper())
    assert page["x"] == 1 and page["image"] == {"src": "/a.png"} and page["title"] == "T"
    assert page["tags"] == ["a", "b"] and page["categories"] == []
    assert str(page["date"]) == "2024-05-01 10:00:00 +0000"
    assert page["path"] == "_posts/t.md" and page["url"] == OWN_PATH
    assert page["excerpt"] == "FIRST PARA."


def test_the_excerpt_stops_at_more() -> None:
    assert excerpt("a\n\nb\n<!--more-->\nc") == "a\n\nb\n"


def test_site_holds_params_at_the_top_as_jekylls_config_keys() -> None:
    config = site_config("title: S\nparams:\n  repository: https://r\n  title: not this\n")
    site = site_variables(config, {})
    assert site["repository"] == "https://r" and site["title"] == "S"
    assert site["params"]["title"] == "not this"


def test_whitespace_control_strips_the_text_around_the_rendered_stretch() -> None:
    assert render("a  \n {%- assign x = 1 -%} \n b {{ x }}")[0] == "ab 1"
    assert render("a \n{{- page.title -}}\n b")[0] == "aTb"
    assert render("a {{ page.title }} }} b")[0] == "a T }} b"


def test_a_template_showing_only_inner_text_keeps_the_block_as_text() -> None:
    """Jekyll 4's highlight: its content is code, as if in raw."""
    text, done = render(
        "{% highlight python %}\nprint('{{ x }}') {% if %}\n{% endhighlight %}",
        kinds={"highlight": "raw"},
    )
    assert done.problems == []
    assert text == "[highlight python |\nprint('{{ x }}') {% if %}\n]"


def test_a_text_block_pairs_nested_openings_as_liquid_does() -> None:
    """The inner pair stays text; the outer closes at its own closer, not the first."""
    text, done = render(
        "{% highlight %}\n{% highlight %}a{% endhighlight %}\n{% endhighlight %}b",
        kinds={"highlight": "raw"},
    )
    assert done.problems == []
    assert text == "[highlight |\n{% highlight %}a{% endhighlight %}\n]b"


def test_a_text_block_whose_own_closer_is_missing_is_a_call_without_inner() -> None:
    shortcodes = Shortcodes({"highlight": "raw"})
    bodies = LiquidBodies(site_config(), shortcodes, str)
    bodies.render("{% highlight %}\n{% highlight %}a{% endhighlight %}", 1, {})
    assert shortcodes.calls[0].body is None  # expand.py reports it as not closed


def test_raw_never_closed_is_a_problem_at_its_line() -> None:
    _, done = render("x\n{% raw %} y")
    assert done.problems == [(6, "'{% raw %}' is not closed by '{% endraw %}'")]


def test_an_undefined_key_one_slip_from_a_known_one_gets_a_hint() -> None:
    _, done = render("{{ page.titel }} {{ site.titel }} {{ page.zzz }}")
    assert [message for _, message in done.problems] == [
        "Liquid: page.titel is undefined (did you mean 'page.title'?)",
        "Liquid: site.titel is undefined (did you mean 'site.title'?)",
        "Liquid: page.zzz is undefined",
    ]
