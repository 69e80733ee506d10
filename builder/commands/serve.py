"""``digest serve``: build, then rebuild on every save and serve the output with live reload.

The verb only wires the parts together (the rebuild loop is
:mod:`builder.preview.rebuild`, the server :mod:`builder.preview.server`), and
the order matters: the port is bound first (a port in use fails at once, not
after a long build), then the watcher starts (an edit made during the first
build is not lost), then the first build, then the server answers.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import ipaddress
import signal
import sys
import threading
import webbrowser
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from builder.commands import options
from builder.commands.helptext import verb_parser
from builder.config import SiteConfig
from builder.errors import Problem, UsageError
from builder.index.publication import Selection
from builder.pipeline import BuildResult
from builder.preview.rebuild import Rebuilder, rebuild_on_changes
from builder.preview.server import PreviewServer
from builder.preview.state import PreviewState
from builder.preview.watch import Changes, Watcher


def add_parser(verbs: Any) -> None:
    p = verb_parser(
        verbs,
        "serve",
        "preview the site: rebuild on save, reload the browser",
        "Builds into a temporary folder and serves it on localhost; every save rebuilds\n"
        "and open pages reload. Problems show in the terminal and in the browser.\n"
        "Drafts and scheduled stories (with --drafts/--future) carry a badge.",
        ["digest serve", "digest serve --drafts --future", "digest serve --port 8080"],
    )
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


def rebuilder(args: argparse.Namespace, state: PreviewState) -> Rebuilder:
    """The rebuild loop's builder for these arguments, reporting to the terminal."""

    def configure() -> tuple[SiteConfig, Selection]:
        config = options.site_config(args)
        return config, options.selection(args, config.tz, clock)

    def clock() -> datetime:
        return datetime.now(UTC)

    return Rebuilder(configure, state, Console(), clock=clock)


class Console:
    """How serve reports each build on the terminal (a :class:`~builder.preview.rebuild.Report`)."""

    def built(
        self, result: BuildResult, config: SiteConfig, seconds: float, changed: frozenset[str]
    ) -> None:
        options.report(result.warnings)
        line = options.summary(result, config.output_dir, seconds, config.tz)
        print(f"{_describe(changed)}{line}", flush=True)

    def failed(self, problems: list[Problem]) -> None:
        options.report(problems)
        count = options.count(len(problems), "problem")
        print(f"build failed ({count}); still serving the last good site", file=sys.stderr)
        sys.stderr.flush()

    def previewed(self, changed: frozenset[str], seconds: float) -> None:
        print(f"preview of {_names(changed)} ready in {seconds:.3f} s", flush=True)

    def waiting(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def indexed(self, seconds: float, problem: str | None) -> None:
        if problem is None:
            print(f"search index ready in {seconds:.2f} s", flush=True)
        else:
            print(f"search index not updated: {problem}", file=sys.stderr, flush=True)


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
            _serve(args, server, serving, watcher, rebuilder(args, state))
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
