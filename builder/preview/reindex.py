"""serve's search index, rebuilt in the background once the site is consistent.

Zola's ``serve`` spends most of each rebuild on its search index (zola#2133), so
``digest serve`` builds the pages with the previous index kept as it is (the
search page says it may lag), and one worker thread then runs the same build
again with indexing on: pages and index still swap in together, in one step.
Builds never overlap: the worker and the change loop share one lock (the
staging folder is named by process, so two at once would collide).
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class BackgroundIndex:
    """Runs ``index`` after each ``wanted()``; requests made while it runs fold into one."""

    def __init__(self, index: Callable[[], None], lock: threading.Lock) -> None:
        self._index = index
        self._lock = lock
        self._wanted = threading.Event()
        self._worker: threading.Thread | None = None

    def wanted(self) -> None:
        self._wanted.set()
        if self._worker is None:
            self._worker = threading.Thread(target=self._run, name="search-index", daemon=True)
            self._worker.start()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            with self._lock:
                self._index()
