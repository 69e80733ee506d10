"""Markdown -> sanitized HTML, plain-text summaries and word counts.

Python-Markdown passes ``<script>``, ``onerror`` and ``javascript:`` through
(its maintainers say: sanitise the output), so unless ``raw_html: keep`` the
HTML goes through nh3 (Rust's ammonia) with an allow-list. ``escape`` also
stops Python-Markdown from recognising raw HTML at all, so it shows as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique
from markupsafe import Markup

from builder.config import MarkdownConfig
from builder.errors import BudgetExceeded
from builder.load.headings import (
    HUGO_RULES,
    TRAILING,
    HeadingsExtension,
    heading_text,
    hugo_id,
    merged,
    trailing_attributes,
    unique_hugo_id,
)
from builder.load.htmlwork import SMALL, UNITS_PER_SECOND, tree_work
from builder.load.timeout import remaining

MORE_MARKER = "<!--more-->"
SUMMARY_CHARS = 300
RENDERER_VERSION = "4"
"""Bump when what loading the same file gives changes (HTML, or a new warning such as a
front-matter typo hint): it keys the parse cache."""

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
_CJK = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Kana and Han: Chinese and Japanese write no spaces, so each character counts as a word
(Hugo's rule); Korean spaces its words and is counted by them."""
_CJK_STOPS = ("。！？", "、；")
"""Where a Chinese or Japanese summary may end: after a sentence, else after a clause."""
CJK_SUMMARY_CHARS = 120
"""A summary in Chinese or Japanese: 120 characters say what 300 Latin ones do."""


@dataclass(frozen=True)
class Rendered:
    html: Markup
    summary: str
    """The first paragraph (or the part before ``<!--more-->``) as plain text."""
    word_count: int
    cjk_chars: int = 0


class MarkdownRenderer:
    """One reusable converter (building a Python-Markdown instance costs more than a page)."""

    def __init__(self, config: MarkdownConfig) -> None:
        self._config = config
        if config.engine == "cmark-gfm":
            self._convert = cmark_converter(config)
        else:
            self._convert = python_markdown_converter(config)

    def to_html(self, text: str) -> str:
        out = self._convert(text)
        if self._config.raw_html == "keep":
            return out
        return clean_html(out)

    def render(self, body: str, finish: Callable[[str], str] = str) -> Rendered:
        """``finish`` puts rendered shortcodes in place of their placeholders (load/expand.py)."""
        full = finish(self.to_html(body.replace(MORE_MARKER, "")))
        text = plain_text(full)
        if MORE_MARKER in body:
            summary = plain_text(finish(self.to_html(body.split(MORE_MARKER, 1)[0])))
        else:
            match = _FIRST_PARAGRAPH.search(full)
            summary = cut(plain_text(match.group(1))) if match else ""
        safe = Markup(full)  # noqa: S704 - sanitized by to_html (unless raw_html: keep)
        cjk = len(_CJK.findall(text))
        words = len(_WORD.findall(_CJK.sub(" ", text) if cjk else text))
        return Rendered(safe, summary, words + cjk, cjk)


def python_markdown_converter(config: MarkdownConfig) -> Callable[[str], str]:
    headings = HeadingsExtension("attr_list" not in config.extensions, config.heading_ids)
    md = markdown.Markdown(extensions=[*config.extensions, headings], output_format="html")
    if config.raw_html == "escape":
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


def cmark_converter(config: MarkdownConfig) -> Callable[[str], str]:
    """GitHub's cmark-gfm: tables, strikethrough, autolinks and task lists always on.

    GitHub's ``tagfilter`` is left off: it turns ``<script>`` into visible text,
    where nh3 removes it, as it does for Python-Markdown's output. Code blocks get
    ``class="language-x"`` as Python-Markdown writes them, not GitHub's ``lang``.

    Of the Python-Markdown extension names only two mean something here:
    ``footnotes`` turns on cmark's footnotes and ``toc`` gives headings the ids
    Python-Markdown's toc would (``heading_ids: github`` gives Hugo's, toc or not).
    Heading attributes (``{#id .class}``) are read as with Python-Markdown.
    ``escape`` drops raw HTML (cmark's safe mode) instead of showing it as text;
    see the README for every difference.
    """
    from builder.load import cmark

    Options = cmark.Options
    options = Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
    if config.raw_html != "escape":
        options |= Options.CMARK_OPT_UNSAFE
    if "footnotes" in config.extensions:
        options |= Options.CMARK_OPT_FOOTNOTES
    rule = config.heading_ids
    ids = rule if rule in HUGO_RULES or "toc" in config.extensions else None

    to_html = cmark.converter(options, _CMARK_EXTENSIONS)

    def convert(text: str) -> str:
        return cmark_headings(to_html(text), ids)

    return convert


_CMARK_EXTENSIONS = ["table", "autolink", "strikethrough", "tasklist"]
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)


def cmark_headings(fragment: str, ids: str | None) -> str:
    """cmark's headings given their ``{#id .class}`` attributes and then, unless ``ids``
    is None, the ids Python-Markdown's toc (``toc``) or Hugo (``github*``) would give."""
    if "<h" not in fragment:
        return fragment
    found: list[tuple[str, str, dict[str, str]]] = []
    for match in _HEADING.finditer(fragment):
        level, inner = match.groups()
        parsed = trailing_attributes(html.unescape(inner)) if "{" in inner else None
        attrs = merged(parsed[1], {}) if parsed else {}
        cut = TRAILING.search(inner) if parsed else None
        if cut:
            inner = inner[: cut.start()].rstrip("#").rstrip()
        found.append((level, inner, attrs))
    used = {attrs["id"] for _, _, attrs in found if "id" in attrs}
    parts = iter(found)

    def rewrite(match: re.Match[str]) -> str:
        level, inner, attrs = next(parts)
        if ids and "id" not in attrs:
            attrs = {"id": _heading_id(inner, ids, used), **attrs}
        shown = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
        return f"<h{level}{shown}>{inner}</h{level}>"

    return _HEADING.sub(rewrite, fragment)


def _heading_id(inner: str, rule: str, used: set[str]) -> str:
    if rule in HUGO_RULES:
        return unique_hugo_id(hugo_id(heading_text(inner), rule == "github-ascii"), used)
    return unique(toc_slugify(plain_text(inner), "-"), used)


def clean_html(fragment: str) -> str:
    return _clean(fragment, _TAGS, _ATTRIBUTES)


def _clean(fragment: str, tags: set[str], attributes: dict[str, set[str]]) -> str:
    """nh3 with the rules every kind of body HTML shares: the URL schemes, no rel, no style
    but ``text-align``; only which tags and attributes may stay differs."""
    return _sanitize(
        fragment,
        lambda: nh3.clean(
            fragment,
            tags=tags,
            attributes=attributes,
            url_schemes=_SCHEMES,
            link_rel=None,
            filter_style_properties={"text-align"},
        ),
    )


def _sanitize(fragment: str, clean: Callable[[], str]) -> str:
    """``clean()`` (an nh3 call on ``fragment``) inside the time budget, which cannot
    interrupt it: a fragment whose estimated work (htmlwork.py) exceeds what the budget
    has left is refused before nh3 starts; the budget running out is named "sanitizing"."""
    try:
        left = remaining()
        if left is not None and len(fragment) > SMALL:
            limit = left * UNITS_PER_SECOND
            if tree_work(fragment, limit) > limit:
                raise BudgetExceeded("sanitizing")
        return clean()
    except BudgetExceeded:
        raise BudgetExceeded("sanitizing") from None


_TEMPLATE_TAGS = _TAGS | {"iframe", "video", "audio", "source", "picture", "aside", "cite"}
_TEMPLATE_ATTRIBUTES = {
    **_ATTRIBUTES,
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},
    "video": {"src", "controls", "width", "height", "poster"},
    "audio": {"src", "controls"},
    "source": {"src", "type", "srcset"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "blockquote": {"cite"},
}


def clean_template_html(fragment: str) -> str:
    """A shortcode template's output: its own markup is trusted like any site template's
    (an ``<iframe>`` embed stays), but never a script, an event handler or ``javascript:``."""
    return _clean(fragment, _TEMPLATE_TAGS, _TEMPLATE_ATTRIBUTES)


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, tags dropped, entities decoded, white space folded."""
    stripped = _sanitize(fragment, lambda: nh3.clean(fragment, tags=set(), attributes={}))
    return " ".join(html.unescape(stripped).split())


def cut(text: str, limit: int = SUMMARY_CHARS) -> str:
    """At most ``limit`` characters, cut at a word boundary, with an ellipsis if cut.
    Chinese and Japanese text, which has no spaces to cut at, is cut after its sentence
    or clause marks (。、), at most ``CJK_SUMMARY_CHARS`` characters."""
    if len(_CJK.findall(text[:limit])) > min(len(text), limit) // 3:
        return _cut_cjk(text)
    if len(text) <= limit:
        return text
    head = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:.-—")
    return head + "…"


def _cut_cjk(text: str) -> str:
    if len(text) <= CJK_SUMMARY_CHARS:
        return text
    window = text[:CJK_SUMMARY_CHARS]
    for marks in _CJK_STOPS:
        stop = max(window.rfind(mark) for mark in marks)
        if stop >= CJK_SUMMARY_CHARS // 2:
            return window[: stop + 1].rstrip("、；") + "…"
    return window + "…"
