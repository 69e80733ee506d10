"""What social cards and search engines are told about an image: URL, size, alt text.

``og:image:width``/``height`` and the JSON-LD ``ImageObject`` want the pixel
size of local images, so this reads each file's header with Pillow (once per
file per build; EXIF-rotated photos report their displayed size), or an SVG's
root element (plan/svg.py: its size, no variants). A remote URL
is passed through without a size: nothing is fetched at build time. A local
image that is missing or unreadable is a problem at its line, found before
anything is written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from PIL import Image

from builder import urls
from builder.config import SiteConfig
from builder.config.news import SiteImage
from builder.errors import NotSvg, Problem
from builder.model import Article, Site
from builder.paths import resolved_inside
from builder.plan.images import ImageSet, Variant, image_set, rewrite_body_images
from builder.plan.svg import SVG_FORMAT, looks_like_svg, svg_size

_ROTATED = {5, 6, 7, 8}
"""EXIF orientations that swap width and height."""


@dataclass(frozen=True)
class ImageMeta:
    url: str
    """Absolute."""
    alt: str
    width: int | None = None
    height: int | None = None


def is_remote(src: str) -> bool:
    return "://" in src


def static_file(config: SiteConfig, src: str) -> Path | None:
    """The file under ``static/`` a site path names, if it is there (never outside it)."""
    root = config.static_dir.resolve()
    return resolved_inside(root / src.lstrip("/"), root)


_UNREADABLE = (OSError, Image.DecompressionBombError, NotSvg)
"""What reading a local image raises when it is missing, corrupt or not an image."""


def image_size(path: Path) -> tuple[int, int] | None:
    """Displayed (width, height), None for an SVG without one; raises one of
    ``_UNREADABLE`` (UnidentifiedImageError is an OSError) if unreadable."""
    return _read(path).size


@dataclass(frozen=True)
class _Local:
    path: Path
    data: bytes
    fmt: str
    size: tuple[int, int] | None
    """None: an SVG with neither a size nor a viewBox (the browser's default applies)."""


class ImageProbe:
    """The site's local images for one build: each file read once, its variants planned.

    Records every variant a page uses, so the build makes exactly those
    (:func:`builder.plan.encode.produce`).
    """

    def __init__(self, config: SiteConfig) -> None:
        self._config = config
        self._files: dict[str, _Local | None] = {}
        self._sets: dict[str, ImageSet | None] = {}
        self._used: dict[str, Variant] = {}

    def _local(self, src: str) -> _Local | None:
        if is_remote(src):
            return None
        if src not in self._files:
            path = static_file(self._config, src)
            try:
                self._files[src] = _read(path) if path else None
            except _UNREADABLE:
                self._files[src] = None
        return self._files[src]

    def size(self, src: str) -> tuple[int, int] | None:
        local = self._local(src)
        return local.size if local else None

    def variants(self, src: str) -> ImageSet | None:
        """The responsive variants and crops of a local image (None: remote, GIF, SVG, missing)."""
        if src not in self._sets:
            local = self._local(src)
            made = None
            if local and local.size:
                base = urls.image_variants_url()
                path = self._config.base_path
                made = image_set(local.path, local.data, local.fmt, local.size, base, path)
            self._sets[src] = made
        found = self._sets[src]
        if found:
            for v in (*found.own, *found.webp, *found.crops):
                self._used[v.url] = v
        return found

    def used(self) -> list[Variant]:
        """Every variant planned so far, by URL."""
        return [self._used[url] for url in sorted(self._used)]

    def meta(self, src: str, alt: str) -> ImageMeta:
        """The social card of an image: its 16:9 crop when there are variants."""
        found = self.variants(src)
        if found:
            crop = found.crops[0]
            return ImageMeta(
                urls.absolute(self._config.base_url, crop.url), alt, crop.width, crop.height
            )
        size = self.size(src)
        url = src if is_remote(src) else urls.absolute(self._config.base_url, src)
        return ImageMeta(url, alt, *(size or (None, None)))

    def _source(self, article: Article) -> tuple[str, str] | None:
        if article.image:
            return article.image.src, article.image.alt or article.title
        default = self._config.image
        return (default.src, default.alt or self._config.title) if default else None

    def for_article(self, article: Article) -> ImageMeta | None:
        """The story's card, else site.yaml's default ``image``; alt falls back to the title."""
        source = self._source(article)
        return self.meta(*source) if source else None

    def jsonld_images(self, article: Article) -> list[str]:
        """The crops (16:9, 4:3, 1:1) Google asks for, else the image's own URL."""
        source = self._source(article)
        if source is None:
            return []
        found = self.variants(source[0])
        if found:
            return [urls.absolute(self._config.base_url, c.url) for c in found.crops]
        return [self.meta(*source).url]

    def lead(self, article: Article) -> ImageSet | None:
        return self.variants(article.image.src) if article.image else None

    def body(self, content: str) -> Markup:
        """The body with its local images sized and given srcsets (see rewrite_body_images)."""
        if "<img" not in content:
            return Markup(content)  # noqa: S704 - sanitized body HTML, unchanged

        def lookup(src: str) -> tuple[int, int, ImageSet | None] | None:
            base = self._config.base_path
            if is_remote(src) or not src.startswith(base):
                return None
            site_path = "/" + src[len(base) :]
            size = self.size(site_path)
            return (*size, self.variants(site_path)) if size else None

        return Markup(rewrite_body_images(content, lookup))  # noqa: S704 - attributes escaped

    def logo(self) -> ImageMeta | None:
        logo = self._config.logo
        if logo is None:
            return None
        size = self.size(logo.src)
        return ImageMeta(
            urls.absolute(self._config.base_url, logo.src),
            self._config.title,
            *(size or (None, None)),
        )


def _read(path: Path) -> _Local:
    data = path.read_bytes()
    if looks_like_svg(path.name, data):
        return _Local(path, data, SVG_FORMAT, svg_size(data))
    with Image.open(io.BytesIO(data)) as image:
        fmt = image.format or ""
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
        image.load()  # decodes it all: a truncated or corrupt body fails here, not in encode
    size = (height, width) if orientation in _ROTATED else (width, height)
    return _Local(path, data, fmt, size)


def image_problems(site: Site, config: SiteConfig) -> list[Problem]:
    """Missing or unreadable local images (errors) and story images without alt (warnings)."""
    problems = [p for p in (_site_image(config, i) for i in (config.logo, config.image)) if p]
    for article in site.articles:
        if not article.image:
            continue
        line = article.line_of("image")
        if not is_remote(article.image.src):
            why = _unreadable(config, article.image.src)
            if why:
                problems.append(Problem(article.src_path, line, f"image: {why}"))
        if not article.image.alt:
            message = "image has no alt text (write image: {src: …, alt: …})"
            problems.append(Problem(article.src_path, line, message, "warning"))
    return problems


def _site_image(config: SiteConfig, image: SiteImage | None) -> Problem | None:
    if image is None or is_remote(image.src):
        return None
    why = _unreadable(config, image.src)
    return Problem("site.yaml", image.line, why) if why else None


def _unreadable(config: SiteConfig, src: str) -> str:
    path = static_file(config, src)
    if path is None:
        return f"static/{src.lstrip('/')} not found"
    try:
        image_size(path)
    except NotSvg as exc:
        return f"static/{src.lstrip('/')} is not an SVG image that can be read: {exc}"
    except _UNREADABLE:
        return f"static/{src.lstrip('/')} is not an image that can be read (corrupt?)"
    return ""
