"""Site search in a real browser (issue 16, acceptance 1): Pagefind's index and UI.

The fixture ``tests/sites/search`` has "lighthouse" in the bodies of exactly two
articles; a third page mentions it only in its "See also" list, which is not
indexed (navigation never is). The built site is served by a plain static file
server, as a host would; then the same through ``digest serve`` after an edit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import digest, validators
from helpers.browser import CHROMIUM, chromium_page
from helpers.preview import ServeProcess

TWO = [
    "Harbour lights to be replaced with LEDs",
    "The last lighthouse keeper of the Wadden coast retires",
]
THIRD = "Lighthouse museum opens on Terschelling"
RESULT = ".pagefind-ui__result-link"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture
def browser_page() -> Iterator[Any]:
    with chromium_page() as page:
        yield page


@pytest.fixture
def built(make_site, tmp_path: Path) -> Path:
    """The fixture built with search on."""
    site = make_site("search")
    out = tmp_path / "out"
    run = digest("build", "--site", site, "--out", out, "-q")
    assert run.code == 0, run.err
    return out


@pytest.fixture
def built_site(built: Path) -> Iterator[str]:
    """The built fixture served from its output folder on 127.0.0.1, as a host would."""
    with validators.static_server(built) as root:
        yield root + "/"


def search(page: Any, word: str) -> None:
    box = page.locator(".pagefind-ui__search-input")
    box.fill("")
    box.press_sequentially(word, delay=20)  # typed, key by key, as a reader would


def titles(page: Any, count: int) -> list[str]:
    from playwright.sync_api import expect

    expect(page.locator(RESULT)).to_have_count(count)
    return sorted(page.locator(RESULT).all_inner_texts())


def axe_violations(page: Any) -> list[str]:
    """axe-core (the project's copy, tests/helpers/validators.py) on the page as it is now."""
    try:
        _, axe_js = validators.tools()
    except validators.ToolMissing as exc:
        pytest.skip(str(exc))
    page.add_script_tag(path=str(axe_js))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)",
        list(validators.AXE_TAGS),
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in found]


def test_the_search_page_and_marked_articles_are_valid_html(built: Path) -> None:
    pages = [
        built / "search/index.html",
        built / "2024/04/02/keeper/index.html",
        built / "index.html",
    ]
    try:
        messages = validators.vnu(pages)
    except validators.ToolMissing as exc:
        pytest.skip(str(exc))
    assert [m for m in messages if m.get("type") == "error"] == []
    checked, found = validators.axe(built, ["/search/", "/search/?q=lighthouse", "/"])
    assert checked == 12 and [str(v) for v in found] == []


def test_a_word_in_two_articles_finds_those_two_and_a_topic_narrows_them(
    built_site, browser_page
) -> None:
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(built_site + "search/")
    search(page, "lighthouse")
    assert titles(page, 2) == TWO
    page.locator("summary", has_text="Topic").click()
    page.get_by_label("Coast (1)").check()
    assert titles(page, 1) == [TWO[1]]
    page.get_by_label("Coast (1)").uncheck()
    search(page, "timetable")
    assert titles(page, 1) == ["Ferry timetable changes for spring"]
    search(page, "Sections")  # a word of the navigation: never indexed
    page.wait_for_selector(".pagefind-ui__message")
    assert page.locator(RESULT).count() == 0
    assert errors == []


def test_the_header_box_searches_from_any_page_and_both_pass_axe(built_site, browser_page) -> None:
    page = browser_page
    page.goto(built_site)
    assert axe_violations(page) == []
    page.get_by_label("Search the digest").fill("lighthouse")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=lighthouse")
    assert titles(page, 2) == TWO
    assert axe_violations(page) == []


def test_serve_reindexes_after_an_edit_adds_a_third(make_site, browser_page) -> None:
    site = make_site("search")
    page = browser_page
    with ServeProcess(site) as serve:
        wait_for(lambda: any("search index ready" in line for line in serve.out))
        goto(page, serve.url + "search/")
        search(page, "lighthouse")
        assert titles(page, 2) == TWO
        ready = sum("search index ready" in line for line in serve.out)
        (site / "content" / "museum.md").write_text(
            "---\ntitle: Lighthouse museum opens on Terschelling\ndate: 2024-04-05 09:00\n"
            "topics: [Coast]\n---\nThe old lighthouse tower is now a museum.\n"
        )
        wait_for(lambda: sum("search index ready" in line for line in serve.out) > ready)
        goto(page, serve.url + "search/")
        search(page, "lighthouse")
        assert titles(page, 3) == sorted([*TWO, THIRD])
        assert page.locator(".search-stale").count() == 0
        assert serve.get("/search/").status == 200


def goto(page: Any, url: str) -> None:
    """Open ``url``; live reload may be reloading the page at that moment: then again."""
    for _ in range(10):
        try:
            page.goto(url)
            return
        except Exception as exc:  # playwright's "interrupted by another navigation"
            if "interrupted" not in str(exc):
                raise
            time.sleep(0.5)
    page.goto(url)


def wait_for(condition: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
