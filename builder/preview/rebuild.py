"""serve's rebuild loop: an early preview, then a full build, for every change set.

Every change set re-runs the whole pipeline with one in-memory parse cache kept
for the life of the command, so only files whose bytes changed are parsed again
and only output files whose bytes changed are written (DESIGN.md §6). Before
that build, the edited articles' own pages are rendered early (see
:mod:`builder.preview.early`) and served from memory. A failed build is
reported to the terminal and the browser; the output folder keeps the last good
site, which the server goes on serving, with the early pages shown since it (the
last good state the editor saw: a quick save then a broken one must not fall back
to the page before the first). A build holds the site's lock (incremental/lock.py)
only while it runs, so a ``digest build`` of the same site waits for it, and the
other way round.

The loop knows nothing of the command line: it is given how to read the site
afresh (``configure``) and where to say how each build went (:class:`Report`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from jinja2 import Environment

from builder import pipeline
from builder.config import SiteConfig
from builder.errors import DigestError, Problem
from builder.incremental.lock import site_lock
from builder.index.publication import Selection
from builder.load.cache import MemoryCache
from builder.model import Change, Site
from builder.pipeline import BuildResult
from builder.preview.early import early_pages
from builder.preview.reindex import BackgroundIndex
from builder.preview.state import PreviewState
from builder.preview.watch import Changes
from builder.render.environment import make_environment

Configure = Callable[[], tuple[SiteConfig, Selection]]
"""Reads site.yaml again (it may have changed) and says what to publish; may raise."""


class Report(Protocol):
    """Where the loop tells how each build went (``serve`` prints to the terminal)."""

    def built(
        self, result: BuildResult, config: SiteConfig, seconds: float, changed: frozenset[str]
    ) -> None: ...

    def failed(self, problems: list[Problem]) -> None: ...

    def previewed(self, changed: frozenset[str], seconds: float) -> None: ...

    def indexed(self, seconds: float, problem: str | None) -> None: ...

    def waiting(self, message: str) -> None: ...


class Silent:
    """A :class:`Report` that says nothing (tests, benchmarks)."""

    def built(
        self, result: BuildResult, config: SiteConfig, seconds: float, changed: frozenset[str]
    ) -> None:
        pass

    def failed(self, problems: list[Problem]) -> None:
        pass

    def previewed(self, changed: frozenset[str], seconds: float) -> None:
        pass

    def indexed(self, seconds: float, problem: str | None) -> None:
        pass

    def waiting(self, message: str) -> None:
        pass


class Rebuilder:
    """Runs one build per change set and tells the server how it went."""

    def __init__(
        self,
        configure: Configure,
        state: PreviewState,
        report: Report | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.configure = configure
        self.clock = clock or (lambda: datetime.now(UTC))
        """The same clock ``configure`` builds as of (tests move it)."""
        self._tried: Change | None = None
        self.state = state
        self.report = report or Silent()
        self.cache = MemoryCache()  # kept for the life of the server: unchanged files skip parsing
        self.last: tuple[SiteConfig, Selection, Site] | None = None
        self._env: tuple[SiteConfig, Environment] | None = None
        self.lock = threading.Lock()
        self.search = BackgroundIndex(self._index, self.lock)

    def preview(self, changed: frozenset[str]) -> bool:
        """The edited articles' pages, served before the full build (which replaces them)."""
        if self.last is None or not changed:
            return False
        config, selection, site = self.last
        started = time.perf_counter()
        pages = early_pages(changed, site, config, selection, self.cache, self._environment(config))
        if pages is None:
            return False
        self.state.previewed(pages)
        self.report.previewed(changed, time.perf_counter() - started)
        return True

    def _environment(self, config: SiteConfig) -> Environment:
        """Kept between previews: Jinja2 re-reads a template whose file changed, and a new
        template folder or file (which may shadow a theme file) drops it (see rebuild)."""
        if self._env is None or self._env[0] != config:
            self._env = (config, make_environment(config))
        return self._env[1]

    def rebuild(self, changed: frozenset[str] = frozenset()) -> bool:
        """A full build; with search on, the index follows in the background (reindex.py)."""
        with self.lock:
            built = self._rebuild(changed)
        if built and self.last is not None and self.last[0].search.on:
            self.search.wanted()
        return built

    def _index(self) -> None:
        """The background worker's build: the same build, with indexing on (reindex.py)."""
        started = time.perf_counter()
        try:
            config, selection = self.configure()
            with site_lock(config.site_dir, waiting=self.report.waiting):
                result = pipeline.build(config, selection, cache=self.cache)
        except Exception as exc:  # the site is served as it is; the next change tries again
            self.report.indexed(time.perf_counter() - started, str(exc))
            return
        finally:
            self.cache.end_build()
        self.last = (config, selection, result.site)
        self.state.succeeded(config.output_dir, config.base_path)
        self.report.indexed(time.perf_counter() - started, None)

    def _rebuild(self, changed: frozenset[str]) -> bool:
        started = time.perf_counter()
        if any(not path.startswith("content/") for path in changed):
            self._env = None
        try:
            config, selection = self.configure()
        except DigestError as exc:  # before any load: the cache keeps every entry
            return self._failed(exc.problems)
        try:
            with site_lock(config.site_dir, waiting=self.report.waiting):
                result = pipeline.build(config, selection, cache=self.cache, defer_search=True)
        except DigestError as exc:  # bad content, site.yaml, a full disk: keep the last good site
            return self._failed(exc.problems)
        except Exception as exc:  # a bug in newsdigest must not take the preview down
            return self._failed([Problem("newsdigest", 1, f"internal error: {exc!r}")])
        finally:
            self.cache.end_build()
        self.last = (config, selection, result.site)
        self.state.succeeded(config.output_dir, config.base_path)
        self.report.built(result, config, time.perf_counter() - started, changed)
        return True

    def due(self) -> bool:
        """Has the last build's next scheduled change come (a story publishes or expires)?

        Once per change: if the build it starts fails, the next try waits for an edit.
        """
        if self.last is None or not self.last[2].schedule:
            return False
        change = self.last[2].schedule[0]
        if change == self._tried or self.clock() < change.at:
            return False
        self._tried = change
        return True

    def _failed(self, problems: list[Problem]) -> bool:
        self.state.failed(problems)
        self.report.failed(problems)
        return False


def rebuild_on_changes(
    changes: Changes, rebuilder: Rebuilder, stop: threading.Event | None = None
) -> None:
    """serve's loop: each debounced change set gets an early preview, then a full build.

    Changes that arrive while a build runs wait in ``changes`` and come out of the
    next ``take`` at once, so an edit made during a build is built right after it
    (RELIABILITY G8). When nothing changes but the next scheduled publication or expiry
    comes due, the site is rebuilt too. ``stop`` ends the loop between builds (tests run
    it in a thread).
    """
    while stop is None or not stop.is_set():
        changed = changes.take(timeout=0.5)  # short waits keep Ctrl+C responsive
        if changed:
            rebuilder.preview(changed)
            rebuilder.rebuild(changed)
        elif rebuilder.due():  # a scheduled story publishes or expires: nothing was edited
            rebuilder.rebuild()
