"""Issue 14, acceptance 3: kill -9 at random moments of a warm build, with the previous
generation (``.public.previous``) present, damaged or absent, leaves the old or the new
complete site, and no process of the build behind.

A warm build writes into the previous generation (builder/incremental/generations.py) and
swaps it in (builder/write/swap.py); these runs kill real ``python -m builder build``
children at seeded random moments while the site flips between two known trees.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from harness import alive, child_command, children, python_child_env, write_corpus
from helpers import snapshot

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc"),
]

ARTICLES = 240
"""Over the loading pool's threshold when the parse cache is dropped: workers to outlive."""
KILLS = 8
"""Per state of the previous generation: 24 kills in all."""


def _build(site: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        child_command("build", "--site", site, "-q"),
        env=python_child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _prepare_previous(site: Path, state: str, rng: random.Random) -> None:
    """``damaged``: files deleted or replaced inside it, its manifest left as it was."""
    previous = site / ".public.previous"
    if state == "absent":
        shutil.rmtree(previous, ignore_errors=True)
    elif state == "damaged" and previous.is_dir():
        files = sorted(p for p in previous.rglob("*.html") if p.is_file())
        for victim in rng.sample(files, min(6, len(files))):
            victim.unlink()  # unlink first: a replaced file must not change the output's inode
            if rng.random() < 0.5:
                victim.write_text("<p>not what the manifest says")


def _truncated(out: Path) -> list[str]:
    return [
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if not p.read_bytes().rstrip().endswith(b"</html>")
    ]


@pytest.mark.parametrize("state", ["present", "damaged", "absent"])
def test_kill_9_of_a_warm_build_leaves_the_old_or_the_new_site_and_no_process(
    tmp_path: Path, state: str
) -> None:
    site = tmp_path / "site"
    trees, durations = [], []
    for variant in (0, 1, 0, 1):  # the last two builds leave a previous generation
        write_corpus(site, ARTICLES, variant=variant)
        started = time.monotonic()
        assert _build(site).wait() == 0
        durations.append(time.monotonic() - started)  # only to spread the kills
        trees.append(snapshot(site / "public"))
    assert trees[0] == trees[2] and trees[1] == trees[3] and trees[0] != trees[1]
    assert (site / ".public.previous").is_dir()
    cold, warm = durations[0], max(durations[2:])
    rng = random.Random(f"warm-{state}")
    current, outcomes, seen = 1, {"old": 0, "new": 0}, set()
    for _ in range(KILLS):
        target = 1 - current
        write_corpus(site, ARTICLES, variant=target)
        _prepare_previous(site, state, rng)
        duration = warm
        if rng.random() < 0.4:  # a cold load: the worker pool runs when the kill comes
            shutil.rmtree(site / ".digest-cache", ignore_errors=True)
            duration = cold
        child = _build(site)
        deadline = time.monotonic() + rng.uniform(0.2, 1.4) * duration
        while time.monotonic() < deadline and child.poll() is None:
            seen |= children(child.pid)
            time.sleep(0.02)
        child.kill()
        child.wait()

        now = snapshot(site / "public")
        assert now in (trees[current], trees[target]), "the output is a mix of two builds"
        assert _truncated(site / "public") == []
        hidden = [p.name for p in site.iterdir() if p.name[0] == "." and p.name != ".digest-cache"]
        assert all(name.startswith(".public.") for name in hidden), hidden
        if now == trees[target]:
            current, outcomes["new"] = target, outcomes["new"] + 1
        else:
            outcomes["old"] += 1
    time.sleep(0.5)
    assert alive(seen) == set(), "a process of a killed build outlived it"

    write_corpus(site, ARTICLES, variant=1 - current)
    _prepare_previous(site, state, rng)
    assert _build(site).wait() == 0
    assert snapshot(site / "public") == trees[1 - current]
    hidden = sorted(p.name for p in site.iterdir() if p.name.startswith(".public."))
    assert hidden == [".public.previous"]
    print(f"{state}: kill -9 outcomes over {KILLS} runs: {outcomes}, {len(seen)} children seen")
    assert os.path.isdir(site / "public")
