"""``digest build --verify``: the output compared, file by file, with a clean build.

Every shortcut of a warm build (the stop before loading, the stop after the index, a
page kept because its fingerprint is unchanged, the parse cache, the search index kept
while no article page changed) rests on an assumption that the differential test
proves on a fixture site (tests/test_differential.py). ``--verify`` checks it on the
user's own site: after the build as usual, the same sources are built again in memory
with no cache and no shortcut, and every page's bytes, every static file's bytes and
the manifest's record of them (digest, fingerprint, the inputs digest) must be what
the output holds. Whatever differs is named, one line each; the caller rewrites the
output and exits 3 (an internal error: a bug in newsdigest, worth a report).

It also covers what the shortcuts knowingly leave out: an output file edited by hand.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from builder.incremental.manifest import Manifest
from builder.model import OutputFile
from builder.urls import search_bundle_url

BUNDLE = search_bundle_url().lstrip("/")
"""Pagefind's folder: made from the article pages, checked by what they were
(``newsdigest-index.json``), not byte for byte (Pagefind writes some of its files in
an arbitrary order: two clean builds differ there)."""
STAMP = f"{BUNDLE}newsdigest-index.json"
KEPT = "was stale (kept from the previous build)"


def digest(data: bytes) -> str:
    """As the writer digests a file it writes (write/stage.py)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def compare(
    out: Path,
    recorded: Manifest,
    fresh: Iterable[OutputFile],
    shown: Mapping[str, str],
    inputs: str,
) -> list[str]:
    """One line per difference between the output folder (and its manifest) and the
    clean build's ``fresh`` files; ``shown`` gives a page's URL by out_path."""
    found: list[str] = []
    made: dict[str, str] = {}
    for item in fresh:
        data = item.data if item.data is not None else item.copy_from.read_bytes()  # type: ignore[union-attr]
        made[item.out_path] = digest(data)
        found += _one(out, recorded, item, data, shown.get(item.out_path, "/" + item.out_path))
    for out_path in sorted(set(recorded.files) - set(made)):
        if not out_path.startswith(BUNDLE):
            found.append(f"internal error: /{out_path} was left from a previous build")
    if recorded.inputs != inputs:
        found.append("internal error: the manifest's inputs digest is not a clean build's")
    return found


def _one(out: Path, recorded: Manifest, item: OutputFile, data: bytes, url: str) -> list[str]:
    try:
        on_disk = (out / item.out_path).read_bytes()
    except OSError:
        return [f"internal error: {url} is missing from the output"]
    if on_disk != data:
        return [f"internal error: {url} {KEPT}"]
    if recorded.files.get(item.out_path) != digest(data):
        return [f"internal error: {url} has another digest in the manifest than its bytes"]
    if item.fingerprint is not None and recorded.pages.get(item.out_path) != item.fingerprint:
        return [f"internal error: {url} has a fingerprint in the manifest a clean build does not"]
    return []


def search_index(out: Path, key: str | None) -> list[str]:
    """The search index was made from these article pages (``key``: None when search is off)."""
    stamp = out / STAMP
    if key is None:
        there = (out / BUNDLE).is_dir()
        return [f"internal error: /{BUNDLE} was left from a previous build"] if there else []
    try:
        recorded = json.loads(stamp.read_text())["articles"]
    except (OSError, ValueError, KeyError, TypeError):
        recorded = None
    if recorded != key:
        return [f"internal error: /{BUNDLE} {KEPT}: it indexes other article pages"]
    return []
