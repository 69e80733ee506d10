"""A real SMTP server (aiosmtpd) on 127.0.0.1 for ``digest email --send``, and what it got.

Shared by tests/test_email.py and tests/reliability/test_mail_recipients.py: every
RCPT TO the server was given is recorded, accepted or not, so a test can show that no
address outside the recipients file was ever named to the server.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Received:
    messages: list[tuple[list[str], bytes]] = field(default_factory=list)
    """(accepted recipients, raw message) per message the server took."""
    rcpt: list[str] = field(default_factory=list)
    """Every address given in ``RCPT TO``, refused ones too."""


class Handler:
    """Accepts every recipient but ``refused@...``; keeps what it was sent."""

    def __init__(self, received: Received) -> None:
        self.received = received

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.received.rcpt.append(address)
        if address.startswith("refused@"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[int, Received]]:
    """The server's port and what it receives, while the block runs."""
    from aiosmtpd.controller import Controller

    received = Received()
    port = free_port()
    controller = Controller(Handler(received), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


def with_port(site: Path, port: int) -> Path:
    """The fixture site ``tests/sites/email`` pointed at the server's port."""
    config = site / "site.yaml"
    config.write_text(config.read_text().replace("port: 2525", f"port: {port}"))
    return site
