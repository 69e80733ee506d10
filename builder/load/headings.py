"""Headings as Hugo's Goldmark reads them: ``{#id .class}`` attributes, and Hugo's ids.

A migrated Hugo site writes ``## Install {#setup}`` and links to ``#setup``; Goldmark
applies such a heading attribute by default (``markup.goldmark.parser.attribute.title``),
Python-Markdown only with its ``attr_list`` extension, which also reads ``{…}`` after
paragraphs and inline elements, where old bodies may hold braces meant as text. So only
headings get attributes here (Goldmark's default too: its block attributes are off), through
``attr_list``'s own parser; listing ``attr_list`` in ``markdown.extensions`` turns on the
rest of it.

Ids (``markdown.heading_ids``): ``toc`` leaves them to Python-Markdown's ``toc`` extension
(``## a---b`` -> ``a-b``; repeats get ``_1``). ``github`` is Hugo's default rule
(``autoHeadingIDType``, markup/goldmark/autoid.go in Hugo): the text trimmed, every letter,
digit and ``_`` kept and lower-cased, every space and ``-`` one ``-``, anything else (a tab,
a no-break space, punctuation) dropped, so ``## a---b``
keeps its old anchor ``#a---b``; an empty one is ``heading``; repeats get ``-1``, ``-2``.
``github-ascii`` drops accents first and then every character outside ASCII. Explicit ids
are never changed, and an automatic id never takes one an explicit id holds.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.attr_list import sanitize_name as attribute_name
from markdown.extensions.toc import remove_fnrefs, render_inner_html
from markdown.treeprocessors import Treeprocessor

HUGO_RULES = ("github", "github-ascii")
"""The ``markdown.heading_ids`` values this module gives ids by (``toc`` is Python-Markdown's)."""
_TAG = re.compile(r"<[^>]*>")
_LEVELS = frozenset(f"h{n}" for n in range(1, 7))
TRAILING = re.compile(r"[ \t]+\{:?[ ]*([^}\n ][^}\n]*)\}[ \t]*$")
"""``{#id .class}`` at the end of a heading's text, as attr_list's HEADER_RE finds it."""


def hugo_id(text: str, ascii_only: bool = False) -> str:
    """The id Hugo gives a heading of this plain text (before it is made unique)."""
    if ascii_only:
        decomposed = unicodedata.normalize("NFD", text)
        text = unicodedata.normalize("NFC", "".join(c for c in decomposed if not _is_mark(c)))
    out = []
    for char in text.strip():
        if ascii_only and not char.isascii():
            continue
        if char in "- ":
            out.append("-")
        elif char == "_" or _letter_or_digit(char):
            out.append(char.lower())
    return "".join(out)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) == "Mn"


def _letter_or_digit(char: str) -> bool:
    """Go's unicode.IsLetter or IsDigit: categories L* and Nd (not Nl or No)."""
    category = unicodedata.category(char)
    return category[0] == "L" or category == "Nd"


def heading_text(inner_html: str) -> str:
    """A heading's text as Goldmark gives it to the id rule: tags dropped, entities decoded,
    white space kept as written (``Many   spaces`` is ``many---spaces`` in Hugo)."""
    return html.unescape(_TAG.sub("", inner_html))


def unique_hugo_id(slug: str, used: set[str]) -> str:
    """``slug``, else ``heading`` when empty, with ``-1``, ``-2``… while ``used`` holds it."""
    base = slug or "heading"
    found, n = base, 0
    while found in used:
        n += 1
        found = f"{base}-{n}"
    used.add(found)
    return found


def trailing_attributes(text: str) -> tuple[str, list[tuple[str, str | None]]] | None:
    """A heading's text without its trailing ``{…}`` and the attributes in it, or None
    when it ends in none (or in braces that are not an attribute list)."""
    match = TRAILING.search(text)
    if match is None:
        return None
    attrs, remainder = get_attrs_and_remainder(match.group(1))
    if remainder or not attrs:
        return None
    return text[: match.start()].rstrip("#").rstrip(), attrs


def merged(attrs: list[tuple[str, str | None]], start: dict[str, str]) -> dict[str, str]:
    """Attribute-list pairs over ``start``: ``.x`` adds a class, ``#x`` (``id``) and
    ``key=value`` set one, a bare word is a valueless attribute (``key=""``)."""
    out = dict(start)
    for key, value in attrs:
        if key == ".":
            out["class"] = f"{out['class']} {value}" if out.get("class") else str(value)
        else:
            out[attribute_name(key)] = "" if value is None else value
    return out


class _HeadingAttributes(Treeprocessor):
    """attr_list's rule for headings, on headings only (see the module docstring)."""

    def run(self, doc: Element) -> None:
        for elem in _headings(doc):
            if len(elem):
                last = elem[-1]
                found = trailing_attributes(last.tail or "")
                if found is not None:
                    last.tail = found[0]
            else:
                found = trailing_attributes(elem.text or "")
                if found is not None:
                    elem.text = found[0]
            if found is not None:
                for key, value in merged(found[1], dict(elem.attrib)).items():
                    elem.set(key, value)


class _HugoIds(Treeprocessor):
    """Hugo's ids for headings that have none (between attr_list and toc, which keeps them)."""

    def __init__(self, md: Markdown, ascii_only: bool) -> None:
        super().__init__(md)
        self.ascii_only = ascii_only

    def run(self, doc: Element) -> None:
        used = {el.attrib["id"] for el in doc.iter() if "id" in el.attrib}
        for elem in _headings(doc):
            if "id" not in elem.attrib:
                inner = render_inner_html(remove_fnrefs(elem), self.md)
                elem.set("id", unique_hugo_id(hugo_id(heading_text(inner), self.ascii_only), used))


def _headings(doc: Element) -> Iterator[Element]:
    return (el for el in doc.iter() if isinstance(el.tag, str) and el.tag in _LEVELS)


class HeadingsExtension(Extension):
    """Heading attributes (unless ``attr_list`` does them) and Hugo's ids (``github*``)."""

    def __init__(self, attributes: bool, ids: str) -> None:
        super().__init__()
        self.attributes = attributes
        self.ids = ids

    def extendMarkdown(self, md: Markdown) -> None:
        if self.attributes:
            md.treeprocessors.register(_HeadingAttributes(md), "heading_attributes", 8)
        if self.ids in HUGO_RULES:
            hugo = _HugoIds(md, self.ids == "github-ascii")
            md.treeprocessors.register(hugo, "hugo_heading_ids", 6)
