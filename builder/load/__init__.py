"""load: one content file -> an :class:`Article`, or the problems that stop it.

Pure but for the bytes it is given: the same bytes and configuration give the
same Article, which is what makes it cacheable by content hash.
"""

from __future__ import annotations

import codecs
import functools
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from markupsafe import Markup

from builder.config import SiteConfig
from builder.discover.languages import name_language
from builder.errors import BudgetExceeded, LineError, LoadError, Problem
from builder.load.expand import Expanded, Expander
from builder.load.frontmatter import FrontMatter, Split, normalize_newlines, parse, split
from builder.load.kramdown import attribute_lists
from builder.load.links import scan
from builder.load.liquid import READS_POSTS
from builder.load.markdown import MarkdownRenderer, Rendered, plain_text
from builder.load.marks import OWN_URL
from builder.load.timeout import time_budget
from builder.load.variables import page_variables
from builder.model import Article, SourceFile
from builder.text.dates import date_from_filename, strip_date_prefix
from builder.text.slugs import is_windows_reserved, slugify


@dataclass(frozen=True)
class Loaded:
    """The article (None if the file has an error) and every problem found in the file."""

    article: Article | None
    problems: tuple[Problem, ...] = ()
    lists_posts: bool = False
    """The body reads Liquid's ``site.posts``: loaded without its body, which index/posts.py
    renders once every story is known."""


def load_article(
    source: SourceFile,
    config: SiteConfig,
    renderer: MarkdownRenderer,
    expander: Expander | None = None,
    posts: Sequence[Any] | None = None,
) -> Loaded:
    """Parse, validate and render one file; bad input becomes a :class:`Problem`.

    ``expander`` renders shortcodes; pass one per batch (it holds the compiled templates).
    ``posts`` is Liquid's ``site.posts``: None, a body that reads it is not rendered (the
    Loaded says so); index/posts.py loads it again with the stories once all are known.
    """
    try:
        expander = expander or Expander(config, renderer)
        return _load(source, config, renderer, expander, posts)
    except LineError as exc:
        problem = Problem(source.src_path, exc.line, exc.message, detail=exc.detail)
        return Loaded(None, (problem,))


def _load(
    source: SourceFile,
    config: SiteConfig,
    renderer: MarkdownRenderer,
    expander: Expander,
    posts: Sequence[Any] | None,
) -> Loaded:
    part = split(_text(source, config))
    meta = parse(part, config.tz)
    part, kramdown = _kramdown(part, config)
    name = PurePosixPath(source.src_path).stem
    if config.languages:  # post.es.md has the slug of post.md
        name = name_language(PurePosixPath(source.src_path).name, config.codes)[0]
    date = meta.date or date_from_filename(name, config.tz)
    if date is None:
        raise LoadError(
            meta.lines.get("title", 1), "'date' is required (or a YYYY-MM-DD- file name)"
        )
    window = _check_window(meta, date)
    slug = meta.slug or slugify(strip_date_prefix(name))
    if not slug:
        raise LoadError(1, f"no slug: the file name '{name}' has no letters or digits; set 'slug'")
    if is_windows_reserved(slug):
        raise LoadError(
            1, f"the file name gives the slug '{slug}', reserved on Windows; set 'slug'"
        )
    fields = {**meta.extra, "src_path": source.src_path, "title": meta.title, "date": date}
    fields |= {"slug": slug, "url": OWN_URL, "topics": meta.topics, "authors": meta.authors}
    later = posts is None and _reads_posts(part, meta, config)
    expand = functools.partial(_expand, part, meta, fields, config, renderer, (expander, posts))
    done = _Done(_NOT_YET, _EMPTY) if later else _render(part, config, renderer, expand)
    if not isinstance(done, _Done):
        problems = [Problem(source.src_path, line, message) for line, message in done]
        return Loaded(None, tuple(problems))
    expanded, rendered = done
    article = _article(source.src_path, meta, (slug, date), rendered, expanded, part)
    warnings = meta.warnings + ((window,) if window else ()) + kramdown + expanded.warnings
    notes = tuple(Problem(source.src_path, line, msg, "warning") for line, msg in warnings)
    return Loaded(article, notes, later)


def _article(
    src_path: str,
    meta: FrontMatter,
    slug_date: tuple[str, datetime],
    rendered: Rendered,
    expanded: Expanded,
    part: Split,
) -> Article:
    slug, date = slug_date
    return Article(
        src_path=src_path,
        title=meta.title,
        slug=slug,
        date=date,
        content=rendered.html,
        summary=meta.summary or rendered.summary,
        word_count=rendered.word_count,
        cjk_chars=rendered.cjk_chars,
        topic_names=meta.topics,
        updated=meta.updated,
        authors=meta.authors,
        dateline=meta.dateline,
        source=meta.source,
        image=meta.image,
        draft=meta.draft,
        see_also=meta.see_also,
        publish_date=meta.publish_date,
        expires=meta.expires,
        extra=meta.extra,
        lines=meta.lines,
        links=scan(part.body, part.body_line) + expanded.links,
    )


def _kramdown(part: Split, config: SiteConfig) -> tuple[Split, tuple[tuple[int, str], ...]]:
    """kramdown's ``{: .lead}`` and ``{:toc}`` applied or removed (load/kramdown.py)."""
    markdown = config.markdown
    extensions = markdown.extensions if markdown.engine == "python-markdown" else ()
    body, notes = attribute_lists(part.body, part.body_line, extensions)
    return (replace(part, body=body) if notes or body != part.body else part), tuple(notes)


_NOT_YET = Expanded("", str, (), ())
_EMPTY = Rendered(Markup(""), "", 0)


def _reads_posts(part: Split, meta: FrontMatter, config: SiteConfig) -> bool:
    """Whether the body's Liquid reads ``site.posts`` (so it waits for every story)."""
    enabled = meta.extra.get("shortcodes", True) is not False and config.shortcodes.liquid
    return enabled and READS_POSTS.search(part.body) is not None


def _check_window(meta: FrontMatter, date: datetime) -> tuple[int, str] | None:
    """``expires`` before ``publish_date`` would publish the story never: surely a typo.

    Before ``date`` alone it is a warning: Hugo sites do write an expiry day equal
    to the story's day (Digital.gov has one), which Hugo reads as expired at once.
    """
    if meta.expires is None:
        return None
    start = meta.publish_date or date
    if meta.expires >= start:
        return None
    line = meta.lines.get("expires", 1)
    if meta.publish_date is not None:
        raise LoadError(
            line,
            f"expires ({meta.expires.isoformat()}) is before publish_date ({start.isoformat()})",
        )
    return line, (
        f"expires ({meta.expires.isoformat()}) is before date ({start.isoformat()}):"
        " the story is never published"
    )


def _text(source: SourceFile, config: SiteConfig) -> str:
    """The file as text with ``\\n`` newlines, if it is not too big, valid and not binary."""
    if len(source.data) > config.max_article_bytes:
        raise LoadError(
            1,
            f"file is {len(source.data):,} bytes, over max_article_bytes "
            f"({config.max_article_bytes:,}); split it or raise the limit in site.yaml",
        )
    text = normalize_newlines(decode(source.data))
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise LoadError(line, "the file contains a NUL byte (is it a binary file?)")
    return text


def _render(
    part: Split, config: SiteConfig, renderer: MarkdownRenderer, expand: Callable[[], Expanded]
) -> _Done | tuple[tuple[int, str], ...]:
    """Shortcodes, then Markdown and sanitizing, in one time budget; or the shortcode
    problems. Running out names the stage that was running."""
    stage = "shortcodes"
    try:
        with time_budget(config.markdown.timeout):
            expanded = expand()
            if expanded.problems:
                return expanded.problems
            stage = "Markdown"
            return _Done(expanded, renderer.render(expanded.text, expanded.fill))
    except BudgetExceeded as exc:
        message = _OVER_BUDGET[str(exc) or stage].format(config.markdown.timeout)
        raise LoadError(part.body_line, message) from None
    except LineError:
        raise
    except Exception as exc:  # a bug in Markdown or an extension must not stop other files
        detail = f"{type(exc).__name__}: {exc}"[:300]
        trace = "".join(traceback.format_exception(exc))
        raise LoadError(part.body_line, f"renderer error ({detail})", trace) from exc


_OVER_BUDGET = {
    "shortcodes": "shortcodes took over {:g} s to render (a template that loops?)",
    "Markdown": "Markdown took over {:g} s to render "
    "(pathological input such as thousands of unclosed '['?)",
    "sanitizing": "sanitizing the HTML takes over {:g} s "
    "(pathological HTML such as thousands of nested or unclosed tags?)",
}
"""What running out of ``markdown.timeout`` says, by the stage that ran out of it."""


class _Done(NamedTuple):
    expanded: Expanded
    rendered: Rendered


def _expand(
    part: Split,
    meta: FrontMatter,
    fields: dict[str, Any],
    config: SiteConfig,
    renderer: MarkdownRenderer,
    expanding: tuple[Expander, Sequence[Any] | None],
) -> Expanded:
    """Shortcodes and Liquid tags rendered, unless turned off for the site or this article."""
    enabled = meta.extra.get("shortcodes", True)
    if not isinstance(enabled, bool):
        line = meta.lines.get("shortcodes", 1)
        raise LoadError(line, "shortcodes must be true or false")
    options = config.shortcodes
    if not enabled or not (options.hugo or options.liquid) or "{" not in part.body:
        return Expanded(part.body, str, (), ())
    expander, posts = expanding[0], expanding[1] or ()
    page = page_variables(
        meta.matter, fields, part.body, lambda md: plain_text(renderer.to_html(md))
    )
    return expander.expand(part.body, part.body_line, fields, page, posts)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), or UTF-16 with a BOM; else the line of the first bad byte."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise LoadError(1, "not valid UTF-16 despite its byte-order mark") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(
            line,
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at column {column} (save as UTF-8)",
        ) from None
