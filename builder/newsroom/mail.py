"""The email edition as a message: RFC 5322 composition and SMTP delivery.

The parts are the pages the build renders (templates/email.html and email.txt,
with the filters of builder/templating.py). Messages are built with the
standard library's ``email`` package, delivered with ``smtplib``, one message
per recipient (each with its own ``To:``), and one refused address never stops
the others.
"""

from __future__ import annotations

import email.policy
import os
import re
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from builder.config import SiteConfig
from builder.errors import ConfigError, Problem
from builder.model import Edition

WIDTH = 72


def sender(config: SiteConfig) -> str:
    """``email.from``, else ``digest@`` the base URL's host under the site's title."""
    if config.email.sender:
        return config.email.sender
    host = urlsplit(config.base_url).hostname or "localhost"
    return f"{config.title} <digest@{host}>"


@dataclass(frozen=True)
class Parts:
    """The two rendered parts of one edition's email."""

    edition: Edition
    html: str
    text: str


def compose(parts: Parts, config: SiteConfig, to: str | None = None) -> EmailMessage:
    """One complete multipart/alternative message (text first, HTML preferred)."""
    message = EmailMessage()
    message["Subject"] = f"{config.title}: {parts.edition.title}"
    message["From"] = sender(config)
    if to is not None:
        message["To"] = to
    message["Date"] = format_datetime(_edition_time(parts.edition, config))
    message["Message-ID"] = make_msgid(domain=urlsplit(config.base_url).hostname or None)
    unsubscribe = config.email.unsubscribe
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        if unsubscribe.startswith("https://"):
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(parts.text, cte="quoted-printable")  # readable when piped
    message.add_alternative(parts.html, subtype="html", cte="quoted-printable")
    return message


def _edition_time(edition: Edition, config: SiteConfig) -> datetime:
    """The newest story's time: the same message twice has the same Date."""
    newest = max(a.date for a in edition.articles)
    return newest.astimezone(config.tz)


@dataclass(frozen=True)
class Recipient:
    address: str
    """The one address of its line, as the ``To:`` header gets it: ``Ann <ann@example.org>``."""
    addr_spec: str
    """``ann@example.org``: what ``RCPT TO`` gets."""
    where: Problem
    """Its place in the ``--to`` file (the problem's message is unused)."""


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters (C0, DEL, C1 with NEL), line and paragraph separators, bidi controls:
none belongs in an address, and each one has split a line or a header (issue 27)."""
_COMMENT = re.compile(r"(?:^|(?<=[ ]))#.*$")
"""``# note`` at the start of a line or after a space; ``a#b@x`` is an address."""


def read_recipients(path: Path) -> tuple[list[Recipient], list[Problem]]:
    """One address a line, parsed strictly; blank lines and ``#`` comments skipped.

    Lines end at ``\n`` only (``\r\n`` too): ``str.splitlines`` would also end one at a
    ``\x0b`` or ``\x85``, which once turned ``ann@x\x0bBcc: evil@y`` into a second
    recipient. A line that is not exactly one address is returned as a problem at its
    line, never guessed at; the valid lines are still sent (commands/email.py)."""
    shown = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(shown, 1, f"cannot read the recipients: {exc}")]) from None
    found, invalid = [], []
    for number, raw in enumerate(text.split("\n"), 1):
        line = _COMMENT.sub("", raw.removesuffix("\r")).strip(" ")
        if not line:
            continue
        address, why = parse_recipient(line)
        if address is None:
            invalid.append(Problem(shown, number, f"{why}; not sent"))
        else:
            found.append(Recipient(str(address), address.addr_spec, Problem(shown, number, "")))
    if not found and not invalid:
        raise ConfigError([Problem(shown, 1, "no recipients in the file")])
    return found, invalid


def parse_recipient(line: str) -> tuple[Address | None, str]:
    """The one address ``line`` holds, or None and why not (the line shown escaped)."""
    shown = repr(line)
    unsafe = _UNSAFE.search(line)
    if unsafe:
        character = f"U+{ord(unsafe.group()):04X}"
        return None, f"control character {character} in {shown} (one address a line)"
    try:
        header = email.policy.default.header_factory("To", line)
    except Exception as exc:  # the stdlib parser raises ValueError, IndexError, ... on hostile text
        return None, f"not an email address: {shown} ({exc})"
    if len(header.groups) != 1 or len(header.addresses) != 1:
        return None, f"{len(header.addresses)} addresses in {shown} (one address a line)"
    if header.groups[0].display_name is not None:
        group = header.groups[0].display_name
        return None, f"'{group}:' makes {shown} a header or a group, not an address"
    address = header.addresses[0]
    if header.defects or not address.username or not address.domain:
        return None, f"not an email address: {shown}"
    if _UNSAFE.search(address.display_name + address.addr_spec):
        return None, f"the name or address of {shown}, once decoded, holds a control character"
    return address, ""


def send(parts: Parts, config: SiteConfig, recipients: Iterable[Recipient]) -> list[Problem]:
    """Deliver one message per recipient; one problem per recipient not delivered to (empty:
    all sent). Nothing a recipient does stops the others: a message that cannot be made,
    a refusal, or a server that hangs up (reconnected; when that fails, every recipient
    left is reported)."""
    password = _password(config)
    refused: list[Problem] = []
    smtp: smtplib.SMTP | None = _connect(config, password)
    lost = ""
    try:
        for to in recipients:
            if smtp is None:
                refused.append(_problem(to, lost))
                continue
            try:
                message = compose(parts, config, to.address)
            except ValueError as exc:  # read_recipients let through what a header cannot hold
                refused.append(_problem(to, f"not sent ({exc})"))
                continue
            why = _deliver(smtp, message, to.addr_spec)
            if why is not None:
                refused.append(_problem(to, why))
            if isinstance(why, _Disconnected):
                smtp, lost = _reconnect(config, password)
    finally:
        if smtp is not None:
            _quit(smtp)
    return refused


def _problem(to: Recipient, why: str) -> Problem:
    return Problem(to.where.path, to.where.line, f"{to.address}: {why}")


def _reconnect(config: SiteConfig, password: str | None) -> tuple[smtplib.SMTP | None, str]:
    """A new connection after the server hung up, or None and why the rest are not sent."""
    try:
        return _connect(config, password), ""
    except ConfigError as exc:
        return None, f"not sent: {exc.problems[0].message}"


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


class _Disconnected(str):
    """The reason a delivery failed when the server also hung up."""


def _deliver(smtp: smtplib.SMTP, message: EmailMessage, address: str) -> str | None:
    """None when the server took the message; else what it said."""
    try:
        smtp.send_message(message, to_addrs=[address])
    except smtplib.SMTPRecipientsRefused as exc:
        code, said = next(iter(exc.recipients.values()))
        return f"refused ({code} {_text(said)})"
    except smtplib.SMTPServerDisconnected as exc:
        return _Disconnected(f"the server closed the connection ({exc})")
    except smtplib.SMTPResponseException as exc:
        return f"refused ({exc.smtp_code} {_text(exc.smtp_error)})"
    except (smtplib.SMTPException, UnicodeError) as exc:  # e.g. SMTPUTF8 not offered
        return f"not sent ({exc})"
    except OSError as exc:
        return _Disconnected(f"the connection failed ({exc})")
    return None


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _password(config: SiteConfig) -> str | None:
    """Only from the environment variable ``password_env`` names; None: no login."""
    smtp = config.email.smtp
    if not smtp.user:
        return None
    name = smtp.password_env
    where = config.email.line
    if not name:
        raise ConfigError(
            [Problem("site.yaml", where, "email.smtp.user is set but password_env is not")]
        )
    if name not in os.environ:
        raise ConfigError(
            [Problem("site.yaml", where, f"the environment variable {name} is not set")]
        )
    return os.environ[name]


def _connect(config: SiteConfig, password: str | None) -> smtplib.SMTP:
    """Connect, STARTTLS when asked, log in when a user is set; failures are config errors."""
    smtp_config = config.email.smtp
    where = config.email.line
    try:
        smtp = smtplib.SMTP(smtp_config.host, smtp_config.port, timeout=30)
        if smtp_config.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if password is not None:
            smtp.login(smtp_config.user, password)
    except (OSError, smtplib.SMTPException) as exc:
        server = f"{smtp_config.host}:{smtp_config.port}"
        raise ConfigError(
            [Problem("site.yaml", where, f"cannot use the SMTP server {server}: {exc}")]
        ) from None
    return smtp
