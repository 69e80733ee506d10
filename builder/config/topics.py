"""site.yaml's topic vocabulary: ``topics:``, ``topics_strict`` and keyword hits."""

from __future__ import annotations

from typing import Any

from builder.config.settings import TopicSpec
from builder.config.values import boolean, positive_int, unknown
from builder.errors import YamlProblem
from builder.text import yamlsafe
from builder.text.yamlsafe import Entry


def _read_topics(entry: Entry, loader: Any) -> dict[str, Any]:
    if yamlsafe.is_null(entry.node):
        return {}
    specs = []
    for topic in yamlsafe.entries(entry.node, "topics"):
        fields: dict[str, Any] = {}
        if not yamlsafe.is_null(topic.node):
            for sub in yamlsafe.entries(topic.node, f"topic '{topic.key}'"):
                if sub.key in ("aliases", "keywords"):
                    fields[sub.key] = tuple(yamlsafe.texts(sub.node, sub.key))
                elif sub.key == "description":
                    fields["description"] = yamlsafe.text(sub.node, "description")
                elif sub.key == "min_hits":
                    fields["min_hits"] = positive_int(sub, f"topic '{topic.key}': min_hits")
                elif sub.key == "names":
                    fields["names"] = _topic_names(sub, topic.key)
                else:
                    known = {"aliases": 0, "description": 0, "keywords": 0, "min_hits": 0}
                    known["names"] = 0
                    raise YamlProblem(sub.line, unknown(sub.key, known, f"topics.{topic.key}"))
        specs.append(TopicSpec(name=topic.key, **fields))
    return {"topics": tuple(specs)}


def _topic_names(entry: Entry, topic: str) -> tuple[tuple[str, str], ...]:
    """``names: {ja: 中国, es: China}``: the topic in each language's pages."""
    where = f"topics.{topic}.names"
    return tuple(
        (item.key, yamlsafe.text(item.node, f"{where}.{item.key}"))
        for item in yamlsafe.entries(entry.node, where)
    )


def _read_topics_strict(entry: Entry, loader: Any) -> dict[str, Any]:
    return {"topics_strict": boolean(entry, "topics_strict", loader)}


def _read_keyword_hits(entry: Entry, loader: Any) -> dict[str, Any]:
    return {"topic_keywords_min_hits": positive_int(entry, "topic_keywords_min_hits")}


READERS = {
    "topics": _read_topics,
    "topics_strict": _read_topics_strict,
    "topic_keywords_min_hits": _read_keyword_hits,
}
"""site.yaml keys read here, for read.py's table."""
