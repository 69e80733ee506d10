"""The parse cache: one loaded file, keyed by its bytes and everything that shapes it.

Loading (front matter + Markdown) is the only expensive stage, and it is a pure
function of the file's bytes and a few settings; so a key made of those can
safely skip it. Everything after loading always runs in full.
This module holds the in-memory cache ``serve`` keeps between rebuilds; a
persistent cache implements the same two methods.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from builder import __version__
from builder.config import SiteConfig
from builder.load import Loaded
from builder.markup import RENDERER_VERSION


class ParseCache(Protocol):
    def get(self, key: str) -> Loaded | None: ...

    def put(self, key: str, loaded: Loaded) -> None: ...


def settings_fingerprint(config: SiteConfig) -> bytes:
    """Every setting that changes what loading a file gives."""
    parts = (
        __version__,
        RENDERER_VERSION,
        repr(config.markdown),
        config.timezone,
        config.article_permalink,
        str(config.max_article_bytes),
    )
    return "\x1f".join(parts).encode()


def cache_key(src_path: str, data: bytes, fingerprint: bytes) -> str:
    """The path is part of the key: the slug and file-name date come from it."""
    digest = hashlib.blake2b(fingerprint, digest_size=20)
    digest.update(src_path.encode() + b"\x00")
    digest.update(data)
    return digest.hexdigest()


class MemoryCache:
    """A dict, forgetting entries not used by the latest build (so it never grows unbounded)."""

    def __init__(self) -> None:
        self._entries: dict[str, Loaded] = {}
        self._used: dict[str, Loaded] = {}

    def get(self, key: str) -> Loaded | None:
        found = self._entries.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: str, loaded: Loaded) -> None:
        self._used[key] = loaded

    def end_build(self) -> None:
        self._entries, self._used = self._used, {}
