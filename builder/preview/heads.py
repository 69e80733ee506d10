"""The preview server's request heads, read for every connection on one thread.

A thread per connection from the first byte let slow clients hold the threads: one
header line every 4 s kept a connection for over a minute (a per-read timeout never
fires), and 70 such clients took every slot, so no normal GET was answered (issue 27).
Here a connection costs only a socket and a buffer until its whole request head has
arrived; then it is handed to a worker (server.py). A head must arrive within
:data:`HEAD_SECONDS` of the connection (or of the previous response on a kept-alive
one), however slowly it trickles, or the connection is closed.
"""

from __future__ import annotations

import contextlib
import re
import selectors
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HEAD_SECONDS = 10.0
"""Time for a whole request head, from the connection (or the last response) on (G11)."""
MAX_HEAD = 256 * 1024
"""A head longer than this is handed on as it is: the handler answers 414 or 431."""
_END = re.compile(rb"\r?\n\r?\n")


@dataclass
class Connection:
    """One client connection between requests: its socket and what it has sent so far."""

    sock: socket.socket
    address: Any
    data: bytearray = field(default_factory=bytearray)
    deadline: float = 0.0
    scanned: int = 0
    """How far ``data`` has been searched for the end of the head."""
    fd: int = -1
    """The socket's number while it is registered for reading (a closed socket has none)."""


@dataclass(frozen=True)
class Head:
    """A connection whose request head is complete: the head, and any bytes after it (the
    next pipelined request's)."""

    connection: Connection
    head: bytes
    rest: bytes


class HeadReader:
    """Collects request heads on its own thread; hands each complete one to ``ready`` and
    each connection it gives up on (closed by the client, too slow) to ``drop``."""

    def __init__(self, ready: Callable[[Head], None], drop: Callable[[Connection], None]) -> None:
        self._ready, self._drop = ready, drop
        self._selector = selectors.DefaultSelector()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._selector.register(self._wake_read, selectors.EVENT_READ, None)
        self._inbox: list[Connection] = []
        self._pending: dict[int, Connection] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="preview-heads", daemon=True)
        self._thread.start()

    def add(self, connection: Connection) -> None:
        """Read ``connection``'s next request head (its ``data`` may hold some already)."""
        connection.deadline = time.monotonic() + HEAD_SECONDS
        with self._lock:
            self._inbox.append(connection)
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")

    def close(self) -> None:
        """Stop reading; every connection still sending its head is closed."""
        self._closed = True
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")
        self._thread.join(timeout=5)
        for connection in [*self._pending.values(), *self._inbox]:
            self._drop(connection)
        self._selector.close()
        self._wake_read.close()
        self._wake_write.close()

    def _run(self) -> None:
        while not self._closed:
            self._take_new()
            now = time.monotonic()
            soonest = min((c.deadline for c in self._pending.values()), default=now + 1.0)
            for key, _events in self._selector.select(max(0.0, min(soonest - now, 1.0))):
                if key.data is None:
                    with contextlib.suppress(OSError):
                        self._wake_read.recv(4096)
                else:
                    self._read(key.data)
            now = time.monotonic()
            for connection in [c for c in self._pending.values() if c.deadline <= now]:
                self._forget(connection)
                self._drop(connection)  # the head took too long: closed unanswered

    def _take_new(self) -> None:
        with self._lock:
            new, self._inbox = self._inbox, []
        for connection in new:
            head = self._head(connection)  # a pipelined request may be all there already
            if head is not None:
                self._ready(head)
                continue
            connection.sock.setblocking(False)
            connection.fd = connection.sock.fileno()
            self._pending[connection.fd] = connection
            self._selector.register(connection.fd, selectors.EVENT_READ, connection)

    def _read(self, connection: Connection) -> None:
        try:
            data = connection.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client hung up (or the connection broke) before its head ended
            self._forget(connection)
            self._drop(connection)
            return
        connection.data += data
        head = self._head(connection)
        if head is not None:
            self._forget(connection)  # before the worker can close it and free its number
            self._ready(head)

    def _head(self, connection: Connection) -> Head | None:
        """The complete head (or one too long to wait for), or None while more must come."""
        data = connection.data
        end = _END.search(data, max(0, connection.scanned - 3))
        connection.scanned = len(data)
        if end is None and len(data) <= MAX_HEAD:
            return None
        cut = end.end() if end is not None else len(data)
        head, rest = bytes(data[:cut]), bytes(data[cut:])
        connection.data = bytearray()
        connection.scanned = 0
        return Head(connection, head, rest)

    def _forget(self, connection: Connection) -> None:
        """No longer read: unregistered by the number it was registered under."""
        if self._pending.pop(connection.fd, None) is not None:
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(connection.fd)
