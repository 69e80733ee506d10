"""Shared test helpers: run the real ``digest`` command on real fixture sites."""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.cli import main

REPO = Path(__file__).resolve().parents[1]
SITES = REPO / "tests" / "sites"
SHARED = REPO.parent / "shared"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def digest(*args: str | Path) -> Run:
    """Run ``digest`` in this process (fast); its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


def digest_process(*args: str | Path, cwd: Path | None = None) -> Run:
    """Run ``python -m builder`` as a real child process, as a user would."""
    proc = subprocess.run(
        [sys.executable, "-m", "builder", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (dot-files included) with its bytes."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def shared(sub: str) -> Path:
    """A folder of ../shared, or skip: a user's clone has no ../shared."""
    path = SHARED / sub
    if not path.exists():
        pytest.skip(f"{path} is absent (it exists only beside the project's own checkout)")
    return path


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
