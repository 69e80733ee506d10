"""Hugo shortcodes in a Markdown body -> a tree of text and calls. Pure.

Hugo expands its shortcodes before Markdown sees the text, everywhere, code blocks and
code spans included: that is why its authors wrap literal examples in ``{{</* */>}}``,
and why this parser does not skip code either. It works on the body's text and keeps
the file line of every tag, so each problem is ``path:line``; it never raises, it
returns the problems. Liquid (Jekyll, Eleventy) is python-liquid's (load/liquid.py).

Pairing is found, not declared: ``{{< note >}}`` is paired when a
``{{< /note >}}`` closes it later at the same level, as Hugo decides from the
text; ``{{< name />}}`` is never paired. See docs/migrating.md for the forms.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import cast

from builder.load.tagargs import find_close, parse_args, short

NAME = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_NESTING = 50
"""Pairs inside pairs deeper than this are an error (and would exhaust the renderer's stack)."""
_START = re.compile(r"\{\{<|\{\{%")


@dataclass(frozen=True)
class Call:
    """One shortcode: ``{{< name args >}}``, ``{{% … %}}``, or a Liquid tag ``{% … %}``."""

    kind: str
    """``hugo`` (``{{< >}}``), ``hugo-markdown`` (``{{% %}}``), ``liquid`` (liquidtags.py)."""
    name: str
    args: tuple[str, ...]
    params: tuple[tuple[str, str], ...]
    line: int
    source: str
    """The opening tag as written, for messages."""
    body: tuple[Piece, ...] | None = None
    """The pieces between the opening and closing tags; None when not paired."""
    inner_text: str = ""
    """The text between the tags exactly as written (Hugo's ``.Inner`` of ``{{< >}}``)."""


Piece = str | Call


@dataclass(frozen=True)
class Parsed:
    pieces: tuple[Piece, ...]
    problems: tuple[tuple[int, str], ...]
    """(file line, message), in the order found."""


@dataclass(frozen=True)
class _Tag:
    """A tag as the scanner found it, before pairing."""

    kind: str
    name: str
    args: tuple[str, ...]
    params: tuple[tuple[str, str], ...]
    line: int
    start: int
    end: int
    source: str
    closing: bool = False
    self_closing: bool = False


class _Lines:
    """Offset -> file line, for a text that starts at ``first`` line of the file."""

    def __init__(self, text: str, first: int) -> None:
        self._breaks = [i for i, c in enumerate(text) if c == "\n"]
        self._first = first

    def at(self, offset: int) -> int:
        return self._first + bisect.bisect_left(self._breaks, offset)


def parse(text: str, first_line: int = 1) -> Parsed:
    """Split ``text`` into literal text and :class:`Call` pieces."""
    lines = _Lines(text, first_line)
    problems: list[tuple[int, str]] = []
    flat = _scan(text, lines, problems)
    pieces = _pair(flat, text, problems)
    return Parsed(tuple(pieces), tuple(problems))


def _scan(text: str, lines: _Lines, problems: list[tuple[int, str]]) -> list[str | _Tag]:
    """Text and unpaired tags in order."""
    out: list[str | _Tag] = []
    pos = 0
    search = 0
    while (match := _START.search(text, search)) is not None:
        start = match.start()
        item, end = _read_hugo(text, start, match.group(), lines.at(start), problems)
        out.append(text[pos:start])
        if item is not None:
            out.append(item)
        pos = search = end
    out.append(text[pos:])
    return [item for item in out if item != ""]


def _read_hugo(
    text: str, start: int, opener: str, line: int, problems: list[tuple[int, str]]
) -> tuple[str | _Tag | None, int]:
    mark = ">" if opener == "{{<" else "%"
    if text.startswith("/*", start + 3):  # {{</* name */>}}: the literal shortcode text
        close = text.find(f"*/{mark}}}}}", start + 5)
        if close == -1:
            problems.append((line, f"'{opener}/*' is not closed by '*/{mark}}}}}'"))
            return None, len(text)
        inner = text[start + 5 : close].strip()
        return f"{opener} {inner} {mark}}}}}", close + 5
    close = find_close(text, start + 3, mark + "}}")
    if close == -1:
        problems.append((line, f"'{opener}' is not closed by '{mark}}}}}'"))
        return None, len(text)
    source = text[start : close + 3]
    body = text[start + 3 : close].strip()
    kind = "hugo" if mark == ">" else "hugo-markdown"
    closing = body.startswith("/")
    self_closing = not closing and bool(re.search(r"(^|\s|^[A-Za-z0-9_-]+)/$", body))
    if closing:
        body = body[1:].strip()
    elif self_closing:
        body = body[:-1].strip()
    return _tag(kind, body, line, start, close + 3, source, problems, closing, self_closing)


def _tag(
    kind: str,
    body: str,
    line: int,
    start: int,
    end: int,
    source: str,
    problems: list[tuple[int, str]],
    closing: bool,
    self_closing: bool,
) -> tuple[str | _Tag, int]:
    name, rest = _split_name(body)
    if not NAME.match(name):
        shown = name or "(nothing)"
        problems.append((line, f"bad shortcode name '{shown}' in '{short(source)}' "
                         "(use letters, digits, '_' and '-')"))  # fmt: skip
        return source, end
    args, params, error = parse_args(rest, liquid=False)
    if error:
        problems.append((line, f"{error} in '{short(source)}'"))
        return source, end
    if closing and (args or params):
        problems.append((line, f"a closing tag takes no arguments: '{short(source)}'"))
    return _Tag(kind, name, args, params, line, start, end, source, closing, self_closing), end


def _split_name(body: str) -> tuple[str, str]:
    end = 0
    while end < len(body) and not body[end].isspace() and body[end] not in ",\"'`":
        end += 1
    return body[:end], body[end:]


def _pair(flat: list[str | _Tag], text: str, problems: list[tuple[int, str]]) -> list[Piece]:
    """Nest each matched pair's pieces in its :class:`Call`; unmatched openings stand alone.

    A pair deeper than :data:`MAX_NESTING` is one problem, at its opening; it and
    everything up to its closing tag are left out (the build fails on the problem), so the
    pairs inside it add no message of their own."""
    match = _matches(flat, problems)
    root: list[Piece] = []
    frames: list[tuple[_Tag, list[Piece], int]] = []
    past = -1  # the closing tag of the pair left out, if any
    for index, item in enumerate(flat):
        body = frames[-1][1] if frames else root
        if index <= past:
            continue
        if frames and frames[-1][2] == index:
            opening, inner, _ = frames.pop()
            text_inside = text[opening.end : cast(_Tag, item).start]
            (frames[-1][1] if frames else root).append(_call(opening, tuple(inner), text_inside))
        elif not isinstance(item, _Tag):
            body.append(item)
        elif item.closing:
            continue  # a closing tag without an opening one (reported)
        elif index not in match:
            body.append(_call(item))
        elif len(frames) >= MAX_NESTING:  # a pair inside a left-out one never gets here
            problems.append((item.line, f"shortcodes nested more than {MAX_NESTING} deep"))
            past = match[index]
        else:
            frames.append((item, [], match[index]))
    return root


def _matches(flat: list[str | _Tag], problems: list[tuple[int, str]]) -> dict[int, int]:
    """Opening index -> closing index, innermost first, in one pass (no rescanning)."""
    match: dict[int, int] = {}
    stack: list[int] = []
    open_count: dict[str, int] = {}
    for index, item in enumerate(flat):
        if not isinstance(item, _Tag) or item.self_closing:
            continue
        key = item.name
        if not item.closing:
            stack.append(index)
            open_count[key] = open_count.get(key, 0) + 1
            continue
        if not open_count.get(key):
            problems.append((item.line, f"'{short(item.source)}' closes nothing: no opening tag"))
            continue
        while True:  # openings above the match were never closed: they stand alone
            start = stack.pop()
            opening = cast(_Tag, flat[start])
            other = opening.name
            open_count[other] -= 1
            if other == key:
                match[start] = index
                break
    return match


def _call(tag: _Tag, body: tuple[Piece, ...] | None = None, inner: str = "") -> Call:
    return Call(tag.kind, tag.name, tag.args, tag.params, tag.line, tag.source, body, inner)
