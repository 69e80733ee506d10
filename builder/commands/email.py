"""``digest email [DATE]``: one daily edition as an email, printed or (``--send``) sent.

Without ``--send`` nothing leaves the machine: the complete RFC 5322 message goes
to standard output, ready for ``sendmail -t`` (add a ``To:``) or a mailer. The
parts are the same pages ``digest build`` writes as ``email.html``/``email.txt``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from builder.commands import options
from builder.config import SiteConfig
from builder.errors import BuildFailed, ConfigError, Problem, SendFailed, UsageError, errors_in
from builder.index.publication import Selection
from builder.model import Edition
from builder.newsroom.mail import Parts, compose, read_recipients, send
from builder.pipeline import index_site
from builder.plan.email import email_pages
from builder.render import render_pages
from builder.render.environment import make_environment


def add_parser(verbs: Any) -> None:
    p = verbs.add_parser("email", help="print (or send) a daily edition as an email")
    p.add_argument("date", nargs="?", help="edition date, YYYY-MM-DD (default: the latest)")
    options.add_site(p)
    options.add_selection(p)
    p.add_argument("--send", action="store_true", help="deliver through email.smtp of site.yaml")
    p.add_argument("--to", type=Path, help="file of recipient addresses, one a line")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    if args.send != bool(args.to):
        raise UsageError("--send and --to go together (nothing is sent without --send)")
    config = options.site_config(args)
    recipients, invalid = read_recipients(args.to) if args.to else ([], [])
    parts = edition_parts(config, options.selection(args), args.date)
    if not args.send:
        sys.stdout.write(compose(parts, config).as_string())
        return
    refused = send(parts, config, recipients) if recipients else []
    sent = len(recipients) - len(refused)
    print(sent_line(parts.edition.key, sent, refused, invalid), file=sys.stderr)
    if refused or invalid:  # every line not delivered to, at its line of the file
        raise SendFailed(sorted(refused + invalid, key=lambda p: p.line))


def sent_line(key: str, sent: int, refused: list[Problem], invalid: list[Problem]) -> str:
    """``sent 2024-03-04 to 2 recipients; 1 not delivered, 1 line rejected as invalid``."""
    line = f"sent {key} to {options.count(sent, 'recipient')}"
    if refused:
        line += f"; {len(refused)} not delivered"
    if invalid:
        line += f"; {options.count(len(invalid), 'line')} rejected as invalid"
    return line


def edition_parts(config: SiteConfig, chosen: Selection, date: str | None) -> Parts:
    """Load and index the site, then render only the chosen edition's two email pages."""
    site, problems, _loads = index_site(config, chosen)
    if errors_in(problems):
        raise BuildFailed(problems)
    options.report(problems)
    edition = _edition(site.editions, date)
    pages = [p for p in email_pages(site, config) if p.context["edition"] is edition]
    outputs, render_problems = render_pages(pages, make_environment(config), config)
    if render_problems:
        raise BuildFailed(render_problems)
    html, text = (o.data.decode("utf-8") for o in outputs if o.data is not None)
    return Parts(edition, html, text)


def _edition(editions: tuple[Edition, ...], date: str | None) -> Edition:
    if not editions:
        message = "no daily editions to send (editions.daily is off, or no articles)"
        raise ConfigError([Problem("content", 1, message)])
    if date is None:
        return editions[0]
    for edition in editions:
        if edition.key == date:
            return edition
    raise UsageError(f"no daily edition for '{date}' (the latest is {editions[0].key})")
