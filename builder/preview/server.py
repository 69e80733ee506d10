"""serve: the preview HTTP server over the output folder, with live reload. Never parses.

A stdlib ``ThreadingHTTPServer`` serving one folder, and only that folder
(which file a path names: :mod:`builder.preview.files`; the reload script:
:mod:`builder.preview.livereload`; what it shows: :mod:`builder.preview.state`):

* GET and HEAD only (405 with ``Allow`` otherwise); ``Cache-Control: no-store``.
* ``Host`` must be localhost, an IP literal or the host the server was bound to
  (a DNS-rebinding page cannot name any of those); the reload channel also
  refuses a foreign ``Origin``.
* At most :data:`MAX_CONNECTIONS` connections at once; a request target over
  :data:`MAX_TARGET` bytes is 414.
"""

from __future__ import annotations

import ipaddress
import socket
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from builder.preview.files import CONTENT_TYPES, content_type, locate, not_found_page, out_path
from builder.preview.livereload import EVENTS_URL, RELOAD_SCRIPT, SCRIPT_URL, inject_reload
from builder.preview.state import PreviewState

MAX_TARGET = 8192
"""Longest request target accepted (RELIABILITY G10: over 8 KB is 414)."""
MAX_CONNECTIONS = 64
"""Connections served at once (each holds a thread); open tabs' event streams count too."""
SLOT_WAIT_SECONDS = 5.0
"""How long a new connection waits for a free slot before it is closed unanswered."""
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
