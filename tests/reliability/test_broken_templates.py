"""Catalogue group D (cases 26-29): templates. Template faults are global: nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import Case, front, ids, run_case
from helpers import REPO
from jinja2 import StrictUndefined, TemplateNotFound

from builder.config import load_config
from builder.render.environment import make_environment

pytestmark = pytest.mark.reliability

ART = "templates/article.html"
PAGE = "2024/03/05/a/index.html"

CASES = [
    Case(
        "26-syntax-error",
        {ART: "{% extends 'base.html' %}\n{% block content %}\n{% if %}\n{% endblock %}\n"},
        1,
        f"{ART}:3",
        "Expected an expression",
    ),
    Case(
        "26-unclosed-block",
        {ART: "<p>\n\n{% for x in y %}\n"},
        1,
        f"{ART}:3",
        "Unexpected end of template",
    ),
    Case(
        "27-undefined-attribute",
        {ART: "<p>\n{{ article.titel }}\n</p>\n"},
        1,
        f"{ART}:2",
        "has no attribute 'titel' (while rendering content/",
    ),
    Case(
        "27-undefined-variable",
        {ART: "<p>\n\n{{ no_such_thing }}\n"},
        1,
        f"{ART}:3",
        "'no_such_thing' is undefined",
    ),
    Case(
        "28-missing-include",
        {ART: "<p>\n{% include 'nowhere.html' %}\n"},
        1,
        f"{ART}:2",
        "template 'nowhere.html' not found",
    ),
    Case(
        "28-recursive-include",
        {
            ART: "<p>\n{% include 'loop.html' %}\n",
            "templates/loop.html": "x{% include 'loop.html' %}\n",
        },
        1,
        "templates/loop.html:1",
        "RecursionError",
    ),
    Case(
        "28-include-outside-the-templates",
        {ART: "<p>\n{% include '../site.yaml' %}\n"},
        1,
        f"{ART}:2",
        "not found",
    ),
    Case(
        "28-layout-in-front-matter-is-not-a-path",
        {"content/a.md": front(extra="layout: ../../../../../../etc/passwd\n")},
        0,
        exists=(PAGE,),
    ),
    Case(
        "29-autoescape-in-any-extension",
        {
            ART: "<p>{% include 'bits.j2' %}</p>\n",
            "templates/bits.j2": "{{ article.title }}",
            "content/a.md": front(title="'<script>alert(1)</script>'"),
        },
        0,
        page_has={PAGE: "&lt;script&gt;alert(1)&lt;/script&gt;"},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_template_case(built_basic: Path, tmp_path: Path, case: Case) -> None:
    site, _run = run_case(built_basic, tmp_path, case)
    if case.code == 0:
        for page in (site / "public").rglob("*.html"):
            assert b"root:x:0" not in page.read_bytes()


def test_29_environment_always_escapes_and_is_strict() -> None:
    env = make_environment(load_config(REPO))
    assert env.autoescape is True
    assert env.undefined is StrictUndefined
    assert env.from_string("{{ x }}").render(x="<svg onload=1>") == "&lt;svg onload=1&gt;"
    with pytest.raises(TemplateNotFound):
        env.get_template("../../etc/passwd")
