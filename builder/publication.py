"""The publication rule: which articles a build publishes, and why it leaves the others out.

A draft (``draft: true``) is left out unless ``--drafts``; a story dated after
the build clock is left out unless ``--future``. Both the index (what the site
shows) and internal links (a link to a left-out story is broken) apply the same
rule, so it lives here rather than in either stage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from builder.model import Article, PreviewMark


@dataclass(frozen=True)
class Selection:
    """What the command line asked to include."""

    drafts: bool = False
    future: bool = False
    now: datetime | None = None
    """The build clock; injected so that tests (and output) do not depend on wall time."""


@dataclass(frozen=True)
class Published:
    """The articles a build publishes, and how many it left out (for the summary line)."""

    articles: tuple[Article, ...]
    drafts: int = 0
    future: int = 0


def unpublished_reason(article: Article, selection: Selection) -> str | None:
    """``"draft"`` or ``"future"`` when the selection leaves the article out, else None."""
    if article.draft and not selection.drafts:
        return "draft"
    if selection.now and article.date > selection.now and not selection.future:
        return "future"
    return None


def preview_mark(article: Article, selection: Selection) -> PreviewMark | None:
    """The DRAFT / SCHEDULED badge of a story kept only because ``--drafts``/``--future``
    asked for it (None in a normal build, so its pages never carry one)."""
    draft = article.draft and selection.drafts
    scheduled = selection.future and selection.now is not None and article.date > selection.now
    if not (draft or scheduled):
        return None
    return PreviewMark(draft=draft, scheduled=article.date if scheduled else None)


def published(articles: Iterable[Article], selection: Selection) -> Published:
    """The articles the selection keeps, in their order, and the count of each kind left out.

    A kept draft or future story carries its :func:`preview_mark`."""
    kept: list[Article] = []
    drafts = future = 0
    for article in articles:
        reason = unpublished_reason(article, selection)
        if reason == "draft":
            drafts += 1
        elif reason == "future":
            future += 1
        else:
            mark = preview_mark(article, selection)
            kept.append(replace(article, mark=mark) if mark else article)
    return Published(tuple(kept), drafts, future)
