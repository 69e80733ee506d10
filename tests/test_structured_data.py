"""Complete metadata (issue 15, items 4-6; acceptance 4): structured-data-testing-tool.

The tool (npm ``structured-data-testing-tool``, pinned in tests/.sdtt/package.json,
installed by .ci/run) checks a page as Google, Twitter and Facebook read it;
each preset must report no failure (Twitter's percentage counts its warnings),
on the sample site's article and on a fixture article with an image and an
author. Warnings (``twitter:site``, a Twitter account the site does not have)
are not failures.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, digest
from test_authors import authors_site

SDTT = REPO / "tests" / ".sdtt" / "node_modules" / ".bin" / "sdtt"


def sdtt(page: Path) -> str:
    if not SDTT.exists():
        pytest.skip("structured-data-testing-tool is not installed (.ci/run installs it)")
    run = subprocess.run(
        [SDTT, "--file", page, "--presets", "Google,Twitter,Facebook"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run.stdout + run.stderr


def assert_no_failure(report: str) -> None:
    assert re.search(r"Failed: 0\b", report), report
    for preset in ("Google", "Twitter", "Facebook"):
        assert re.search(rf"^  {preset}\b.* - \d+% \([1-9]\d* passed, 0 failed\)", report, re.M), (
            report
        )


def test_sample_article_passes_google_twitter_facebook(tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert digest("build", "--site", REPO, "--out", out).code == 0
    (page,) = out.glob("2023/05/*/*/index.html")
    assert_no_failure(sdtt(page))


def test_fixture_article_with_image_and_author_passes(tmp_path: Path) -> None:
    site = authors_site(tmp_path)
    assert digest("build", "--site", site).code == 0
    assert_no_failure(sdtt(site / "public/2024/05/01/grid/index.html"))


def jsonld(page: Path) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(), re.S)
    assert block
    return json.loads(block.group(1))


def test_image_logo_and_social_tags(tmp_path: Path) -> None:
    site = authors_site(tmp_path)
    assert digest("build", "--site", site).code == 0
    page = site / "public/2024/05/01/grid/index.html"
    data = jsonld(page)
    variant = r"https://bylines\.example\.org/images/_v/[0-9a-f]{16}-"
    crops = [re.fullmatch(variant + r"(\d+x\d+)\.jpg", url) for url in data["image"]]
    assert [m.group(1) for m in crops if m] == ["1200x675", "1200x900", "900x900"]  # 16:9 4:3 1:1
    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": "https://bylines.example.org/images/logo.png",
        "width": 600,
        "height": 60,
    }
    html = page.read_text()
    for tag in (
        f'<meta property="og:image" content="{data["image"][0]}">',
        '<meta property="og:image:alt" content="A row of battery containers beside a substation">',
        '<meta property="og:image:width" content="1200">',
        '<meta property="og:image:height" content="675">',
        f'<meta name="twitter:image" content="{data["image"][0]}">',
        '<meta name="twitter:image:alt" content="A row of battery containers beside a substation">',
        '<meta property="og:locale" content="en_US">',
        '<meta property="article:published_time" content="2024-05-01T09:00:00+01:00">',
        '<meta property="article:modified_time" content="2024-05-01T09:00:00+01:00">',
        '<meta property="article:author" content="https://bylines.example.org/authors/jane-doe/">',
        '<meta property="article:tag" content="Energy">',
        'width="1600" height="900"',
        '<figcaption>The new battery site. <span class="credit">Test fixture</span></figcaption>',
    ):
        assert tag in html, tag


def test_default_image_for_a_story_without_one(tmp_path: Path) -> None:
    """The sample site's ``image`` (site.yaml) is the card of its article, which has none."""
    out = tmp_path / "public"
    assert digest("build", "--site", REPO, "--out", out).code == 0
    (page,) = out.glob("2023/05/*/*/index.html")
    sizes = [re.search(r"-(\d+x\d+)\.png$", url) for url in jsonld(page)["image"]]
    assert [m.group(1) for m in sizes if m] == ["1120x630", "840x630", "630x630"]  # of 1200x630
    assert (out / "images/card.png").is_file()  # the original is copied as well
    assert '<meta property="og:image:width" content="1120">' in page.read_text()


@pytest.mark.parametrize("kind", ["missing", "corrupt"])
def test_missing_or_corrupt_image_is_an_error_at_its_line(tmp_path: Path, kind: str) -> None:
    site = authors_site(tmp_path)
    image = site / "static/images/grid.jpg"
    if kind == "missing":
        image.unlink()
    else:
        image.write_bytes(b"\xff\xd8\xff not really a JPEG")
    run = digest("build", "--site", site)
    assert run.code == 1
    why = "not found" if kind == "missing" else "is not an image that can be read"
    assert f"content/2024-05-01-grid.md:6: image: static/images/grid.jpg {why}" in run.err
    assert not (site / "public").exists()


def test_an_image_without_alt_is_a_warning(tmp_path: Path) -> None:
    site = authors_site(tmp_path)
    story = site / "content/2024-05-02-wind.md"
    story.write_text(
        story.read_text().replace("author: J. Doe\n", "author: J. Doe\nimage: /images/grid.jpg\n")
    )
    run = digest("build", "--site", site)
    assert run.code == 0
    assert "content/2024-05-02-wind.md:5: warning: image has no alt text" in run.err
    checked = digest("check", "--site", site)
    assert "content/2024-05-02-wind.md:5: warning: image has no alt text" in checked.out


def test_a_remote_image_is_left_as_it_is(tmp_path: Path) -> None:
    site = authors_site(tmp_path)
    story = site / "content/2024-05-02-wind.md"
    remote = "https://images.example.net/wind.jpg"
    text = story.read_text().replace(
        "author: J. Doe\n", f"author: J. Doe\nimage:\n  src: {remote}\n  alt: Wind\n"
    )
    story.write_text(text)
    run = digest("build", "--site", site)
    assert run.code == 0, run.err
    page = site / "public/2024/05/02/wind/index.html"
    assert jsonld(page)["image"] == [remote]
    assert f'<img src="{remote}" alt="Wind">' in page.read_text()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("logo: /images/logo.svg", "site.yaml:11: logo must be a PNG, JPEG, WebP or GIF file"),
        ("logo: /images/nope.png", "site.yaml:11: static/images/nope.png not found"),
    ],
)
def test_bad_logo(tmp_path: Path, line: str, message: str) -> None:
    site = authors_site(tmp_path)
    config = site / "site.yaml"
    config.write_text(config.read_text().replace("logo: /images/logo.png", line))
    run = digest("build", "--site", site)
    assert run.code in (1, 2)
    assert message in run.err
