"""kramdown's attribute lists (Jekyll's Markdown) in a body: applied, or removed with a warning.

Jekyll bodies write ``{: .lead}`` under a paragraph, ``{:toc}`` under a ``* TOC`` list,
``{::comment}…{:/comment}`` and attribute definitions (``{:note: .box}``). kramdown reads
them; Python-Markdown would print them. So before Markdown, outside code:

- ``* TOC`` + ``{:toc}`` becomes Python-Markdown's ``[TOC]`` (the ``toc`` extension);
- ``{: #id}`` ending a ``#`` heading stays: headings read attributes (load/headings.py);
- ``{: .lead}`` stays for Python-Markdown's ``attr_list`` when that extension is on,
  after the block it belongs to (kramdown also allows it before); one that belongs to
  no block, and every one when ``attr_list`` is off, is removed with a warning;
- ``{::comment}`` blocks are dropped; other kramdown extensions and attribute
  definitions are removed with a warning.

Nothing of them reaches a reader as text. Pure.
"""

from __future__ import annotations

import re

from builder.load.codetext import code_ranges

_TOC = re.compile(r"^[ \t]*(?:[*+-]|1\.)[ \t]+TOC[ \t]*\n[ \t]*\{:\s*toc\s*\}[ \t]*$", re.M)
_COMMENT = re.compile(r"\{::comment\}.*?\{:/(?:comment)?\}", re.S)
_EXTENSION = re.compile(r"\{::\w+[^}\n]*/?\}|\{:/\w*\}")
_DEFINITION = re.compile(r"^[ \t]*\{:[\w-]+:[^}\n]*\}[ \t]*$", re.M)
_BLOCK = re.compile(r"^[ \t]*\{:(?!:)[ \t]*([^}\n]*)\}[ \t]*$")
_INLINE = re.compile(r"\{:(?![:/])[^}\n]*\}")
_AFTER_SPAN = (")", "*", "_", "`", "]")
_HEADING = re.compile(r"[ ]{0,3}#{1,6}[ \t]+\S.*[ \t]$")


def attribute_lists(
    body: str, first_line: int, extensions: tuple[str, ...]
) -> tuple[str, list[tuple[int, str]]]:
    """``body`` ready for Python-Markdown, and a (file line, message) warning per removal."""
    if "{:" not in body:
        return body, []
    notes: list[tuple[int, str]] = []
    out: list[str] = []
    pos = 0
    for start, end in code_ranges(body):
        out.append(_text(body[pos:start], _line(body, pos, first_line), extensions, notes))
        out.append(body[start:end])
        pos = end
    out.append(_text(body[pos:], _line(body, pos, first_line), extensions, notes))
    return "".join(out), notes


def _line(body: str, offset: int, first_line: int) -> int:
    return first_line + body.count("\n", 0, offset)


def _text(text: str, first: int, extensions: tuple[str, ...], notes: list[tuple[int, str]]) -> str:
    if "{:" not in text:
        return text
    toc = "[TOC]" if "toc" in extensions else ""

    def table_of_contents(match: re.Match[str]) -> str:
        if not toc:
            notes.append((first + text.count("\n", 0, match.start()), _REMOVED_TOC))
        return toc + "\n" * match.group().count("\n")  # the lines below keep their numbers

    text = _TOC.sub(table_of_contents, text)
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    for pattern, why in _REMOVED:
        before = text
        text = pattern.sub(lambda m, w=why, t=before: _removed(m, t, first, w, notes), before)
    return _blocks(text, first, "attr_list" in extensions, notes)


_REMOVED = ((_EXTENSION, "a kramdown extension"), (_DEFINITION, "a kramdown definition"))
_REMOVED_TOC = "kramdown's {:toc} removed: add toc to markdown.extensions for a table of contents"


def _removed(
    match: re.Match[str], text: str, first: int, why: str, notes: list[tuple[int, str]]
) -> str:
    line = first + text.count("\n", 0, match.start())
    notes.append((line, f"'{match.group().strip()}' removed: {why} Python-Markdown has no use for"))
    return ""


def _blocks(text: str, first: int, applied: bool, notes: list[tuple[int, str]]) -> str:
    """Block attribute lists kept after their block (``attr_list`` on) or removed."""
    lines = text.split("\n")
    moved: dict[int, str] = {}
    for i, line in enumerate(lines):
        if _BLOCK.match(line) is None:
            lines[i] = _inline(line, first + i, applied, notes)
            continue
        above = i > 0 and lines[i - 1].strip() and not lines[i - 1].lstrip().startswith("|")
        below = i + 1 < len(lines) and lines[i + 1].strip()
        if applied and above:
            continue
        if applied and below and not (i > 0 and lines[i - 1].strip()):
            end = next((j for j in range(i + 1, len(lines)) if not lines[j].strip()), len(lines))
            moved[end - 1] = line.strip()  # kramdown's "before the block": after it here
        else:
            why = "it belongs to no block" if applied else "add attr_list to markdown.extensions"
            notes.append((first + i, f"kramdown attribute list '{line.strip()}' removed ({why})"))
        lines[i] = ""
    for end, ial in moved.items():
        lines[end] += "\n" + ial
    return "\n".join(lines)


def _inline(line: str, number: int, applied: bool, notes: list[tuple[int, str]]) -> str:
    """``*x*{: .c}`` and ``[l](u){: .c}`` stay for attr_list; any other is removed."""
    if "{:" not in line:
        return line

    def check(match: re.Match[str]) -> str:
        before = line[: match.start()]
        if applied and before.endswith(_AFTER_SPAN):
            return match.group()
        if _HEADING.match(before) and not line[match.end() :].strip():
            return match.group()  # ``## Title {: #id}``: a heading's, read as Hugo's are
        why = "after no element" if applied else "add attr_list to markdown.extensions"
        notes.append((number, f"kramdown attribute list '{match.group()}' removed ({why})"))
        return ""

    return _INLINE.sub(check, line)
