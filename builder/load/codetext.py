"""Where a Markdown body holds code (fenced blocks and code spans), so Liquid leaves it alone.

Jekyll renders Liquid inside code too, and its authors wrap code samples in
``{% raw %}``. newsdigest keeps the text of code blocks and code spans as written
(a Hugo story's ``{{ .Title }}`` sample, a Jekyll story's Liquid sample), so the
Liquid delimiters in them are swapped for marks the engine does not read, and
swapped back after it ran. ``{% raw %}`` and ``{% endraw %}`` are left as they are, so
``{% raw %}``…``{% endraw %}`` in a code span still shows its content without the tags,
as in Jekyll. Hugo's ``{{<`` and ``{{%`` are marked everywhere: they are Hugo
shortcodes, read after Liquid (load/shortcodes.py). Pure; the marks hold a NUL, which
a content file cannot (load refuses it), so no text can be mistaken for one.
"""

from __future__ import annotations

import re

_OPEN_OUTPUT = "\x00o"
_OPEN_TAG = "\x00t"
_HUGO = {"{{<": "\x00h<", "{{%": "\x00h%"}
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)
_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_RAW_MARKERS = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_LIQUID = re.compile(r"\{%|\{\{(?![<%])")


def guard(body: str) -> tuple[str, list[int]]:
    """``body`` with the Liquid of its code, and every Hugo opener, swapped for marks; and
    the offset of the first Liquid in each code block or span that no ``{% raw %}`` holds
    (Jekyll would render it: the editor is told it shows as written)."""
    out: list[str] = []
    shown: list[int] = []
    raw = [m.span() for m in _RAW_BLOCK.finditer(body)] if "raw" in body else []
    pos = 0
    for start, end in code_ranges(body):
        code = body[start:end]
        if "{" not in code:
            continue  # stays in the text between code ranges, as it is
        out.append(_hugo(body[pos:start]))
        out.append(_code(code))
        first = _unraw_liquid(body, start, end, raw)
        if first is not None:
            shown.append(first)
        pos = end
    out.append(_hugo(body[pos:]))
    return "".join(out), shown


def _unraw_liquid(body: str, start: int, end: int, raw: list[tuple[int, int]]) -> int | None:
    for found in _LIQUID.finditer(body, start, end):
        at = found.start()
        if not any(a <= at < b for a, b in raw):
            return at
    return None


def unguard(text: str) -> str:
    """The marks of :func:`guard` back to the text they stand for."""
    if "\x00" not in text:
        return text
    text = text.replace(_OPEN_OUTPUT, "{{").replace(_OPEN_TAG, "{%")
    for opener, mark in _HUGO.items():
        text = text.replace(mark, opener)
    return text


def _hugo(text: str) -> str:
    if "{{" not in text:
        return text
    for opener, mark in _HUGO.items():
        text = text.replace(opener, mark)
    return text


def _code(text: str) -> str:
    """Code: raw markers kept, every other ``{{`` and ``{%`` marked."""
    parts: list[str] = []
    pos = 0
    for marker in _RAW_MARKERS.finditer(text):
        parts.append(_mark(text[pos : marker.start()]))
        parts.append(marker.group())
        pos = marker.end()
    parts.append(_mark(text[pos:]))
    return "".join(parts)


def _mark(text: str) -> str:
    return _hugo(text).replace("{{", _OPEN_OUTPUT).replace("{%", _OPEN_TAG)


def code_ranges(body: str) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced code blocks and of code spans, in order.

    Fences as CommonMark and Python-Markdown's fenced_code write them: three or more
    backticks or tildes, closed by a run of the same character at least as long (an
    unclosed fence runs to the end). Code spans: a run of backticks closed by a run of
    the same length before the paragraph ends; an unmatched run is text.
    """
    ranges: list[tuple[int, int]] = []
    pos = 0
    while (fence := _FENCE.search(body, pos)) is not None:
        ranges += _spans(body, pos, fence.start())
        run = fence.group(1)
        closer = re.compile(rf"^[ \t]*{re.escape(run[0])}{{{len(run)},}}[ \t]*$", re.MULTILINE)
        line_end = body.find("\n", fence.end())
        found = closer.search(body, line_end) if line_end != -1 else None
        end = found.end() if found else len(body)
        ranges.append((fence.start(), end))
        pos = end
    return ranges + _spans(body, pos, len(body))


def _spans(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Code spans between ``start`` and ``end``, none across a blank line."""
    if "`" not in body[start:end]:
        return []
    return [m.span() for m in _SPAN.finditer(body, start, end)]
