"""URL-safe names for articles and topics.

A slug keeps letters and digits of any script (``秦刚`` stays readable, as
Hugo keeps it), lowercased, with every other run of characters folded into one
hyphen; so ``AI/ML`` can never become a path separator and ``Story``/``story``
are the same URL on every file system.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_FORBIDDEN_IN_SLUG = re.compile(r"[/\\\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]|\.\.")
MAX_SLUG_BYTES = 200
"""Below the 255-byte file-name limit of common file systems, with room to spare."""


def slugify(text: str) -> str:
    """``Export controls`` -> ``export-controls``; ``AI/ML`` -> ``ai-ml``; may return ''."""
    normal = unicodedata.normalize("NFC", text).casefold()
    slug = _NOT_WORD.sub("-", normal).strip("-")
    return _truncate(slug)


def _truncate(slug: str) -> str:
    data = slug.encode("utf-8")
    if len(data) <= MAX_SLUG_BYTES:
        return slug
    return data[:MAX_SLUG_BYTES].decode("utf-8", errors="ignore").rstrip("-")


MAX_HEADLINE_SLUG = 80
"""Characters of a slug made from a headline (``digest new``, ``digest import``), cut at a word."""


def headline_slug(headline: str) -> str:
    """The slug of a new story's file: :func:`slugify`, then cut to ``MAX_HEADLINE_SLUG``
    characters at a hyphen, so a 140-character headline does not become a 140-character URL.

    Only new files use it; a file's slug never changes once written, so existing URLs stay.
    """
    slug = slugify(headline)
    if len(slug) <= MAX_HEADLINE_SLUG:
        return slug
    cut = slug[: MAX_HEADLINE_SLUG + 1]
    at = cut.rfind("-")
    return (cut[:at] if at > 0 else slug[:MAX_HEADLINE_SLUG]).rstrip("-")


WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)


def is_windows_reserved(slug: str) -> bool:
    """``con``, ``nul.html``, ``com1``: names Windows cannot create, whatever the extension."""
    return slug.split(".", 1)[0] in WINDOWS_RESERVED


def _decoded(text: str) -> str:
    """Undo percent-encoding (twice-encoded too: ``%252e`` -> ``.``), as a web server would.

    Checked after decoding, so ``%2e%2e%2f`` is refused like the ``../`` it stands for.
    """
    for _ in range(3):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
    return unicodedata.normalize("NFC", text)


def check_explicit_slug(text: str) -> str:
    """A ``slug:`` from front matter, slugified; raises ValueError for a path-like value.

    ``../../etc`` is refused rather than clamped to ``etc``: an editor must learn
    that the slug is wrong, not find the story at a surprising URL.
    """
    if _FORBIDDEN_IN_SLUG.search(_decoded(text)):
        raise ValueError(f"slug '{text}' must not contain '/', '\\', '..' or control characters")
    slug = slugify(text)
    if not slug:
        raise ValueError(f"slug '{text}' has no letters or digits")
    if is_windows_reserved(slug):
        raise ValueError(f"slug '{text}' is a reserved file name on Windows")
    return slug
