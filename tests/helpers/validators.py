"""The Nu HTML Checker and axe-core, run on built pages (tests/test_validators.py and
benchmarks/bench_validators.py share this).

Both come from the npm registry into ``tests/.tools/node_modules`` (git-ignored), at the
versions of ``tests/.tools/package-lock.json``; ``.ci/run`` installs them, and
:func:`tools` installs them on first use elsewhere. The checker runs on the JDK
(``java``); axe-core is injected into Debian's Chromium through Playwright, as
tests/test_browser.py drives it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / "tests" / ".tools"
VNU_JAR = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
VIEWPORTS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
_KEYWORDS = frozenset(
    {"topics", "authors", "page", "editions", "archive", "index.html", "404.html"}
)


class ToolMissing(Exception):
    """A validator that is not installed and could not be: the reason to skip with."""


@functools.cache
def tools() -> tuple[Path, Path]:
    """vnu.jar and axe.min.js, installed with ``npm ci`` when absent; ToolMissing if not."""
    if not (VNU_JAR.is_file() and AXE_JS.is_file()):
        npm = shutil.which("npm")
        if npm is None:
            raise ToolMissing("npm is not installed (Debian: apt-get install -y npm)")
        proc = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(TOOLS)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if proc.returncode != 0 or not (VNU_JAR.is_file() and AXE_JS.is_file()):
            raise ToolMissing(f"npm ci in {TOOLS} failed: {proc.stderr.strip()[-300:]}")
    return VNU_JAR, AXE_JS


def java() -> str:
    found = shutil.which("java")
    if found is None:
        raise ToolMissing("no java (Debian: apt-get install -y default-jre-headless)")
    return found


PREVIEW_STORIES = {"draft-story": "2024-01-09 08:00\ndraft: true", "scheduled-story": "2099-01-01"}
"""A draft and a scheduled story, for a ``--drafts --future`` build with the preview marks."""


def add_preview_stories(site: Path) -> None:
    for slug, when in PREVIEW_STORIES.items():
        (site / "content" / f"{slug}.md").write_text(
            f"---\ntitle: {slug.replace('-', ' ').capitalize()}\ndate: {when}\n"
            "topics: [Trade]\n---\n\nBody.\n"
        )


def preview_urls(out: Path) -> list[str]:
    """The home page and the pages of the preview stories of a ``--drafts --future`` build."""
    pages = sorted(p.relative_to(out).parent for p in out.glob("*/*/*/*-story/index.html"))
    assert len(pages) == len(PREVIEW_STORIES), pages
    return ["/", *(f"/{page.as_posix()}/" for page in pages)]


def html_pages(out: Path) -> list[Path]:
    """Every web page; not the email edition's ``email.html``, a mail part whose table
    attributes (width, cellpadding, align) mail clients need and HTML5 calls obsolete
    (tests/test_email.py checks it for mail: html5lib, no script, absolute URLs)."""
    return sorted(p for p in out.rglob("*.html") if p.name != "email.html")


def vnu(files: list[Path]) -> list[dict[str, Any]]:
    """Every message of the Nu HTML Checker (errors, warnings, info) on ``files``.

    HTML files are checked as HTML, ``.css`` files as CSS. The exit code alone is not
    trusted: the JSON report must be there, or the run failed.
    """
    jar, _ = tools()
    proc = subprocess.run(
        [java(), "-Xss1m", "-jar", str(jar), "--format", "json", "--also-check-css"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        timeout=900,
    )
    try:
        report = json.loads(proc.stderr)
    except json.JSONDecodeError:
        raise AssertionError(f"vnu gave no report: {proc.stdout}{proc.stderr}"[:2000]) from None
    return list(report["messages"])


def page_type(relative: str) -> str:
    """``topics/china/page/2/index.html`` -> ``topics/*/page/N/``: one key per kind of page.

    Digits become N and names (slugs) become *, so every template and every variant of a
    URL pattern (page 2, a weekly edition, an archive month) is one type, new ones included.
    """
    parts = []
    for part in relative.split("/"):
        if part in _KEYWORDS:
            parts.append(part)
        elif re.fullmatch(r"\d[\dW-]*", part):  # 2024, 05, 2024-05-20, 2024-W21
            parts.append(re.sub(r"\d+", "N", part))
        else:
            parts.append("*")
    return "/".join(parts).removesuffix("index.html")


def one_page_per_type(out: Path) -> dict[str, str]:
    """The first page (sorted) of each type, as a URL path from the site root."""
    chosen: dict[str, str] = {}
    for page in html_pages(out):
        relative = page.relative_to(out).as_posix()
        chosen.setdefault(page_type(relative), "/" + relative.removesuffix("index.html"))
    return chosen


@dataclass(frozen=True)
class Violation:
    url: str
    viewport: str
    scheme: str
    rule: str
    impact: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:3])
        return f"{self.url} @{self.viewport}px {self.scheme}: {self.rule} ({self.impact}) {where}"


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """The built site over HTTP at the root of 127.0.0.1 (links are root-relative)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def axe(out: Path, urls: list[str]) -> tuple[int, list[Violation]]:
    """axe-core on each URL at each width, light and dark: (pages checked, violations)."""
    _, axe_js = tools()
    if not CHROMIUM.exists():
        raise ToolMissing(f"no Chromium at {CHROMIUM} (Debian: apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    checked, found = 0, []
    with static_server(out) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            for width, viewport in VIEWPORTS.items():
                for scheme in SCHEMES:
                    context = browser.new_context(viewport=viewport, color_scheme=scheme)
                    page = context.new_page()
                    for url in urls:
                        found += _axe_page(page, root + url, axe_js, (url, width, scheme))
                        checked += 1
                    context.close()
        finally:
            browser.close()
    return checked, found


def _axe_page(
    page: Any, address: str, axe_js: Path, where: tuple[str, str, str]
) -> list[Violation]:
    response = page.goto(address, wait_until="load")
    assert response is not None and response.status in (200, 404), f"{address}: no page"
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        list(AXE_TAGS),
    )
    return [
        Violation(
            *where, v["id"], v.get("impact") or "", tuple(str(n["target"]) for n in v["nodes"])
        )
        for v in result["violations"]
    ]
