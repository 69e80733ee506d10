"""watch: file-system events under a site -> debounced change sets. Never builds.

What is watched: ``content/``, ``templates/`` and ``static/`` (recursively) and
the site folder itself, not recursively (for ``site.yaml`` and for one of those
folders appearing later). The output folder is not watched at all, so a build
can never trigger a build.

Why the rules below:

* Editors save in odd ways. vim writes a ``4913`` probe, ``.x.swp`` swap files
  and ``x~`` backups; Emacs ``.#x`` locks and ``#x#`` auto-saves; VS Code and
  JetBrains write a temporary file and rename it over the article, which gives
  *only* a moved event. So both ends of a move count, and artefacts never do.
* One save fires several events (a truncate, some writes, a close), and a
  checkout fires hundreds; :class:`Changes` gathers them until the tree has been
  quiet for a moment and hands them over as one set.
* Events keep arriving while a build runs and are kept, so the next
  :meth:`Changes.take` returns them at once: an edit during a build is never lost.
* inotify has per-user limits (``max_user_watches``, ``max_user_instances``), and
  Docker or network mounts give no events at all: ``--poll`` or a failure to
  start inotify uses watchdog's ``PollingObserver``, said out loud.
"""

from __future__ import annotations

import contextlib
import errno
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

WATCHED_FOLDERS = ("content", "templates", "static")
WATCHED_FILES = ("site.yaml",)
QUIET_SECONDS = 0.05
"""A burst of events is over after this much silence."""
MAX_DELAY_SECONDS = 0.5
"""...or after this long, so a never-ending stream of events still builds."""
POLL_SECONDS = 0.5
_RELEVANT = {EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED}
_LIMIT_ERRNOS = {errno.ENOSPC, errno.EMFILE, errno.ENFILE, errno.ENOMEM}


def is_ignored(rel: PurePosixPath) -> bool:
    """True for a site-relative path that no build reads, or that an editor leaves behind."""
    parts = rel.parts
    if not parts or parts[0] not in WATCHED_FOLDERS + WATCHED_FILES:
        return True  # the output folder, .digest-cache/, .git/, anything else
    if parts[0] in WATCHED_FILES and len(parts) > 1:
        return True
    if any(part.startswith(".") for part in parts):
        return True  # dot-files and -folders: .x.swp, .#x (Emacs), .DS_Store
    name = parts[-1]
    return (
        name == "4913"  # vim's "can I write here?" probe
        or name.endswith(("~", ".swp", ".swx", ".swo"))
        or (name.startswith("#") and name.endswith("#"))  # Emacs auto-save
    )


class Changes:
    """The paths changed since the last :meth:`take`, debounced. Safe across threads."""

    def __init__(self, quiet: float = QUIET_SECONDS, max_delay: float = MAX_DELAY_SECONDS) -> None:
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._first = self._last = 0.0
        self._closed = False
        self._quiet, self._max_delay = quiet, max_delay

    def add(self, paths: Iterable[str]) -> None:
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.update(paths)
            self._last = now
            self._cond.notify_all()

    def take(self, timeout: float | None = None) -> frozenset[str]:
        """Wait for a change, then for the burst to end; empty on timeout or when closed."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._pending or self._closed, timeout):
                return frozenset()
            while not self._closed:
                now = time.monotonic()
                settle = min(self._last + self._quiet, self._first + self._max_delay)
                if now >= settle:
                    break
                self._cond.wait(settle - now)
            taken, self._pending = frozenset(self._pending), set()
            return taken

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class _Handler(FileSystemEventHandler):
    """Turns watchdog events into site-relative paths that matter."""

    def __init__(self, watcher: Watcher) -> None:
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _RELEVANT and event.event_type != EVENT_TYPE_CLOSED:
            return
        if event.is_directory and event.event_type == EVENT_TYPE_MODIFIED:
            return  # a folder's own "modified" says only that a child changed: seen already
        ends = [event.src_path, event.dest_path] if event.event_type == EVENT_TYPE_MOVED else []
        self._watcher.seen(ends or [event.src_path], event.is_directory)


@dataclass(frozen=True)
class Mode:
    polling: bool
    notice: str | None = None
    """Said to the user when watching fell back to polling."""


class Watcher:
    """One observer over a site; :attr:`changes` collects what it sees."""

    def __init__(self, site_dir: Path, changes: Changes, *, poll: bool = False) -> None:
        self.site_dir = site_dir.resolve()
        self.changes = changes
        self.mode = Mode(poll)
        self._handler = _Handler(self)
        self._lock = threading.Lock()
        self._observer: BaseObserver = self._new_observer(poll)
        self._watched: dict[str, object] = {}

    def start(self) -> Mode:
        """Start watching; fall back to polling when the system's inotify limits say no."""
        try:
            self._schedule_all()
            self._observer.start()
        except OSError as exc:
            if self.mode.polling or exc.errno not in _LIMIT_ERRNOS:
                raise
            self._stop_observer()
            self._observer, self._watched = self._new_observer(True), {}
            self.mode = Mode(True, _limit_notice(exc))
            self._schedule_all()
            self._observer.start()
        return self.mode

    def stop(self) -> None:
        self._stop_observer()

    def seen(self, paths: Iterable[str | bytes], is_directory: bool) -> None:
        """Called from the observer thread with the raw paths of one event."""
        relevant = []
        for raw in paths:
            path = Path(raw.decode() if isinstance(raw, bytes) else raw)
            if not path.is_absolute() or not path.is_relative_to(self.site_dir):
                continue  # the far end of a move out of the site
            rel = PurePosixPath(path.relative_to(self.site_dir).as_posix())
            if is_directory and len(rel.parts) == 1 and rel.parts[0] in WATCHED_FOLDERS:
                self._reschedule(rel.parts[0])  # content/ (re)appeared: watch its tree
            if not is_ignored(rel):
                relevant.append(rel.as_posix())
        if relevant:
            self.changes.add(relevant)

    def _new_observer(self, poll: bool) -> BaseObserver:
        observer = PollingObserver(timeout=POLL_SECONDS) if poll else Observer()
        observer.daemon = True
        return observer

    def _schedule_all(self) -> None:
        self._observer.schedule(self._handler, str(self.site_dir), recursive=False)
        for folder in WATCHED_FOLDERS:
            self._reschedule(folder)

    def _reschedule(self, folder: str) -> None:
        path = self.site_dir / folder
        with self._lock:
            old = self._watched.pop(folder, None)
            if old is not None:
                with contextlib.suppress(KeyError, OSError):  # its folder is gone already
                    self._observer.unschedule(old)  # type: ignore[arg-type]
            if path.is_dir():
                self._watched[folder] = self._observer.schedule(
                    self._handler, str(path), recursive=True
                )

    def _stop_observer(self) -> None:
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join(timeout=5)


def _limit_notice(exc: OSError) -> str:
    return (
        f"warning: cannot watch with inotify ({exc.strerror or exc}); polling every "
        f"{POLL_SECONDS} s instead. To raise the limits: "
        "sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=512"
    )
