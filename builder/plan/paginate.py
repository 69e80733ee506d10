"""Split a list into pages: the first at its own URL, the next at ``urls.page_url``.

Always at least one page, so an empty topic or month still has a first page
that says so rather than a missing URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from builder.urls import page_url

T = TypeVar("T")


@dataclass(frozen=True)
class Pagination:
    number: int
    """1-based."""
    total: int
    url: str
    prev_url: str | None
    """The newer page (smaller number), if any."""
    next_url: str | None


def paginate(items: Sequence[T], per_page: int, base: str) -> list[tuple[Sequence[T], Pagination]]:
    total = max(1, -(-len(items) // per_page))
    pages = []
    for number in range(1, total + 1):
        chunk = items[(number - 1) * per_page : number * per_page]
        prev_url = page_url(base, number - 1) if number > 1 else None
        next_url = page_url(base, number + 1) if number < total else None
        pages.append((chunk, Pagination(number, total, page_url(base, number), prev_url, next_url)))
    return pages
