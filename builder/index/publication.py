"""The publication rule: which articles a build publishes, and why it leaves the others out.

A draft (``draft: true``) is left out unless ``--drafts``; a story whose
publication moment (``publish_date``, else ``date``) is after the build clock is
left out unless ``--future``; a story whose ``expires`` moment has come is left
out unless ``--expired``, as Hugo does. Both the index (what the site shows) and
internal links (a link to a left-out story is broken) apply the same rule, so it
lives here rather than in either stage. The clock is the one ``Selection.now``:
every time decision of a build reads it, so ``--now`` builds the site as of any
moment and tests never depend on wall time. The same rule gives the schedule:
the upcoming moments when a rebuild would publish or drop a story.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from builder.model import Article, Change, PreviewMark

NEWS_WINDOW = timedelta(hours=48)
"""How long a story stays news: Google News' sitemap lists the stories of the last two days."""


@dataclass(frozen=True)
class Selection:
    """What the command line asked to include."""

    drafts: bool = False
    future: bool = False
    now: datetime | None = None
    """The build clock; injected so that tests (and output) do not depend on wall time."""
    expired: bool = False


@dataclass(frozen=True)
class Published:
    """The articles a build publishes, and how many it left out (for the summary line)."""

    articles: tuple[Article, ...]
    drafts: int = 0
    future: int = 0
    expired: int = 0


def publishes_at(article: Article) -> datetime:
    """The moment a story is published from: ``publish_date``, else its ``date``."""
    return article.publish_date or article.date


def unpublished_reason(article: Article, selection: Selection) -> str | None:
    """``"draft"``, ``"future"`` or ``"expired"`` when the selection leaves it out, else None."""
    if article.draft and not selection.drafts:
        return "draft"
    now = selection.now
    if now and publishes_at(article) > now and not selection.future:
        return "future"
    if now and article.expires and article.expires <= now and not selection.expired:
        return "expired"
    return None


def preview_mark(article: Article, selection: Selection) -> PreviewMark | None:
    """The DRAFT / SCHEDULED badge of a story kept only because ``--drafts``/``--future``
    asked for it (None in a normal build, so its pages never carry one)."""
    draft = article.draft and selection.drafts
    start = publishes_at(article)
    scheduled = selection.future and selection.now is not None and start > selection.now
    if not (draft or scheduled):
        return None
    return PreviewMark(draft=draft, scheduled=start if scheduled else None)


def published(articles: Iterable[Article], selection: Selection) -> Published:
    """The articles the selection keeps, in their order, and the count of each kind left out.

    A kept draft or future story carries its :func:`preview_mark`."""
    kept: list[Article] = []
    left_out = {"draft": 0, "future": 0, "expired": 0}
    for article in articles:
        reason = unpublished_reason(article, selection)
        if reason is None:
            mark = preview_mark(article, selection)
            kept.append(replace(article, mark=mark) if mark else article)
        else:
            left_out[reason] += 1
    return Published(tuple(kept), left_out["draft"], left_out["future"], left_out["expired"])


def schedule(articles: Iterable[Article], selection: Selection) -> tuple[Change, ...]:
    """Every moment after the clock when a rebuild changes what is published, soonest first.

    Drafts never appear (they have no schedule until an editor publishes them);
    with ``--future`` publications are not changes, nor expiries with ``--expired``.
    """
    now = selection.now
    if now is None:
        return ()
    changes: list[Change] = []
    for article in articles:
        if article.draft and not selection.drafts:
            continue
        start = publishes_at(article)
        if start > now and not selection.future:
            changes.append(Change(start, "publishes", article.title, article.src_path))
        if article.expires and article.expires > now and not selection.expired:
            changes.append(Change(article.expires, "expires", article.title, article.src_path))
    return tuple(sorted(changes, key=lambda c: (c.at, c.src_path, c.kind)))


def steady_span(
    articles: Iterable[Article], now: datetime | None
) -> tuple[datetime | None, datetime | None]:
    """The build clocks that give the same site as ``now``: from the last moment at or
    before it when a story published, expired or left the news window, to the next such
    moment after it (None: unbounded). A build whose inputs are unchanged and whose clock
    falls inside the span has nothing to do (incremental.py); outside it, pages change.

    Every story counts, drafts too, and whatever ``--future``/``--expired`` say: a
    span too short only costs a rebuild."""
    if now is None:
        return None, None
    since: datetime | None = None
    until: datetime | None = None
    for article in articles:
        start = publishes_at(article)
        for moment in (start, start + NEWS_WINDOW, article.expires):
            if moment is None:
                continue
            if moment <= now:
                since = moment if since is None or moment > since else since
            elif until is None or moment < until:
                until = moment
    return since, until
