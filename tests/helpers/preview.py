"""Test support for ``digest serve``: raw HTTP requests, an event-stream reader, a real process.

Raw sockets rather than http.client or urllib: both refuse or rewrite the very
request paths (NUL bytes, ``..``, backslashes) the server must be tested with.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 10.0


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(
    port: int,
    target: str | bytes,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    host: str = "127.0.0.1",
) -> Response:
    """One request on a fresh connection (``Connection: close``); the whole response."""
    target_bytes = target if isinstance(target, bytes) else target.encode("latin-1")
    fields = {"Host": f"{host}:{port}", "Connection": "close", **(headers or {})}
    head = b"".join(f"{k}: {v}\r\n".encode("latin-1") for k, v in fields.items())
    with socket.create_connection((host, port), timeout=TIMEOUT) as conn:
        conn.sendall(method.encode() + b" " + target_bytes + b" HTTP/1.1\r\n" + head + b"\r\n")
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    header_block, _, body = raw.partition(b"\r\n\r\n")
    lines = header_block.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    parsed = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    return Response(status, parsed, body)


def wait_until(check: Callable[[], object], timeout: float = 30.0, what: str = "") -> object:
    """Poll ``check`` until it returns something true; fail with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last: {last!r})")


class EventStream:
    """A live-reload client: reads ``status`` events from ``/.digest/events`` in a thread."""

    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self.events: queue.Queue[dict] = queue.Queue()
        self._sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        fields = {"Host": f"127.0.0.1:{port}", **(headers or {})}
        head = "".join(f"{k}: {v}\r\n" for k, v in fields.items())
        self._sock.sendall(f"GET /.digest/events HTTP/1.1\r\n{head}\r\n".encode())
        self._sock.settimeout(None)
        self._file = self._sock.makefile("rb")
        self.status_line = self._file.readline().decode().strip()
        while self._file.readline() not in (b"\r\n", b""):
            pass
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        kind = None
        try:
            for raw in self._file:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind == "status":
                    self.events.put(json.loads(line[6:]))
        except (OSError, ValueError):
            return

    def next(self, timeout: float = 30.0) -> dict:
        return self.events.get(timeout=timeout)

    def wait_for(self, check: Callable[[dict], bool], timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            event = self.next(max(0.01, deadline - time.monotonic()))
            if check(event):
                return event

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()


class ServeProcess:
    """``python -m builder serve --port 0`` as a real child process, stopped with Ctrl+C."""

    def __init__(self, site: Path, *extra: str) -> None:
        self.argv = [sys.executable, "-m", "builder", "serve", "--site", str(site), *extra]
        if "--port" not in extra:
            self.argv += ["--port", "0"]
        self.out: list[str] = []
        self.err: list[str] = []
        self.url = ""
        self.port = 0
        self.proc: subprocess.Popen[str] | None = None
        self._pumps: list[threading.Thread] = []

    def __enter__(self) -> ServeProcess:
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            self.argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=REPO,
        )
        for stream, sink in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            pump = threading.Thread(target=self._pump, args=(stream, sink), daemon=True)
            pump.start()
            self._pumps.append(pump)
        found = wait_until(self._served_url, timeout=120, what="the 'serving' line")
        self.url = str(found)
        self.port = int(re.search(r":(\d+)/", self.url).group(1))  # type: ignore[union-attr]
        return self

    def _served_url(self) -> str | None:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise AssertionError(f"serve exited {self.proc.returncode}: {self.err}")
        for line in self.out:
            match = re.match(r"serving (http://\S+)", line)
            if match:
                return match.group(1)
        return None

    @staticmethod
    def _pump(stream, sink: list[str]) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            sink.append(line.rstrip("\n"))

    def builds(self) -> int:
        """How many builds have finished, well or badly."""
        done = sum(1 for line in self.out if " -> " in line and "built" in line)
        return done + sum(1 for line in self.err if line.startswith("build failed"))

    def get(self, target: str, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        return request(self.port, target, **kwargs)

    def stop(self, sig: int = signal.SIGINT) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        for pump in self._pumps:  # every line the process wrote, read to the end
            pump.join(timeout=TIMEOUT)
        return self.proc.returncode

    def __exit__(self, *exc: object) -> None:
        self.stop()
