"""Progress bars for ``digest build`` on a terminal, drawn with tqdm.

DESIGN §5: "On a terminal a long build shows progress; in CI (not a TTY) it prints
a one-line summary." The pipeline's stages stay pure: they take an optional
:data:`Progress` and report through it, and this is the only module that knows
tqdm. The build verb asks for bars only when stderr is a terminal and ``-q`` is
off; anywhere else (``serve``, ``check``, a pipe, CI) there are none and tqdm is
not even imported, so the output is byte for byte what it was without them.

A bar goes to stderr, is redrawn at most ten times a second and is erased when
its step ends (``leave=False``), so the summary line and any ``path:line:
message`` lines print on a clean line after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from typing import Any, TextIO

Advance = Callable[[int], None]
"""Count ``n`` more items of the current step as done."""

Progress = Callable[[str, int], AbstractContextManager[Advance]]
"""Open a step from its label and its number of items; the step ends with the ``with``."""


def for_terminal(stream: TextIO | None) -> Progress | None:
    """Bars drawn on ``stream`` if it is a terminal; None (no progress at all) if not."""
    if stream is None or not stream.isatty():
        return None

    @contextmanager
    def step(label: str, total: int) -> Iterator[Advance]:
        with _bar_type()(total=total, desc=label, unit="file", leave=False, file=stream) as bar:

            def advance(n: int) -> None:
                bar.update(n)

            yield advance

    return step


@contextmanager
def silent(label: str, total: int) -> Iterator[Advance]:
    """The :data:`Progress` of a build nobody watches: every step, no output."""
    yield _ignore


def _ignore(n: int) -> None:
    pass


@cache
def _bar_type() -> type[Any]:
    """tqdm without its monitor thread, imported on first use: only a terminal pays for it.

    No thread, because the parallel loader forks its workers only from a process without
    threads (``parallel._context``); with one it starts them the slower way.
    """
    from tqdm import tqdm

    class Bar(tqdm):  # type: ignore[type-arg,misc]
        monitor_interval = 0

    return Bar
