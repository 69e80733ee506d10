"""``digest import FILE.txt …``: plain-text wire copy -> ``content/{year}/{month}/{slug}.md``.

Each file is read, split by :mod:`builder.newsroom.wire` and written through
:mod:`builder.newsroom.create`, so it never overwrites: importing the same story twice
is refused (exit 1) unless ``--force-new`` asks for a ``-2`` copy. Every file is tried;
the paths written are printed, one a line, and the refusals are raised together after
them (:class:`~builder.errors.Rejected`).
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

from builder.commands import options
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
)
from builder.load import decode
from builder.newsroom import create
from builder.newsroom.wire import body_markdown, front_matter, parse_wire
from builder.slugs import slugify


def add_parser(verbs: Any) -> None:
    p = verbs.add_parser("import", help="turn plain-text wire copy into articles")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.txt", help="wire copy, UTF-8")
    options.add_site(p)
    p.add_argument("--date", help="ISO date or date-time (default: now, in the site timezone)")
    p.add_argument("--topics", help="comma-separated topics to add to every story")
    p.add_argument(
        "--force-new",
        action="store_true",
        help="import a story again as slug-2 instead of refusing",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    config = options.site_config(args)
    try:
        when = create.date_option(args.date, config)
    except DateError as exc:
        raise UsageError(f"--date: {exc}") from None
    topics = create.topics_option(args.topics)
    problems: list[Problem] = []
    for wire_file in args.files:
        try:
            path = import_file(wire_file, config, when, topics, force_new=args.force_new)
        except Refused as exc:
            problems.append(exc.problem)
            continue
        print(args.site / path.relative_to(config.site_dir))
    if problems:
        raise Rejected(problems)


def import_file(
    wire_file: Path,
    config: SiteConfig,
    when: date | datetime,
    topics: tuple[str, ...],
    *,
    force_new: bool = False,
) -> Path:
    """Write one story; raises Refused with the problem naming the wire file."""
    name = str(wire_file)
    try:
        story = parse_wire(decode(wire_file.read_bytes()))
    except OSError as exc:
        raise Refused(Problem(name, 1, f"cannot read the file ({exc.strerror})")) from None
    except (LoadError, WireError) as exc:
        raise Refused(Problem(name, exc.line, exc.message)) from None
    slug = slugify(story.headline)
    if not slug:
        raise Refused(Problem(name, 1, "the headline has no letters or digits"))
    text = create.article_text(front_matter(story, when, topics), body_markdown(story))
    try:
        return create.create_article(
            config, create.local_day(when, config), slug, text, force_new=force_new
        )
    except ArticleExists as exc:
        where = exc.path.relative_to(config.site_dir).as_posix()
        hint = (
            f"{slug}-2 … {slug}-{create.MAX_SUFFIX} exist too"
            if force_new
            else f"use --force-new to import it again as {slug}-2"
        )
        message = f"{where} already exists (imported before?); nothing written ({hint})"
        raise Refused(Problem(name, 1, message)) from None
