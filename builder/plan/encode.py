"""Make the image variants a build's pages use, reusing those already in ``.digest-cache/``.

A variant's file name is the hash of its source bytes and parameters
(:mod:`builder.plan.images`), so a cached file of that name is that variant:
a warm build encodes nothing, and the bytes equal a clean build's (Pillow's
encoders are deterministic for the same input and settings). Cold builds
encode in threads (Pillow releases the GIL while it resamples and encodes).
A site folder the cache cannot be written to still builds: the variants are
then kept in memory for this build only.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from builder.config import SiteConfig
from builder.config.settings import CACHE_DIR
from builder.model import OutputFile
from builder.plan.images import Variant

IMAGE_CACHE = Path(CACHE_DIR) / "images"
_OPTIONS = {
    "JPEG": {"quality": 82, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 80, "method": 4},
}


@dataclass(frozen=True)
class Encoded:
    outputs: list[OutputFile]
    encoded: int
    """Variants encoded by this build (cache misses)."""
    reused: int
    """Variants taken from the cache, not encoded again."""

    @property
    def counts(self) -> dict[str, int]:
        """As :class:`~builder.pipeline.BuildStats` names them."""
        return {"images_encoded": self.encoded, "images_reused": self.reused}


def encode(variant: Variant) -> bytes:
    """One variant's bytes: upright (EXIF), cropped, resized, without the source's metadata."""
    with Image.open(variant.source) as opened:
        image = ImageOps.exif_transpose(opened)
    if image.mode == "P" or (image.mode == "LA" and variant.fmt != "PNG"):
        image = image.convert("RGBA")
    if variant.box:
        image = image.crop(variant.box)
    if image.size != (variant.width, variant.height):
        image = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
    if variant.fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, variant.fmt, **_OPTIONS[variant.fmt])
    return out.getvalue()


def produce(variants: Iterable[Variant], config: SiteConfig, *, clean: bool = False) -> Encoded:
    """Output files for ``variants`` (copied from the cache where it can be written)."""
    unique = sorted({v.url: v for v in variants}.values(), key=lambda v: v.url)
    folder = config.site_dir / IMAGE_CACHE
    cached = {v.url for v in unique if not clean and (folder / v.name).is_file()}
    missing = [v for v in unique if v.url not in cached]
    workers = min(len(missing), os.cpu_count() or 1)
    if workers > 1:
        with ThreadPoolExecutor(workers, thread_name_prefix="image") as pool:
            made = list(pool.map(encode, missing))
    else:
        made = [encode(v) for v in missing]
    data = {v.url: b for v, b in zip(missing, made, strict=True)}
    stored = _store(folder, {v.name: data[v.url] for v in missing})
    _prune(folder, {v.name for v in unique})
    outputs = []
    for v in unique:
        out_path = v.url.lstrip("/")
        if v.url in cached or v.name in stored:
            outputs.append(OutputFile(out_path, copy_from=folder / v.name))
        else:
            outputs.append(OutputFile(out_path, data=data[v.url]))
    return Encoded(outputs, len(missing), len(cached))


def _prune(folder: Path, keep: set[str]) -> None:
    """Drop cached variants this build did not use, so the cache follows the site."""
    try:
        for path in folder.iterdir():
            if path.name not in keep:
                path.unlink()
    except OSError:
        pass  # missing or read-only: nothing to tidy


def _store(folder: Path, files: dict[str, bytes]) -> set[str]:
    """Write new variants into the cache (atomically); the names that could be written."""
    stored: set[str] = set()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            part = folder / f".{name}.part"
            part.write_bytes(data)
            part.replace(folder / name)
            stored.add(name)
    except OSError:
        pass  # a read-only site folder: the variants stay in memory for this build
    return stored
