"""What social cards and search engines are told about an image: URL, size, alt text.

``og:image:width``/``height`` and the JSON-LD ``ImageObject`` want the pixel
size of local images, so this reads each file's header with Pillow (once per
file per build; EXIF-rotated photos report their displayed size). A remote URL
is passed through without a size: nothing is fetched at build time. A local
image that is missing or unreadable is a problem at its line, found before
anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from builder import urls
from builder.config import SiteConfig
from builder.config_news import SiteImage
from builder.errors import Problem
from builder.model import Article, Site
from builder.paths import resolved_inside

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


def image_size(path: Path) -> tuple[int, int]:
    """Displayed (width, height); raises OSError or UnidentifiedImageError if unreadable."""
    with Image.open(path) as image:
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
    return (height, width) if orientation in _ROTATED else (width, height)


class ImageProbe:
    """Sizes of the site's local images, each file read once per build."""

    def __init__(self, config: SiteConfig) -> None:
        self._config = config
        self._sizes: dict[str, tuple[int, int] | None] = {}

    def size(self, src: str) -> tuple[int, int] | None:
        if is_remote(src):
            return None
        if src not in self._sizes:
            path = static_file(self._config, src)
            try:
                self._sizes[src] = image_size(path) if path else None
            except (OSError, UnidentifiedImageError):
                self._sizes[src] = None
        return self._sizes[src]

    def meta(self, src: str, alt: str) -> ImageMeta:
        size = self.size(src)
        url = src if is_remote(src) else urls.absolute(self._config, src)
        return ImageMeta(url, alt, *(size or (None, None)))

    def for_article(self, article: Article) -> ImageMeta | None:
        """The story's image, else site.yaml's default ``image``; alt falls back to the title."""
        if article.image:
            return self.meta(article.image, article.image_alt or article.title)
        default = self._config.image
        return self.meta(default.src, default.alt or self._config.title) if default else None

    def logo(self) -> ImageMeta | None:
        logo = self._config.logo
        return self.meta(logo.src, self._config.title) if logo else None


def image_problems(site: Site, config: SiteConfig) -> list[Problem]:
    """Missing or unreadable local images (errors) and story images without alt (warnings)."""
    problems = [p for p in (_site_image(config, i) for i in (config.logo, config.image)) if p]
    for article in site.articles:
        if not article.image:
            continue
        line = article.line_of("image")
        if not is_remote(article.image):
            why = _unreadable(config, article.image)
            if why:
                problems.append(Problem(article.src_path, line, f"image: {why}"))
        if not article.image_alt:
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
    except (OSError, UnidentifiedImageError):
        return f"static/{src.lstrip('/')} is not an image that can be read (corrupt?)"
    return ""
