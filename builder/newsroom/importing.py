"""Wire copy in: one plain-text file becomes one new content file, never overwriting.

Each file is read, split by :mod:`builder.newsroom.wire` and written through
:mod:`builder.newsroom.create`, so importing the same story twice is refused unless
``force_new`` asks for a ``-2`` copy, which is then flagged as the copy. The date is
the command line's, else the one the copy gives (dateline or date line), else now with
a warning. ``digest import`` (commands/importwire.py) only reads its arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from builder.config import SiteConfig
from builder.errors import ArticleExists, LoadError, Problem, Refused, WireError
from builder.load import decode
from builder.model import Source
from builder.newsroom import create
from builder.newsroom.wire import WireStory, body_markdown, front_matter, parse_wire
from builder.text.slugs import headline_slug


@dataclass(frozen=True)
class ImportOptions:
    """What the command line says about every story of one import."""

    when: date | datetime | None
    """``--date``; None: each story's own date, else now."""
    topics: tuple[str, ...] = ()
    source: Source | None = None
    force_new: bool = False


def import_file(
    wire_file: Path, config: SiteConfig, options: ImportOptions
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
    story: WireStory, options: ImportOptions, config: SiteConfig, name: str
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
