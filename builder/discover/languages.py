"""Which language a content file is in, from its path alone, and the path it shares with
its translations. Nothing is read.

The forms real multilingual sites use, with ``CODE`` one of site.yaml's ``languages:``:

- a folder per language, ``content/CODE/…`` (Hugo's ``contentDir`` per language, and
  Jekyll's ``CODE/_posts/`` moved under ``content/``);
- translation by file name, ``NAME.CODE.md`` (Hugo's ``post.es.md``, a bundle's
  ``index.ja.md``);
- anything else is in the default language.

Two files are translations of each other when the path left after taking the language
away is the same (``content/ja/blog/x.md`` and ``content/en/blog/x.md`` both share
``blog/x.md``; ``news/x.es.md`` and ``news/x.md`` share ``news/x.md``); front matter's
``translationKey`` pairs files whose paths differ (index/translations.py). Page bundles
(discover/bundles.py) call :func:`name_language` for ``index.CODE.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Placed:
    """A content file's language and the path it shares with its translations."""

    code: str
    shared: str
    """Below ``content/``, without the language folder or the ``.CODE`` of the name."""
    by_name: bool = False
    """The language comes from the file name (``x.ja.md``): the file says it is a translation."""


def language_of(src_path: str, codes: Sequence[str], default: str) -> Placed:
    """``content/ja/a/b.md`` -> ja, ``a/b.md``; ``content/a/b.es.md`` -> es, ``a/b.md``."""
    parts = src_path.split("/")[1:]  # below content/
    folder = _code(parts[0], codes) if len(parts) > 1 else None
    if folder is not None:
        parts = parts[1:]
    stem, named = name_language(parts[-1], codes)
    if named is not None and folder in (None, named):
        parts[-1] = stem + ".md"
        return Placed(named, "/".join(parts), by_name=True)
    return Placed(folder or default, "/".join(parts))


def name_language(name: str, codes: Sequence[str]) -> tuple[str, str | None]:
    """``post.es.md`` -> (``post``, ``es``); ``post.md`` -> (``post``, None). The stem is
    what the slug is made from, so ``post.es.md`` has the slug of ``post.md``."""
    stem = name[:-3] if name.endswith(".md") else name
    base, dot, suffix = stem.rpartition(".")
    code = _code(suffix, codes) if dot and base else None
    return (base, code) if code is not None else (stem, None)


def _code(name: str, codes: Sequence[str]) -> str | None:
    """The language code ``name`` is, as site.yaml spells it (``pt-br`` finds ``pt-BR``)."""
    folded = name.casefold()
    return next((code for code in codes if code.casefold() == folded), None)
