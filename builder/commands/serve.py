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
import errno
import ipaddress
import signal
import sys
import threading
import time
import webbrowser
from collections.abc import Iterator
from typing import Any

from builder import pipeline
from builder.cache import MemoryCache
from builder.commands import build
from builder.errors import BuildFailed, ConfigError, Problem
from builder.serve import PreviewServer, PreviewState
from builder.watch import Changes, Watcher
from builder.write import OutputRefused

EXIT_USAGE = 2


def add_parser(verbs: Any) -> None:
    p = verbs.add_parser("serve", help="preview the site: rebuild on save, reload the browser")
    build.add_site_options(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0: any free)")
    p.add_argument("--open", action="store_true", help="open the site in a web browser")
    p.add_argument("--poll", action="store_true", help="poll for changes instead of inotify")
    p.add_argument("-v", "--verbose", action="store_true", help="tracebacks for internal errors")
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

    def rebuild(self, changed: frozenset[str] = frozenset()) -> bool:
        started = time.perf_counter()
        try:
            config = build.site_config(self.args)
        except ConfigError as exc:
            return self._failed(exc.problems)
        try:
            result = pipeline.build(config, build.selection(self.args), cache=self.cache)
        except (BuildFailed, ConfigError) as exc:
            return self._failed(exc.problems)
        except OutputRefused as exc:
            return self._failed([Problem("site.yaml", 1, str(exc))])
        except Exception as exc:  # a bug in newsdigest must not take the preview down
            return self._failed([Problem("newsdigest", 1, f"internal error: {exc!r}")])
        finally:
            self.cache.end_build()
        self.state.succeeded(config.output_dir, config.base_path)
        build.report(result.warnings)
        line = build.summary(result, config.output_dir, time.perf_counter() - started)
        print(f"{_describe(changed)}{line}", flush=True)
        return True

    def _failed(self, problems: list[Problem]) -> bool:
        self.state.failed(problems)
        build.report(problems)
        count = build.count(len(problems), "problem")
        print(f"build failed ({count}); still serving the last good site", file=sys.stderr)
        sys.stderr.flush()
        return False


def _describe(changed: frozenset[str]) -> str:
    if not changed:
        return ""
    shown = sorted(changed)
    more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
    return f"changed {', '.join(shown[:3])}{more}: "


def run(args: argparse.Namespace) -> int:
    config = build.site_config(args)
    state = PreviewState(config.output_dir, config.base_path)
    try:
        server = PreviewServer(args.host, args.port, state)
    except OSError as exc:
        print(f"error: {_bind_problem(args.host, args.port, exc)}", file=sys.stderr)
        return EXIT_USAGE
    changes = Changes()
    watcher = Watcher(config.site_dir, changes, poll=args.poll)
    try:
        with _terminate_as_interrupt():
            _serve(args, server, watcher, Rebuilder(args, state))
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        changes.close()
        state.close()
        server.shutdown()
        server.server_close()
    print("stopped; the output folder holds the last good build", file=sys.stderr)
    return 0


def _serve(
    args: argparse.Namespace, server: PreviewServer, watcher: Watcher, rebuilder: Rebuilder
) -> None:
    mode = watcher.start()
    if mode.notice:
        print(mode.notice, file=sys.stderr, flush=True)
    rebuilder.rebuild()
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
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
    while True:
        changed = watcher.changes.take(timeout=0.5)  # short waits keep Ctrl+C responsive
        if changed:
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
