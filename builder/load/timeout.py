"""A time budget for rendering one file, so crafted Markdown cannot hang a build.

Python-Markdown is quadratic on inputs such as ``'[' * 20000`` (tens of
seconds; its issues #798, #1619). Its code is pure Python, so a ``SIGALRM``
timer can interrupt it between bytecodes: cheap (two system calls a file) and
needing no worker process. Signals reach only the main thread, so elsewhere
(and on systems without ``setitimer``) the budget is not enforced.

nh3, the sanitizer, is Rust: a signal waits until it returns, however long that
takes. So it asks :func:`remaining` first and refuses a fragment it could not
sanitize in the time left (load/htmlwork.py estimates it).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from builder.errors import BudgetExceeded


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _expire(signum: int, frame: FrameType | None) -> None:
    raise BudgetExceeded


def remaining() -> float | None:
    """Seconds left of the budget the current code runs in; None where none runs (no
    budget set, another thread, no ``setitimer``)."""
    if (
        not hasattr(signal, "getitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return None
    if signal.getsignal(signal.SIGALRM) is not _expire:
        return None
    return signal.getitimer(signal.ITIMER_REAL)[0]
