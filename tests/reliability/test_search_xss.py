"""G22 (issue 27, item 2): no script from content runs on the search page.

With search on, a topic ``<img src=x onerror=alert(document.domain)>`` ran script on
/search/: Pagefind's default UI puts filter values into the page as HTML (the labels of
the filter checkboxes). The G5 corpus goes into the titles, topics, authors and
summaries (and bodies) of 83 stories (test_xss.xss_site); the built site is served on
127.0.0.1 and searched in Chromium, every result loaded and every filter opened. No
dialog may fire, no element of the search UI may carry an ``on*`` attribute or be an
``img``/``iframe``/``object``/``embed``/``script``, and every label shows its value as
the exact text the editor wrote (so the escaping is neither missing nor doubled).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import html5lib
import pytest
from harness import check
from helpers import digest, validators
from helpers.browser import CHROMIUM, NO_CHROMIUM, chromium_page
from test_xss import xss_site
from xss_corpus import PAYLOADS

from builder.write.search import executable

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
    pytest.mark.skipif(executable()[0] is None, reason="Pagefind is not installed"),
]

RESULT = ".pagefind-ui__result-link"
FOUND_IN_THE_UI = """() => {
  const box = document.getElementById("search");
  const handlers = [...box.querySelectorAll("*")].flatMap(e => [...e.attributes]
    .filter(a => a.name.toLowerCase().startsWith("on")).map(a => `${e.tagName} ${a.name}`));
  const elements = [...box.querySelectorAll("img, iframe, object, embed, script, svg *[href]")]
    .map(e => e.outerHTML.slice(0, 80));
  return handlers.concat(elements);
}"""


def _text(value: str) -> str:
    """A value as a page shows it: runs of whitespace as one space, none at the ends."""
    return " ".join(value.split())


def _shown(out: Path, name: str) -> list[str]:
    """The text of every element the article pages mark as a value of filter ``name``: what
    the search page's labels must show, exactly."""
    found = set()
    for page in out.glob("2024/*/*/*/index.html"):
        document = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        for element in document.iter():
            if element.get("data-pagefind-filter", "").startswith(f"{name}:"):
                found.add(_text("".join(element.itertext())))
    return sorted(found)


def _load_every_result(page: Any) -> list[str]:
    from playwright.sync_api import expect

    page.wait_for_selector(RESULT)
    more = page.locator(".pagefind-ui__button")
    while more.count():
        shown = page.locator(RESULT).count()
        more.click()
        expect(page.locator(RESULT)).not_to_have_count(shown)
    return page.locator(RESULT).all_inner_texts()


def _labels(page: Any, name: str) -> dict[str, str]:
    """Filter ``name``'s values (as its checkboxes hold them) and the labels shown."""
    block = page.locator(".pagefind-ui__filter-block", has_text=name)
    block.locator("summary").click()
    found = {}
    for value in block.locator(".pagefind-ui__filter-value").all():
        label = value.locator("label").inner_text()
        found[label.rsplit(" (", 1)[0]] = value.locator(
            "input.pagefind-ui__filter-checkbox"
        ).get_attribute("value")
    return found


def test_g22_the_corpus_runs_no_script_on_the_search_page(tmp_path: Path) -> None:
    site = xss_site(tmp_path)
    with open(site / "site.yaml", "a") as handle:
        handle.write("search:\n  engine: pagefind\n")
    for story in (site / "content").glob("*.md"):  # a word every story has, to find them all
        front, body = story.read_text().split("\n---\n", 1)  # first, as a payload may eat
        story.write_text(f"{front}\n---\nThe harbour report.\n\n{body}")  # what follows it
    check(digest("build", "--site", site, "-q"), 0, None)

    with validators.static_server(site / "public") as root, chromium_page() as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(root + "/search/?q=harbour")
        titles = _load_every_result(page)
        topics, authors = _labels(page, "Topic"), _labels(page, "Author")
        hostile = next(label for label in topics if label.startswith("t2 "))
        page.get_by_label(hostile + " (1)").check()  # an escaped value still filters
        page.wait_for_function(f"document.querySelectorAll('{RESULT}').length === 1")
        filtered = page.locator(RESULT).all_inner_texts()
        page.wait_for_timeout(1000)  # time for a failed image load to fire its onerror
        found = page.evaluate(FOUND_IN_THE_UI)

    assert dialogs == []
    assert found == []
    assert sorted(titles) == sorted(_text(f"{i} {p}") for i, p in enumerate(PAYLOADS))
    assert sorted(topics) == _shown(site / "public", "topic")
    assert len(topics) >= len(PAYLOADS)  # (a topic with commas is several topics)
    assert sorted(authors) == _shown(site / "public", "author")
    assert filtered == [_text(f"2 {PAYLOADS[2]}")]
