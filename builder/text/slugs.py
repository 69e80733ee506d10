"""URL-safe names for articles and topics.

A slug keeps letters and digits of any script (``秦刚`` stays readable, as
Hugo keeps it), with their combining marks (Arabic vowels, Devanagari vowel signs),
lowercased, with every other run of characters folded into one hyphen; so ``AI/ML``
can never become a path separator and ``Story``/``story`` are the same URL on every
file system. Browsers and servers percent-encode such a path on the wire
(``/%E4%B8%AD%E5%9B%BD/``) and show it in its own script. ``slugs: ascii`` in site.yaml
transliterates the slugs of new stories instead (``digest new``, ``digest import``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

from anyascii import anyascii

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_FORBIDDEN_IN_SLUG = re.compile(r"[/\\\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]|\.\.")
MAX_SLUG_BYTES = 200
"""Below the 255-byte file-name limit of common file systems, with room to spare."""


def slugify(text: str) -> str:
    """``Export controls`` -> ``export-controls``; ``AI/ML`` -> ``ai-ml``; may return ''."""
    normal = unicodedata.normalize("NFC", text).casefold()
    if not normal.isascii() and any(_is_mark(c) for c in normal):
        kept = "".join(c if c.isalnum() or _is_mark(c) else "-" for c in normal)
        return _truncate(_HYPHENS.sub("-", kept).strip("-"))
    slug = _NOT_WORD.sub("-", normal).strip("-")
    return _truncate(slug)


_HYPHENS = re.compile("-{2,}")


def _is_mark(char: str) -> bool:
    """A combining mark (Arabic vowels, Devanagari vowel signs): part of its word, where
    ``\\W`` would split the word."""
    return unicodedata.category(char).startswith("M")


def _truncate(slug: str) -> str:
    data = slug.encode("utf-8")
    if len(data) <= MAX_SLUG_BYTES:
        return slug
    return data[:MAX_SLUG_BYTES].decode("utf-8", errors="ignore").rstrip("-")


MAX_HEADLINE_SLUG = 80
"""Characters of a slug made from a headline (``digest new``, ``digest import``), cut at a word."""


def headline_slug(headline: str, mode: str = "unicode") -> str:
    """The slug of a new story's file: :func:`slugify`, then cut to ``MAX_HEADLINE_SLUG``
    characters at a hyphen, so a 140-character headline does not become a 140-character URL.
    ``mode`` is site.yaml's ``slugs``: ``ascii`` transliterates any script first
    (``中国外相`` -> ``zhongguowaixiang``, by anyascii), for hosts and tools that want ASCII
    paths; a headline that gives nothing then keeps its own script.

    Only new files use it; a file's slug never changes once written, so existing URLs stay.
    """
    slug = slugify(headline)
    if mode == "ascii":
        slug = slugify(anyascii(headline)) or slug
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


_PLACEHOLDER = re.compile(r":(year|month|day|i_month|i_day|short_year|title|slug|categories)\b")


def check_permalink(text: str) -> str:
    """A ``permalink:`` from front matter (Jekyll's), as a root-relative path; raises
    ValueError for one that could leave the output folder or could not be a file name.

    Each part between ``/`` is held to a slug's rules (no ``..``, ``\\``, control or bidi
    characters, no Windows-reserved name); Jekyll's placeholders (``:year``, ``:title``,
    …) are filled in later, from values that are slugs already.
    """
    path = "/" + _decoded(text).strip().lstrip("/")
    parts = path.split("/")[1:]
    for part in parts[:-1] + ([parts[-1]] if parts[-1] else []):
        plain = _PLACEHOLDER.sub("x", part)
        bad = not plain or plain in (".", "..") or _FORBIDDEN_IN_SLUG.search(plain)
        if bad or "\\" in part or ":" in plain:
            raise ValueError(
                f"permalink '{text}' must be a site path such as /about/ "
                "(no '..', '\\', ':', control characters or empty parts)"
            )
        if is_windows_reserved(plain.casefold()):
            raise ValueError(f"permalink '{text}' holds '{part}', a reserved file name on Windows")
    return path


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
