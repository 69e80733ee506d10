"""``digest import FILE.txt …``: plain-text wire copy -> ``content/{year}/{month}/{slug}.md``.

Each file is read, split by :mod:`builder.newsroom.wire` and written through
:mod:`builder.newsroom.create`, so it never overwrites: importing the same story twice
is refused (exit 1) unless ``--force-new`` asks for a ``-2`` copy. Every file is
tried; the paths written are printed, one a line, and the problems after them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from builder.commands.build import report, site_config
from builder.commands.helptext import verb_parser
from builder.config import SiteConfig
from builder.dates import DateError
from builder.errors import Problem
from builder.load import LoadError, decode
from builder.newsroom import create
from builder.newsroom.wire import WireError, body_markdown, front_matter, parse_wire
from builder.slugs import headline_slug


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
    p.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    p.add_argument("--date", help="ISO date or date-time (default: now, in the site timezone)")
    p.add_argument("--topics", help="comma-separated topics to add to every story")
    p.add_argument(
        "--force-new",
        action="store_true",
        help="import a story again as slug-2 instead of refusing",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = site_config(args)
    try:
        when = create.date_option(args.date, config)
    except DateError as exc:
        print(f"error: --date: {exc}", file=sys.stderr)
        return 2
    topics = create.topics_option(args.topics)
    problems: list[Problem] = []
    for wire_file in args.files:
        try:
            path = import_file(wire_file, config, when, topics, force_new=args.force_new)
        except _Refused as exc:
            problems.append(exc.problem)
            continue
        print(args.site / path.relative_to(config.site_dir))
    report(problems)
    return 1 if problems else 0


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def import_file(
    wire_file: Path,
    config: SiteConfig,
    when: date | datetime,
    topics: tuple[str, ...],
    *,
    force_new: bool = False,
) -> Path:
    """Write one story; raises _Refused with the problem naming the wire file."""
    name = str(wire_file)
    try:
        story = parse_wire(decode(wire_file.read_bytes()))
    except OSError as exc:
        raise _Refused(Problem(name, 1, f"cannot read the file ({exc.strerror})")) from None
    except (LoadError, WireError) as exc:
        raise _Refused(Problem(name, exc.line, exc.message)) from None
    slug = headline_slug(story.headline)
    if not slug:
        raise _Refused(Problem(name, 1, "the headline has no letters or digits"))
    text = create.article_text(front_matter(story, when, topics), body_markdown(story))
    try:
        return create.create_article(
            config, create.local_day(when, config), slug, text, force_new=force_new
        )
    except create.ArticleExists as exc:
        where = exc.path.relative_to(config.site_dir).as_posix()
        hint = (
            f"{slug}-2 … {slug}-{create.MAX_SUFFIX} exist too"
            if force_new
            else f"use --force-new to import it again as {slug}-2"
        )
        message = f"{where} already exists (imported before?); nothing written ({hint})"
        raise _Refused(Problem(name, 1, message)) from None
