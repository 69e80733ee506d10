"""A site in several languages in a real browser (issue 26, acceptance 3): the Japanese
search page searches the Japanese index only, and the language switcher goes to the
translation. tests/sites/multilingual, built and served as a host would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import digest, validators
from helpers.browser import CHROMIUM, chromium_page

RESULT = ".pagefind-ui__result-link"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import shutil

    site = tmp_path_factory.mktemp("languages") / "multilingual"
    shutil.copytree(Path(__file__).parent / "sites" / "multilingual", site)
    run = digest("build", "--site", site, "--now", "2026-12-03T12:00+01:00", "-q")
    assert run.code == 0, run.err
    with validators.static_server(site / "public") as root:
        yield root + "/"


@pytest.fixture
def page() -> Iterator[Any]:
    with chromium_page() as opened:
        yield opened


def results(page: Any, count: int) -> list[str]:
    from playwright.sync_api import expect

    expect(page.locator(RESULT)).to_have_count(count)
    return sorted(page.locator(RESULT).all_inner_texts())


def test_a_japanese_word_on_the_japanese_search_page_finds_the_japanese_story(
    served: str, page: Any
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served + "ja/search/")
    page.locator(".pagefind-ui__search-input").press_sequentially("灯台", delay=20)
    assert results(page, 1) == ["古い灯台に新しいランプ"]
    assert page.locator(RESULT).get_attribute("href") == "/ja/2026/11/30/lighthouse/"
    page.locator(".pagefind-ui__search-input").fill("")
    page.locator(".pagefind-ui__search-input").press_sequentially("lighthouse", delay=20)
    page.wait_for_selector(".pagefind-ui__message")
    assert page.locator(RESULT).count() == 0  # the English story is in another index
    page.goto(served + "search/")
    page.locator(".pagefind-ui__search-input").press_sequentially("lighthouse", delay=20)
    assert results(page, 1) == ["The old lighthouse gets a new lamp"]
    assert errors == []


def test_the_language_switcher_goes_to_the_translation(served: str, page: Any) -> None:
    page.goto(served + "2026/12/01/ferry/")
    switch = page.get_by_role("navigation", name="Languages")
    assert switch.get_by_role("link").all_inner_texts() == ["日本語"]  # no Arabic ferry story
    switch.get_by_role("link", name="日本語").click()
    page.wait_for_url("**/ja/2026/12/01/fune/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").inner_text() == "冬のフェリー時刻表が月曜日から"
    page.get_by_role("navigation", name="言語").get_by_role("link", name="English").click()
    page.wait_for_url("**/2026/12/01/ferry/")
    page.goto(served + "2026/11/30/lighthouse/")
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url("**/ar/2026/11/30/lighthouse/")
    assert page.locator("html").get_attribute("dir") == "rtl"
