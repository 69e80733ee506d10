"""What every verb shares: its common flags, loading the site, and how results are reported.

``--site`` is declared here once, as are ``--drafts``/``--future`` (the
:class:`~builder.index.Selection`) and ``-q``/``-v``; a verb module adds only the
arguments of its own and calls the pipeline. Reporting is here too, so that every
verb and ``cli.py`` print problems (``path:line: message``, on stderr) and the
build's summary line the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from builder.config import SiteConfig, load_config
from builder.errors import ConfigError, Problem, UsageError
from builder.index.publication import Selection
from builder.model import Change
from builder.result import BuildResult
from builder.text import dates


def add_site(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")


def add_selection(p: argparse.ArgumentParser) -> None:
    """The flags behind :func:`selection`: what is published besides today's stories."""
    p.add_argument("--drafts", action="store_true", help="include drafts")
    p.add_argument("--future", action="store_true", help="include future-dated articles")
    p.add_argument("--expired", action="store_true", help="include expired articles")
    p.add_argument(
        "--now",
        metavar="ISO",
        help="build as of this moment, e.g. 2026-12-02T06:00+01:00 (naive: site timezone)",
    )


def add_verbosity(p: argparse.ArgumentParser, *, quiet: bool = True) -> None:
    """``-v`` (tracebacks, details of problems) and, unless ``quiet`` is False, ``-q``."""
    loud = p.add_mutually_exclusive_group()
    if quiet:
        loud.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    more = "more detail: every warning, tracebacks"
    loud.add_argument("-v", "--verbose", action="store_true", help=more)


def site_config(args: argparse.Namespace, out: Path | None = None) -> SiteConfig:
    """The site folder named by ``--site``, checked, and its site.yaml."""
    site_dir = args.site.resolve()
    if not site_dir.is_dir():
        raise ConfigError([Problem(str(args.site), 0, "site folder not found")])
    return load_config(site_dir, out.resolve() if out else None)


def selection(
    args: argparse.Namespace, tz: tzinfo = UTC, clock: Callable[[], datetime] | None = None
) -> Selection:
    """What ``--drafts``/``--future``/``--expired`` ask to publish, as of ``--now`` or the clock.

    The one clock of the run: ``--now`` (naive: in the site timezone ``tz``), else
    ``clock()`` (default: the real time), read once, so every decision agrees.
    """
    now = parse_now(args.now, tz) if getattr(args, "now", None) else None
    if now is None:
        now = clock() if clock else datetime.now(UTC)
    return Selection(args.drafts, args.future, now, getattr(args, "expired", False))


def parse_now(text: str, tz: tzinfo) -> datetime:
    """``--now``'s value, or a usage error (exit 2) that says what is accepted."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--now {text!r} is not an ISO date or time (e.g. 2026-12-02 or 2026-12-02T06:00+01:00)"
        ) from None
    if not dates.in_range(value):  # the clock arithmetic would overflow (text/dates.py)
        raise UsageError(f"--now {dates.out_of_range(text)}")
    return value if value.tzinfo else value.replace(tzinfo=tz)


SHOWN_OF_A_KIND = 3
"""Warnings of one kind (one message) shown with their lines before a count line."""


def report(problems: Sequence[Problem], verbose: bool = False) -> None:
    """Problems on stderr, warnings grouped (:func:`readable`); with ``verbose``, every
    one, each with the traceback behind it."""
    for line in readable(problems, verbose):
        print(line, file=sys.stderr)


def readable(problems: Sequence[Problem], verbose: bool = False) -> list[str]:
    """Every error, one a line; of warnings with one message, the first
    ``SHOWN_OF_A_KIND`` and then one line ``and 276 more: image has no alt text``
    (after the rest, in the order the kinds first appear), so 279 alike do not bury
    the one that differs. ``verbose`` lists every warning (as ``--format json`` does)."""
    lines: list[str] = []
    seen: Counter[str] = Counter()
    for problem in problems:
        if problem.severity == "warning" and not verbose:
            seen[problem.message] += 1
            if seen[problem.message] > SHOWN_OF_A_KIND:
                continue
        lines.append(str(problem))
        if verbose and problem.detail:
            lines.append(problem.detail.rstrip())
    hidden = ((m, n - SHOWN_OF_A_KIND) for m, n in seen.items() if n > SHOWN_OF_A_KIND)
    return lines + [f"and {n} more: {message}" for message, n in hidden]


def as_json(problems: Sequence[Problem]) -> str:
    """``[{path, line, severity, message}]``, for editors and CI (``--format json``)."""
    items = [
        {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}
        for p in problems
    ]
    return json.dumps(items, ensure_ascii=False, indent=2)


def summary(result: BuildResult, out: Path, seconds: float, tz: tzinfo = UTC) -> str:
    """``built 12 articles (1 draft skipped), 5 topics -> public (…) in 0.40 s``."""
    site = result.summary
    skipped = []
    if site.skipped_drafts:
        skipped.append(count(site.skipped_drafts, "draft"))
    if site.skipped_future:
        skipped.append(count(site.skipped_future, "future article"))
    if site.skipped_expired:
        skipped.append(count(site.skipped_expired, "expired article"))
    note = f" ({', '.join(skipped)} skipped)" if skipped else ""
    stats = result.stats
    files = f"{stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed"
    line = (
        f"built {count(site.articles, 'article')}{note}, {count(site.topics, 'topic')}"
        f" -> {out} ({files}) in {seconds:.2f} s"
    )
    if site.next_change:
        line += "\n" + next_change(site.next_change, tz)
    return line


def next_change(change: Change, tz: tzinfo) -> str:
    """``next change 2026-12-02 06:00 +01:00: 'Title' publishes``: when to rebuild next."""
    return f"next change {moment(change.at, tz)}: {change.title!r} {change.kind}"


def moment(at: datetime, tz: tzinfo) -> str:
    """``2026-12-02 06:00 +01:00``, in the site timezone."""
    local = at.astimezone(tz)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
