"""G7 and case 48 in one run: the editor simulation under a real ``digest serve`` with
20 open tabs listening for reloads and bursts of 100 concurrent GETs.

:func:`run` returns what happened (:class:`Outcome`); ``test_editing_while_serving.py`` asserts on
it and ``benchmarks/bench_reliability.py`` prints it. Nothing here asserts timings:
the seconds it measures are figures for the report.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from editor import artefacts_in, copy_for_clean_build, make_site, simulate
from helpers import digest, snapshot
from helpers.preview import EventStream, ServeProcess, request, wait_until

STABLE_URLS = ("/", "/topics/", "/editions/", "/archive/", "/feed.xml", "/sitemap.xml")
"""Pages every state of the simulated site has, so anything but a 200 is an error."""


@dataclass
class Outcome:
    operations: Counter[str]
    builds: int
    """Builds the server finished (well or badly) from the first operation to the end."""
    settle_seconds: float
    """From the last operation to the moment the output folder last changed."""
    identical: bool
    """The output equals a clean build of the final files, byte for byte."""
    artefacts: list[str]
    """Output files named after editor leftovers (swap, backup, temporary files)."""
    gets: int = 0
    get_errors: list[str] = field(default_factory=list)
    tabs_told: int = 0
    """Tabs whose last event named the final good build with no problems."""
    max_threads: int = 0
    max_fds: int = 0
    exit_code: int | None = None
    tracebacks: int = 0


class Background:
    """A loop in a daemon thread for the length of a ``with`` block."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=120)

    def _run(self) -> None:
        raise NotImplementedError


class GetBursts(Background):
    """Rounds of ``size`` GETs released at once, over fresh connections, until stopped."""

    def __init__(self, port: int, size: int = 100, pause: float = 0.25) -> None:
        super().__init__()
        self.port, self.size, self.pause = port, size, pause
        self.statuses: Counter[int] = Counter()
        self.errors: list[str] = []

    def _run(self) -> None:
        with ThreadPoolExecutor(self.size) as pool:
            while not self._stop.is_set():
                gate = threading.Barrier(self.size)
                urls = [STABLE_URLS[i % len(STABLE_URLS)] for i in range(self.size)]
                statuses = pool.map(self._get, urls, [gate] * self.size)
                for url, status in zip(urls, statuses, strict=True):
                    self.statuses[status] += 1
                    if status != 200:
                        self.errors.append(f"GET {url} -> {status}")
                self._stop.wait(self.pause)

    def _get(self, url: str, gate: threading.Barrier) -> int:
        try:
            gate.wait(timeout=30)
            got = request(self.port, url)
            return got.status if got.body else -2
        except (OSError, threading.BrokenBarrierError, ValueError, IndexError):
            return -1  # refused, reset, timed out or a truncated answer


class Sampler(Background):
    """The peak thread and file-descriptor counts of a process, read from /proc."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__()
        self.pid, self.every = pid, every
        self.max_threads = self.max_fds = 0

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                threads = len(os.listdir(f"/proc/{self.pid}/task"))
                fds = len(os.listdir(f"/proc/{self.pid}/fd"))
            except OSError:
                return  # the process is gone (or this is not Linux)
            self.max_threads = max(self.max_threads, threads)
            self.max_fds = max(self.max_fds, fds)


class OutputWatch(Background):
    """When the output folder last changed (a build swaps in a new folder: a new inode)."""

    def __init__(self, out: Path) -> None:
        super().__init__()
        self.out = out
        self.changed_at = time.monotonic()
        self._seen = self._identity()

    def _identity(self) -> tuple[int, int]:
        try:
            info = os.stat(self.out)
            return info.st_ino, info.st_mtime_ns
        except OSError:
            return 0, 0

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            now = self._identity()
            if now != self._seen:
                self._seen, self.changed_at = now, time.monotonic()


def run(
    work: Path, seed: int, operations: int = 200, seconds: float = 10.0, tabs: int = 20
) -> Outcome:
    """The whole G7 + case 48 scenario in ``work`` (which must not exist yet)."""
    editor = make_site(work / "site", seed)
    site = editor.site
    with ServeProcess(site) as serve:
        assert serve.proc is not None
        streams = [EventStream(serve.port) for _ in range(tabs)]
        try:
            for stream in streams:
                stream.next()  # connected and told of the first build
            before = serve.builds()
            with (
                Sampler(serve.proc.pid) as sampler,
                GetBursts(serve.port) as bursts,
                OutputWatch(site / "public") as output,
            ):
                last_operation = simulate(editor, operations, seconds)
                expected = snapshot(_clean_build(site, work / "clean"))
                identical = _settles_to(site / "public", expected)
                time.sleep(0.5)  # any build still to come would show as a change
            told = _told_of_final(_last_events(streams))
        finally:
            for stream in streams:
                stream.close()
        builds = serve.builds() - before
        code = serve.stop()
    return Outcome(
        operations=editor.done,
        builds=builds,
        settle_seconds=max(0.0, output.changed_at - last_operation),
        identical=identical,
        artefacts=artefacts_in(site / "public"),
        gets=sum(bursts.statuses.values()),
        get_errors=bursts.errors,
        tabs_told=told,
        max_threads=sampler.max_threads,
        max_fds=sampler.max_fds,
        exit_code=code,
        tracebacks=sum("Traceback" in line for line in serve.err),
    )


def _clean_build(site: Path, scratch: Path) -> Path:
    copy = copy_for_clean_build(site, scratch)
    result = digest("build", "--site", copy, "-q")
    if result.code != 0:
        raise AssertionError(f"the final files do not build cleanly: {result.err}")
    return copy / "public"


def _settles_to(out: Path, expected: dict[str, bytes], timeout: float = 60.0) -> bool:
    try:
        wait_until(lambda: snapshot(out) == expected, timeout, "a clean build's output")
    except AssertionError:
        return False
    return True


def _last_events(streams: list[EventStream]) -> list[dict | None]:
    """Each tab's newest event, once no more are coming."""
    lasts: list[dict | None] = []
    for stream in streams:
        last = None
        while True:
            try:
                last = stream.next(timeout=0.5)
            except queue.Empty:
                break
        lasts.append(last)
    return lasts


def _told_of_final(lasts: list[dict | None]) -> int:
    """Tabs whose newest event names the newest good build and no problems."""
    newest = max((e["build"] for e in lasts if e), default=-1)
    return sum(1 for e in lasts if e and e["build"] == newest and not e["problems"])
