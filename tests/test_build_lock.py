"""Issue 21, item 4: one build of a site at a time, and builds at once end as a clean build.

A build holds ``.digest-cache/build.lock`` (builder/incremental/lock.py); a second one
says ``waiting for another build of this site (pid N)…`` and waits, or with ``--no-wait``
exits 2 at once; the operating system releases the lock of a killed build. Then the
issue's race, 20 times: after an edit, two ``digest build`` processes at once (with and
without search), and a ``digest build`` beside ``digest serve``; every final output
(and serve's folder) is byte for byte a clean build of the same sources.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import REPO, digest, digest_process, snapshot
from helpers.differential import copy_sources, differences
from helpers.preview import wait_until
from helpers.serve_loop import ServeLoop

from builder.incremental.lock import lock_path, site_lock

NOW = "2024-05-10T12:00:00+00:00"


def _child(site: Path, *extra: str) -> subprocess.Popen[str]:
    """``digest build`` as another process (the lock is between processes)."""
    command = [sys.executable, "-m", "builder", "build", "--site", str(site), "--now", NOW]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [*command, "-q", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _clean(site: Path, tmp: Path) -> dict[str, bytes]:
    copy = copy_sources(site, tmp / "clean" / site.name)
    assert digest("build", "--site", copy, "--now", NOW, "-q").code == 0
    return snapshot(copy / "public")


def test_a_second_build_waits_for_the_first_and_says_so(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site("rebuild")
    with site_lock(site):
        child = _child(site)
        line = wait_until(lambda: child.stderr.readline(), timeout=60, what="the waiting line")  # type: ignore[union-attr]
        assert line.strip() == f"waiting for another build of this site (pid {os.getpid()})…"
        time.sleep(0.5)
        assert child.poll() is None  # still waiting while the lock is held
        assert not (site / "public").exists()
    assert child.wait(timeout=120) == 0
    assert (site / "public/index.html").is_file()


def test_no_wait_exits_2_at_once(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site("rebuild")
    with site_lock(site):
        run = digest_process("build", "--site", site, "--no-wait")
    assert run.code == 2
    assert f"another build of this site is running (pid {os.getpid()})" in run.err
    assert not (site / "public").exists()
    assert digest("build", "--site", site, "--no-wait", "-q").code == 0  # free again


def test_a_killed_build_releases_the_lock(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site("rebuild")
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(site)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    assert digest("build", "--site", site, "--no-wait", "-q").code == 2
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert lock_path(site).is_file()  # the file stays; the lock went with the process
    assert digest("build", "--site", site, "--no-wait", "-q").code == 0


_HOLD = """
import sys, time
from pathlib import Path
from builder.incremental.lock import site_lock
with site_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(120)
"""

PAIRS = [("rebuild", 8), ("search", 6)]
"""(fixture site, pairs of concurrent builds): with search, and without."""


def _retitle(site: Path, n: int) -> None:
    story = sorted((site / "content").rglob("*.md"))[0]
    lines = story.read_text().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at] = f"title: Retitled {n}"
    story.write_text("\n".join(lines))


@pytest.mark.parametrize(("name", "pairs"), PAIRS)
def test_two_builds_at_once_end_as_a_clean_build(
    make_site, tmp_path: Path, name: str, pairs: int
) -> None:  # type: ignore[no-untyped-def]
    site = make_site(name)
    assert digest("build", "--site", site, "--now", NOW, "-q").code == 0
    for n in range(pairs):
        _retitle(site, n)
        both = [_child(site), _child(site)]
        for child in both:
            _out, err = child.communicate(timeout=300)
            assert child.returncode == 0, err
        clean = _clean(site, tmp_path)
        found = differences(snapshot(site / "public"), clean)
        assert not found, (n, found[:10])
        assert digest("build", "--site", site, "--now", NOW, "-q").code == 0  # and later builds
        assert not differences(snapshot(site / "public"), clean), n


def test_a_build_beside_serve_ends_as_a_clean_build(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = make_site("rebuild")
    now = datetime.fromisoformat(NOW).astimezone(UTC)
    loop = ServeLoop(site, now).start()
    try:
        for n in range(6):
            _retitle(site, n)
            child = _child(site)  # while serve sees the edit and rebuilds
            _out, err = child.communicate(timeout=300)
            assert child.returncode == 0, err
            loop.settle()
            clean = _clean(site, tmp_path)
            assert not differences(snapshot(site / "public"), clean), n
            assert not differences(snapshot(loop.folder), clean), n
    finally:
        loop.close()
