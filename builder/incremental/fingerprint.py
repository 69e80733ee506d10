"""fingerprint: everything one page's rendering reads, as one digest.

A page whose fingerprint equals the one recorded in the manifest of the current
output is not rendered again: its file is kept (issue 14). So the fingerprint
must cover every input of the render, or a page would go stale:

- the environment: every template's bytes (the site's and the default theme's,
  by name, used or not), the configuration, the names of the Jinja globals and
  filters, and newsdigest's own code (the filters are its functions);
- the page: URL, template name, and a structural digest of its context values.

Context values are digested by structure, not by ``repr``: frozen dataclasses field
by field, memoised by identity for one build (the same Article sits in thousands
of contexts), with the memo holding the objects so an identity is never reused.
An Article is digested by the key it was loaded under (the digest of its bytes and
the loading settings, kept in the parse cache) for every field whose value is still
the one loading gave, and field by field for the rest (the index sets the URL, links
topics and bylines, and rewrites links). Anything
of a type not known here digests by ``repr``, which at worst re-renders a page
that did not change, never the reverse.

The folders of the site are left out (a site copied elsewhere keeps its
fingerprints, so warm and clean builds write the same manifest).
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
from collections.abc import Iterable
from datetime import date, datetime, time
from functools import cache
from pathlib import Path, PurePath
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from builder.config import SiteConfig
from builder.model import Article, Page
from builder.render.environment import default_theme_dir
from builder.render.reads import CONTEXT_NAMES, HOLDERS

_SIZE = 16


def _hash(*parts: bytes) -> bytes:
    return hashlib.blake2b(b"\x1f".join(parts), digest_size=_SIZE).digest()


def _leaf(tag: bytes, data: bytes) -> bytes:
    """A value as itself, tagged and length-prefixed: a sequence of them reads one way only."""
    return b"%s%d:%s" % (tag, len(data), data)


def _node(name: bytes, parts: Iterable[bytes]) -> bytes:
    """A compound value: its parts (leaves or nodes, each self-delimiting) hashed together."""
    digest = hashlib.blake2b(name + b"(", digest_size=_SIZE)
    for part in parts:
        digest.update(part)
    return b"h" + digest.digest()


_ARTICLE_OWN = frozenset({"content", "loaded", "topics", "extra"})
_ARTICLE_PLAIN = tuple(f.name for f in dataclasses.fields(Article) if f.name not in _ARTICLE_OWN)
"""Article fields digested together by ``repr`` (strings, dates, numbers, tuples of them):
one call an article instead of one a field; the others are digested on their own."""


def _marshalled(value: Any) -> bytes | None:
    """A container of only strings, numbers, None, lists, tuples and dicts (JSON-LD, YAML,
    PageInfo's fields) as one leaf, or None for anything else.

    ``marshal`` refuses every other type, subclasses included (a ``Markup`` stays apart
    from a ``str``), and checks and encodes in one C call; format 2 records no
    back-references, so the bytes depend on the value alone. (A set inside is encoded
    in its iteration order, which can vary between processes: at worst a page that
    did not change renders again, never the reverse.)"""
    try:
        return _leaf(b"p", marshal.dumps(value, 2))
    except ValueError:
        return None


_PLAIN = (str, bool, int, float, type(None))
"""Globals whose value (not only their name) a page may show: ``search_stale``."""


def environment_digest(env: Environment, config: SiteConfig) -> bytes:
    """Templates, configuration, globals and filters, and the builder's code."""
    located = dataclasses.replace(config, site_dir=Path("."), output_dir=Path("."))
    parts = [
        _code_digest(),
        repr(located).encode(),
        repr(sorted(env.filters)).encode(),
        repr(sorted(env.globals)).encode(),
        repr(sorted((k, v) for k, v in env.globals.items() if isinstance(v, _PLAIN))).encode(),
        _folder_digest(config.templates_dir),
        _folder_digest(config.site_dir / "i18n"),  # the site's strings (render/i18n.py)
        _theme_digest(),
    ]
    return _hash(*parts)


def _theme_digest() -> bytes:
    """The default theme's files; none when a site ships every template and the theme is not
    installed (the render stage then needs none of it)."""
    try:
        return _folder_digest(default_theme_dir())
    except RuntimeError:
        return b"no default theme"


@cache
def _code_digest() -> bytes:
    """newsdigest's own modules: a changed filter or model must re-render (once a process)."""
    package = Path(__file__).resolve().parents[1]  # builder/, every sub-package
    return _folder_digest(package, suffix=".py")


def _folder_digest(folder: Path, suffix: str = "") -> bytes:
    """Every file's name and bytes below ``folder`` (none if it is absent)."""
    if not folder.is_dir():
        return b"absent"
    parts = []
    for path in sorted(folder.rglob(f"*{suffix}")):
        if path.is_file() and "__pycache__" not in path.parts:
            name = path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape")
            parts += [name, _hash(path.read_bytes())]  # a name not UTF-8: discover reports it
    return _hash(*parts)


class Digester:
    """Structural digests of context values, memoised by identity for one build.

    ``shallow`` names the context keys whose topic, author or month no template can
    read the stories of (template_reads.py): under those keys the value is digested
    without them, so a story's edit leaves the pages that do not list it as they are."""

    def __init__(self, shallow: frozenset[str] = frozenset(), root: Path | None = None) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        """id -> (the object, kept alive so its id is not reused; its digest)."""
        self._fields: dict[type, tuple[str, ...]] = {}
        self._shallow = shallow
        self._shallow_memo: dict[int, tuple[object, bytes]] = {}
        self._root = root
        """The site folder: a path inside it (an image variant's source) is digested
        relative to it, so a copied site keeps its fingerprints, as the environment
        digest leaves the folders out (no template shows where the site lies)."""

    def _field_names(self, kind: type) -> tuple[str, ...]:
        names = self._fields.get(kind)
        if names is None:
            names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(kind))
        return names

    def page(self, page: Page, environment: bytes) -> str:
        parts = (
            _leaf(b"e", environment),
            _leaf(b"u", page.url.encode("utf-8", "surrogatepass")),
            _leaf(b"t", page.template.encode("utf-8", "surrogatepass")),
            self._context(page.context),
            self.value(page.lastmod),
        )
        return _node(b"Page", parts)[1:].hex()

    def _context(self, context: dict[str, Any]) -> bytes:
        if self._shallow.isdisjoint(context):
            return self.value(context)
        parts = (
            self.value(k) + (self._without_stories(k, v) if k in self._shallow else self.value(v))
            for k, v in context.items()
        )
        return _node(b"context", parts)

    def _without_stories(self, key: str, value: Any) -> bytes:
        """A topic, author or month by its other fields and its number of stories."""
        kind = type(value)
        if CONTEXT_NAMES.get(key) is not kind:
            return self.value(value)  # not what the proof was about (month=None): all of it
        names = HOLDERS[kind]
        found = self._shallow_memo.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        fields = tuple(getattr(value, n) for n in names)
        digest = _node(
            b"~" + kind.__qualname__.encode(),
            (self.value(fields), b"%d" % len(value.articles)),
        )
        self._shallow_memo[id(value)] = (value, digest)
        return digest

    def value(self, value: Any) -> bytes:
        kind = type(value)
        if kind is str:
            return _leaf(b"s", value.encode("utf-8", "surrogatepass"))
        if kind is Markup:
            return _leaf(b"m", value.encode("utf-8", "surrogatepass"))
        if value is None or kind is bool or kind is int or kind is float:
            return _leaf(kind.__name__.encode(), repr(value).encode())
        key = id(value)
        found = self._memo.get(key)
        if found is not None and found[0] is value:
            return found[1]
        digest = self._compound(value)
        self._memo[key] = (value, digest)
        return digest

    def _compound(self, value: Any) -> bytes:
        kind = type(value)
        if kind is Article:
            return self._article(value)
        name = kind.__qualname__.encode()
        if kind is list or kind is tuple or kind is dict:
            plain = _marshalled(value)  # strings, numbers, None and containers of them
            if plain is not None:
                return _node(name, (plain,))
            if kind is dict:
                return _node(name, (self.value(k) + self.value(v) for k, v in value.items()))
            return _node(name, map(self.value, value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            values = tuple(getattr(value, n) for n in self._field_names(kind))
            plain = _marshalled(values)  # PageInfo, TopicRef, Pagination: one call
            return _node(name, (plain,) if plain is not None else map(self.value, values))
        if isinstance(value, Article):
            return self._article(value)
        if isinstance(value, (list, tuple)):
            return _node(name, map(self.value, value))
        if isinstance(value, dict):
            return _node(name, (self.value(k) + self.value(v) for k, v in value.items()))
        if isinstance(value, (set, frozenset)):
            return _node(name, sorted(map(self.value, value)))
        if isinstance(value, PurePath):
            return _node(
                name, (_leaf(b"r", self._located(value).encode("utf-8", "surrogateescape")),)
            )
        if isinstance(value, (datetime, date, time)):
            zone = repr(getattr(value, "tzinfo", None)).encode()
            return _node(name, (_leaf(b"d", value.isoformat().encode()), _leaf(b"z", zone)))
        return _node(name, (_leaf(b"r", repr(value).encode("utf-8", "surrogatepass")),))

    def _located(self, path: PurePath) -> str:
        root = self._root
        return (
            path.relative_to(root).as_posix() if root and path.is_relative_to(root) else str(path)
        )

    def _article(self, article: Article) -> bytes:
        """The load key for every field whose value is the one loading gave, and the others
        themselves.

        Assumes loading is a pure function of what its key digests (the file's path and
        bytes, the loading settings, the shortcode templates: load/cache.py): then the key
        stands for every value loading gave. A field a later stage set (the URL, topic refs
        and bylines, links rewritten, a preview mark) is digested itself unless its digest
        equals that of the loaded value. Compared by value, not identity: a stage that
        makes an equal new object (or not) must not change the fingerprint, or a warm
        build's manifest would differ from a clean build's."""
        found = article.loaded
        if found is None:
            return self._every_field(article)
        key, original = found
        loaded = original.__dict__
        parts = [_leaf(b"k", key.encode())]
        for name, value in article.__dict__.items():
            before = loaded.get(name, _UNSET)
            if value is before or name == "loaded":
                continue
            digest = self.value(value)
            if before is _UNSET or digest != self.value(before):
                parts += (_leaf(b"f", name.encode()), digest)
        return _node(b"Article", parts)

    def _every_field(self, article: Article) -> bytes:
        """An article that loading did not give (a test's, serve's early preview): each field."""
        plain = repr(tuple(getattr(article, n) for n in _ARTICLE_PLAIN))
        plain = plain.encode("utf-8", "surrogatepass")
        parts = (
            _leaf(b"r", plain),
            self.value(article.content),
            self.value(article.topics),
            self.value(article.extra),
        )
        return _node(b"Article", parts)


_UNSET = object()
