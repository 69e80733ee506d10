"""Split a content file into front matter and body, and read the front matter.

Pure functions of the file's text. Lines are kept exact: every problem names
the line in the file (not in the YAML block), and the body knows the line it
starts on, because python-frontmatter's stripping is what shifts line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from builder.errors import DateError, FrontMatterError, YamlProblem
from builder.model import Source, StoryImage
from builder.text import hints, yamlsafe
from builder.text.dates import parse_date
from builder.text.slugs import check_explicit_slug, check_permalink
from builder.text.yamlsafe import Entry

_FENCE_OPEN = re.compile(r"^---[ \t]*$")
_FENCE_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_SAFE_URL = re.compile(r"^(https?://\S+|/[^/\\]\S*|[\w./-][^:]*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Split:
    yaml_text: str
    yaml_line: int
    """File line of the first YAML line (the line after the opening fence)."""
    body: str
    body_line: int


@dataclass(frozen=True)
class FrontMatter:
    """The validated keys of one file's front matter."""

    title: str
    date: datetime | None
    updated: datetime | None = None
    topics: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    summary: str | None = None
    slug: str | None = None
    draft: bool = False
    dateline: str | None = None
    source: Source | None = None
    image: StoryImage | None = None
    see_also: tuple[str, ...] = ()
    permalink: str | None = None
    """Jekyll's ``permalink:``, checked (urls.permalink_url fills it in)."""
    publish_date: datetime | None = None
    expires: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    matter: dict[str, Any] = field(default_factory=dict)
    """Every key's value as written (Liquid's ``page``, load/variables.py)."""
    lines: dict[str, int] = field(default_factory=dict)
    warnings: tuple[tuple[int, str], ...] = ()
    """(line, message) of things that do not stop the article, such as a repeated extra key."""


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so that line numbers mean the same to every editor."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> Split:
    """Find the ``---`` fences; leading blank lines are allowed before the first one."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines):
        raise FrontMatterError(1, "empty file: an article needs front matter with a title")
    if not _FENCE_OPEN.match(lines[start]):
        raise FrontMatterError(start + 1, "no front matter: the file must start with a '---' line")
    for end in range(start + 1, len(lines)):
        if _FENCE_CLOSE.match(lines[end]):
            yaml_text = "\n".join(lines[start + 1 : end])
            body = "\n".join(lines[end + 1 :])
            return Split(yaml_text, start + 2, body, end + 2)
    raise FrontMatterError(
        start + 1, f"front matter not terminated (opened at line {start + 1}, no closing '---')"
    )


def parse(part: Split, tz: ZoneInfo) -> FrontMatter:
    """Validate the YAML block into :class:`FrontMatter`; raises FrontMatterError."""
    offset = part.yaml_line - 1
    try:
        node, loader = yamlsafe.parse(part.yaml_text)
        if node is None or yamlsafe.is_null(node):
            raise FrontMatterError(part.yaml_line - 1, "front matter is empty: 'title' is required")
        pairs = yamlsafe.entries(node, "front matter", duplicates_ok=True)
        notes = []
        for entry, first in yamlsafe.duplicates(pairs):
            message = f"duplicate key '{entry.key}' (first at line {first + offset})"
            if entry.key in _KNOWN and entry.key not in _TIME_ALIASES:
                raise YamlProblem(entry.line, message)
            notes.append((entry.line + offset, message + "; the last value is used"))
        notes += _typos(pairs, offset)
        meta = _read({e.key: e for e in pairs}, loader, tz, offset)
        for key in ("date", "updated"):
            value = getattr(meta, key)
            if value is not None and value.tzinfo is tz and _clock_change(value):
                notes.append((meta.lines[key], _clock_change(value)))
        return replace(meta, warnings=tuple(notes))
    except YamlProblem as exc:
        raise FrontMatterError(exc.line + offset, exc.message) from None


def _typos(pairs: list[Entry], offset: int) -> list[tuple[int, str]]:
    """An unknown key one slip from a known one (``titel``, ``sumary``) is almost always a typo:
    it would be kept silently as an extra field, so warn at its line."""
    notes = []
    for entry in pairs:
        close = None if entry.key in _KNOWN else hints.close_key(entry.key, _KNOWN)
        if close:
            message = f"unknown key '{entry.key}' (did you mean '{close}'?); kept as an extra field"
            notes.append((entry.line + offset, message))
    return notes


def _clock_change(value: datetime) -> str:
    """A local time the clocks skip or pass twice (DST): say so, the editor should add an offset."""
    if value.replace(fold=0).utcoffset() == value.replace(fold=1).utcoffset():
        return ""
    wall = value.strftime("%Y-%m-%d %H:%M")
    roundtrip = value.astimezone(UTC).astimezone(value.tzinfo).replace(tzinfo=None)
    kind = "does not exist" if roundtrip != value.replace(tzinfo=None) else "happens twice"
    return f"{wall} {kind} in {value.tzinfo} (a clock change); write it with an offset"


def _read(items: dict[str, Entry], loader: Any, tz: ZoneInfo, offset: int) -> FrontMatter:
    used = set(_KNOWN)
    title = _optional_text(items, "title")
    if not title or not title.strip():
        line = items["title"].line if "title" in items else 0  # 0: the opening fence
        typo = next((e for k, e in items.items() if hints.close_key(k, ["title"])), None)
        if typo is not None and "title" not in items:
            message = f"'title' is required: unknown key '{typo.key}' (did you mean 'title'?)"
            raise YamlProblem(typo.line, message)
        raise YamlProblem(line, "'title' is required and must not be empty")
    fields: dict[str, Any] = {
        "title": title.strip(),
        "date": _date(items, "date", tz),
        "updated": _date(items, "updated", tz),
        "topics": _topics(items),
        "authors": _list(items, "authors") or _list(items, "author"),
        "summary": _optional_text(items, "summary") or _description(items),
        "slug": _slug(items),
        "draft": _draft(items, loader),
        "dateline": _optional_text(items, "dateline"),
        "source": _source(items),
        **_image(items),
        "see_also": _list(items, "see_also"),
        "permalink": _permalink(items),
    }
    lines = {k: e.line + offset for k, e in items.items()}
    for name, aliases in _TIME_KEYS.items():
        key = next((k for k in aliases if k in items), None)
        if key is not None:
            fields[name] = _date(items, key, tz)
            lines[name] = lines[key]
    fields["matter"] = {k: yamlsafe.value(e.node, loader) for k, e in items.items()}
    fields["extra"] = {k: v for k, v in fields["matter"].items() if k not in used}
    if fields["permalink"]:  # checked: what urls.permalink_url is given (Article.extra)
        fields["extra"]["permalink"] = fields["permalink"]
    fields["lines"] = lines
    return FrontMatter(**fields)


_TIME_KEYS = {
    "publish_date": ("publish_date", "publishDate", "publishdate"),
    "expires": ("expires", "expirydate", "expiryDate"),
}
"""Our key first, then Hugo's spellings (Hugo's keys are case-insensitive)."""
_TIME_ALIASES = frozenset(key for aliases in _TIME_KEYS.values() for key in aliases)
"""A repeated one is a warning, the last value used, as Hugo does (Digital.gov has 14)."""
_KNOWN = frozenset(
    {"title", "date", "updated", "topics", "tags", "categories", "author", "authors"}
    | {"summary", "slug", "draft", "published", "dateline", "source", "image", "see_also"}
    | _TIME_ALIASES
)


def _optional_text(items: dict[str, Entry], key: str) -> str | None:
    entry = items.get(key)
    if entry is None or yamlsafe.is_null(entry.node):
        return None
    return yamlsafe.text(entry.node, key).strip() or None


def _description(items: dict[str, Entry]) -> str | None:
    """Hugo's and Jekyll's ``description`` (the page's meta description), the summary when
    ``summary`` is absent; it stays in ``extra`` too, for templates that read it there.
    Anything but text is left to ``extra`` alone: it was never an error."""
    entry = items.get("description")
    if entry is None or not isinstance(entry.node, yaml.ScalarNode):
        return None
    return _optional_text(items, "description")


def _list(items: dict[str, Entry], key: str) -> tuple[str, ...]:
    entry = items.get(key)
    if entry is None:
        return ()
    return tuple(v.strip() for v in yamlsafe.texts(entry.node, key) if v.strip())


def _date(items: dict[str, Entry], key: str, tz: ZoneInfo) -> datetime | None:
    raw = _optional_text(items, key)
    if raw is None:
        return None
    try:
        return parse_date(raw, tz)
    except DateError as exc:
        raise YamlProblem(items[key].line, f"{key}: {exc}") from None


def _topics(items: dict[str, Entry]) -> tuple[str, ...]:
    """``topics`` as a list or one comma-separated string; else ``tags``, else ``categories``."""
    for key in ("topics", "tags", "categories"):
        if key in items:
            values = yamlsafe.texts(items[key].node, key)
            parts = (part.strip() for value in values for part in value.split(","))
            return tuple(dict.fromkeys(p for p in parts if p))
    return ()


def _slug(items: dict[str, Entry]) -> str | None:
    raw = _optional_text(items, "slug")
    if raw is None:
        entry = items.get("slug")
        if entry is not None and not yamlsafe.is_null(entry.node):
            # `slug: ''` is a mistake, not a request for the file name's slug: say so.
            raise YamlProblem(entry.line, "slug is empty; remove the key to use the file name")
        return None
    try:
        return check_explicit_slug(raw)
    except ValueError as exc:
        raise YamlProblem(items["slug"].line, str(exc)) from None


def _draft(items: dict[str, Entry], loader: Any) -> bool:
    """``draft: true``, or Jekyll's ``published: false``: the same thing."""
    return _flag(items, "draft", loader) is True or _flag(items, "published", loader) is False


def _flag(items: dict[str, Entry], key: str, loader: Any) -> bool | None:
    entry = items.get(key)
    if entry is None or yamlsafe.is_null(entry.node):
        return None
    value = yamlsafe.value(entry.node, loader)
    if not isinstance(value, bool):
        raise YamlProblem(entry.line, f"{key} must be true or false, not '{entry.node.value}'")
    return value


def _permalink(items: dict[str, Entry]) -> str | None:
    """Jekyll's ``permalink: /about/`` (or ``/:year/:title/``): a site path that stays inside
    the output folder, refused (not clamped) otherwise, as a slug is."""
    raw = _optional_text(items, "permalink")
    if raw is None:
        return None
    try:
        return check_permalink(raw)
    except ValueError as exc:
        raise YamlProblem(items["permalink"].line, str(exc)) from None


def _source(items: dict[str, Entry]) -> Source | None:
    entry = items.get("source")
    if entry is None or yamlsafe.is_null(entry.node):
        return None
    if isinstance(entry.node, yaml.MappingNode):
        parts = {e.key: e for e in yamlsafe.entries(entry.node, "source")}
        unknown = set(parts) - {"name", "url"}
        if unknown:
            raise YamlProblem(
                entry.line, f"source: unknown key '{sorted(unknown)[0]}' (use name, url)"
            )
        name = _optional_text(parts, "name")
        if not name:
            raise YamlProblem(entry.line, "source: 'name' is required")
        return Source(name=name, url=_url(parts, "url", web_only=True))
    name = yamlsafe.text(entry.node, "source").strip()
    return Source(name=name) if name else None


_IMAGE_KEYS = ("src", "alt", "caption", "credit")


def _image(items: dict[str, Entry]) -> dict[str, Any]:
    """``image: /images/x.jpg`` or ``image: {src, alt, caption, credit}``."""
    entry = items.get("image")
    if entry is None or not isinstance(entry.node, yaml.MappingNode):
        src = _url(items, "image")
        return {"image": StoryImage(src) if src else None}
    parts = {e.key: e for e in yamlsafe.entries(entry.node, "image")}
    for key, sub in parts.items():
        if key not in _IMAGE_KEYS:
            raise YamlProblem(
                sub.line, f"image: unknown key '{key}' (use {', '.join(_IMAGE_KEYS)})"
            )
    if "src" not in parts:
        raise YamlProblem(entry.line, "image: 'src' is required")
    src = _url({"image": parts["src"]}, "image")
    if not src:
        return {"image": None}
    text = {key: _optional_text(parts, key) or "" for key in ("alt", "caption", "credit")}
    return {"image": StoryImage(src, **text)}


def _url(items: dict[str, Entry], key: str, web_only: bool = False) -> str | None:
    """A link from front matter: http(s), or a relative path for images; never ``javascript:``."""
    raw = _optional_text(items, key)
    if raw is None:
        return None
    ok = raw.lower().startswith(("http://", "https://")) if web_only else _SAFE_URL.match(raw)
    if not ok:
        raise YamlProblem(
            items[key].line, f"{key} must be an http(s) URL or a site path, not '{raw}'"
        )
    return raw
