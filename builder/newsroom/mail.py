"""The email edition as a message: RFC 5322 composition and SMTP delivery.

The parts are the pages the build renders (templates/email.html and email.txt,
with the filters of builder/templating.py). Messages are built with the
standard library's ``email`` package, delivered with ``smtplib``, one message
per recipient (each with its own ``To:``), and one refused address never stops
the others.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
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
    """As written: ``ann@example.org`` or ``Ann <ann@example.org>``."""
    where: Problem
    """Its place in the ``--to`` file (the problem's message is unused)."""


def read_recipients(path: Path) -> list[Recipient]:
    """One address a line; blank lines and ``#`` comments skipped; bad lines are errors."""
    shown = str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Problem(shown, 1, f"cannot read the recipients: {exc}")]) from None
    found, problems = [], []
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        _name, address = parseaddr(line)
        if "@" not in address or any(c.isspace() for c in address):
            problems.append(Problem(shown, number, f"not an email address: '{line}'"))
        else:
            found.append(Recipient(line, Problem(shown, number, "")))
    if problems:
        raise ConfigError(problems)
    if not found:
        raise ConfigError([Problem(shown, 1, "no recipients in the file")])
    return found


def send(parts: Parts, config: SiteConfig, recipients: Iterable[Recipient]) -> list[Problem]:
    """Deliver one message per recipient; one problem per refusal (empty: all sent)."""
    password = _password(config)
    refused: list[Problem] = []
    smtp = _connect(config, password)
    try:
        for to in recipients:
            why = _deliver(smtp, compose(parts, config, to.address), parseaddr(to.address)[1])
            if why is not None:
                refused.append(Problem(to.where.path, to.where.line, f"{to.address}: {why}"))
                if isinstance(why, _Disconnected):
                    smtp = _connect(config, password)
    finally:
        try:
            smtp.quit()
        except smtplib.SMTPException:
            smtp.close()
    return refused


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
