"""Fixtures only; the helpers they use live in the importable ``helpers`` package."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import SITES, digest


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[str], Path]:
    """Copy ``tests/sites/<name>`` into a temporary folder and return the copy."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        ignore = shutil.ignore_patterns(".digest-cache")  # left by in-place builds of fixtures
        shutil.copytree(SITES / name, target, symlinks=True, ignore=ignore)
        return target

    return copy


@pytest.fixture(scope="session")
def built_basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/sites/basic built once per session; the reliability cases work on copies of it."""
    site = tmp_path_factory.mktemp("reliability") / "basic"
    shutil.copytree(SITES / "basic", site, symlinks=True)
    assert digest("build", "--site", site, "-q").code == 0
    return site


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A temporary folder on a tmpfs (``/dev/shm``) where there is one, else ``tmp_path``:
    for tests that make and remove thousands of folders (the differential test), which
    on this machine's disk was most of their time."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and shm.stat().st_mode & 0o2):  # writable by all: a tmpfs
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="newsdigest-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
