"""render: pages -> bytes through Jinja2: autoescape everywhere, strict names, faults at their line.

The templates are written into a temporary site's ``templates/`` (the site's own
templates come before the default theme), and the pages are made in the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.articles import site_config

from builder.config import SiteConfig
from builder.model import Page
from builder.render import render_pages
from builder.render.environment import make_environment, xml_text


@pytest.fixture
def site(tmp_path: Path):
    """Write templates (name -> text) into a site; its configuration."""

    def make(templates: dict[str, str], yaml_text: str = "") -> SiteConfig:
        folder = tmp_path / "templates"
        folder.mkdir(exist_ok=True)
        for name, text in templates.items():
            (folder / name).write_text(text, encoding="utf-8")
        return site_config(yaml_text, site_dir=tmp_path)

    return make


def render(config: SiteConfig, *pages: Page):
    return render_pages(list(pages), make_environment(config), config)


@pytest.mark.parametrize("name", ["page.html", "feed.xml", "notes.txt", "data.json"])
def test_values_are_escaped_whatever_the_extension(site, name: str) -> None:
    config = site({name: "<t>{{ value }}</t>"})
    outputs, problems = render(config, Page(f"/{name}", name, {"value": '<b a="1">&'}))
    assert problems == []
    assert outputs[0].data == b"<t>&lt;b a=&#34;1&#34;&gt;&amp;</t>"


def test_an_undefined_name_is_a_problem_at_its_template_line_not_an_empty_string(site) -> None:
    config = site({"t.html": "<p>\n{{ page_title }}\n</p>\n"})
    outputs, problems = render(config, Page("/a/", "t.html", {}, "content/a.md"))
    assert outputs == []
    assert [(p.path, p.line) for p in problems] == [("templates/t.html", 2)]
    assert problems[0].message == (
        "UndefinedError: 'page_title' is undefined (while rendering content/a.md)"
    )


def test_an_undefined_attribute_is_a_problem_too(site) -> None:
    config = site({"t.html": "{{ article.titel }}"})
    _, problems = render(config, Page("/a/", "t.html", {"article": object()}))
    assert problems[0].message.startswith("UndefinedError: ")
    assert "titel" in problems[0].message


def test_a_syntax_error_is_reported_once_at_its_line_for_every_page_using_the_template(
    site,
) -> None:
    config = site({"bad.html": "one\ntwo\n{% if %}\n", "good.html": "fine"})
    pages = [Page("/a/", "bad.html", {}), Page("/b/", "bad.html", {}), Page("/c/", "good.html", {})]
    outputs, problems = render(config, *pages)
    assert [o.out_path for o in outputs] == ["c/index.html"]
    assert len(problems) == 1
    assert (problems[0].path, problems[0].line) == ("templates/bad.html", 3)
    assert problems[0].message.endswith("(while rendering /a/)")


def test_a_missing_include_names_the_including_template(site) -> None:
    config = site({"t.html": "x\n{% include 'nope.html' %}\n"})
    _, problems = render(config, Page("/a/", "t.html", {}))
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("templates/t.html", 2, "template 'nope.html' not found (while rendering /a/)")
    ]


def test_the_site_template_wins_over_the_default_theme_which_fills_the_rest(site) -> None:
    config = site({"robots.txt": "mine"}, "base_url: https://example.org/d/\n")
    pages = [Page("/robots.txt", "robots.txt", {}), Page("/style.css", "style.css", {})]
    outputs, problems = render(config, *pages)
    assert problems == []
    assert outputs[0].data == b"mine"
    assert outputs[1].data and b"{" in outputs[1].data  # the default theme's stylesheet


def test_url_filters_join_the_base_url_and_its_path(site) -> None:
    template = "{{ '/a/b/' | url }} {{ '/a/b/' | absurl }} {{ site.title }}"
    config = site({"t.html": template}, "title: D\nbase_url: https://example.org/digest/\n")
    outputs, _ = render(config, Page("/", "t.html", {}))
    assert outputs[0].data == b"/digest/a/b/ https://example.org/digest/a/b/ D"
    assert outputs[0].out_path == "index.html"


def test_xml_text_drops_characters_xml_forbids_and_escapes_once() -> None:
    assert xml_text("a\x00b\x0bc\ufffe & <d>\t\n") == "abc &amp; &lt;d&gt;\t\n"
