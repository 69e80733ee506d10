"""``digest import FILE.txt …``: plain-text wire copy -> ``content/{year}/{month}/{slug}.md``.

Each file is read, split by :mod:`builder.newsroom.wire` and written through
:mod:`builder.newsroom.create`, so it never overwrites: importing the same story twice
is refused (exit 1) unless ``--force-new`` asks for a ``-2`` copy, which is then flagged
as the copy. The date is ``--date``, else the one the copy gives (dateline or date
line), else now with a warning. Every file is tried; the paths written are printed,
one a line, and the problems after them (warnings alone exit 0).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from builder.commands import options as shared
from builder.commands.helptext import verb_parser
from builder.config import SiteConfig
from builder.errors import (
    ArticleExists,
    DateError,
    LoadError,
    Problem,
    Refused,
    Rejected,
    UsageError,
    WireError,
    errors_in,
)
from builder.load import decode
from builder.model import Source
from builder.newsroom import create
from builder.newsroom.wire import (
    WireStory,
    body_markdown,
    front_matter,
    parse_wire,
    source_option,
)
from builder.text.slugs import headline_slug


def add_parser(verbs: Any) -> None:
    p = verb_parser(
        verbs,
        "import",
        "turn plain-text wire copy into articles",
        "The first line is the headline, then paragraphs. A leading dateline\n"
        "(\"BEIJING —\") becomes 'dateline'; a date in the dateline or a date line is\n"
        'the story\'s date unless --date is given (else now, with a warning). "See also"\n'
        "teasers are kept as 'wire_see_also' for the editor. Never overwrites a file.",
        [
            "digest import story.txt --source AP",
            "digest import *.txt --topics 'China, Trade' --date 2024-05-23",
            "digest import story.txt --source 'Reuters https://www.reuters.com/' --force-new",
        ],
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.txt", help="wire copy, UTF-8")
    shared.add_site(p)
    p.add_argument(
        "--date",
        help="ISO date or date-time (default: the date in the copy, else now, with a warning)",
    )
    p.add_argument("--topics", help="comma-separated topics to add to every story")
    p.add_argument(
        "--source",
        help="the agency to credit: a name, optionally then its link ('AP https://apnews.com/')",
    )
    p.add_argument(
        "--force-new",
        action="store_true",
        help="import a story again as slug-2 instead of refusing",
    )
    p.set_defaults(run=run)


@dataclass(frozen=True)
class _Options:
    """What the command line says about every story of one import."""

    when: date | datetime | None
    """``--date``; None: each story's own date, else now."""
    topics: tuple[str, ...] = ()
    source: Source | None = None
    force_new: bool = False


def run(args: argparse.Namespace) -> None:
    config = shared.site_config(args)
    try:
        when = create.date_option(args.date, config) if args.date is not None else None
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None
    try:
        source = source_option(args.source) if args.source is not None else None
    except ValueError as exc:
        raise UsageError(f"--source: {exc}") from None
    options = _Options(when, create.topics_option(args.topics), source, args.force_new)
    problems: list[Problem] = []
    for wire_file in args.files:
        try:
            path, notes = import_file(wire_file, config, options)
        except Refused as exc:
            problems.append(exc.problem)
            continue
        problems += notes
        print(args.site / path.relative_to(config.site_dir))
    if errors_in(problems):
        raise Rejected(problems)
    shared.report(problems)  # warnings alone: reported, exit 0


def import_file(
    wire_file: Path, config: SiteConfig, options: _Options
) -> tuple[Path, list[Problem]]:
    """Write one story; its path and warnings, or Refused with the problem naming the file."""
    name = str(wire_file)
    today = datetime.now(config.tz).date()
    try:
        story = parse_wire(decode(wire_file.read_bytes()), today)
    except OSError as exc:
        raise Refused(Problem(name, 1, f"cannot read the file ({exc.strerror})")) from None
    except (LoadError, WireError) as exc:
        raise Refused(Problem(name, exc.line, exc.message)) from None
    slug = headline_slug(story.headline, config.slugs)
    if not slug:
        raise Refused(Problem(name, 1, "the headline has no letters or digits"))
    when, notes = _story_date(story, options, config, name)
    fields = front_matter(story, when, options.topics, options.source)
    text = create.article_text(fields, body_markdown(story))
    try:
        path = create.create_article(
            config, create.local_day(when, config), slug, text, force_new=options.force_new
        )
    except ArticleExists as exc:
        where = exc.path.relative_to(config.site_dir).as_posix()
        hint = (
            f"{slug}-2 … {slug}-{create.MAX_SUFFIX} exist too"
            if options.force_new
            else f"use --force-new to import it again as {slug}-2"
        )
        message = f"{where} already exists (imported before?); nothing written ({hint})"
        raise Refused(Problem(name, 1, message)) from None
    if path.stem != slug:  # --force-new wrote a copy: flag the later file, not the original
        original = path.with_name(f"{slug}.md").relative_to(config.site_dir).as_posix()
        where = path.relative_to(config.site_dir).as_posix()
        message = f"imported again: a copy of {original} (delete one of them before publishing)"
        notes.append(Problem(where, 2, message, "warning"))
    return path, notes


def _story_date(
    story: WireStory, options: _Options, config: SiteConfig, name: str
) -> tuple[date | datetime, list[Problem]]:
    """``--date``, else the copy's own date, else now with a warning that says so."""
    if options.when is not None:
        return options.when, []
    if story.date is not None:
        value = story.date.value
        if isinstance(value, datetime):  # a local time of the copy: the site timezone
            value = value.replace(tzinfo=config.tz)
        return value, []
    now = create.date_option(None, config)
    message = (
        f"no date in the copy (dateline or date line) and no --date: dated now, "
        f"{now.isoformat(sep=' ')}; give --date for an older story"
    )
    return now, [Problem(name, 1, message, "warning")]
