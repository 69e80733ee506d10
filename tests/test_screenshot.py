"""docs/screenshot.png, the README's picture of the default theme, is taken here (issue 24,
item 11): the sample site at the root of the repository (content/, templates/, site.yaml,
static/), built by the real ``digest build``, its home page opened in Debian's Chromium as
the browser tests drive it. Run this test after a change to the theme and commit the PNG.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest
from helpers import REPO, digest
from helpers.browser import CHROMIUM, NO_CHROMIUM, chromium_page
from helpers.validators import static_server

SCREENSHOT = REPO / "docs" / "screenshot.png"
SIZE = (1280, 800)
"""Width and height in pixels: a laptop's window, as a reader first sees the site."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, which the format puts first."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR"), "a PNG starts with its IHDR chunk"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def sample_site(target: Path) -> Path:
    """A copy of the repository's own sample site, so its build leaves the checkout alone."""
    target.mkdir()
    for folder in ("content", "templates", "static"):
        shutil.copytree(REPO / folder, target / folder)
    shutil.copy(REPO / "site.yaml", target / "site.yaml")
    return target


def test_the_readme_screenshot_is_the_default_theme_on_the_sample_site(tmp_path: Path) -> None:
    site = sample_site(tmp_path / "sample")
    run = digest("build", "--site", site, "-q")
    assert run.code == 0, run.err

    with static_server(site / "public") as root, chromium_page() as page:
        page.set_viewport_size({"width": SIZE[0], "height": SIZE[1]})
        page.emulate_media(color_scheme="light")
        page.goto(root + "/", wait_until="networkidle")
        assert page.locator("header").first.is_visible()
        assert "The Daily Digest" in page.title()
        data = page.screenshot(type="png")

    assert png_size(data) == SIZE
    assert len(data) > 20_000, "a blank page compresses to a few kB; the theme does not"
    if not SCREENSHOT.exists() or SCREENSHOT.read_bytes() != data:
        SCREENSHOT.write_bytes(data)
    assert png_size(SCREENSHOT.read_bytes()) == SIZE
