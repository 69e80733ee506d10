"""Make the image variants a build's pages use, reusing those already in ``.digest-cache/``.

A variant's file name is the hash of its source bytes and parameters
(:mod:`builder.plan.images`), so a cached file of that name is that variant:
a warm build encodes nothing, and the bytes equal a clean build's (Pillow's
encoders are deterministic for the same input and settings). Cold builds
encode in threads (Pillow releases the GIL while it resamples and encodes).
A site folder the cache cannot be written to still builds: the variants are
then kept in memory for this build only.

The cache is not trusted blindly: a file truncated or overwritten in
``.digest-cache/`` would otherwise be published as the image. Each cached file's
name records the size and digest of the bytes encoded (``NAME.SIZE.DIGEST``), and a
variant is reused only when its file still has them; any other file is encoded
again and replaced.
"""

from __future__ import annotations

import hashlib
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
    cached = {} if clean else _intact(folder, {v.name for v in unique})
    missing = [v for v in unique if v.name not in cached]
    workers = min(len(missing), os.cpu_count() or 1)
    if workers > 1:
        with ThreadPoolExecutor(workers, thread_name_prefix="image") as pool:
            made = list(pool.map(encode, missing))
    else:
        made = [encode(v) for v in missing]
    data = {v.url: b for v, b in zip(missing, made, strict=True)}
    stored = _store(folder, {v.name: data[v.url] for v in missing})
    entries = cached | stored
    _prune(folder, set(entries.values()))
    outputs = []
    for v in unique:
        out_path = v.url.lstrip("/")
        if v.name in entries:
            outputs.append(OutputFile(out_path, copy_from=folder / entries[v.name]))
        else:
            outputs.append(OutputFile(out_path, data=data[v.url]))
    return Encoded(outputs, len(missing), len(cached))


def _entry_name(name: str, data: bytes) -> str:
    """The cache file of variant ``name``: the size and digest of its bytes recorded in it."""
    return f"{name}.{len(data)}.{_digest(data)}"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _intact(folder: Path, wanted: set[str]) -> dict[str, str]:
    """Variant name -> cache file, for the wanted variants whose file holds the bytes its
    name records (a truncated, damaged or foreign file is not one of them)."""
    found: dict[str, str] = {}
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return found  # no cache yet, or unreadable: encode everything
    for entry in entries:
        parts = entry.name.rsplit(".", 2)
        if len(parts) != 3 or parts[0] not in wanted or parts[0] in found:
            continue
        name, size, digest = parts
        try:
            if not entry.is_file(follow_symlinks=False) or entry.stat().st_size != int(size):
                continue
            with open(entry.path, "rb") as handle:
                intact = _digest(handle.read()) == digest
        except (OSError, ValueError):
            continue
        if intact:
            found[name] = entry.name
    return found


def _prune(folder: Path, keep: set[str]) -> None:
    """Drop cached variants this build did not use, so the cache follows the site."""
    try:
        for path in folder.iterdir():
            if path.name not in keep:
                path.unlink()
    except OSError:
        pass  # missing or read-only: nothing to tidy


def _store(folder: Path, files: dict[str, bytes]) -> dict[str, str]:
    """Write new variants into the cache (atomically); variant name -> cache file, for
    those that could be written."""
    stored: dict[str, str] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            part = folder / f".{name}.part"
            entry = _entry_name(name, data)
            part.write_bytes(data)
            part.replace(folder / entry)
            stored[name] = entry
    except OSError:
        pass  # a read-only site folder: the variants stay in memory for this build
    return stored
