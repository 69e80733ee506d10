"""plan/paginate: a list split into pages at /base/, /base/page/2/, ..."""

from __future__ import annotations

import pytest

from builder.plan.paginate import page_url, paginate


@pytest.mark.parametrize(("count", "pages"), [(0, 1), (1, 1), (2, 1), (3, 2)])
def test_pagination_edges(count: int, pages: int) -> None:
    result = paginate(list(range(count)), 2, "/topics/x/")
    assert len(result) == pages
    assert sum(len(items) for items, _ in result) == count
    last = result[-1][1]
    assert last.next_url is None and last.total == pages
    assert result[0][1].url == "/topics/x/" and result[0][1].prev_url is None
    if pages == 2:
        assert result[1][1].url == "/topics/x/page/2/"
        assert result[0][1].next_url == "/topics/x/page/2/"


def test_each_page_holds_its_slice_in_order_and_links_both_ways() -> None:
    result = paginate(list("abcdefg"), 3, "/archive/2024/05/")
    assert [list(items) for items, _ in result] == [["a", "b", "c"], ["d", "e", "f"], ["g"]]
    middle = result[1][1]
    assert (middle.number, middle.total) == (2, 3)
    assert (middle.prev_url, middle.url, middle.next_url) == (
        "/archive/2024/05/",
        "/archive/2024/05/page/2/",
        "/archive/2024/05/page/3/",
    )


def test_the_first_page_is_the_base_itself() -> None:
    assert page_url("/topics/x/", 1) == "/topics/x/"
    assert page_url("/topics/x/", 12) == "/topics/x/page/12/"
