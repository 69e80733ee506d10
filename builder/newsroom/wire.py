"""Plain-text wire copy -> the fields of an article. Pure.

Wire copy as agencies send it (and as ``../shared/seed/`` holds it): the first
non-empty line is the headline, then paragraphs separated by blank lines. Two
conventions are lifted out of the body:

* a leading **dateline**, an upper-case place name before an em or en dash
  (``BEIJING — China's foreign minister…``; also ``PORTLAND, Maine (AP) –``):
  it becomes ``dateline`` and the theme shows it before the first paragraph;
* **teasers** for other stories, lines beginning ``See also`` and spaces or
  no-break spaces: they name stories of the agency's site, not of ours, so they are
  kept for the editor as the extra field ``wire_see_also`` (never as ``see_also``
  entries, which would not resolve and would warn on every build);
* the story's **date**, from the dateline or a line that is only a date
  (:mod:`builder.newsroom.wiredate`); the date line is taken out of the body.

Everything else is kept character for character, curly quotes and dashes
included. A paragraph's hard-wrapped lines are joined by one space, and the
characters Markdown would read as markup are escaped so that the rendered text is
exactly the wire text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from builder.errors import WireError
from builder.load.frontmatter import normalize_newlines
from builder.load.markdown import cut
from builder.model import Source
from builder.newsroom.wiredate import WireDate, date_in_dateline, date_line

_SEE_ALSO = re.compile(r"^See also[ \t\u00a0\u2007\u202f]+(?P<teaser>\S.*)$")
_DATELINE = re.compile(
    r"^(?P<place>[^—–]{2,80}?)[ \u00a0]*[—–][ \u00a0]*(?P<rest>\S.*)$", re.DOTALL
)
_PLACE_CHARS = frozenset(" .'’-")
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^([#>+-])")
_ORDERED_LIST = re.compile(r"^(\d+)([.)])(?=\s|$)")


@dataclass(frozen=True)
class WireStory:
    headline: str
    dateline: str | None
    see_also: tuple[str, ...]
    paragraphs: tuple[str, ...]
    """The story's paragraphs as plain text, dateline, date line and teasers removed."""
    date: WireDate | None = None
    """The date the copy gives (dateline first, then a date line), or None."""


def parse_wire(text: str, today: date | None = None) -> WireStory:
    """Split wire copy into headline, dateline, teasers and paragraphs; raises WireError.

    ``today`` (the site's) dates a dateline without a year; default: the machine's.
    """
    lines = normalize_newlines(text.removeprefix("\ufeff")).split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise WireError(1, "empty wire copy: the first line must be the headline")
    headline = " ".join(lines[start].split())
    see_also: list[str] = []
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines[start + 1 :]:
        stripped = line.strip()
        teaser = _SEE_ALSO.match(stripped)
        if teaser:
            see_also.append(teaser.group("teaser").strip())
        elif stripped:
            current.append(stripped)
            continue
        if current:  # a blank line or a teaser ends the paragraph
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    today = today or date.today()
    found, blocks = _take_date_line(blocks, today)
    paragraphs = [" ".join(block) for block in blocks]
    if not paragraphs:
        raise WireError(start + 1, "no story text after the headline")
    dateline, first = split_dateline(paragraphs[0])
    if dateline:
        found = date_in_dateline(dateline, today) or found
    return WireStory(headline, dateline, tuple(see_also), (first, *paragraphs[1:]), found)


def _take_date_line(
    blocks: list[list[str]], today: date
) -> tuple[WireDate | None, list[list[str]]]:
    """The first line of the copy, or any one-line paragraph, that is only a date: taken out."""
    if blocks and (found := date_line(blocks[0][0], today)):
        rest = blocks[0][1:]
        return found, ([rest] if rest else []) + blocks[1:]
    for i, block in enumerate(blocks):
        if len(block) == 1 and (found := date_line(block[0], today)):
            return found, blocks[:i] + blocks[i + 1 :]
    return None, blocks


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """``BEIJING — China's…`` -> (``BEIJING``, ``China's…``); else (None, the paragraph)."""
    match = _DATELINE.match(paragraph)
    if not match or not _is_place(match.group("place")):
        return None, paragraph
    return match.group("place").strip(), match.group("rest")


def _is_place(text: str) -> bool:
    """An upper-case place name, optionally followed by ``, Region`` and/or ``(AGENCY)``."""
    place = re.split(r"[,(]", text, maxsplit=1)[0].strip()
    letters = [c for c in place if c.isalpha()]
    return (
        len(letters) >= 2
        and all(c.isupper() for c in letters)
        and all(c.isalpha() or c in _PLACE_CHARS for c in place)
    )


_TEMPLATE_OPEN = re.compile(r"\{(?=[{%])")


def escape_markdown(paragraph: str) -> str:
    """Backslash the characters Markdown would read as markup, so the text renders as written."""
    text = _INLINE_MARKUP.sub(r"\\\1", paragraph)
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    text = _ORDERED_LIST.sub(r"\1\\\2", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    # A "{" that would open a shortcode or Liquid tag ({{< … >}}, {% … %}, {{ … }}) becomes
    # an entity: it still reads "{", and wire copy can never run a template (issue 12).
    return _TEMPLATE_OPEN.sub("&#123;", text)


def body_markdown(story: WireStory) -> str:
    return "\n\n".join(escape_markdown(p) for p in story.paragraphs) + "\n"


def front_matter(
    story: WireStory,
    when: date | datetime,
    topics: tuple[str, ...] = (),
    source: Source | None = None,
) -> dict[str, Any]:
    """The front-matter keys of an imported story, in the order an editor reads them.

    ``topics`` is always written (``[]`` to fill in), as ``digest new`` does.
    """
    fields: dict[str, Any] = {"title": story.headline, "date": when}
    if story.dateline:
        fields["dateline"] = story.dateline
    if source is not None:
        fields["source"] = {"name": source.name, "url": source.url} if source.url else source.name
    fields["summary"] = cut(story.paragraphs[0])
    fields["topics"] = list(topics)
    if story.see_also:
        fields["wire_see_also"] = list(story.see_also)
    return fields


def source_option(text: str) -> Source:
    """``--source "AP"`` or ``--source "AP https://apnews.com/"``: a name, then maybe a URL.

    Raises ValueError for an empty name or a link that is not http(s).
    """
    words = text.split()
    url = words.pop() if len(words) > 1 and "://" in words[-1] else None
    if url is None and words and "://" in words[-1]:
        raise ValueError(f"'{text}' has a link but no name (write --source \"AP {words[-1]}\")")
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"the source link must be http(s), not '{url}'")
    if not words:
        raise ValueError("the source name is empty")
    return Source(" ".join(words), url)
