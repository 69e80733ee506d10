"""Shared test helpers: run the real ``digest`` command on real fixture sites.

Importable as ``helpers`` from every test folder (``pythonpath = ["tests"]`` in
pyproject.toml), so no test imports from ``conftest``; conftest.py keeps only
fixtures. ``helpers.preview`` drives ``digest serve``; ``helpers.articles``
builds articles and configurations in memory for the unit tests.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.cli import main
from builder.config import CACHE_DIR
from builder.incremental.lock import LOCK_FILE

REPO = Path(__file__).resolve().parents[2]
SITES = REPO / "tests" / "sites"
SHARED = REPO.parent / "shared"

__all__ = ["REPO", "SHARED", "SITES", "Run", "digest", "digest_process", "shared", "snapshot"]


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


LOCK = (CACHE_DIR, LOCK_FILE)
"""The site's build lock: every build makes it, a failed one too, and it stays (a deleted
lock file would let a third build in beside a second; builder/incremental/lock.py)."""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (dot-files included) with its bytes, except the build
    lock, which is the builder's own and holds only the last build's pid."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.parts[-2:] != LOCK
    }


def shared(sub: str) -> Path:
    """A folder of ../shared, or skip: a user's clone has no ../shared."""
    path = SHARED / sub
    if not path.exists():
        pytest.skip(f"{path} is absent (it exists only beside the project's own checkout)")
    return path
