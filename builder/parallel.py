"""Load files and render pages spread over the machine's cores.

Rendering Markdown is the one expensive stage of a cold build (about 2 ms an
article with Python-Markdown), and every file is independent, so a process
pool divides it by the number of cores. Results come back in the order the
sources went in (``Executor.map``), so the build is the same whichever worker
finished first. Small batches stay in this process: starting workers costs
more than rendering a couple of hundred articles.

Rendering pages through Jinja2 is the next cost (about 0.3 ms a page, every
build). Forked workers inherit the pages and the template environment without
copying them and send the rendered bytes back as they go, so the writer can
stream them to disk.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection, wait

from jinja2 import Environment

from builder.config import SiteConfig
from builder.errors import Problem
from builder.load import Loaded, load_article
from builder.markup import MarkdownRenderer
from builder.model import OutputFile, Page, SourceFile
from builder.render import iter_rendered, render_pages

PARALLEL_THRESHOLD = 200
"""Fewer files than this to load: one process (a worker starts in about 50-100 ms)."""
RENDER_THRESHOLD = 1000
"""Fewer pages than this: render in this process."""
BATCH = 64
"""Pages a render worker sends back at a time."""
CHUNKS_PER_WORKER = 4
"""Several chunks per worker even out articles of different lengths."""


def load_many(
    sources: Sequence[SourceFile], config: SiteConfig, workers: int | None = None
) -> list[Loaded]:
    """``load_article`` for each source, in order; in parallel when it pays off."""
    workers = available_cores() if workers is None else workers
    if workers < 2 or len(sources) < PARALLEL_THRESHOLD:
        return load_chunk(config, sources)
    size = max(1, -(-len(sources) // (workers * CHUNKS_PER_WORKER)))
    chunks = [sources[i : i + size] for i in range(0, len(sources), size)]
    try:
        with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
            results = list(pool.map(load_chunk, [config] * len(chunks), chunks))
    except (OSError, BrokenProcessPool):
        return load_chunk(config, sources)  # no processes to be had: the slow way still works
    return [loaded for chunk in results for loaded in chunk]


def load_chunk(config: SiteConfig, sources: Sequence[SourceFile]) -> list[Loaded]:
    """One renderer per chunk: each worker process builds its own (they are not picklable)."""
    renderer = MarkdownRenderer(config.markdown)
    return [load_article(source, config, renderer) for source in sources]


def render_stream(
    pages: list[Page],
    env: Environment,
    config: SiteConfig,
    problems: list[Problem],
    workers: int | None = None,
) -> Iterator[OutputFile]:
    """Rendered pages in no particular order (the writer does not care), problems appended.

    Workers are forked, so this runs in parallel only where ``fork`` is safe (no
    threads, as in ``serve``). If any page fails, the problems are found again
    in this process, in page order, so the report is the same as a serial build's.
    """
    workers = available_cores() if workers is None else workers
    fork_safe = "fork" in multiprocessing.get_all_start_methods()
    fork_safe = fork_safe and threading.active_count() == 1
    if workers < 2 or len(pages) < RENDER_THRESHOLD or not fork_safe:
        yield from iter_rendered(pages, env, config, problems)
        return
    context = multiprocessing.get_context("fork")
    connections: list[Connection] = []
    processes = []
    for index in range(workers):
        receiver, sender = context.Pipe(duplex=False)
        args = (pages, env, config, index, workers, sender)
        process = context.Process(target=_render_slice, args=args, daemon=True)
        process.start()
        sender.close()
        connections.append(receiver)
        processes.append(process)
    failed = False
    try:
        pending = list(connections)
        while pending:
            for ready in wait(pending):
                try:
                    message = ready.recv()  # type: ignore[union-attr]
                except EOFError:
                    pending.remove(ready)  # type: ignore[arg-type]
                    continue
                if message is None:
                    failed = True
                    continue
                for out_path, data in message:
                    yield OutputFile(out_path, data)
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
        for connection in connections:
            connection.close()
    if failed or any(p.exitcode != 0 for p in processes):
        problems.extend(render_pages(pages, env, config)[1])


def _render_slice(
    pages: list[Page],
    env: Environment,
    config: SiteConfig,
    index: int,
    step: int,
    sender: Connection,
) -> None:
    """In a forked worker: render every ``step``-th page; ``None`` tells that one failed."""
    problems: list[Problem] = []
    batch: list[tuple[str, bytes | None]] = []
    for output in iter_rendered(pages[index::step], env, config, problems):
        batch.append((output.out_path, output.data))
        if len(batch) >= BATCH:
            sender.send(batch)
            batch = []
    sender.send(batch)
    if problems:
        sender.send(None)
    sender.close()


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
