"""Responsive images (issue 15, item 5; acceptance 5), on images this test makes with Pillow.

Sources below and above each width (480, 960, 1600), PNG, JPEG and WebP, a
photo stored sideways with an EXIF orientation, and a Markdown body image.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import digest, snapshot
from PIL import Image

from builder.commands.build import build_with_cache
from builder.config import load_config
from builder.index.publication import Selection
from builder.pipeline import BuildStats

NOW = Selection(now=datetime(2030, 1, 1, tzinfo=UTC))
STORIES = {
    "wide": ("wide.png", "PNG", (2000, 1000)),
    "small": ("small.jpg", "JPEG", (700, 500)),
    "square": ("square.webp", "WEBP", (1300, 1300)),
}


def make_site(root: Path) -> Path:
    site = root / "site"
    images = site / "static" / "images"
    images.mkdir(parents=True)
    (site / "content").mkdir()
    (site / "site.yaml").write_text("title: Pictures\nbase_url: https://pics.example.org/news/\n")
    for n, (slug, (name, fmt, size)) in enumerate(STORIES.items(), start=1):
        Image.new("RGB", size, (30 * n, 90, 140)).save(images / name, fmt)
        (site / "content" / f"2024-05-0{n}-{slug}.md").write_text(
            f"---\ntitle: {slug.title()}\nimage:\n  src: /images/{name}\n  alt: A {slug} picture\n"
            "---\nText.\n"
        )
    # a sideways photo: 1600x900 pixels stored, EXIF orientation 6 (rotate 90° to show)
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (1600, 900), (200, 50, 50)).save(images / "sideways.jpg", exif=exif)
    (site / "content" / "2024-05-04-sideways.md").write_text(
        "---\ntitle: Sideways\nimage:\n  src: /images/sideways.jpg\n  alt: Upright\n---\n"
        "A chart in the body:\n\n![A chart](/news/images/wide.png)\n\n"
        "![Remote](https://cdn.example.net/x.png)\n"
    )
    return site


def edit(site: Path) -> None:
    """A text edit, so the next build plans its pages again (an unchanged site stops early)."""
    story = site / "content" / "2024-05-01-wide.md"
    story.write_text(story.read_text() + "More text.\n")


def build(site: Path, clean: bool = False) -> BuildStats:
    return build_with_cache(load_config(site), NOW, clean=clean).stats


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


def variant_sizes(out: Path, page: str) -> dict[str, list[tuple[int, int]]]:
    """Each variant file the page names (srcset, src, og:image), by format, opened with Pillow."""
    html = (out / page).read_text()
    found: dict[str, list[tuple[int, int]]] = {}
    for name in sorted(set(re.findall(r"/images/_v/([0-9a-f]{16}-\d+x\d+\.\w+)", html))):
        with Image.open(out / "images" / "_v" / name) as image:
            found.setdefault(image.format or "", []).append(image.size)
    return {fmt: sorted(sizes) for fmt, sizes in found.items()}


def test_variants_never_upscaled_webp_beside_the_original_and_crops(site: Path) -> None:
    build(site)
    out = site / "public"
    wide = variant_sizes(out, "2024/05/01/wide/index.html")
    assert wide["WEBP"] == [(480, 240), (960, 480), (1600, 800)]
    # PNG: three widths and the crops 16:9 (1200x675 of 1778x1000), 4:3, 1:1 (1000x1000)
    assert wide["PNG"] == sorted(
        [(480, 240), (960, 480), (1600, 800), (1200, 675), (1200, 900), (1000, 1000)]
    )
    small = variant_sizes(out, "2024/05/02/small/index.html")
    assert small["WEBP"] == [(480, 343), (700, 500)]  # 960 and 1600 would upscale
    assert (700, 500) in small["JPEG"] and (500, 500) in small["JPEG"]  # the 1:1 crop
    square = variant_sizes(out, "2024/05/03/square/index.html")
    assert set(square) == {"WEBP"}  # a WebP source: WebP only
    assert (1200, 1200) in square["WEBP"] and (1200, 675) in square["WEBP"]


def test_exif_rotation_is_applied(site: Path) -> None:
    build(site)
    out = site / "public"
    sizes = variant_sizes(out, "2024/05/04/sideways/index.html")
    assert (900, 1600) in sizes["JPEG"] and (1600, 900) not in sizes["JPEG"]
    html = (out / "2024/05/04/sideways/index.html").read_text()
    assert 'width="900" height="1600" alt="Upright"' in html


def test_lead_image_has_width_height_srcset_sizes_and_webp(site: Path) -> None:
    build(site)
    html = (site / "public/2024/05/01/wide/index.html").read_text()
    img = re.search(
        r'<img src="[^"]+" srcset="([^"]+)" sizes="([^"]+)" width="2000" height="1000"',
        html,
    )
    assert img, html
    widths = re.findall(r"/news/images/_v/[0-9a-f]{16}-\d+x\d+\.png (\d+)w", img.group(1))
    assert widths == ["480", "960", "1600"]
    assert img.group(2) == "(max-width: 48rem) 100vw, 48rem"
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', html)
    assert webp and webp.group(1).count(".webp ") == 3


def test_markdown_body_images_get_size_srcset_and_lazy_loading(site: Path) -> None:
    build(site)
    html = (site / "public/2024/05/04/sideways/index.html").read_text()
    body = html[html.index('<div class="body">') :]
    local = re.search(r'<img alt="A chart" src="/news/images/wide.png"([^>]*)>', body)
    assert local, body
    attrs = local.group(1)
    for part in ('width="2000"', 'height="1000"', 'loading="lazy"', 'decoding="async"'):
        assert part in attrs
    assert re.search(r'srcset="/news/images/_v/[0-9a-f]{16}-480x240\.png 480w, ', attrs)
    assert '<img alt="Remote" src="https://cdn.example.net/x.png">' in body  # left as it is


def test_second_build_reuses_every_variant(site: Path) -> None:
    first = build(site)
    edit(site)
    second = build(site)
    assert first.images_encoded > 20 and first.images_reused == 0
    assert second.images_encoded == 0
    assert second.images_reused == first.images_encoded
    assert len(list((site / ".digest-cache" / "images").iterdir())) == first.images_encoded


def test_warm_build_is_byte_identical_to_a_clean_build(site: Path) -> None:
    build(site)
    edit(site)
    build(site)  # warm: every variant from the cache
    warm = snapshot(site / "public")
    clean = build(site, clean=True)
    assert clean.images_encoded > 0  # encoded afresh
    assert snapshot(site / "public") == warm


def test_an_edited_image_gets_new_names(site: Path) -> None:
    build(site)
    before = set((site / "public/images/_v").iterdir())
    Image.new("RGB", (700, 500), (1, 2, 3)).save(site / "static/images/small.jpg", "JPEG")
    stats = build(site)
    after = set((site / "public/images/_v").iterdir())
    assert 0 < stats.images_encoded < 10 and before != after
    # a cache file is NAME.SIZE.DIGEST (the bytes it must hold: encode.py)
    cached = {p.name.rsplit(".", 2)[0] for p in (site / ".digest-cache/images").iterdir()}
    assert cached == {p.name for p in after}  # the old variants left the cache too


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupt_image_is_an_error_and_nothing_is_written(site: Path, damage: str) -> None:
    """Garbage after a JPEG marker, or a real JPEG cut in half (its header still reads)."""
    image = site / "static/images/small.jpg"
    data = image.read_bytes()
    image.write_bytes(
        b"\xff\xd8\xff\xe0 garbage" if damage == "garbage" else data[: len(data) // 2]
    )
    run = digest("build", "--site", site)
    assert run.code == 1
    expected = "content/2024-05-02-small.md:3: image: static/images/small.jpg is not an image"
    assert expected in run.err
    assert not (site / "public").exists()
