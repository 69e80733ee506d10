"""Group G and goals G4, G10, G11 and case 45: the preview server under hostile requests.

Reuses the ``served`` fixture of tests/test_serve.py (a real PreviewServer over a real
build, with symlinks out of the output and a sibling-prefix folder already planted).
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from pathlib import Path

import pytest
from helpers.preview import ServeProcess, request, wait_until
from test_serve import Served, served  # noqa: F401  (the fixture is used by name)

from builder.errors import Problem
from builder.preview.heads import HEAD_SECONDS
from builder.preview.livereload import EVENTS_URL
from builder.preview.server import MAX_CONNECTIONS, MAX_PER_CLIENT, MAX_TARGET

pytestmark = pytest.mark.reliability

ENCODINGS = ["../", "%2e%2e/", "%2e%2e%2f", "..%2f", "%252e%252e%252f", "..\\", "..%5c", "//"]
TARGETS = ["secret.txt", "public-old/secret.txt", "etc/passwd", "secret.txt%00", ".env"]
EXTRAS = [
    "/link-to-secret.txt",
    "/link-to-outside/secret.txt",
    "/link-to-sibling/secret.txt",
    "/.newsdigest-manifest.json",
    "/.git/config",
    "/.env",
    "/.htaccess",
    "/.digest/../../secret.txt",
]


def traversal_battery() -> list[str]:
    """Depth 1-8 x every encoding x every target, plus symlinks in the output and dotfiles."""
    generated = [
        "/" + encoding * depth + target
        for depth in range(1, 9)
        for encoding in ENCODINGS
        for target in TARGETS
    ]
    return generated + EXTRAS


def test_g4_three_hundred_traversals_never_return_a_random_canary(served: Served) -> None:  # noqa: F811
    token = f"CANARY-{secrets.token_hex(16)}"
    served.canary.write_text(token)
    (served.out.parent / "public-old" / "secret.txt").write_text(token)
    (served.out.parent / ".env").write_text(token)
    targets = traversal_battery()
    assert len(targets) >= 300
    statuses: dict[int, int] = {}
    for target in targets:
        got = served.get(target)
        assert token.encode() not in got.body, target
        assert b"root:" not in got.body, target
        assert got.status < 500, (target, got.status)
        statuses[got.status] = statuses.get(got.status, 0) + 1
    assert set(statuses) <= {400, 403, 404, 414}, statuses
    assert served.get("/").status == 200  # still healthy


VERBS = ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "MKCOL", "TRACE", "CONNECT"]
GARBAGE_VERBS = ["FOO", "G3T", "get", "XYZZY", "BREW"]


@pytest.mark.parametrize("method", VERBS + GARBAGE_VERBS)
def test_g10_every_other_verb_is_405_with_allow(served: Served, method: str) -> None:  # noqa: F811
    got = served.get("/", method=method)
    assert got.status == 405, method
    assert got.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "target",
    ["/%00", "/%ff", "/%c0%ae%c0%ae/", "/%e0%80%af", "/%f0%80%80%af", "/%7f", "/a%1bb", "/%0d%0a"],
)
def test_g10_nul_undecodable_overlong_and_control_characters_are_400(
    served: Served,  # noqa: F811
    target: str,
) -> None:
    assert served.get(target).status == 400


@pytest.mark.parametrize("length", [MAX_TARGET + 1, 9 * 1024, 70 * 1024])
def test_g10_long_targets_are_414(served: Served, length: int) -> None:  # noqa: F811
    got = served.get("/" + "a" * (length - 1))
    assert got.status == 414
    assert served.get("/").status == 200


@pytest.mark.parametrize(
    "host", ["attacker.example", "evil.test:80", "127.0.0.2.x", "localhost.attacker.example"]
)
def test_g10_non_local_hosts_are_refused(served: Served, host: str) -> None:  # noqa: F811
    assert served.get("/", headers={"Host": host}).status in (403, 421)


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of listening TCP sockets on ``port``, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_g10_46_default_bind_is_loopback_by_socket_address(make_site) -> None:
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux /proc/net/tcp to read the socket address")
    with ServeProcess(make_site("serve")) as serve:
        assert serve.url.startswith("http://127.0.0.1:")
        assert _listening_addresses(serve.port) == {"0100007F"}  # 127.0.0.1, nothing wider
    assert not [line for line in serve.err if line.startswith("warning")]


@pytest.mark.parametrize(
    "page",
    ["/", "/404.html"],
)
def test_45_served_pages_get_one_script_and_a_matching_content_length(
    served: Served,  # noqa: F811
    page: str,
) -> None:
    got = served.get(page)
    assert got.body.count(b"/.digest/reload.js") == 1
    assert int(got.headers["content-length"]) == len(got.body)


def test_45_several_bodies_comments_and_scripts(served: Served) -> None:  # noqa: F811
    tricky = (
        b"<html><body>one</body><body>two</body>"
        b"<!-- </body> --><script>var s = '</body>';</script></html>"
    )
    (served.out / "tricky.html").write_bytes(tricky)
    got = served.get("/tricky.html")
    assert got.body.count(b"/.digest/reload.js") == 1
    assert int(got.headers["content-length"]) == len(got.body)
    before, _, after = got.body.partition(b'<script src="/.digest/reload.js"')
    assert before == b"<html><body>one</body><body>two"  # before the last real </body>
    assert after.count(b"<!-- </body> -->") == 1


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").exists() else 0


def test_g11_43_fifty_slowloris_sockets_do_not_stop_normal_gets(
    served: Served,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    threads_before, fds_before = threading.active_count(), _open_fds()
    slow = []
    for _ in range(50):
        sock = socket.create_connection(("127.0.0.1", served.port), timeout=30)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # never finished
        slow.append(sock)
    idle = socket.create_connection(("127.0.0.1", served.port), timeout=30)  # sends nothing
    slow.append(idle)
    try:
        answered = [served.get("/").status for _ in range(30)]
        assert answered == [200] * 30
        assert threading.active_count() <= threads_before + MAX_CONNECTIONS + 10
        assert _open_fds() <= fds_before + 2 * len(slow) + MAX_CONNECTIONS + 10
        # partial and idle connections are closed by the server (10 s timeout; generous bound)
        deadline = time.monotonic() + 60
        for sock in slow:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                while sock.recv(4096):
                    pass
            except ConnectionResetError:
                pass
        wait_until(
            lambda: threading.active_count() <= threads_before + 2,
            timeout=30,
            what="the slow connections' threads to end",
        )
        assert request(served.port, "/").status == 200
    finally:
        for sock in slow:
            sock.close()


def _event_stream(port: int) -> socket.socket:
    """A tab listening for reloads: its stream's first bytes read, so a worker holds it."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(f"GET {EVENTS_URL} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    seen = b""
    while b"retry:" not in seen:
        seen += sock.recv(4096)
    return sock


def test_48_a_request_past_the_cap_waits_for_a_worker_and_is_answered(
    served: Served,  # noqa: F811
) -> None:
    """Every worker holding a tab's event stream: the next GET waits, and is answered once a
    tab is closed (the stream's next write finds it gone)."""
    tabs = [_event_stream(served.port) for _ in range(MAX_CONNECTIONS)]
    try:
        answer: list[int] = []
        asking = threading.Thread(target=lambda: answer.append(served.get("/").status))
        asking.start()
        time.sleep(0.3)
        assert answer == []  # waiting for a worker (not dropped)
        tabs.pop().close()
        for _ in range(3):  # each rebuild writes to every stream: the closed one's fails
            served.state.succeeded(served.out)
            time.sleep(0.2)
        asking.join(timeout=30)
        assert answer == [200]
    finally:
        for sock in tabs:
            sock.close()


def _from(source: str, port: int) -> socket.socket:
    """A connection from another loopback address: another client, as the server sees it."""
    sock = socket.socket()
    sock.settimeout(30)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    return sock


def _closed_by_server(sock: socket.socket, within: float) -> bool:
    """Whether the server closes ``sock`` (EOF or reset) before ``within`` seconds pass."""
    deadline = time.monotonic() + within
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            if not sock.recv(4096):
                return True
        except ConnectionResetError:
            return True
        except TimeoutError:
            return False
    return False


def test_g11_a_head_trickling_a_line_every_4_s_is_closed(served: Served) -> None:  # noqa: F811
    """Issue 27: one header line every 4 s reset a per-read timeout forever (held > 60 s).
    The whole head must arrive within HEAD_SECONDS (10 s): the server hangs up on the
    trickle well before the generous bound here, which it would never reach before."""
    sock = _from("127.0.0.2", served.port)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    lines = 0
    try:
        while lines < 12:  # 48 s of trickling at most
            if _closed_by_server(sock, 4.0):
                break
            sock.sendall(f"X-Trickle-{lines}: 1\r\n".encode())
            lines += 1
        else:
            pytest.fail(f"the server kept a trickling head open for 48 s ({HEAD_SECONDS=})")
    finally:
        sock.close()


class Tricklers:
    """``count`` clients from 127.0.0.2, each sending one header line every 4 s, and
    connecting again whenever the server hangs up on it (a persistent attacker)."""

    def __init__(self, port: int, count: int) -> None:
        self.port, self.stop = port, threading.Event()
        self.socks = [self._open() for _ in range(count)]
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _open(self) -> socket.socket:
        sock = _from("127.0.0.2", self.port)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        return sock

    def _run(self) -> None:
        line = 0
        while not self.stop.wait(4.0):
            line += 1
            for i, sock in enumerate(self.socks):
                try:
                    sock.sendall(f"X-Trickle-{line}: 1\r\n".encode())
                except OSError:
                    sock.close()
                    self.socks[i] = self._open()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        for sock in self.socks:
            sock.close()


def _answer(port: int) -> int | str:
    try:
        return request(port, "/").status
    except (OSError, IndexError, ValueError) as exc:  # closed unanswered, or no answer at all
        return type(exc).__name__


def test_g11_seventy_trickling_clients_do_not_stop_normal_gets(
    served: Served,  # noqa: F811
) -> None:
    """Issue 27: with 70 clients trickling their heads, 10 of 10 normal GETs went unanswered
    (each trickler held one of the 64 threads). Heads are now read without a thread, so
    each GET is answered, over 15 s of the attack (past HEAD_SECONDS, as the tricklers are
    cut off and come back); threads stay bounded."""
    threads_before = threading.active_count()
    attack = Tricklers(served.port, 70)
    try:
        answers = []
        for _ in range(10):
            time.sleep(1.5)
            answers.append(_answer(served.port))
            assert threading.active_count() <= threads_before + MAX_CONNECTIONS + 10
        assert answers == [200] * 10
    finally:
        attack.close()


def test_g11_one_address_past_its_cap_is_refused_and_others_are_served(
    served: Served,  # noqa: F811
) -> None:
    """MAX_PER_CLIENT idle connections from 127.0.0.2 hold no thread; its next connection is
    closed at once, and a client at another address is still answered."""
    threads_before = threading.active_count()
    idle = [_from("127.0.0.2", served.port) for _ in range(MAX_PER_CLIENT)]
    try:
        extra = _from("127.0.0.2", served.port)
        idle.append(extra)
        assert _closed_by_server(extra, 5.0)
        assert request(served.port, "/").status == 200  # from 127.0.0.1
        assert threading.active_count() <= threads_before + 10
    finally:
        for sock in idle:
            sock.close()


def test_43_clients_hanging_up_mid_request_leave_no_traceback(
    served: Served,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    threads_before = threading.active_count()
    for _ in range(20):  # partial headers, then hang up: the server answers into a closed socket
        sock = socket.create_connection(("127.0.0.1", served.port), timeout=30)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        sock.close()
    wait_until(
        lambda: threading.active_count() <= threads_before,
        timeout=30,
        what="the hung-up connections' threads to end",
    )
    assert served.get("/").status == 200
    assert "Traceback" not in capsys.readouterr().err


def test_g12_47_every_get_is_answered_with_the_last_good_page_while_broken(
    served: Served,  # noqa: F811
) -> None:
    pages = sorted(
        "/" + path.relative_to(served.out).as_posix()
        for path in served.out.rglob("*.html")
        if not path.is_symlink()
    )
    assert len(pages) >= 5
    good = {page: served.get(page).body for page in pages}
    served.state.failed([Problem("content/a.md", 2, "'title' is required")])
    for page in pages:  # every GET answered, with the last good page
        got = served.get(page)
        assert got.status in (200, 404), page
        assert got.body == good[page], page
    index = served.out / "index.html"
    index.write_bytes(index.read_bytes().replace(b"</body>", b"<p>FIXED-MARK</p></body>"))
    served.state.succeeded(served.out)
    assert b"FIXED-MARK" in served.get("/").body
