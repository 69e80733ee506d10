"""``digest serve``: build, then rebuild on every save and serve the output with live reload.

The order matters: the port is bound first (a port in use fails at once, not
after a long build), then the watcher starts (an edit made during the first
build is not lost), then the first build, then the server answers. Every change
set re-runs the whole pipeline with one in-memory parse cache kept for the
life of the command, so only files whose bytes changed are parsed again and
only output files whose bytes changed are written (DESIGN.md §6). A failed
build is reported here and in the browser; the output folder keeps the last
good site, which the server goes on serving.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import errno
import ipaddress
import signal
import sys
import threading
import time
import webbrowser
from collections.abc import Iterator
from typing import Any

from jinja2 import Environment

from builder import pipeline
from builder.commands import options
from builder.config import SiteConfig
from builder.errors import DigestError, Problem, UsageError, errors_in
from builder.load.cache import MemoryCache
from builder.model import Article, Site, SourceFile
from builder.pipeline import BuildResult
from builder.plan import plan_pages
from builder.preview.server import PreviewServer, PreviewState
from builder.preview.watch import Changes, Watcher
from builder.render import render_pages
from builder.templating import make_environment


def add_parser(verbs: Any) -> None:
    p = verbs.add_parser("serve", help="preview the site: rebuild on save, reload the browser")
    options.add_site(p)
    options.add_selection(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0: any free)")
    p.add_argument("--open", action="store_true", help="open the site in a web browser")
    p.add_argument("--poll", action="store_true", help="poll for changes instead of inotify")
    options.add_verbosity(p, quiet=False)
    p.set_defaults(run=run)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r} (0 to 65535)")
    return int(text)


class Rebuilder:
    """Runs one build per change set and tells the server how it went."""

    def __init__(self, args: argparse.Namespace, state: PreviewState) -> None:
        self.args = args
        self.state = state
        self.cache = MemoryCache()  # kept for the life of the server: unchanged files skip parsing
        self.last: tuple[SiteConfig, BuildResult] | None = None
        self._env: tuple[SiteConfig, Environment] | None = None

    def preview(self, changed: frozenset[str]) -> bool:
        """Hugo's fast render: the edited articles' own pages, served before the full build.

        Only for edits of articles that were already published, keep their URL,
        topics, draft flag and date, and load without errors; anything else (a new or
        deleted file, a template, site.yaml) waits for the full build, which
        always follows at once and replaces these pages.
        """
        if self.last is None or not changed:
            return False
        config, result = self.last
        started = time.perf_counter()
        published = {a.src_path: a for a in result.site.articles}
        articles = []
        for src_path in sorted(changed):
            old = published.get(src_path)
            new = self._load(config, src_path) if old else None
            if old is None or new is None or not _same_place(old, new):
                return False
            if new.links:  # .md links and refs are resolved against every article: full build
                return False
            articles.append(dataclasses.replace(new, topics=old.topics))  # as index links them
        pages = plan_pages(Site(tuple(articles), (), related=result.site.related), config)
        wanted = [page for page in pages if page.src_path in changed]
        outputs, problems = render_pages(wanted, self._environment(config), config)
        if problems or len(outputs) != len(articles):
            return False
        self.state.previewed({o.out_path: o.data or b"" for o in outputs})
        seconds = time.perf_counter() - started
        print(f"preview of {_names(changed)} ready in {seconds:.3f} s", flush=True)
        return True

    def _load(self, config: SiteConfig, src_path: str) -> Article | None:
        try:
            source = SourceFile(src_path, (config.site_dir / src_path).read_bytes())
        except OSError:
            return None
        loaded = pipeline.load_one(source, config, self.cache)
        return None if errors_in(loaded.problems) else loaded.article

    def _environment(self, config: SiteConfig) -> Environment:
        """Kept between previews: Jinja2 re-reads a template whose file changed, and a new
        template folder or file (which may shadow a theme file) drops it (see rebuild)."""
        if self._env is None or self._env[0] != config:
            self._env = (config, make_environment(config))
        return self._env[1]

    def rebuild(self, changed: frozenset[str] = frozenset()) -> bool:
        started = time.perf_counter()
        if any(not path.startswith("content/") for path in changed):
            self._env = None
        try:
            config = options.site_config(self.args)
        except DigestError as exc:  # before any load: the cache keeps every entry
            return self._failed(exc.problems)
        try:
            result = pipeline.build(config, options.selection(self.args), cache=self.cache)
        except DigestError as exc:  # bad content, site.yaml, a full disk: keep the last good site
            return self._failed(exc.problems)
        except Exception as exc:  # a bug in newsdigest must not take the preview down
            return self._failed([Problem("newsdigest", 1, f"internal error: {exc!r}")])
        finally:
            self.cache.end_build()
        self.last = (config, result)
        self.state.succeeded(config.output_dir, config.base_path)
        options.report(result.warnings)
        line = options.summary(result, config.output_dir, time.perf_counter() - started)
        print(f"{_describe(changed)}{line}", flush=True)
        return True

    def _failed(self, problems: list[Problem]) -> bool:
        self.state.failed(problems)
        options.report(problems)
        count = options.count(len(problems), "problem")
        print(f"build failed ({count}); still serving the last good site", file=sys.stderr)
        sys.stderr.flush()
        return False


def _same_place(old: Article, new: Article) -> bool:
    """An edit that keeps the article's URL, topics and place in the selection."""
    keep = ("url", "draft", "date", "topic_names")
    return all(getattr(old, name) == getattr(new, name) for name in keep)


def _names(changed: frozenset[str]) -> str:
    shown = sorted(changed)
    more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
    return ", ".join(shown[:3]) + more


def _describe(changed: frozenset[str]) -> str:
    return f"changed {_names(changed)}: " if changed else ""


def run(args: argparse.Namespace) -> None:
    config = options.site_config(args)
    state = PreviewState(config.output_dir, config.base_path)
    try:
        server = PreviewServer(args.host, args.port, state)
    except OSError as exc:
        raise UsageError(_bind_problem(args.host, args.port, exc)) from None
    changes = Changes()
    watcher = Watcher(config.site_dir, changes, poll=args.poll)
    serving = threading.Thread(target=server.serve_forever, name="preview-server", daemon=True)
    try:
        with _terminate_as_interrupt():
            _serve(args, server, serving, watcher, Rebuilder(args, state))
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        changes.close()
        state.close()
        if serving.is_alive():  # shutdown() would wait forever for a loop never started
            server.shutdown()
        server.server_close()
    print("stopped; the output folder holds the last good build", file=sys.stderr)


def _serve(
    args: argparse.Namespace,
    server: PreviewServer,
    serving: threading.Thread,
    watcher: Watcher,
    rebuilder: Rebuilder,
) -> None:
    mode = watcher.start()
    if mode.notice:
        print(mode.notice, file=sys.stderr, flush=True)
    rebuilder.rebuild()
    serving.start()
    if not _is_loopback(args.host):
        print(
            f"warning: --host {args.host} lets other machines see this preview (drafts too);"
            " it is meant for your own machine",
            file=sys.stderr,
        )
    how = "polling" if mode.polling else "watching"
    print(f"serving {server.url} ({how} for changes; Ctrl+C to stop)", flush=True)
    if args.open:
        webbrowser.open(server.url)
    rebuild_on_changes(watcher.changes, rebuilder)


def rebuild_on_changes(
    changes: Changes, rebuilder: Rebuilder, stop: threading.Event | None = None
) -> None:
    """serve's loop: each debounced change set gets an early preview, then a full build.

    Changes that arrive while a build runs wait in ``changes`` and come out of the
    next ``take`` at once, so an edit made during a build is built right after it
    (RELIABILITY G8). ``stop`` ends the loop between builds (tests run it in a thread).
    """
    while stop is None or not stop.is_set():
        changed = changes.take(timeout=0.5)  # short waits keep Ctrl+C responsive
        if changed:
            rebuilder.preview(changed)
            rebuilder.rebuild(changed)


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (is another server running?);"
            " choose another with --port, or --port 0 for any free port"
        )
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port} (ports below 1024 need root); use --port"
    return f"cannot listen on {host}:{port} ({exc.strerror or exc})"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the server the same clean way Ctrl+C does (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
