"""Responsive images: which variants of each local image a page uses, under hashed names.

A variant's name is a hash of the source's bytes and the variant's parameters
(``/images/_v/3f9c…-960x540.webp``), so it is known before anything is
encoded, the same in every build of the same file (serve's early preview
included) and never stale in a browser cache. Planning only decides names and
sizes; :mod:`builder.plan.encode` makes the files, cached in ``.digest-cache/``.
Widths are never upscaled; WebP goes beside the original format; the 16:9,
4:3 and 1:1 crops are 1,200 px wide when the source allows.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

WIDTHS = (480, 960, 1600)
CROPS = ((16, 9), (4, 3), (1, 1))
CROP_WIDTH = 1200
SIZES = "(max-width: 48rem) 100vw, 48rem"
"""The ``sizes`` of a lead or body image: the column is at most 48rem wide."""
ENCODER_VERSION = "1"
"""Part of every variant's hash: bump it when encoding settings change."""
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
"""Source formats given variants (GIF, say, is used as it is)."""


@dataclass(frozen=True)
class Variant:
    """One file to make: from which source, how (crop box, size, format), and its URL."""

    source: Path
    url: str
    width: int
    height: int
    fmt: str
    """Pillow format name: JPEG, PNG or WEBP."""
    box: tuple[int, int, int, int] | None = None
    """Crop (left, top, right, bottom) in the upright source, before resizing."""

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[1]


@dataclass(frozen=True)
class ImageSet:
    """A local image's variants: resized in its own format and in WebP, and the crops."""

    width: int
    height: int
    own: tuple[Variant, ...]
    webp: tuple[Variant, ...]
    crops: tuple[Variant, ...]
    base_path: str = "/"
    """base_url's path, which srcset URLs start with (variant URLs are root-relative)."""

    @property
    def srcset(self) -> str:
        return srcset(self.own, self.base_path)

    @property
    def webp_srcset(self) -> str:
        return srcset(self.webp, self.base_path)

    @property
    def fallback(self) -> Variant:
        """The ``src`` of the ``<img>``: the widest variant in the source's format."""
        return self.own[-1]

    @property
    def sizes(self) -> str:
        return SIZES


def srcset(variants: tuple[Variant, ...], base_path: str = "/") -> str:
    return ", ".join(f"{base_path}{v.url.lstrip('/')} {v.width}w" for v in variants)


def image_set(
    source: Path, data: bytes, fmt: str, size: tuple[int, int], folder: str, base_path: str = "/"
) -> ImageSet | None:
    """The variants of one upright ``size`` image (None for a format given no variants).

    ``folder`` is the root-relative URL they are served from (``urls.image_variants_url``).
    """
    ext = FORMATS.get(fmt)
    if ext is None:
        return None
    width, height = size
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()

    def variant(w: int, out_fmt: str, box: tuple[int, int, int, int] | None = None) -> Variant:
        bw, bh = (box[2] - box[0], box[3] - box[1]) if box else (width, height)
        h = max(1, round(bh * w / bw))
        params = f"{ENCODER_VERSION}:{digest}:{out_fmt}:{w}x{h}:{box}"
        name = hashlib.blake2b(params.encode(), digest_size=8).hexdigest()
        suffix = FORMATS[out_fmt]
        return Variant(source, f"{folder}{name}-{w}x{h}.{suffix}", w, h, out_fmt, box)

    widths = sorted({min(w, width) for w in WIDTHS})
    own = tuple(variant(w, fmt) for w in widths)
    webp = own if fmt == "WEBP" else tuple(variant(w, "WEBP") for w in widths)
    crops = []
    for rx, ry in CROPS:
        box = crop_box(width, height, rx, ry)
        crops.append(variant(min(CROP_WIDTH, box[2] - box[0]), fmt, box))
    return ImageSet(width, height, own, webp, tuple(crops), base_path)


def crop_box(width: int, height: int, rx: int, ry: int) -> tuple[int, int, int, int]:
    """The largest centred box of ratio rx:ry inside width x height."""
    if width * ry > height * rx:  # too wide: trim the sides
        w = height * rx // ry
        left = (width - w) // 2
        return (left, 0, left + w, height)
    h = width * ry // rx
    top = (height - h) // 2
    return (0, top, width, top + h)


_IMG = re.compile(r"<img\b([^>]*?)\s*/?>", re.IGNORECASE)
_ATTR = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')


def rewrite_body_images(content: str, lookup: object) -> str:
    """Body ``<img>`` tags pointing at local static files get their size, srcset,
    ``loading="lazy"`` and ``decoding="async"``; others are left as they are.

    ``lookup(src)`` gives ``(width, height, ImageSet | None)`` or None for a remote or
    missing file.
    """

    def swap(match: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(" " + match.group(1)))
        found = lookup(html.unescape(attrs.get("src", ""))) if "src" in attrs else None  # type: ignore[operator]
        if not found:
            return match.group(0)
        width, height, variants = found
        extra = {"width": str(width), "height": str(height)}
        if variants is not None:
            extra |= {"srcset": variants.srcset, "sizes": SIZES}
        extra |= {"loading": "lazy", "decoding": "async"}
        added = "".join(
            f' {k}="{html.escape(v, quote=True)}"' for k, v in extra.items() if k not in attrs
        )
        return f"<img{match.group(1)}{added}>"

    return _IMG.sub(swap, content)
