"""Checks an editor wants that a build does not fail on: both warnings, for ``digest check``.

Two stories with one title on the same day (usually one wire story imported twice) and
stories without any topic (they appear on no topic page). Pure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from builder.config import SiteConfig
from builder.errors import Problem
from builder.index.topics import topics_line
from builder.model import Article


def duplicate_titles(articles: Sequence[Article], config: SiteConfig) -> list[Problem]:
    """Stories with one title (case and spacing aside) on one day in the site timezone."""
    groups: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in articles:
        day = article.date.astimezone(config.tz).date().isoformat()
        groups[(day, " ".join(article.title.split()).casefold())].append(article)
    problems = []
    for (day, _), same in groups.items():
        first, *others = sorted(same, key=_original_first)
        for other in others:
            message = f'duplicate title "{other.title}" on {day}: also {first.src_path}'
            problems.append(Problem(other.src_path, other.line_of("title"), message, "warning"))
    return problems


_COPY_SUFFIX = re.compile(r"^(?P<stem>.*?)-(?P<n>\d+)$")


def _original_first(article: Article) -> tuple[Any, ...]:
    """The earlier story first; at one time ``x.md`` before its copy ``x-2.md`` (a re-import
    with ``--force-new``), though ``x-2.md`` sorts first by name: the warning must name the copy,
    the file an editor can delete."""
    path = PurePosixPath(article.src_path)
    match = _COPY_SUFFIX.match(path.stem)
    stem, number = (match["stem"], int(match["n"])) if match else (path.stem, 0)
    return (article.date, str(path.parent), stem, number, article.src_path)


def without_topics(articles: Sequence[Article]) -> list[Problem]:
    message = "no topics: the story appears on no topic page"
    return [
        Problem(a.src_path, topics_line(a), message, "warning") for a in articles if not a.topics
    ]
