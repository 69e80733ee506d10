"""A ``kill -9`` of ``digest build`` while its loading pool runs leaves no process behind.

The pool's workers are the build's children; when the build dies they must die with it
(``PR_SET_PDEATHSIG`` on Linux, a parent watch elsewhere), or they live on for good, one
blocked on a pipe the other holds open. The test kills real ``python -m builder build``
children at seeded moments while their workers are loading and looks for the workers in
``/proc`` afterwards.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from harness import alive, child_command, children, python_child_env, write_corpus

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc"),
]

ARTICLES = 800
"""Enough uncached files that the build loads them in a worker pool for a second or more."""
KILLS = 4


def _wait_for(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def _kill_while_loading(site: Path, delay: float) -> set[int]:
    """Start a cold build, wait for its loading workers, kill -9 it; the workers' pids."""
    shutil.rmtree(site / ".digest-cache", ignore_errors=True)
    child = subprocess.Popen(
        child_command("build", "--site", site, "-q"),
        env=python_child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()

    def started() -> bool:
        workers.update(children(child.pid))
        return len(workers) >= 2 or child.poll() is not None

    assert _wait_for(started, 60), "the build never started its loading pool"
    assert child.poll() is None, "the build ended before its workers could be seen"
    time.sleep(delay)  # somewhere inside loading
    child.kill()
    child.wait()
    return workers


def test_a_killed_build_leaves_none_of_its_loading_workers(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_corpus(site, ARTICLES)
    rng = random.Random(20261201)
    for _ in range(KILLS):
        workers = _kill_while_loading(site, rng.uniform(0.0, 0.3))
        assert _wait_for(lambda w=workers: not alive(w), 5), (
            f"workers {sorted(alive(workers))} outlived the killed build"
        )
