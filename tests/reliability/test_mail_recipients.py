"""G23 (issue 27, item 3): a recipients file cannot name anyone it does not list line by line.

``digest email --send --to FILE`` against a real SMTP server (aiosmtpd) on 127.0.0.1.
Before: a ``\\x0b`` split a line so a hidden ``Bcc: evil@...`` became a recipient, a NUL
reached ``RCPT TO``, ``a@x, evil@y`` put evil@y in ``To:``, and an RFC 2047 name
carrying CR LF stopped the send loop with a ValueError (no later recipient tried, no
report). Now each line is exactly one address or a ``FILE:line:`` problem, every valid
line is delivered or reported, and the command ends with the counts (exit 1 if any
line was not delivered to).
"""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from helpers import digest
from helpers.smtp import smtp_server, with_port

pytestmark = pytest.mark.reliability

EVIL = "evil.example"
GOOD = ["ann@example.net", "Bob <bob@example.net>", "cid@example.net", "dee@example.net"]
HOSTILE = [
    f"eve@example.net\x0bBcc: mallory@{EVIL}",  # an editor's line break (VT)
    f"fay@example.net\x0cCc: mallory@{EVIL}",  # form feed
    f"gus@example.net\x85Bcc: mallory@{EVIL}",  # NEL
    f"hal@example.net\u2028Bcc: mallory@{EVIL}",  # LINE SEPARATOR
    f"ida@example.net\rBcc: mallory@{EVIL}",  # a lone CR
    f"nul\x00mallory@{EVIL}",
    f"jo@example.net\x00@{EVIL}",
    f"a@example.net, mallory@{EVIL}",
    f"a@example.net; mallory@{EVIL}",
    f"Bcc: mallory@{EVIL}",
    f"To: mallory@{EVIL}",
    f"undisclosed: mallory@{EVIL};",
    f"=?utf-8?q?Mallory=0D=0ABcc:_mallory@{EVIL}?= <kim@example.net>",  # CR LF, encoded
    "=?utf-8?b?TWFsbG9yeQtCY2M6IG1hbGxvcnlAZXZpbC5leGFtcGxl?= <lea@example.net>",  # VT, base64
    "=?utf-8?q?Mal=00lory?= <max@example.net>",  # NUL, encoded
    "not an address",
    "ann@",
]


def _file(tmp_path: Path) -> tuple[Path, dict[int, str]]:
    """The good lines at the start, between the hostile ones and at the end; the line
    number of each hostile line."""
    lines = ["# subscribers", GOOD[0], GOOD[1]]
    hostile: dict[int, str] = {}
    for i, line in enumerate(HOSTILE):
        hostile[len(lines) + 1] = line
        lines.append(line)
        if i == len(HOSTILE) // 2:
            lines.append(GOOD[2])
    lines.append(GOOD[3] + "  # the last one")
    to = tmp_path / "to.txt"
    to.write_bytes("\n".join(lines).encode() + b"\n")
    return to, hostile


def test_g23_hostile_lines_reach_no_one_and_every_valid_line_is_delivered(
    make_site, tmp_path: Path
) -> None:
    to, hostile = _file(tmp_path)
    with smtp_server() as (port, received):
        site = with_port(make_site("email"), port)
        run = digest("email", "--site", site, "--send", "--to", to)

    assert "Traceback" not in run.err and "internal error" not in run.err, run.err
    assert run.code == 1, run.err
    wanted = sorted(re.sub(r".*<|>", "", g) for g in GOOD)
    assert sorted(received.rcpt) == wanted  # nothing else ever named to the server
    assert sorted(r for rcpts, _ in received.messages for r in rcpts) == wanted
    for rcpts, raw in received.messages:
        assert EVIL.encode() not in raw and b"Bcc" not in raw, raw[:400]
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert [a.addr_spec for a in message["To"].addresses] == rcpts
    reported = {}
    for line in run.err.splitlines():
        found = re.match(rf"^{re.escape(str(to))}:(\d+): (.*)$", line)
        if found:
            reported[int(found.group(1))] = found.group(2)
    assert set(reported) == set(hostile), run.err
    assert all(text.endswith("; not sent") for text in reported.values()), reported
    assert "\x0b" not in run.err and "\x00" not in run.err and "\r" not in run.err
    summary = f"sent 2024-03-04 to 4 recipients; {len(HOSTILE)} lines rejected as invalid"
    assert summary in run.err


def test_g23_a_refusal_and_a_rejected_line_are_both_reported(make_site, tmp_path: Path) -> None:
    to = tmp_path / "to.txt"
    to.write_text(f"ann@example.net\nrefused@example.net\na@example.net, b@{EVIL}\ncid@x.net\n")
    with smtp_server() as (port, received):
        site = with_port(make_site("email"), port)
        run = digest("email", "--site", site, "--send", "--to", to)

    assert run.code == 1
    lines = run.err.splitlines()
    summary = "sent 2024-03-04 to 2 recipients; 1 not delivered; 1 line rejected as invalid"
    assert lines[0] == summary
    assert lines[1].startswith(f"{to}:2: refused@example.net: refused (550")
    assert lines[2].startswith(f"{to}:3: 2 addresses in ")
    assert sorted(received.rcpt) == ["ann@example.net", "cid@x.net", "refused@example.net"]


def test_g23_only_hostile_lines_send_nothing_and_exit_1(make_site, tmp_path: Path) -> None:
    to = tmp_path / "to.txt"
    to.write_bytes(f"x@example.net\x0bBcc: y@{EVIL}\n".encode())
    with smtp_server() as (port, received):
        site = with_port(make_site("email"), port)
        run = digest("email", "--site", site, "--send", "--to", to)

    assert run.code == 1
    assert "sent 2024-03-04 to 0 recipients; 1 line rejected as invalid" in run.err
    assert f"{to}:1: control character U+000B in " in run.err
    assert received.rcpt == []
