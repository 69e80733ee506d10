"""Load many content files at once, spread over the machine's cores.

Rendering Markdown is the one expensive stage of a cold build (about 2 ms an
article with Python-Markdown), and every file is independent, so a process
pool divides it by the number of cores. Results come back in the order the
sources went in (``Executor.map``), so the build is the same whichever worker
finished first. Small batches stay in this process: starting workers costs
more than rendering a couple of hundred articles.

Pages are rendered through Jinja2 in this process. Forked render workers were
tried and measured at 10,000 articles on the shared 2-core machine: no faster
(the cores were busy anyway) and 150 MB more at peak, because reading the
articles in a forked child touches their reference counts and so copies the
pages that hold them. See the README.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from builder.config import SiteConfig
from builder.load import Loaded, load_article
from builder.load.expand import Expander
from builder.load.markdown import MarkdownRenderer
from builder.model import SourceFile
from builder.progress import Advance

PARALLEL_THRESHOLD = 200
"""Fewer files than this to load: one process (a worker starts in about 50-100 ms)."""
CHUNKS_PER_WORKER = 4
"""Several chunks per worker even out articles of different lengths."""
PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process gets when the thread that made it dies."""


def load_many(
    sources: Sequence[SourceFile],
    config: SiteConfig,
    workers: int | None = None,
    *,
    advance: Advance | None = None,
    data: Mapping[str, Any] | None = None,
) -> list[Loaded]:
    """``load_article`` for each source, in order; in parallel when it pays off.

    ``advance`` (a progress bar's, on a terminal) is told of each file loaded here, or
    of each chunk as a worker hands it back: the workers cannot reach the bar.
    ``data`` is Liquid's ``site.data`` (load/sitedata.py).
    """
    workers = available_cores() if workers is None else workers
    if workers < 2 or len(sources) < PARALLEL_THRESHOLD:
        return load_chunk(config, sources, advance, data)
    size = max(1, -(-len(sources) // (workers * CHUNKS_PER_WORKER)))
    chunks = [sources[i : i + size] for i in range(0, len(sources), size)]
    loaded: list[Loaded] = []
    try:
        with ProcessPoolExecutor(
            workers, mp_context=_context(), initializer=die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            count = len(chunks)
            for chunk in pool.map(
                load_chunk, [config] * count, chunks, [None] * count, [data] * count
            ):
                loaded.extend(chunk)
                if advance is not None:
                    advance(len(chunk))
    except (OSError, BrokenProcessPool):
        # no processes to be had: the slow way still works, for the files not yet loaded
        return loaded + load_chunk(config, sources[len(loaded) :], advance, data)
    return loaded


def load_chunk(
    config: SiteConfig,
    sources: Sequence[SourceFile],
    advance: Advance | None = None,
    data: Mapping[str, Any] | None = None,
) -> list[Loaded]:
    """One renderer per chunk: each worker process builds its own (they are not picklable)."""
    renderer = MarkdownRenderer(config.markdown)
    expander = Expander(config, renderer, data)
    loaded: list[Loaded] = []
    for source in sources:
        loaded.append(load_article(source, config, renderer, expander))
        if advance is not None:
            advance(1)
    return loaded


def available_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` is the cheapest start, but forking a process with threads (``serve``) is unsafe."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def die_with_parent(build: int) -> None:
    """Pool initializer: a worker ends when the build (pid ``build``) does, even after
    ``kill -9``.

    A killed build runs no clean-up, and its workers would otherwise live on for good
    (one blocked writing to a pipe the other holds open). Where the build is the
    worker's parent (``fork``, ``spawn``) on Linux, the kernel sends SIGKILL when it
    dies. Under ``forkserver`` (``serve``, which has threads) the parent is the
    forkserver, and it never ends by itself: every worker holds the pipe whose end would
    tell it its client is gone. So there a thread watches the build itself, and when the
    workers end, the forkserver and the resource tracker see their pipes close and end
    too. A build already gone when this runs is caught at once.
    """
    if sys.platform.startswith("linux") and os.getppid() == build:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != build:  # it died before prctl could take effect
            os._exit(1)
        return
    watch = _pidfd(build)
    if watch is None and not _running(build):
        os._exit(1)
    threading.Thread(target=_watch_build, args=(build, watch), daemon=True).start()


def _pidfd(pid: int) -> int | None:
    """A file descriptor that becomes readable when ``pid`` ends (Linux 5.3+), or None
    (another system, or a build already gone: ``_running`` then says so)."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch_build(build: int, watch: int | None) -> None:
    """End the worker once the build has ended: woken by its pidfd, else by polling."""
    if watch is not None:
        select.select([watch], [], [])
    else:
        while _running(build):
            time.sleep(0.5)
    os._exit(1)
