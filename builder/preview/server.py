"""serve: the preview HTTP server over the output folder, with live reload. Never parses.

A stdlib ``ThreadingHTTPServer`` serving one folder, and only that folder
(which file a path names: :mod:`builder.preview.files`; the reload script:
:mod:`builder.preview.livereload`; what it shows: :mod:`builder.preview.state`):

* GET and HEAD only (405 with ``Allow`` otherwise); ``Cache-Control: no-store``.
* ``Host`` must be localhost, an IP literal or the host the server was bound to
  (a DNS-rebinding page cannot name any of those); the reload channel also
  refuses a foreign ``Origin``.
* Request heads are read for all connections on one thread (:mod:`builder.preview.heads`),
  each within HEAD_SECONDS however slowly it trickles; only a complete request takes one
  of :data:`MAX_CONNECTIONS` workers, so slow clients cannot take them all (issue 27).
* At most :data:`MAX_PER_CLIENT` connections from one address and :data:`MAX_OPEN` in
  all; a request target over :data:`MAX_TARGET` bytes is 414.
"""

from __future__ import annotations

import collections
import io
import ipaddress
import socket
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from builder.preview.files import CONTENT_TYPES, content_type, locate, not_found_page, out_path
from builder.preview.heads import Connection, Head, HeadReader
from builder.preview.livereload import EVENTS_URL, RELOAD_SCRIPT, SCRIPT_URL, inject_reload
from builder.preview.state import PreviewState

MAX_TARGET = 8192
"""Longest request target accepted (RELIABILITY G10: over 8 KB is 414)."""
MAX_CONNECTIONS = 64
"""Requests served at once (each holds a worker thread); open tabs' event streams count too."""
MAX_PER_CLIENT = 256
"""Open connections from one address (sending their heads, waiting or served): one host on
the network cannot take every socket (on loopback every client is 127.0.0.1)."""
MAX_OPEN = 768
"""Open connections in all; past either cap a new connection is closed at once."""
SLOT_WAIT_SECONDS = 10.0
"""How long a complete request waits for a free worker before it is closed unanswered."""
HEARTBEAT_SECONDS = 5.0
"""How often an idle event stream is pinged, which also notices closed tabs."""

FALLBACK_404 = b"<!doctype html><title>Not found</title><h1>Not found</h1>\n"


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
    """One request whose head heads.py has read: ``request`` is a :class:`Head`."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = 10  # seconds a response may wait for a client that does not read (G11)

    def setup(self) -> None:
        head: Head = self.request
        self.connection = head.connection.sock
        self.connection.settimeout(self.timeout)
        self.rfile = io.BytesIO(head.head)
        self.wfile = _Writer(self.connection)

    def handle(self) -> None:
        """One request; the server reads the next head of a kept-alive connection."""
        self.close_connection = True
        self.handle_one_request()

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
            early = self.server.state.preview_of(out_path(root, target.file))
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


class _Writer(io.RawIOBase):
    """The response side of a connection: every write sent whole (as socketserver's)."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._sock.sendall(data)
        return len(data)


class PreviewServer(ThreadingHTTPServer):
    """A threaded server that slow clients cannot fill (issue 27, RELIABILITY G11).

    Accepted connections go to one thread reading request heads (heads.py); a complete
    request goes to a worker, at most MAX_CONNECTIONS at once. A request past the cap
    waits for a worker (20 tabs listening for reloads plus a burst of 100 requests is
    ordinary, and every request is answered); only one left waiting SLOT_WAIT_SECONDS is
    closed. A kept-alive connection goes back to the head reader after each response.
    """

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, host: str, port: int, state: PreviewState) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.state = state
        self.bound_host = host
        self._lock = threading.Lock()
        self._open: collections.Counter[str] = collections.Counter()
        self._waiting: collections.deque[tuple[float, Head]] = collections.deque()
        self._workers = 0
        super().__init__((host, port), PreviewHandler)
        self._heads = HeadReader(self._dispatch, self._close)

    def server_bind(self) -> None:
        """Like HTTPServer's, without its reverse DNS look-up (slow on some networks)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.bound_host, self.server_address[1]

    @property
    def url(self) -> str:
        host = f"[{self.bound_host}]" if ":" in self.bound_host else self.bound_host
        return f"http://{host}:{self.server_port}{self.state.site[1]}"

    def process_request(self, request: Any, client_address: Any) -> None:
        """A new connection (on the accepting thread, which must never wait): counted, then
        its head read by heads.py; past a cap it is closed at once."""
        host = str(client_address[0])
        with self._lock:
            full = self._open[host] >= MAX_PER_CLIENT or self._open.total() >= MAX_OPEN
            if not full:
                self._open[host] += 1
        if full:
            self.shutdown_request(request)
            return
        self._heads.add(Connection(request, client_address))

    def _dispatch(self, head: Head) -> None:
        """A complete request: a worker takes it now, or when one is free."""
        with self._lock:
            stale = self._stale()
            self._waiting.append((time.monotonic(), head))
            start = self._workers < MAX_CONNECTIONS
            self._workers += start
        for old in stale:
            self._close(old.connection)
        if start:
            threading.Thread(target=self._work, name="preview-worker", daemon=True).start()

    def _work(self) -> None:
        while (head := self._next()) is not None:
            self._serve(head)

    def _next(self) -> Head | None:
        """The oldest waiting request; None ends the worker."""
        with self._lock:
            stale = self._stale()
            head = self._waiting.popleft()[1] if self._waiting else None
            self._workers -= head is None
        for old in stale:
            self._close(old.connection)
        return head

    def _stale(self) -> list[Head]:
        """The requests that waited SLOT_WAIT_SECONDS for a worker (taken off; the lock held)."""
        stale = []
        while self._waiting and self._waiting[0][0] < time.monotonic() - SLOT_WAIT_SECONDS:
            stale.append(self._waiting.popleft()[1])
        return stale

    def _serve(self, head: Head) -> None:
        connection = head.connection
        try:
            handler = self.RequestHandlerClass(head, connection.address, self)
        except Exception:
            self.handle_error(connection.sock, connection.address)
            self._close(connection)
            return
        if handler.close_connection:
            self._close(connection)
        else:
            connection.data = bytearray(head.rest)
            self._heads.add(connection)

    def _close(self, connection: Connection) -> None:
        self.shutdown_request(connection.sock)
        with self._lock:
            self._open[str(connection.address[0])] -= 1
            self._open += collections.Counter()  # drop addresses with none left

    def server_close(self) -> None:
        heads = getattr(self, "_heads", None)  # None: the bind failed (TCPServer closes then)
        if heads is not None:
            heads.close()
        super().server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up mid-response is normal, not a traceback on the terminal."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)
