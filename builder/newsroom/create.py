"""create: write a new content file for ``digest new`` and ``digest import``, never overwriting.

Front matter goes through PyYAML's emitter (``safe_dump``, ``allow_unicode``),
never string concatenation: a headline with a colon, a quote, a leading ``-`` or
the word ``NO`` must load back as the same text. The file is opened in exclusive
mode, so even two imports racing each other cannot overwrite one another.
Files go to ``content/{year}/{month}/{slug}.md``, by the date in the site timezone.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from builder.config import SiteConfig
from builder.errors import ArticleExists
from builder.text.dates import parse_date

_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")
MAX_SUFFIX = 99
"""``--force-new`` tries ``slug-2`` … ``slug-99``; more copies of one story is a mistake."""


def article_text(fields: dict[str, Any], body: str) -> str:
    """A complete content file: ``---``, the YAML of ``fields`` in order, ``---``, the body."""
    meta = yaml.safe_dump(
        fields, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )
    return f"---\n{meta}---\n\n{body}"


def topics_option(text: str | None) -> tuple[str, ...]:
    """``--topics "China, Export controls"`` -> ("China", "Export controls")."""
    parts = (part.strip() for part in (text or "").split(","))
    return tuple(dict.fromkeys(p for p in parts if p))


def date_option(text: str | None, config: SiteConfig) -> date | datetime:
    """``--date``: a date stays a date; a time without offset is in the site timezone.

    Without ``--date``: now in the site timezone, to the second. Raises DateError.
    """
    if text is None:
        return datetime.now(config.tz).replace(microsecond=0)
    value = parse_date(text, config.tz)
    return value.date() if _DATE_ONLY.match(text) else value


def local_day(when: date | datetime, config: SiteConfig) -> date:
    return when.astimezone(config.tz).date() if isinstance(when, datetime) else when


def create_article(
    config: SiteConfig, day: date, slug: str, text: str, *, force_new: bool = False
) -> Path:
    """Write ``text`` to ``content/{year}/{month}/{slug}.md`` and return the path.

    When the file exists: ArticleExists, or with ``force_new`` the first free
    ``slug-2``, ``slug-3``…
    """
    folder = config.content_dir / f"{day.year:04d}" / f"{day.month:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    candidates = [slug] + ([f"{slug}-{n}" for n in range(2, MAX_SUFFIX + 1)] if force_new else [])
    for candidate in candidates:
        path = folder / f"{candidate}.md"
        try:
            with path.open("x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except FileExistsError:
            continue
        return path
    raise ArticleExists(folder / f"{slug}.md")
