"""The default theme and a site's own templates: valid HTML, overrides, template errors."""

from __future__ import annotations

import itertools
from pathlib import Path

import html5lib
import pytest
from helpers import REPO, SITES, digest, snapshot
from jinja2 import StrictUndefined

from builder.config import load_config
from builder.render.environment import make_environment


def test_environment_escapes_and_is_strict(tmp_path: Path) -> None:
    env = make_environment(load_config(REPO))
    assert env.autoescape is True
    assert env.undefined is StrictUndefined
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


@pytest.mark.parametrize("site", [REPO, SITES / "digest", SITES / "basic"])
def test_every_page_is_valid_html5_with_one_h1_and_lang(site: Path, tmp_path: Path) -> None:
    assert digest("build", "--site", site, "--out", tmp_path / "out").code == 0
    pages = sorted((tmp_path / "out").rglob("*.html"))
    pages = [p for p in pages if p.name != "email.html"]  # mail parts: see test_email.py
    assert pages
    for path in pages:
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        document = parser.parse(path.read_bytes())
        assert len(document.findall(".//h1")) == 1, path
        assert document.get("lang"), path
        assert document.find(".//main") is not None, path
        levels = [int(e.tag[1]) for e in document.iter() if e.tag in ("h1", "h2", "h3", "h4")]
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (path, levels)
        for img in document.iter("img"):
            assert img.get("alt") is not None, path


def test_a_site_template_overrides_the_theme_file_by_file(make_site) -> None:
    site = make_site("basic")
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Lost at sea</h1>{% endblock %}\n'
    )

    assert digest("build", "--site", site).code == 0
    assert "Lost at sea" in (site / "public" / "404.html").read_text()
    assert "<h1>Topics</h1>" in (site / "public" / "topics" / "index.html").read_text()


def test_extra_front_matter_reaches_templates(make_site) -> None:
    site = make_site("basic")
    (site / "templates").mkdir()
    (site / "templates" / "article.html").write_text(
        "<p>{{ article.extra.get('extra_field', '-') }}</p>\n"
    )
    assert digest("build", "--site", site).code == 0
    assert (site / "public/2024/03/11/custom-slug/index.html").read_text() == "<p>kept</p>\n"


@pytest.mark.parametrize(
    ("template", "line", "words"),
    [
        (
            "{% extends 'base.html' %}\n{% block content %}\n{% if %}\n{% endblock %}\n",
            3,
            "Expected an expression",
        ),
        ("<p>\n{{ article.titel }}\n</p>\n", 2, "has no attribute 'titel'"),
        ("<p>\n{% include 'nowhere.html' %}\n", 2, "template 'nowhere.html' not found"),
    ],
)
def test_template_errors_name_the_template_line(make_site, template, line, words) -> None:
    site = make_site("basic")
    assert digest("build", "--site", site).code == 0
    before = snapshot(site / "public")
    (site / "templates").mkdir()
    (site / "templates" / "article.html").write_text(template)

    run = digest("build", "--site", site)

    assert run.code == 1
    first = run.err.splitlines()[0]
    assert first.startswith(f"templates/article.html:{line}: "), first
    assert words in first
    assert "while rendering content/" in first
    assert "Traceback" not in run.err
    assert snapshot(site / "public") == before
