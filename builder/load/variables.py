"""Liquid's ``site`` and ``page`` in a story's body, named as Jekyll names them. Pure.

``page`` is every front-matter key as written, then Jekyll's computed ones: ``url``
(the story's URL without the base path, as Jekyll's; ``| relative_url`` adds it), ``id``,
``date`` (printed as Jekyll prints a time), ``slug``, ``path`` (under ``content/``),
``excerpt`` (``excerpt`` or ``summary`` in front matter, else the text of the first
paragraph), ``tags`` and ``categories`` (lists, empty when absent). ``site`` is the site
settings (``title``, ``description``, ``author``, ``url`` — scheme and host —, ``baseurl``
— the path of base_url without its last ``/`` —, ``lang``, ``timezone``), ``site.params``
and, as Jekyll's own ``_config.yml`` keys, every key of ``params`` at the top too;
``site.data`` (load/sitedata.py) and ``site.posts`` (index/posts.py). The build's time
(``site.time``) is not offered: bodies are kept in the parse cache.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from builder.config import SiteConfig
from builder.load.marks import OWN_ID, OWN_PATH

MORE = "<!--more-->"


class JekyllTime(datetime):
    """A datetime printed as Jekyll (Ruby) prints one: ``2016-04-01 10:00:00 +0500``."""

    def __str__(self) -> str:
        return self.strftime("%Y-%m-%d %H:%M:%S %z").strip()

    @classmethod
    def of(cls, moment: datetime) -> JekyllTime:
        return cls.combine(moment.date(), moment.timetz())


def site_variables(config: SiteConfig, data: Mapping[str, Any]) -> dict[str, Any]:
    """``site`` without ``posts`` (a body that lists other stories gets them later)."""
    base_path = config.base_path
    origin = config.base_url[: len(config.base_url) - len(base_path)]
    settings = {
        "title": config.title,
        "description": config.description,
        "author": config.author,
        "url": origin,
        "baseurl": base_path.rstrip("/"),
        "lang": config.language,
        "language": config.language,
        "timezone": config.timezone,
        "params": config.params,
        "data": data,
        "posts": (),
    }
    return {**config.params, **settings}


def page_variables(
    matter: Mapping[str, Any],
    computed: Mapping[str, Any],
    body: str,
    plain: Callable[[str], str],
) -> dict[str, Any]:
    """``page`` for a body: front matter as written, then what Jekyll computes.

    ``computed`` holds the loader's ``title``, ``date``, ``slug`` and ``src_path``; ``plain``
    turns Markdown into plain text (for the excerpt, made only when the body names it).
    """
    src_path = str(computed["src_path"])
    page = {
        **matter,
        "title": computed["title"],
        "date": JekyllTime.of(computed["date"]),
        "slug": computed["slug"],
        "url": OWN_PATH,
        "id": OWN_ID,
        "path": src_path.removeprefix("content/"),
        "tags": _listed(matter.get("tags")),
        "categories": _listed(matter.get("categories")),
    }
    if "excerpt" in body:
        page["excerpt"] = matter.get("excerpt") or matter.get("summary") or plain(excerpt(body))
    return page


def post_variables(
    matter: Mapping[str, Any], computed: Mapping[str, Any], summary: str, url: str
) -> dict[str, Any]:
    """One story of ``site.posts``: as its ``page``, with its own URL and summary."""
    page = page_variables(matter, computed, "", str)
    page["url"] = url
    page["excerpt"] = summary
    page["id"] = url.rstrip("/") or "/"
    return page


def excerpt(body: str) -> str:
    """The body's first paragraph, or all before ``<!--more-->`` (Jekyll's separator)."""
    if MORE in body:
        return body.split(MORE, 1)[0]
    for part in body.strip().split("\n\n"):
        if part.strip() and not part.lstrip().startswith(("{%", "#")):
            return part
    return ""


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [part.strip() for part in str(value).split(",") if part.strip()]
