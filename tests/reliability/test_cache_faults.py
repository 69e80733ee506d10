"""``.digest-cache/`` damaged or unwritable (issue 27, items 5 and 6): never in the output,
never a failed build.

The cache is an accelerator (DESIGN.md §2: "never required for correctness"), so what
happens to it may cost time, never a wrong page: a cached image variant cut short or
overwritten is encoded again (its cache file's name records the size and digest of the
bytes made), and a cache folder the build cannot write to (a read-only mount, no
permission) is a warning after the site is published, not an internal error.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from harness import check, child_command, python_child_env, without_dac_override
from helpers import Run, digest, snapshot
from PIL import Image

pytestmark = pytest.mark.reliability

CACHE_WARNING = ".digest-cache/parse.sqlite3: warning: the parse cache cannot be written"


def _edit_title(site: Path, title: str) -> None:
    """A text edit, so the next build plans its pages again (an unchanged site stops early)."""
    story = site / "content" / "cranes.md"
    lines = story.read_text().splitlines(keepends=True)
    lines[1] = f"title: {title}\n"
    story.write_text("".join(lines))


def _damage(path: Path, how: str) -> None:
    if how == "truncated":  # truncate -s 10
        os.truncate(path, 10)
    else:  # the same size, other bytes: only the digest tells
        path.write_bytes(bytes(255 - b for b in path.read_bytes()))


@pytest.mark.parametrize("how", ["truncated", "same-size-garbage"])
def test_5_damaged_cached_image_variants_are_encoded_again(make_site, how: str) -> None:
    site = make_site("email")
    check(digest("build", "--site", site, "-q"), 0, None)
    cached = sorted((site / ".digest-cache" / "images").iterdir())
    assert len(cached) == 9
    for path in cached:
        _damage(path, how)
    _edit_title(site, "Cranes, edited")

    check(digest("build", "--site", site, "-q"), 0, None)

    variants = sorted((site / "public" / "images" / "_v").iterdir())
    assert len(variants) == 9
    _all_decode(variants)
    _all_decode(sorted((site / ".digest-cache" / "images").iterdir()))  # replaced, not kept
    warm = snapshot(site / "public")
    check(digest("build", "--site", site, "--clean", "-q"), 0, None)
    assert snapshot(site / "public") == warm  # what a clean build publishes, byte for byte


def _all_decode(paths: list[Path]) -> None:
    for path in paths:
        with Image.open(path) as image:
            image.load()  # a cut-short or scrambled file does not decode


def _child_build(site: Path, prefix: list[str]) -> Run:
    proc = subprocess.run(
        [*prefix, *child_command("build", "--site", site)],
        env=python_child_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def read_only_mount() -> Iterator[Callable[[Path], None]]:
    """Bind-mount a folder read-only onto itself (EROFS), or skip where mount is not allowed."""
    mounted: list[Path] = []

    def make(folder: Path) -> None:
        for args in (["--bind", folder, folder], ["-o", "remount,bind,ro", folder]):
            try:
                done = subprocess.run(["mount", *map(str, args)], capture_output=True, timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                pytest.skip("mount(8) is not available: cannot make a read-only file system")
            if done.returncode != 0:
                pytest.skip(f"mounting is not permitted here: {done.stderr.decode().strip()}")
            if args[0] == "--bind":
                mounted.append(folder)

    try:
        yield make
    finally:
        for folder in mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
@pytest.mark.parametrize("how", ["erofs", "eacces"])
def test_6_an_unwritable_cache_is_a_warning_and_the_site_is_built(
    make_site, read_only_mount, how: str, warm: bool
) -> None:
    site = make_site("email")
    cache = site / ".digest-cache"
    if warm:
        check(digest("build", "--site", site, "-q"), 0, None)
        _edit_title(site, "Cranes, edited while the cache is read-only")
    else:
        cache.mkdir()
    before = snapshot(cache)
    if how == "erofs":
        read_only_mount(cache)
        run = _child_build(site, [])
    else:
        prefix = without_dac_override()  # as root, chmod alone does not stop a write
        cache.chmod(0o555)
        try:
            run = _child_build(site, prefix)
        finally:
            cache.chmod(0o755)

    check(run, 0, None)
    assert run.err.startswith(CACHE_WARNING), run.err
    assert "the site is built" in run.err.splitlines()[0]
    page = (site / "public" / "2024" / "03" / "04" / "cranes" / "index.html").read_text()
    assert ("edited while the cache is read-only" in page) == warm
    assert snapshot(cache) == before  # nothing in it was written, moved or removed
