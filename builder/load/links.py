"""Internal links, the load-stage half: where each link to a ``.md`` file is written.

:func:`scan` runs over the Markdown of one file (pure, and cached with the
article) and records each ``.md`` target with its file line, because line
numbers exist only in the source. ``builder.index.links`` resolves them once
every article is known.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from builder.discover import ARTICLE_SUFFIXES

_INLINE = re.compile(r"\]\(\s*<([^>\n]*)>|\]\(\s*([^)\s]+)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)")
_RAW_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_content_link(target: str) -> bool:
    """A relative link to a ``.md`` file (``../04/x.md``, ``x.md#part``), not a web address."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path or _SCHEME.match(target) or target.startswith(("/", "#")):
        return False
    return unquote(path).lower().endswith(ARTICLE_SUFFIXES)


def scan(body: str, first_line: int) -> tuple[tuple[str, int], ...]:
    """(target, file line) of every link to a ``.md`` file written in the Markdown ``body``."""
    found: list[tuple[str, int]] = []
    fence = ""
    for number, line in enumerate(body.split("\n"), start=first_line):
        marker = _FENCE.match(line)
        if fence or marker:
            if marker and (not fence or marker.group(1).startswith(fence)):
                fence = "" if fence else marker.group(1)
            continue
        text = _CODE_SPAN.sub("", line)
        targets = [a or b for a, b in _INLINE.findall(text)]
        targets += _REFERENCE.findall(text) + _RAW_HREF.findall(text)
        found += [(t, number) for t in targets if is_content_link(t)]
    return tuple(found)
