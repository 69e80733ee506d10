"""Hints ("did you mean ...?") for an editor's near misses: a key, a topic, a timezone.

Two measures, for two kinds of mistake. A misspelt *key* (``titel``, ``sumary``)
is compared with difflib's ratio: the set of keys is small and fixed, so a loose
match is a useful hint and rarely wrong. A misspelt *topic* is held to a strict
edit distance (or a plural): topics are open-ended, and ``Austria`` must not be
told it probably meant ``Australia``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

KEY_CUTOFF = 0.8
"""difflib ratio for keys: ``titel``/``title`` is 0.8, ``subtitle``/``title`` 0.77 (no hint)."""


def close_key(key: str, known: Iterable[str]) -> str | None:
    """The known key ``key`` is probably a typo of, or None."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=KEY_CUTOFF)
    return close[0] if close else None


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions), two rows of memory."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, left in enumerate(a, start=1):
        current = [i]
        for j, right in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left != right))
            )
        previous = current
    return previous[-1]


def _singular(word: str) -> str:
    for ending in ("ies", "es", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + ("y" if ending == "ies" else "")
    return word


def near_miss(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` is one slip away from: a plural, or one edit (two for long words).

    Both sides should already be folded (slugs); an exact match is not a near miss.
    """
    allowed = 1 if len(word) < 8 else 2
    best: tuple[int, str] | None = None
    for candidate in sorted(candidates):
        if candidate == word:
            return None
        if _singular(candidate) == _singular(word):
            distance = 0
        elif len(word) < 4 or abs(len(candidate) - len(word)) > allowed:
            continue
        else:
            distance = edit_distance(word, candidate)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None
