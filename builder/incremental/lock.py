"""One build of a site at a time: an exclusive lock on ``.digest-cache/build.lock``.

Two builds of one site at once share its output, its previous generation, its parse
cache and the record of its sources; interleaved, they published a page with the old
title under a manifest and a cache that described the new one, and every later build
trusted them (issue 21). So a build takes the lock first and keeps it to the end; a
second build waits for it, saying so (``waiting for another build of this site (pid
1234)…``), or with ``--no-wait`` stops at once (:class:`~builder.errors.SiteBusy`, exit
2). ``serve`` takes it only while it builds. The lock is the operating system's
(``flock`` on POSIX, ``msvcrt.locking`` on Windows), so a build that is killed releases
it with its process; the file itself stays (deleting a lock file lets a third build in
beside a second). The holder's pid is written at its start, only for the message.

A site folder where the lock file cannot be made (read-only, a full disk) builds without
it: where nothing can be written beside the sources, no second build can write either.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from builder.config import CACHE_DIR
from builder.errors import SiteBusy

LOCK_FILE = "build.lock"
_PID_WIDTH = 12
"""The pid is written in place, padded, so a reader never sees a half-written one."""
_REGION = 1 << 20
"""Where Windows locks (one byte, past the pid, which stays readable)."""


def lock_path(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / LOCK_FILE


@contextlib.contextmanager
def site_lock(
    site_dir: Path, *, wait: bool = True, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the site's build lock for the ``with`` block. Another holder: ``waiting`` is
    told once (the message) and this waits, or, without ``wait``, SiteBusy is raised."""
    fd = _open(lock_path(site_dir))
    if fd is None:
        yield
        return
    try:
        if not _try_lock(fd):
            pid = _holder(fd)
            if not wait:
                raise SiteBusy(
                    f"another build of this site is running{pid}; "
                    "without --no-wait this build waits for it"
                )
            if waiting is not None:
                waiting(f"waiting for another build of this site{pid}…")
            _lock(fd)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid():>{_PID_WIDTH}}\n".encode())
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    """`` (pid 1234)``: the build holding the lock, when it wrote its pid; else ''."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        pid = os.read(fd, _PID_WIDTH).decode().strip()
    except (OSError, UnicodeDecodeError):
        pid = ""
    return f" (pid {pid})" if pid.isdigit() else ""


def _open(path: Path) -> int | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _region(fd: int, mode: int) -> None:
        os.lseek(fd, _REGION, os.SEEK_SET)
        msvcrt.locking(fd, mode, 1)

    def _try_lock(fd: int) -> bool:
        try:
            _region(fd, msvcrt.LK_NBLCK)
        except OSError:
            return False
        return True

    def _lock(fd: int) -> None:
        while not _try_lock(fd):  # LK_LOCK gives up after ten seconds: wait as long as it takes
            time.sleep(0.1)

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            _region(fd, msvcrt.LK_UNLCK)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
