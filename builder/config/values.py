"""The small readers every part of site.yaml shares: yes/no, counts, seconds, unknown keys.

Each raises :class:`YamlProblem` at the entry's line, so the messages name ``site.yaml:N``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from builder.errors import YamlProblem
from builder.text import yamlsafe
from builder.text.yamlsafe import Entry


def unknown(key: str, known: Iterable[str], parent: str = "") -> str:
    """``unknown key 'feeds.entires' (did you mean 'feeds.entries'?)``: nested keys by path."""
    close = difflib.get_close_matches(key, list(known), n=1)
    prefix = f"{parent}." if parent else ""
    hint = f" (did you mean '{prefix}{close[0]}'?)" if close else ""
    return f"unknown key '{prefix}{key}'{hint}"


def positive_int(entry: Entry, what: str) -> int:
    raw = yamlsafe.text(entry.node, what)
    if not raw.isdigit() or int(raw) < 1:
        raise YamlProblem(entry.line, f"{what} must be a whole number of at least 1, not '{raw}'")
    return int(raw)


def seconds(entry: Entry, what: str) -> float:
    raw = yamlsafe.text(entry.node, what)
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise YamlProblem(entry.line, f"{what} must be a number of seconds above 0, not '{raw}'")
    return value


def boolean(entry: Entry, what: str, loader: Any) -> bool:
    value = yamlsafe.value(entry.node, loader)
    if not isinstance(value, bool):
        raise YamlProblem(entry.line, f"{what} must be true or false")
    return value
