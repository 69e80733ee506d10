"""What plan gives render and render gives write: pages and output files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from builder.urls import url_to_out_path


@dataclass(frozen=True)
class Page:
    """One output file to render: where it goes, with which template and values."""

    url: str
    template: str
    context: dict[str, Any] = field(hash=False, compare=False)
    src_path: str = ""
    """The content file this page comes from, if any (for collision errors)."""
    src_line: int = 1
    lastmod: datetime | None = None
    """When what the page shows last changed (for the sitemap)."""
    lang: str = ""  # the language whose environment renders it (empty: the only one)

    @property
    def out_path(self) -> str:
        return url_to_out_path(self.url)


@dataclass(frozen=True)
class OutputFile:
    """Bytes for one file in the output folder, or a static file to copy."""

    out_path: str
    data: bytes | None = None
    copy_from: Path | None = None
    fingerprint: str | None = None
    """A page's fingerprint (fingerprint.py), recorded in the manifest; None for static files."""
    kept: bool = False
    """Not rendered: the current output's file is kept as it is (its fingerprint is unchanged)."""


@dataclass(frozen=True)
class PageInfo:
    """What every template knows about the page it renders (``page.url``, ``page.title``)."""

    url: str
    title: str
