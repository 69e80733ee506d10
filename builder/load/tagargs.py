"""The inside of a shortcode or Liquid tag: its arguments, and where the tag ends. Pure.

Hugo's arguments are positional (``"a b"``, `` `raw` ``, ``bare``) or named
(``key="v"``, ``key=v``); Liquid's also ``key: value``, and either may be
separated by commas. A closing ``>}}`` or ``%}`` inside a quoted argument does
not end the tag, so ``alt="a >}} b"`` is one argument, as in Hugo.
"""

from __future__ import annotations

import re

_VALUE = r"""(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|`(?P<bq>[^`]*)`|(?P<bare>[^\s"'`,=]+))"""
_HUGO_ARG = re.compile(r"\s*(?:,\s*)?(?:(?P<key>[A-Za-z_][\w-]*)\s*=\s*)?" + _VALUE, re.DOTALL)
_LIQUID_ARG = re.compile(
    r"""\s*(?:,\s*)?(?:(?P<key>[A-Za-z_][\w-]*)\s*(?:=|:(?=\s|["'`]))\s*)?""" + _VALUE, re.DOTALL
)

_REST_IS_BLANK = re.compile(r"[\s,]*\Z")


def parse_args(
    text: str, *, liquid: bool
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], str | None]:
    """Positional and named arguments; the third value is what is wrong, if anything."""
    args: list[str] = []
    params: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        if _REST_IS_BLANK.match(text, pos):
            break
        match = (_LIQUID_ARG if liquid else _HUGO_ARG).match(text, pos)
        if match is None or match.end() == pos:
            return (), (), f"bad argument syntax at '{short(text[pos:].strip())}'"
        key, value = match.group("key"), _value(match)
        if key:
            params.append((key, value))
        else:
            args.append(value)
        pos = match.end()
    return tuple(args), tuple(params), None


class Bare(str):
    """An argument written without quotes: Jekyll reads ``key=page.title`` as a variable."""

    __slots__ = ()


def _value(match: re.Match[str]) -> str:
    if match.group("dq") is not None:
        return re.sub(r"\\(.)", r"\1", match.group("dq"), flags=re.DOTALL)
    for group in ("sq", "bq"):
        if match.group(group) is not None:
            return match.group(group)
    return Bare(match.group("bare") or "")


def find_close(text: str, pos: int, closer: str) -> int:
    """The offset of ``closer`` after ``pos``, outside double-quoted and backquoted strings."""
    quote = ""
    i = pos
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 2
                continue
            if char == quote:
                quote = ""
        elif text.startswith(closer, i):
            return i
        elif char in '"`':
            quote = char
        i += 1
    return -1


def short(source: str) -> str:
    """A tag as written, on one line and at most 60 characters, for messages."""
    flat = " ".join(source.split())
    return flat if len(flat) <= 60 else flat[:57] + "…"
