"""``digest serve``'s own loop in this process, for tests that edit a site under it.

The parts ``digest serve`` wires together (builder/commands/serve.py): its
:class:`~builder.preview.rebuild.Rebuilder` made by ``serve.rebuilder`` (so the folder it
builds into is whatever serve's configuration says), a :class:`PreviewState`, a real
:class:`~builder.preview.watch.Watcher` and the loop :func:`rebuild_on_changes` in a
thread, and optionally the HTTP server. :meth:`ServeLoop.settle` waits until an edit
has been seen, built and nothing more is coming; :attr:`ServeLoop.folder` is the folder
serve serves (from its state, never spelt here).
"""

from __future__ import annotations

import argparse
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from builder.commands import serve
from builder.config import load_config
from builder.errors import Problem
from builder.pipeline import BuildResult
from builder.preview.rebuild import Silent, rebuild_on_changes
from builder.preview.server import PreviewServer
from builder.preview.state import PreviewState
from builder.preview.watch import Changes, Watcher
from helpers.differential import FAILED, Built, Warm

QUIET = 0.4
"""No event and no build for this long after the last build: the edit has settled."""


class Recorder(Silent):
    """A Report that keeps what each build said."""

    def __init__(self) -> None:
        self.outcomes: list[tuple[int, tuple[str, ...]]] = []
        """(1 for a failed build else 0, its problems or warnings), one per build."""
        self.indexed_count = 0

    def built(self, result: BuildResult, config, seconds, changed) -> None:  # type: ignore[no-untyped-def]
        self.outcomes.append((0, tuple(sorted(str(p) for p in result.warnings))))

    def failed(self, problems: list[Problem]) -> None:
        self.outcomes.append((1, tuple(sorted(str(p) for p in problems))))

    def indexed(self, seconds: float, problem: str | None) -> None:
        self.indexed_count += 1


class _Tracked(Changes):
    """Changes that remember when the last event came."""

    last_event = 0.0

    def add(self, paths) -> None:  # type: ignore[no-untyped-def]
        self.last_event = time.monotonic()
        super().add(paths)


class ServeLoop:
    """serve's rebuild loop over ``site`` as of ``now`` (``--now``), until :meth:`close`."""

    def __init__(self, site: Path, now: datetime, *, http: bool = False) -> None:
        args = argparse.Namespace(
            site=site, drafts=False, future=False, expired=False, now=now.isoformat()
        )
        self.state = PreviewState(load_config(site).output_dir)
        self.rebuilder = serve.rebuilder(args, self.state)
        self.report = Recorder()
        self.rebuilder.report = self.report
        self.running = 0
        self.last_end = 0.0
        rebuild = self.rebuilder.rebuild

        def timed(changed: frozenset[str] = frozenset()) -> bool:
            self.running += 1
            try:
                return rebuild(changed)
            finally:
                self.last_end = time.monotonic()
                self.running -= 1

        self.rebuilder.rebuild = timed  # type: ignore[method-assign]
        self.server = PreviewServer("127.0.0.1", 0, self.state) if http else None
        self.changes = _Tracked()
        self.watcher = Watcher(site, self.changes)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> ServeLoop:
        self.watcher.start()
        self.rebuilder.rebuild()  # serve's first build, before the loop
        loop = threading.Thread(
            target=rebuild_on_changes, args=(self.changes, self.rebuilder, self._stop)
        )
        self._threads.append(loop)
        if self.server is not None:
            self._threads.append(threading.Thread(target=self.server.serve_forever, daemon=True))
        for thread in self._threads:
            thread.start()
        return self

    @property
    def folder(self) -> Path:
        return self.state.site[0]

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.server_address[1]

    def settle(self, timeout: float = 60.0, indexed: Callable[[], bool] | None = None) -> None:
        """Wait until every event so far has been built and the tree is quiet (for QUIET
        seconds from now at least: the events of an edit just made are still on their way)."""
        called = time.monotonic()
        deadline = called + timeout
        while time.monotonic() < deadline:
            now = time.monotonic()
            quiet = now - max(self.changes.last_event, self.last_end, called) > QUIET
            built = self.last_end > self.changes.last_event
            if quiet and built and not self.running and (indexed is None or indexed()):
                return
            time.sleep(0.05)
        raise AssertionError(f"serve did not settle within {timeout} s")

    def close(self) -> None:
        self._stop.set()
        self.changes.close()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=30)
        self.watcher.stop()
        self.state.close()


@contextlib.contextmanager
def digest_serve(site: Path, clock: Callable[[], datetime]) -> Iterator[Warm]:
    """A differential-test driver (helpers/differential.py): the warm build is what serve
    built once the edit settled, in the folder serve serves. serve's clock is fixed at
    the run's start (``--now``), so a run through serve makes no clock edits."""
    loop = ServeLoop(site, clock()).start()

    def warm() -> tuple[Built, Path | None]:
        loop.settle()
        failed, problems = loop.report.outcomes[-1]
        return Built(FAILED if failed else 0, problems), loop.folder

    try:
        yield warm
    finally:
        loop.close()
