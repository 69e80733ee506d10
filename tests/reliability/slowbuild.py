"""G8: an edit made at a random moment during a slow build is in the output one build later.

serve's own loop (:func:`builder.preview.rebuild.rebuild_on_changes`), its
:class:`~builder.preview.rebuild.Rebuilder` and a real :class:`~builder.preview.watch.Watcher`
run in this process; the test hook is a wrapper around ``pipeline.index_site``
that makes every build take ``slow`` seconds, half before the articles are read
and half after, so an edit can land on either side of the read. The trials are
chained: the edit of trial *k* is made during build *n*, which makes build *n + 1*
happen, and trial *k + 1* is made during that one. Each article title carries
the trial's number; numbers only grow, so the output after build *n + 1* must
name trial *k* or a later one.

Used by ``test_editing_while_serving.py`` (assertions) and ``benchmarks/bench_reliability.py``
(the figure, with the goal's 2 s builds).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from builder import pipeline
from builder.commands import serve
from builder.preview.rebuild import rebuild_on_changes
from builder.preview.state import PreviewState
from builder.preview.watch import Changes, Watcher

ARTICLE = "content/2024/05/chip-talks.md"
PAGE = "2024/05/20/chip-talks/index.html"
TITLE = "Chip talks resume in The Hague"
TRIAL = re.compile(rb"Chip talks trial (\d+)")


@dataclass
class Trial:
    number: int
    build: int
    """The build during which the edit was made (0 is the first after the start)."""
    during: bool
    """The build was still running when the edit was written."""


@dataclass
class G8Outcome:
    trials: list[Trial] = field(default_factory=list)
    seen_after: list[int] = field(default_factory=list)
    """Per finished build: the trial number its output page names (-1: none)."""
    failed_builds: int = 0

    def reflected(self) -> list[bool]:
        """Per trial: the output one build later names this trial or a later one."""
        return [
            t.build + 1 < len(self.seen_after) and self.seen_after[t.build + 1] >= t.number
            for t in self.trials
        ]


class _SlowBuilds:
    """The test hook: counts builds and makes each take ``slow`` seconds."""

    def __init__(self, slow: float) -> None:
        self.slow = slow
        self.started = 0
        self.running = False
        self._cond = threading.Condition()
        self._original = pipeline.index_site

    def __enter__(self) -> _SlowBuilds:
        pipeline.index_site = self._index_site  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        pipeline.index_site = self._original  # type: ignore[assignment]

    def _index_site(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with self._cond:
            self.started += 1
            self.running = True
            self._cond.notify_all()
        try:
            time.sleep(self.slow / 2)  # an edit now is read by this very build
            result = self._original(*args, **kwargs)
            time.sleep(self.slow / 2)  # an edit now must make one more build
            return result
        finally:
            with self._cond:
                self.running = False

    def wait_started(self, count: int, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.started >= count, timeout)


def _save(path: Path, text: str, how: int) -> None:
    """In place, temporary file then rename, or vim's backup-rename, in turn."""
    if how == 0:
        path.write_text(text)
    elif how == 1:
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_text(text)
        os.replace(temp, path)
    else:
        backup = path.with_name(path.name + "~")
        path.rename(backup)
        path.write_text(text)
        backup.unlink()


def run(site: Path, trials: int = 100, slow: float = 0.5, seed: int = 8) -> G8Outcome:
    """``site`` is a copy of tests/sites/serve; ``trials`` chained edits during slow builds."""
    rng = random.Random(seed)
    article = site / ARTICLE
    original = article.read_text()
    assert TITLE in original
    outcome = G8Outcome()
    args = argparse.Namespace(site=site, drafts=False, future=False, verbose=False)
    rebuilder = serve.rebuilder(args, PreviewState(site / "public"))
    assert rebuilder.rebuild(), "the fixture site must build"
    rebuild = rebuilder.rebuild

    def recorded(changed: frozenset[str] = frozenset()) -> bool:
        ok = rebuild(changed)
        outcome.failed_builds += not ok
        page = site / "public" / PAGE  # absent after a build that read the folder while
        found = TRIAL.search(page.read_bytes()) if page.is_file() else None  # a save renamed it
        outcome.seen_after.append(int(found.group(1)) if found else -1)
        return ok

    rebuilder.rebuild = recorded  # type: ignore[method-assign]
    changes = Changes()
    watcher = Watcher(site, changes)
    stop = threading.Event()
    loop = threading.Thread(target=rebuild_on_changes, args=(changes, rebuilder, stop))
    with _SlowBuilds(slow) as hook:
        watcher.start()
        loop.start()
        try:
            _save(article, original.replace(TITLE, "Chip talks warm-up"), 0)  # build 0
            for k in range(trials):
                if not hook.wait_started(k + 1, timeout=60 + 4 * slow):
                    break  # the chain broke: the trials left count as not reflected
                time.sleep(rng.uniform(0, 0.9 * slow))
                _save(article, original.replace(TITLE, f"Chip talks trial {k:03d}"), k % 3)
                outcome.trials.append(Trial(k, hook.started - 1, hook.running))
            wanted = outcome.trials[-1].build + 2 if outcome.trials else 0
            deadline = time.monotonic() + 60 + 4 * slow
            while len(outcome.seen_after) < wanted and time.monotonic() < deadline:
                time.sleep(0.05)  # the build after the last trial's
        finally:
            stop.set()
            changes.close()
            loop.join(timeout=60 + 4 * slow)
            watcher.stop()
    return outcome
