"""What the preview server shows, shared by the rebuild loop and the request threads.

The rebuild loop writes it (a build succeeded, failed, or pages were rendered
early); request threads read it and wait on it (the live-reload event stream).
One condition guards it all, so a reader never sees half an update.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildStatus:
    """What the browser is told: the last good build's number and the last build's problems."""

    build: int
    problems: tuple[str, ...] = ()

    def event(self) -> bytes:
        data = json.dumps({"build": self.build, "problems": list(self.problems)})
        return f"event: status\ndata: {data}\n\n".encode()


class PreviewState:
    """Shared by the rebuild loop (writer) and the request threads (readers)."""

    def __init__(self, output_dir: Path, base_path: str = "/") -> None:
        self._changed = threading.Condition()
        self._seq = 0
        self._status = BuildStatus(0)
        self._closed = False
        self._output_dir = output_dir
        self._base_path = base_path
        self._previews: dict[str, bytes] = {}

    @property
    def site(self) -> tuple[Path, str]:
        """The folder served and the URL path it is mounted at (base_url's path)."""
        with self._changed:
            return self._output_dir, self._base_path

    @property
    def status(self) -> BuildStatus:
        with self._changed:
            return self._status

    def succeeded(self, output_dir: Path, base_path: str = "/") -> BuildStatus:
        with self._changed:
            self._output_dir, self._base_path = output_dir, base_path
            self._previews = {}
            return self._publish(BuildStatus(self._status.build + 1))

    def failed(self, problems: Sequence[object]) -> BuildStatus:
        """The site on disk stays the last good one, and the early pages shown since it
        stay too: together they are the last good state the editor saw (a quick save,
        then a broken one, must not bring back the page from before the first)."""
        with self._changed:
            lines = tuple(str(p) for p in problems) or ("the build failed",)
            return self._publish(BuildStatus(self._status.build, lines))

    def previewed(self, pages: dict[str, bytes]) -> BuildStatus:
        """Pages rendered ahead of the full build, by out_path, served until that build ends.

        They are kept in memory, never written: the output folder only ever
        holds complete builds, so it is never a mix of two. They add to the early
        pages shown since the last good build (one of which may have failed since).
        """
        with self._changed:
            self._previews.update(pages)
            return self._publish(BuildStatus(self._status.build + 1))

    def preview_of(self, out_path: str) -> bytes | None:
        with self._changed:
            return self._previews.get(out_path)

    def _publish(self, status: BuildStatus) -> BuildStatus:
        self._status = status
        self._seq += 1
        self._changed.notify_all()
        return status

    def wait(self, seen: int, timeout: float) -> tuple[int, BuildStatus] | None:
        """The next (sequence, status) after ``seen``, the same on timeout; None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._seq != seen, timeout)
            return None if self._closed else (self._seq, self._status)

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
