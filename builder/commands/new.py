"""``digest new "Title"``: start a draft article dated now, never overwriting a file.

The draft goes to ``content/{year}/{month}/{slug}.md`` (the slug from the title,
the date in the site timezone) with ``draft: true``, so ``digest build`` leaves
it out until the editor removes that line; ``digest build --drafts`` shows it.
"""

from __future__ import annotations

import argparse
from typing import Any

from builder.commands import options
from builder.commands.helptext import verb_parser
from builder.errors import ArticleExists, Problem, Rejected, UsageError
from builder.newsroom import create
from builder.text.slugs import headline_slug


def add_parser(verbs: Any) -> None:
    p = verb_parser(
        verbs,
        "new",
        "start a new draft article",
        "Writes content/YEAR/MONTH/SLUG.md dated now, with 'draft: true' and an empty\n"
        "topics list to fill in. Remove the draft line to publish it. Never overwrites.",
        [
            'digest new "Council approves the harbour plan"',
            'digest new "Chip exports" --topics China',
        ],
    )
    p.add_argument("title", help="the headline, in quotes")
    options.add_site(p)
    p.add_argument("--topics", help="comma-separated topics, e.g. 'China, Export controls'")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    config = options.site_config(args)
    title = " ".join(args.title.split())
    slug = headline_slug(title, config.slugs)
    if not slug:
        raise UsageError(f"the title '{args.title}' has no letters or digits")
    when = create.date_option(None, config)
    topics = list(create.topics_option(args.topics))
    text = create.article_text({"title": title, "date": when, "topics": topics, "draft": True}, "")
    try:
        path = create.create_article(config, create.local_day(when, config), slug, text)
    except ArticleExists as exc:
        where = exc.path.relative_to(config.site_dir).as_posix()
        message = "already exists; nothing written (edit that file instead)"
        raise Rejected([Problem(where, 1, message)]) from None
    print(args.site / path.relative_to(config.site_dir))
