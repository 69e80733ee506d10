"""Live reload in a real browser: Python playwright driving Debian's Chromium.

An article is open in the browser; the test only edits files, never touches the
page, and watches the page follow: new text after an edit, the error overlay
naming ``path:line`` after a broken front matter, the page again after the fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.browser import CHROMIUM, TIMEOUT_MS, chromium_page
from helpers.preview import ServeProcess

ARTICLE = "content/2024/05/chip-talks.md"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"no Chromium at {CHROMIUM} (Debian: apt-get install -y chromium; .ci/run does it)",
)


@pytest.fixture
def browser_page() -> Iterator[Any]:
    with chromium_page() as page:
        yield page


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_the_open_page_follows_edits_errors_and_fixes(make_site, browser_page) -> None:
    from playwright.sync_api import expect

    site = make_site("serve")
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with ServeProcess(site) as serve:
        page.goto(serve.url + "2024/05/20/chip-talks/")
        heading, main = page.locator("main h1"), page.locator("main")
        expect(heading).to_have_text("Chip talks resume in The Hague")

        edit(site / ARTICLE, "Officials met on Monday", "Ministers met on Tuesday")
        expect(main).to_contain_text("Ministers met on Tuesday", timeout=TIMEOUT_MS)

        edit(site / ARTICLE, "title: Chip talks", 'title: "Chip talks')  # unterminated quote
        overlay = page.locator("#digest-overlay")
        expect(overlay).to_contain_text(f"{ARTICLE}:2:", timeout=TIMEOUT_MS)
        expect(overlay).to_be_visible()
        expect(main).to_contain_text("Ministers met on Tuesday")  # the last good page stays

        edit(site / ARTICLE, 'title: "Chip talks resume', "title: Chip talks go on")
        expect(heading).to_have_text("Chip talks go on in The Hague", timeout=TIMEOUT_MS)
        expect(overlay).to_have_count(0)
    assert errors == []
