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
An Article's body is digested by the key it was loaded under (the digest of its
bytes and the loading settings, kept in the parse cache) while it is the very object
loading gave (the index makes a new one when it rewrites links or refs). Anything
of a type not known here digests by ``repr``, which at worst re-renders a page
that did not change, never the reverse.

The folders of the site are left out (a site copied elsewhere keeps its
fingerprints, so warm and clean builds write the same manifest).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from builder.config import SiteConfig
from builder.model import Article, Page
from builder.templating import default_theme_dir

_SIZE = 16


def _hash(*parts: bytes) -> bytes:
    return hashlib.blake2b(b"\x1f".join(parts), digest_size=_SIZE).digest()


def environment_digest(env: Environment, config: SiteConfig) -> bytes:
    """Templates, configuration, globals and filters, and the builder's code."""
    located = dataclasses.replace(config, site_dir=Path("."), output_dir=Path("."))
    parts = [
        _code_digest(),
        repr(located).encode(),
        repr(sorted(env.filters)).encode(),
        repr(sorted(env.globals)).encode(),
        _folder_digest(config.templates_dir),
        _folder_digest(default_theme_dir()),
    ]
    return _hash(*parts)


@cache
def _code_digest() -> bytes:
    """newsdigest's own modules: a changed filter or model must re-render (once a process)."""
    package = Path(__file__).resolve().parent
    return _folder_digest(package, suffix=".py")


def _folder_digest(folder: Path, suffix: str = "") -> bytes:
    """Every file's name and bytes below ``folder`` (none if it is absent)."""
    if not folder.is_dir():
        return b"absent"
    parts = []
    for path in sorted(folder.rglob(f"*{suffix}")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(folder).as_posix().encode(), _hash(path.read_bytes())]
    return _hash(*parts)


class Digester:
    """Structural digests of context values, memoised by identity for one build."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        """id -> (the object, kept alive so its id is not reused; its digest)."""

    def page(self, page: Page, environment: bytes) -> str:
        context = self.value(page.context)
        lastmod = self.value(page.lastmod)
        return _hash(environment, page.url.encode(), page.template.encode(), context, lastmod).hex()

    def value(self, value: Any) -> bytes:
        kind = type(value)
        if kind is str or kind is Markup:
            return _hash(kind.__name__.encode(), value.encode("utf-8", "surrogatepass"))
        if value is None or kind in (bool, int, float):
            return _hash(kind.__name__.encode(), repr(value).encode())
        key = id(value)
        found = self._memo.get(key)
        if found is not None and found[0] is value:
            return found[1]
        digest = self._compound(value)
        self._memo[key] = (value, digest)
        return digest

    def _compound(self, value: Any) -> bytes:
        name = type(value).__qualname__.encode()
        if isinstance(value, Article):
            return self._article(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.fields(value)
            return _hash(name, *(self.value(getattr(value, f.name)) for f in fields))
        if isinstance(value, (list, tuple)):
            return _hash(name, *map(self.value, value))
        if isinstance(value, dict):
            return _hash(name, *(self.value(k) + self.value(v) for k, v in value.items()))
        if isinstance(value, (set, frozenset)):
            return _hash(name, *sorted(map(self.value, value)))
        if isinstance(value, (datetime, date, time)):
            zone = repr(getattr(value, "tzinfo", None)).encode()
            return _hash(name, value.isoformat().encode(), zone)
        return _hash(name, repr(value).encode())

    def _article(self, article: Article) -> bytes:
        """Every field; the body by its load key while it is the body as loaded."""
        parts = [b"Article"]
        body = article.loaded
        for item in dataclasses.fields(article):
            if item.name == "loaded":
                continue
            if item.name == "content" and body is not None and article.content is body[1]:
                parts.append(b"loaded " + body[0].encode())
            else:
                parts.append(self.value(getattr(article, item.name)))
        return _hash(*parts)


def page_fingerprints(pages: Iterable[Page], env: Environment, config: SiteConfig) -> list[str]:
    """One fingerprint per page, in order."""
    environment = environment_digest(env, config)
    digester = Digester()
    return [digester.page(page, environment) for page in pages]
