"""serve: the preview HTTP server over the output folder, with live reload. Never parses.

A stdlib ``ThreadingHTTPServer`` serving one folder, and only that folder:

* GET and HEAD only (405 with ``Allow`` otherwise); ``Cache-Control: no-store``.
* Clean URLs: ``/topics/china/`` is ``topics/china/index.html``; a folder asked
  for without its slash is redirected; no folder is ever listed.
* The request path is decoded exactly once, as strict UTF-8; NUL, control
  characters, backslashes and ``.``/``..`` segments are refused (400); dot-files
  are never served (404). Every file is resolved (symlinks included) and served
  only if the real path is inside the real output folder (``is_relative_to``:
  a string prefix check would let ``public-old/`` through).
* Files are looked up per request: a rebuild swaps the output folder under the
  same path, so a request sees the old site or the new one, never a mix.
* ``Host`` must be localhost, an IP literal or the host the server was bound to
  (a DNS-rebinding page cannot name any of those); the reload channel also
  refuses a foreign ``Origin``.
* Live reload: HTML responses (only those, and only in memory) get one
  ``<script>`` that listens to ``/.digest/events`` (Server-Sent Events). Every
  event carries the number of the last good build and the problems of the last
  build: the page reloads when the number moves on, and shows an overlay of
  ``path:line: message`` lines while the last build failed. ``/.digest/`` is a
  dot-folder, so it can never shadow a file of the site.
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import re
import socket
import socketserver
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_to_bytes

from builder.paths import resolved_inside
from builder.urls import not_found_url, url_to_out_path

EVENTS_URL = "/.digest/events"
SCRIPT_URL = "/.digest/reload.js"
MAX_TARGET = 8192
"""Longest request target accepted (RELIABILITY G10: over 8 KB is 414)."""
MAX_CONNECTIONS = 64
"""Connections served at once (each holds a thread); open tabs' event streams count too."""
SLOT_WAIT_SECONDS = 5.0
"""How long a new connection waits for a free slot before it is closed unanswered."""
HEARTBEAT_SECONDS = 5.0
"""How often an idle event stream is pinged, which also notices closed tabs."""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".pdf": "application/pdf",
}
"""Fixed for the common types: the machine's mime.types must not change what we send."""

RELOAD_SCRIPT = (resources.files("builder.preview") / "reload.js").read_bytes()
"""The browser side of live reload; served at SCRIPT_URL, never written into the output."""

FALLBACK_404 = b"<!doctype html><title>Not found</title><h1>Not found</h1>\n"


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
        """The site on disk stays the last good one; only the problems change."""
        with self._changed:
            lines = tuple(str(p) for p in problems) or ("the build failed",)
            self._previews = {}
            return self._publish(BuildStatus(self._status.build, lines))

    def previewed(self, pages: dict[str, bytes]) -> BuildStatus:
        """Pages rendered ahead of the full build, by out_path, served until that build ends.

        They are kept in memory, never written: the output folder only ever
        holds complete builds, so it is never a mix of two.
        """
        with self._changed:
            self._previews = dict(pages)
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


@dataclass(frozen=True)
class Target:
    """Where a request path leads: a file to send, a redirect, or an error status."""

    status: int
    file: Path | None = None
    location: str | None = None


def locate(root: Path, base_path: str, path: str) -> Target:
    """Map a request path (query removed, still percent-encoded) to a file inside ``root``."""
    if not path.startswith("/") or _unsafe_chars(path):
        return Target(400)
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:  # %ff, overlong forms, lone surrogates
        return Target(400)
    if _unsafe_chars(decoded):
        return Target(400)
    if not decoded.startswith(base_path):
        at_root = decoded in ("/", base_path.rstrip("/"))  # the site lives under base_url's path
        return Target(301, location=base_path) if at_root else Target(404)
    parts = [p for p in decoded[len(base_path) :].split("/") if p]
    if any(p in (".", "..") for p in decoded.split("/")):
        return Target(400)
    if any(p.startswith(".") for p in parts):
        return Target(404)
    try:
        root_real = root.resolve(strict=True)
    except (OSError, RuntimeError):
        return Target(404)
    found = resolved_inside(root_real.joinpath(*parts), root_real)
    if found is not None and found.is_dir():
        if not decoded.endswith("/"):
            return Target(301, location=quote(base_path + "".join(p + "/" for p in parts)))
        found = resolved_inside(found / "index.html", root_real)
    if found is None or not found.is_file():
        return Target(404)
    return Target(200, found)


def not_found_page(root: Path) -> Path | None:
    """The site's own 404.html, under the same containment rule as every other file."""
    try:
        real = resolved_inside(root / url_to_out_path(not_found_url()), root.resolve(strict=True))
    except (OSError, RuntimeError):
        return None
    return real if real is not None and real.is_file() else None


def _out_path(root: Path, file: Path) -> str:
    try:
        return file.relative_to(root.resolve()).as_posix()
    except (OSError, ValueError):
        return ""


def _unsafe_chars(text: str) -> bool:
    return "\\" in text or any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)


def content_type(path: Path) -> str:
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


_OPAQUE = re.compile(rb"<!--.*?(?:-->|$)|(<script\b.*?(?:</script\s*>|$))", re.S | re.I)
"""Comments and script elements: a ``</body>`` inside them is text, not the end of the body."""


def inject_reload(html: bytes, build: int) -> bytes:
    """Add the reload script before the last real ``</body>`` (or at the end); never on disk.

    Comments and scripts are blanked (same length) before searching, so a ``</body>`` in
    a comment or a string in a script is never taken for the real one (RELIABILITY 45).
    """
    tag = f'<script src="{SCRIPT_URL}" data-build="{int(build)}"></script>'.encode()
    masked = _OPAQUE.sub(lambda m: b" " * len(m.group(0)), html.lower())
    at = masked.rfind(b"</body>")
    if at < 0:
        return html + tag  # no real </body>
    return html[:at] + tag + html[at:]


def host_allowed(host_header: str | None, bound_host: str) -> bool:
    """localhost, an IP literal or the bound host name: what DNS rebinding cannot forge."""
    if not host_header:
        return False
    host = host_header.strip().lower()
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
    else:
        name, _, port = host.partition(":")
        rest = ":" + port if port or host.endswith(":") else ""
    if rest and not (rest.startswith(":") and rest[1:].isdigit()):
        return False
    if name == "localhost" or name.endswith(".localhost") or name == bound_host.lower():
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = 10  # seconds a client may take to send its request (slowloris)

    def version_string(self) -> str:
        return "newsdigest-preview"

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.command not in ("GET", "HEAD"):
            self._plain(405, "method not allowed", {"Allow": "GET, HEAD"})
        elif len(self.path) > MAX_TARGET:
            self._plain(414, "request target too long")
        elif not host_allowed(self.headers.get("Host"), self.server.bound_host):
            self._plain(403, "this preview answers only to localhost")
        else:
            return True
        return False

    def do_GET(self) -> None:
        self._respond()

    def do_HEAD(self) -> None:
        self._respond()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for build problems, not one line per request."""

    def _respond(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == EVENTS_URL:
            self._events()
            return
        if path == SCRIPT_URL:
            self._send(200, RELOAD_SCRIPT, CONTENT_TYPES[".js"])
            return
        root, base_path = self.server.state.site
        target = locate(root, base_path, path)
        if target.status == 301:
            self._plain(301, "moved", {"Location": target.location or "/"})
        elif target.status == 400:
            self._plain(400, "bad request path")
        elif target.file is not None:
            early = self.server.state.preview_of(_out_path(root, target.file))
            if early is None:
                self._send_file(200, target.file)
            else:
                self._send(200, early, content_type(target.file))
        else:
            page = not_found_page(root)
            if page is None:
                self._send(404, FALLBACK_404, CONTENT_TYPES[".html"])
            else:
                self._send_file(404, page)

    def _send_file(self, status: int, file: Path) -> None:
        try:
            data = file.read_bytes()
        except OSError:  # swapped away between locate and read
            self._plain(404, "not found")
            return
        self._send(status, data, content_type(file))

    def _send(
        self, status: int, data: bytes, ctype: str, extra: dict[str, str] | None = None
    ) -> None:
        if ctype.startswith("text/html"):
            data = inject_reload(data, self.server.state.status.build)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if status >= 400:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _plain(self, status: int, text: str, extra: dict[str, str] | None = None) -> None:
        if self.command is None:  # the request line itself could not be read
            self.command = "GET"
        self._send(status, (text + "\n").encode(), CONTENT_TYPES[".txt"], extra)

    def _events(self) -> None:
        origin = self.headers.get("Origin")
        if origin is not None and origin != f"http://{self.headers.get('Host')}":
            self._plain(403, "cross-origin event streams are refused")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command == "HEAD":
            return
        state, seen = self.server.state, -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while (change := state.wait(seen, HEARTBEAT_SECONDS)) is not None:
                seq, status = change
                self.wfile.write(status.event() if seq != seen else b": ping\n\n")
                self.wfile.flush()
                seen = seq
        except OSError:  # the tab was closed
            return


class PreviewServer(ThreadingHTTPServer):
    """A threaded server with a cap on connections, so no client can exhaust threads.

    A connection past the cap waits for a slot (and the ones behind it wait in the
    kernel's listen queue) rather than being dropped: 20 tabs listening for reloads
    plus a burst of 100 requests is ordinary, and every request is answered. Only a
    server whose every slot stays taken for SLOT_WAIT_SECONDS closes the newcomer.
    """

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, host: str, port: int, state: PreviewState) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.state = state
        self.bound_host = host
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__((host, port), PreviewHandler)

    def server_bind(self) -> None:
        """Like HTTPServer's, without its reverse DNS look-up (slow on some networks)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.bound_host, self.server_address[1]

    @property
    def url(self) -> str:
        host = f"[{self.bound_host}]" if ":" in self.bound_host else self.bound_host
        return f"http://{host}:{self.server_port}{self.state.site[1]}"

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(timeout=SLOT_WAIT_SECONDS):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up mid-response is normal, not a traceback on the terminal."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)
