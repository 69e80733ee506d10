"""Which file of the output folder a request path names, and never one outside it.

* Clean URLs: ``/topics/china/`` is ``topics/china/index.html``; a folder asked
  for without its slash is redirected; no folder is ever listed.
* The request path is decoded exactly once, as strict UTF-8; NUL, control
  characters, backslashes and ``.``/``..`` segments are refused (400); dot-files
  are never served (404). Every file is resolved (symlinks included) and served
  only if the real path is inside the real output folder (``paths.resolved_inside``:
  a string prefix check would let ``public-old/`` through).
* Files are looked up per request: a rebuild swaps the output folder under the
  same path, so a request sees the old site or the new one, never a mix.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

from builder.paths import resolved_inside
from builder.urls import not_found_url, url_to_out_path

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".pdf": "application/pdf",
}
"""Fixed for the common types: the machine's mime.types must not change what we send."""


@dataclass(frozen=True)
class Target:
    """Where a request path leads: a file to send, a redirect, or an error status."""

    status: int
    file: Path | None = None
    location: str | None = None


def locate(root: Path, base_path: str, path: str) -> Target:
    """Map a request path (query removed, still percent-encoded) to a file inside ``root``."""
    if not path.startswith("/") or _unsafe_chars(path):
        return Target(400)
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:  # %ff, overlong forms, lone surrogates
        return Target(400)
    if _unsafe_chars(decoded):
        return Target(400)
    if not decoded.startswith(base_path):
        at_root = decoded in ("/", base_path.rstrip("/"))  # the site lives under base_url's path
        return Target(301, location=base_path) if at_root else Target(404)
    parts = [p for p in decoded[len(base_path) :].split("/") if p]
    if any(p in (".", "..") for p in decoded.split("/")):
        return Target(400)
    if any(p.startswith(".") for p in parts):
        return Target(404)
    try:
        root_real = root.resolve(strict=True)
    except (OSError, RuntimeError):
        return Target(404)
    found = resolved_inside(root_real.joinpath(*parts), root_real)
    if found is not None and found.is_dir():
        if not decoded.endswith("/"):
            return Target(301, location=quote(base_path + "".join(p + "/" for p in parts)))
        found = resolved_inside(found / "index.html", root_real)
    if found is None or not found.is_file():
        return Target(404)
    return Target(200, found)


def not_found_page(root: Path) -> Path | None:
    """The site's own 404.html, under the same containment rule as every other file."""
    try:
        real = resolved_inside(root / url_to_out_path(not_found_url()), root.resolve(strict=True))
    except (OSError, RuntimeError):
        return None
    return real if real is not None and real.is_file() else None


def out_path(root: Path, file: Path) -> str:
    try:
        return file.relative_to(root.resolve()).as_posix()
    except (OSError, ValueError):
        return ""


def _unsafe_chars(text: str) -> bool:
    return "\\" in text or any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)


def content_type(path: Path) -> str:
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"
