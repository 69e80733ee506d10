"""Markdown -> sanitized HTML, plain-text summaries and word counts.

Python-Markdown passes ``<script>``, ``onerror`` and ``javascript:`` through
(its maintainers say: sanitise the output), so unless ``raw_html: keep`` the
HTML goes through nh3 (Rust's ammonia) with an allow-list. ``escape`` also
stops Python-Markdown from recognising raw HTML at all, so it shows as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import markdown
import nh3
from markupsafe import Markup

from builder.config import MarkdownConfig

MORE_MARKER = "<!--more-->"
SUMMARY_CHARS = 300
RENDERER_VERSION = "1"
"""Bump when the HTML for the same Markdown changes (it keys the parse cache)."""

_TAGS = nh3.ALLOWED_TAGS | {"figure", "figcaption", "section", "sup", "sub"}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"style", "align", "colspan", "rowspan"},
    "td": {"style", "align", "colspan", "rowspan"},
    "ol": {"start"},
    "abbr": set(),
}
_SCHEMES = {"http", "https", "mailto"}
_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Rendered:
    html: Markup
    summary: str
    """The first paragraph (or the part before ``<!--more-->``) as plain text."""
    word_count: int


class MarkdownRenderer:
    """One reusable Python-Markdown instance (building one costs more than a page)."""

    def __init__(self, config: MarkdownConfig) -> None:
        self._config = config
        self._md = markdown.Markdown(extensions=list(config.extensions), output_format="html")
        if config.raw_html == "escape":
            self._md.preprocessors.deregister("html_block")
            self._md.inlinePatterns.deregister("html")

    def to_html(self, text: str) -> str:
        self._md.reset()
        out = self._md.convert(text)
        if self._config.raw_html == "keep":
            return out
        return clean_html(out)

    def render(self, body: str) -> Rendered:
        full = self.to_html(body.replace(MORE_MARKER, ""))
        text = plain_text(full)
        if MORE_MARKER in body:
            summary = plain_text(self.to_html(body.split(MORE_MARKER, 1)[0]))
        else:
            match = _FIRST_PARAGRAPH.search(full)
            summary = cut(plain_text(match.group(1))) if match else ""
        safe = Markup(full)  # noqa: S704 - sanitized by to_html (unless raw_html: keep)
        return Rendered(safe, summary, len(_WORD.findall(text)))


def clean_html(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel=None,
        filter_style_properties={"text-align"},
    )


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, tags dropped, entities decoded, white space folded."""
    stripped = nh3.clean(fragment, tags=set(), attributes={})
    return " ".join(html.unescape(stripped).split())


def cut(text: str, limit: int = SUMMARY_CHARS) -> str:
    """At most ``limit`` characters, cut at a word boundary, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:.-—")
    return head + "…"
