"""The newsroom keys of site.yaml: ``news`` (the Google News sitemap) and ``authors``.

Kept apart from ``config.py`` (which reads the rest) so that module stays small;
``config.py`` adds :data:`READERS` to its own and :class:`SiteConfig` holds the
values. Unknown keys are errors here too, at their line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import yaml

from builder.errors import YamlProblem
from builder.text import yamlsafe
from builder.text.slugs import slugify
from builder.text.yamlsafe import Entry


@dataclass(frozen=True)
class NewsConfig:
    enabled: bool = True
    """Write ``/news-sitemap.xml`` (and list it in robots.txt)."""
    publication_name: str = ""
    """``news:name``; empty: the site title."""


@dataclass(frozen=True)
class AuthorSpec:
    """One entry of the ``authors`` vocabulary: a byline's page, link and bio."""

    name: str
    slug: str
    url: str | None = None
    """The author's own page elsewhere (JSON-LD ``sameAs``); their page here is /authors/slug/."""
    bio: str = ""
    image: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteImage:
    """site.yaml's ``logo`` or default ``image``: a path under ``static/`` (or a URL), and
    its line, for the problem if the file is missing or not an image."""

    src: str
    alt: str = ""
    line: int = 1


RASTER = (".png", ".jpg", ".jpeg", ".webp", ".gif")
NEWS_KEYS = ("enabled", "publication_name")
AUTHOR_KEYS = ("url", "bio", "image", "aliases")


def read_news(entry: Entry, loader: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for sub in yamlsafe.entries(entry.node, "news"):
        if sub.key == "enabled":
            value = yamlsafe.value(sub.node, loader)
            if not isinstance(value, bool):
                raise YamlProblem(sub.line, "news.enabled must be true or false")
            fields["enabled"] = value
        elif sub.key == "publication_name":
            fields["publication_name"] = yamlsafe.text(sub.node, "news.publication_name").strip()
        else:
            raise YamlProblem(sub.line, unknown(sub.key, NEWS_KEYS))
    return {"news": NewsConfig(**fields)}


def read_authors(entry: Entry, loader: Any) -> dict[str, Any]:
    """``Name: {url, bio, image, aliases}`` (or ``Name:`` alone); slugs must not clash."""
    specs: list[AuthorSpec] = []
    seen: dict[str, str] = {}
    for item in yamlsafe.entries(entry.node, "authors"):
        spec = _author(item)
        for name in (spec.name, *spec.aliases):
            key = slugify(name)
            if key in seen:
                raise YamlProblem(item.line, f"authors: '{name}' is also '{seen[key]}'")
            seen[key] = spec.name
        specs.append(spec)
    return {"authors": tuple(specs)}


def _author(item: Entry) -> AuthorSpec:
    name = item.key.strip()
    slug = slugify(name)
    if not slug:
        raise YamlProblem(item.line, f"authors: '{name}' has no letters or digits for a URL")
    if yamlsafe.is_null(item.node):
        return AuthorSpec(name, slug)
    if not isinstance(item.node, yaml.MappingNode):
        keys = ", ".join(AUTHOR_KEYS)
        raise YamlProblem(item.line, f"authors.{name} must be a mapping of {keys}")
    fields: dict[str, Any] = {}
    for sub in yamlsafe.entries(item.node, f"authors.{name}"):
        if sub.key not in AUTHOR_KEYS:
            raise YamlProblem(sub.line, unknown(sub.key, AUTHOR_KEYS))
        if sub.key == "aliases":
            fields["aliases"] = tuple(v.strip() for v in yamlsafe.texts(sub.node, sub.key))
        else:
            fields[sub.key] = yamlsafe.text(sub.node, f"authors.{name}.{sub.key}").strip()
    url = fields.get("url")
    if url and not url.lower().startswith(("http://", "https://")):
        raise YamlProblem(item.line, f"authors.{name}.url must be an http(s) URL, not '{url}'")
    return AuthorSpec(name, slug, **fields)


def read_logo(entry: Entry, loader: Any) -> dict[str, Any]:
    """A raster file under ``static/`` (``/images/logo.png``): Google wants no SVG logo."""
    if yamlsafe.is_null(entry.node):
        return {"logo": None}
    src = yamlsafe.text(entry.node, "logo").strip()
    if "://" in src or not src.lower().endswith(RASTER):
        raise YamlProblem(
            entry.line, f"logo must be a PNG, JPEG, WebP or GIF file under static/, not '{src}'"
        )
    return {"logo": SiteImage(src, line=entry.line)}


def read_image(entry: Entry, loader: Any) -> dict[str, Any]:
    """The image of stories without one: ``/images/card.png`` or ``{src, alt}``."""
    if yamlsafe.is_null(entry.node):
        return {"image": None}
    if isinstance(entry.node, yaml.MappingNode):
        parts = {sub.key: sub for sub in yamlsafe.entries(entry.node, "image")}
        for key, sub in parts.items():
            if key not in ("src", "alt"):
                raise YamlProblem(sub.line, unknown(key, ("src", "alt")))
        if "src" not in parts:
            raise YamlProblem(entry.line, "image: 'src' is required")
        alt = yamlsafe.text(parts["alt"].node, "image.alt").strip() if "alt" in parts else ""
        src = yamlsafe.text(parts["src"].node, "image.src").strip()
        return {"image": SiteImage(src, alt, entry.line)}
    return {"image": SiteImage(yamlsafe.text(entry.node, "image").strip(), line=entry.line)}


def unknown(key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(known)})"
    return f"unknown key '{key}'{hint}"


READERS = {"news": read_news, "authors": read_authors, "logo": read_logo, "image": read_image}
"""site.yaml keys read here, by key, for ``config.py``'s table."""
