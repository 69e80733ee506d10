"""Issue 16, acceptance 2: the search index lives inside the atomic output.

A real ``python -m builder build`` child is killed with SIGKILL while Pagefind
runs (it is a child process of the build); the output must be
the old site with its old index, byte for byte, and the next build must finish
and leave no staging folder behind.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from harness import child_command, python_child_env, write_corpus
from helpers import snapshot

pytestmark = pytest.mark.reliability
BUNDLE = "pagefind"


def _pagefind_running(pid: int) -> bool:
    """The build has a Pagefind child right now (Linux /proc; the load pool's are Python)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        programs = [Path(f"/proc/{c}/cmdline").read_bytes().split(b"\0")[0] for c in children]
    except OSError:
        return False
    return any(Path(os.fsdecode(p)).name.startswith("pagefind") for p in programs)


def _build(site) -> int:  # type: ignore[no-untyped-def]
    return subprocess.run(
        child_command("build", "--site", site, "-q"), env=python_child_env()
    ).returncode


def test_kill_9_during_indexing_leaves_the_old_site_with_its_old_index(make_site) -> None:
    """The kill lands while Pagefind runs (a child of the build), five times over."""
    site = make_site("search")
    write_corpus(site, 150, variant=0)
    assert _build(site) == 0
    old = snapshot(site / "public")
    assert any(p.startswith(f"{BUNDLE}/fragment/") for p in old)
    for attempt in range(5):
        write_corpus(site, 150, variant=1 + attempt)
        child = subprocess.Popen(
            child_command("build", "--site", site, "-q"),
            env=python_child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while not _pagefind_running(child.pid) and child.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        assert child.poll() is None, "the build ended before indexing could be interrupted"
        child.kill()
        child.wait()
        assert snapshot(site / "public") == old, f"kill {attempt}: not the old site and index"
    assert _build(site) == 0
    assert snapshot(site / "public") != old
    leftovers = sorted(n for n in os.listdir(site) if n.startswith(".public."))
    assert leftovers in ([], [".public.previous"])  # the previous generation may stay (DESIGN §2)
