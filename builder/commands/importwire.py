"""``digest import FILE.txt …``: plain-text wire copy -> ``content/{year}/{month}/{slug}.md``.

The verb reads its arguments; builder/newsroom/importing.py turns each file into a
story, never overwriting (importing the same story twice is refused, exit 1, unless
``--force-new``). Every file is tried; the paths written are printed, one a line, and
the problems after them (warnings alone exit 0).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from builder.commands import options as shared
from builder.commands.helptext import verb_parser
from builder.errors import DateError, Problem, Refused, Rejected, UsageError, errors_in
from builder.newsroom import create
from builder.newsroom.importing import ImportOptions, import_file
from builder.newsroom.wire import source_option


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
    options = ImportOptions(when, create.topics_option(args.topics), source, args.force_new)
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
