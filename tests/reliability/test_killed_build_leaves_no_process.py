"""A ``kill -9`` of ``digest build`` or ``digest serve`` while its loading pool runs leaves
no process behind (G16).

The pool's workers are the build's children; when the build dies they must die with it
(``PR_SET_PDEATHSIG`` on Linux, a parent watch elsewhere), or they live on for good, one
blocked on a pipe the other holds open. ``serve`` has threads, so its pool starts workers
through a ``forkserver``: then the workers are the forkserver's children, and each holds
the pipe that would tell the forkserver its client is gone, so the forkserver, the
resource tracker and the workers all wait for each other (issue 27, item 7). The tests
kill real ``python -m builder`` children at seeded moments while their workers are
loading and look for every process they started in ``/proc`` afterwards.
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


def descendants(pid: int) -> set[int]:
    """Children, their children and so on (the forkserver's workers are grandchildren)."""
    found: set[int] = set()
    pending = [pid]
    while pending:
        fresh = children(pending.pop()) - found
        found |= fresh
        pending.extend(fresh)
    return found


def _kill_while_loading(site: Path, delay: float, *verb: str) -> set[int]:
    """Start a cold ``verb`` (a build), wait for its loading workers, kill -9 it; the pids
    of every process it had started."""
    shutil.rmtree(site / ".digest-cache", ignore_errors=True)
    shutil.rmtree(site / ".digest-preview", ignore_errors=True)
    child = subprocess.Popen(
        child_command(*(verb or ("build", "-q")), "--site", site),
        env=python_child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    needed = 2 if not verb else 4  # serve: forkserver and resource tracker, then 2 workers

    def started() -> bool:
        workers.update(descendants(child.pid))
        return len(workers) >= needed or child.poll() is not None

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


def test_g16_a_killed_serve_leaves_none_of_its_processes(tmp_path: Path) -> None:
    """Before the fix 7 of 10 such kills left 4 processes alive for over a minute."""
    site = tmp_path / "site"
    write_corpus(site, ARTICLES)
    rng = random.Random(20261203)
    for _ in range(KILLS):
        started = _kill_while_loading(site, rng.uniform(0.0, 0.3), "serve", "--port", "0")
        assert _wait_for(lambda s=started: not alive(s), 3), (
            f"processes {sorted(alive(started))} outlived the killed serve"
        )
