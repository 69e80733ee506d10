"""Issue 22, item 6: SVG wherever an image goes, and ``description`` as the summary,
on tests/sites/svg (an SVG with only a viewBox, one with width/height)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import digest

NOW = ("--now", "2030-01-01")
CHART = "public/2024/05/01/rates-chart/index.html"
LOGO = "public/2024/05/02/logo-story/index.html"


def build(site: Path) -> str:
    run = digest("build", "--site", site, *NOW)
    assert run.code == 0, run.err
    return run.err


def meta(page: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', page)
    assert found, name
    return found.group(1)


def test_an_svg_image_builds_with_its_viewbox_size_and_no_variants(make_site) -> None:
    site = make_site("svg")
    err = build(site)
    assert "not an image" not in err
    page = (site / CHART).read_text()
    assert meta(page, "og:image") == "https://svg.example.org/images/chart-viewbox.svg"
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("640", "360")
    assert '<img src="/images/chart-viewbox.svg" width="640" height="360" alt=' in page
    assert "srcset" not in page and not (site / "public/images/_v").exists()
    same = (site / "static/images/chart-viewbox.svg").read_bytes()
    assert (site / "public/images/chart-viewbox.svg").read_bytes() == same  # copied as it is


def test_a_body_svg_gets_its_width_and_height_and_no_srcset(make_site) -> None:
    site = make_site("svg")
    build(site)
    body = (site / CHART).read_text().split('class="body"', 1)[1]
    img = re.search(r'<img alt="The bank\'s logo"[^>]*>', body)
    assert img, body
    assert 'width="120" height="40"' in img.group()  # width/height beat the viewBox's 60x20
    assert "srcset" not in img.group()


def test_description_is_the_summary_unless_summary_is_written(make_site) -> None:
    site = make_site("svg")
    build(site)
    chart, logo = (site / CHART).read_text(), (site / LOGO).read_text()
    assert meta(chart, "description") == "The year&#39;s interest rates, drawn as one line."
    assert meta(logo, "description") == "The bank shows its new logo."
    feed = (site / "public/feed.xml").read_text()
    summaries = re.findall(r"<summary>([^<]*)</summary>", feed)
    assert summaries == [
        "The bank shows its new logo.",
        "The year&#39;s interest rates, drawn as one line.",
    ]


def test_check_passes_with_only_the_alt_warning(make_site) -> None:
    run = digest("check", "--site", make_site("svg"), "--format", "json")
    assert run.code == 0, run.out
    assert '"image has no alt text' in run.out and '"severity": "error"' not in run.out


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"<html><body>a page saved as .svg</body></html>", "its root element is <html>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"', "not well-formed XML"),
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg" id="&b;"/>',
            "it declares XML entities",
        ),
    ],
)
def test_an_svg_that_cannot_be_read_is_an_error_at_its_line(
    make_site, content: bytes, why: str
) -> None:
    site = make_site("svg")
    build(site)
    before = sorted(p.name for p in (site / "public").rglob("*"))
    (site / "static/images/chart-viewbox.svg").write_bytes(content)
    run = digest("build", "--site", site, *NOW)
    assert run.code == 1
    first = run.err.splitlines()[0]
    expected = "content/2024-05-01-rates-chart.md:5: image: static/images/chart-viewbox.svg"
    assert first.startswith(f"{expected} is not an SVG image that can be read: {why}")
    assert "Traceback" not in run.err
    assert sorted(p.name for p in (site / "public").rglob("*")) == before
