"""template_reads.shallow_names: which of topic, author and month no template can read the
stories of. Erring means a stale page, so every way into the stories must say "may read"."""

from __future__ import annotations

import pytest
from helpers import SITES
from jinja2 import DictLoader, Environment, FunctionLoader

from builder.config import load_config
from builder.render.environment import make_environment
from builder.render.reads import shallow_names

ALL = frozenset({"topic", "author", "month"})


def names(*templates: str) -> frozenset[str]:
    env = Environment(loader=DictLoader({f"t{i}.html": t for i, t in enumerate(templates)}))
    return shallow_names(env)


def test_the_default_theme_reads_none_of_their_stories() -> None:
    assert shallow_names(make_environment(load_config(SITES / "basic"))) == ALL


@pytest.mark.parametrize(
    "template",
    [
        "{{ topic.name }} {{ topic['url'] }} {{ topic.count }} {{ topic.description }}",
        "{% if topic %}{{ topic.name }}{% endif %}{% if not topic %}-{% endif %}",
        "{% if topic is defined %}{{ 'a' if topic else 'b' }}{% endif %}",
        "{% for topic in site.topics %}{{ topic.articles }}{% endfor %}",  # a loop's own
        "{% macro m(topic) %}{{ topic.articles }}{% endmacro %}",  # a macro's argument
        "{% with topic = x %}{{ topic }}{% endwith %}",
        "{% for t in topics %}{{ t.articles }}{% endfor %}",  # another name
    ],
)
def test_reading_other_fields_or_a_local_of_the_same_name_keeps_the_shortcut(template) -> None:
    assert "topic" in names(template)


@pytest.mark.parametrize(
    "template",
    [
        "{{ topic.articles | length }}",
        "{{ topic['articles'][0].title }}",
        "{{ topic }}",
        "{{ topic | attr('articles') }}",
        "{{ topic | tojson }}",
        "{% set t = topic %}{{ t.articles }}",
        "{% set topic = x %}",
        "{{ show(topic) }}",
        "{{ topic.newest }}",  # not a field: a property could read the stories
        "{{ topic if x else y }}",
        "{% if x is sameas topic %}{% endif %}",
        "{% for topic in topic.articles %}{% endfor %}",  # the list is read before the loop
        "{% for x in y %}{% block b %}{{ topic.articles }}{% endblock %}{% endfor %}",
        "{{ self._TemplateReference__context }}",  # Jinja's internals: the whole context
        "{% for topic in x %}{{ self._TemplateReference__context.topic }}{% endfor %}",
    ],
)
def test_every_other_use_turns_it_off(template: str) -> None:
    assert "topic" not in names("{{ topic.name }}", template)


def test_a_template_that_does_not_parse_turns_every_shortcut_off() -> None:
    assert names("{{ topic.name }}", "{% if %}") == frozenset()


def test_each_name_is_judged_on_its_own() -> None:
    assert names("{{ author.articles }}", "{{ month.articles }}") == {"topic"}


def test_a_loader_that_cannot_list_its_templates_turns_every_shortcut_off() -> None:
    env = Environment(loader=FunctionLoader(lambda name: "{{ topic.name }}"))
    assert shallow_names(env) == frozenset()
